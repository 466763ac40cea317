// Acceptance: the facts §1.6 worked example, byte for byte.
import { describe, expect, it } from 'vitest';
import { newState } from '../../../../../agent/host/sim/new-state.js';
import type { SimState } from '../../../../../agent/host/sim/state.js';
import { fixture, ng } from './ngctl-helpers.js';

/** The §1.6 command sequence on a fresh host; sockets get IDs 1, 3, 5, 6. */
async function built(): Promise<SimState> {
  const s = newState();
  for (const argv of [
    ['mkpeer', 'eiface', 'ether', 'ether'],
    ['mkpeer', 'ngeth0:', 'bridge', 'ether', 'link0'],
    ['name', 'ngeth0:ether', 'br0'],
    ['mkpeer', 'br0:', 'eiface', 'link1', 'ether'],
  ]) {
    const r = await ng(s, argv);
    expect(r, argv.join(' ')).toEqual({ stdout: '', stderr: '', code: 0 });
  }
  return s;
}

describe('facts §1.6: 2 eiface + 1 bridge', () => {
  it.each([
    ['list', ['list'], 'facts-1.6-list.txt'],
    ['show br0:', ['show', 'br0:'], 'facts-1.6-show-br0.txt'],
    ['list -l', ['list', '-l'], 'facts-1.6-list-l.txt'],
    ['dot', ['dot'], 'facts-1.6-dot.txt'],
    ['types', ['types'], 'facts-1.6-types.txt'],
  ])('ngctl %s', async (_n, argv, file) => {
    const s = await built();
    const r = await ng(s, argv, { pid: 1234 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(fixture(`handmade/${file}`));
  });

  it('ngctl msg ngeth1: getifname (sender is the eiface, [7]:)', async () => {
    const s = await built();
    // The list in the worked example burned ID 8; the msg run's socket is 8 here, which does not matter.
    const r = await ng(s, ['msg', 'ngeth1:', 'getifname'], { pid: 1234 });
    expect(r).toEqual({ stdout: fixture('handmade/facts-1.6-msg-getifname.txt'), stderr: '', code: 0 });
  });

  it('leaves the socket nodes gone and the IDs burned', async () => {
    const s = await built();
    const g = s.vnets['0']!;
    expect(g.nodes.map((n) => [n.id, n.name, n.type])).toEqual([
      [2, 'ngeth0', 'eiface'],
      [4, 'br0', 'bridge'],
      [7, 'ngeth1', 'eiface'],
    ]);
    expect(g.nextNodeId).toBe(8);
    expect(s.ifnets.filter((i) => i.kind === 'eiface').map((i) => [i.name, i.ngNode, i.linkUp])).toEqual([
      ['ngeth0', 2, true],
      ['ngeth1', 7, true],
    ]);
  });
});
