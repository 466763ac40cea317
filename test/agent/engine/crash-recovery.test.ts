// A crash in the middle of an apply must not lose ownership: an apply of a
// bridge, 30 eifaces and 30 vnet jails is killed with SIGKILL after 9 jails;
// the next ngstudio that opens the data folder owns what it made, reports it,
// and an empty design then removes everything. Real processes throughout.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostSnapshot } from '../../../shared/model/snapshot.js';
import { applyKilledMidway, bridgeWithJails, cli } from './crash-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ngstudio-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const design = join(dir, 'lab.json');
const empty = join(dir, 'empty.json');
writeFileSync(design, JSON.stringify(bridgeWithJails(30)));
writeFileSync(empty, JSON.stringify({ format: 1, nodes: [], links: [], epairs: [], bridges: [], jails: [] }));

/** What a host holds, ignoring ngctl's own socket nodes and the version counter. */
async function objects(state: string): Promise<{ nodes: string[]; interfaces: string[]; jails: string[] }> {
  const r = await cli(['snapshot', '--format', 'json', '--sim-state', state]);
  expect(r.code, r.stderr).toBe(0);
  const s = JSON.parse(r.stdout) as HostSnapshot;
  return {
    nodes: s.netgraph.nodes.filter((n) => n.type !== 'socket').map((n) => `${n.name ?? `[${n.id}]`}:${n.type}`),
    interfaces: s.interfaces.map((i) => `${i.jail ?? ''}/${i.name}`),
    jails: s.jails.map((j) => j.name),
  };
}

const journals = (data: string): string[] => (existsSync(join(data, 'journal')) ? readdirSync(join(data, 'journal')) : []);

describe('an apply killed with SIGKILL half-way', () => {
  it('leaves nothing behind after the same design is applied again and then an empty one', async () => {
    const state = join(dir, 'a.json');
    const data = join(dir, 'a-data');
    await cli(['sim', '--state', state, 'kldstat']);
    const before = await objects(state);
    await applyKilledMidway({ designFile: design, state, data, killAfter: 9 });
    // The apply died: its journal is still there, and so are the 9 jails and the 31 nodes.
    expect(journals(data)).toHaveLength(1);
    const mid = await objects(state);
    expect(mid.jails.length).toBeGreaterThanOrEqual(9);
    expect(mid.nodes.length).toBe(31);

    const again = await cli(['apply', design, '--yes', '--sim-state', state, '--data-dir', data]);
    expect(again.code, again.stderr).toBe(0);
    // The CLI says what happened and that ngstudio now owns what the dead apply made.
    expect(again.stderr).toMatch(/an apply was interrupted: ngstudio apply \(pid \d+\), started .*, \d+ of \d+ steps recorded as done/);
    expect(again.stderr).toMatch(/ngstudio now owns what it made: .*jail j1\b/);
    expect(again.stderr).toContain('node br0');
    expect((await objects(state)).jails).toHaveLength(30);
    // A successful apply closes the adopted journal; its own journal is removed at its end.
    expect(journals(data)).toEqual([]);

    const teardown = await cli(['apply', empty, '--yes', '--sim-state', state, '--data-dir', data]);
    expect(teardown.code, teardown.stderr).toBe(0);
    expect(await objects(state)).toEqual(before);
    expect((await cli(['recover', '--sim-state', state, '--data-dir', data])).stdout).toContain('No interrupted apply');
  });

  it('recover lists it, --undo returns the host to how it was before the apply', async () => {
    const state = join(dir, 'b.json');
    const data = join(dir, 'b-data');
    await cli(['sim', '--state', state, 'kldstat']);
    const before = await objects(state);
    await applyKilledMidway({ designFile: design, state, data, killAfter: 5 });
    const list = await cli(['recover', '--json', '--sim-state', state, '--data-dir', data]);
    expect(list.code, list.stderr).toBe(0);
    const found = (JSON.parse(list.stdout) as { interrupted: { owned: { kind: string; name: string }[]; of: number; completed: number }[] }).interrupted;
    expect(found).toHaveLength(1);
    expect(found[0]!.owned).toContainEqual({ kind: 'jail', name: 'j5' });
    expect(found[0]!.owned).toContainEqual({ kind: 'node', name: 'br0' });
    expect(found[0]!.completed).toBeLessThan(found[0]!.of);
    // Listing twice adopts once: the same list.
    expect(JSON.parse((await cli(['recover', '--json', '--sim-state', state, '--data-dir', data])).stdout).interrupted).toEqual(found);

    const undo = await cli(['recover', '--undo', '--sim-state', state, '--data-dir', data]);
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.stdout).toMatch(/Undid the interrupted apply apply-/);
    expect(await objects(state)).toEqual(before);
    expect(journals(data)).toEqual([]);
  });

  it('recover --finish completes the interrupted design', async () => {
    const state = join(dir, 'c.json');
    const data = join(dir, 'c-data');
    await applyKilledMidway({ designFile: design, state, data, killAfter: 3 });
    const fin = await cli(['recover', '--finish', '--sim-state', state, '--data-dir', data]);
    expect(fin.code, fin.stderr).toBe(0);
    expect(fin.stderr).toMatch(/an apply was interrupted/);
    expect((await objects(state)).jails).toHaveLength(30);
    expect((await cli(['plan', design, '--sim-state', state, '--data-dir', data])).stdout.trim()).toBe('Nothing to do: the host already matches the design.');
    expect(journals(data)).toEqual([]);
  });

  it('recover without an interrupted apply: --finish is bad usage naming why', async () => {
    const state = join(dir, 'd.json');
    const data = join(dir, 'd-data');
    const r = await cli(['recover', '--finish', '--sim-state', state, '--data-dir', data]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('there is no interrupted apply to recover');
    expect((await cli(['recover', '--finish', '--undo', '--sim-state', state])).code).toBe(2);
  });
});
