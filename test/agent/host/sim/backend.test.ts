// The sim backend over a real state file shared with the emulated commands.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileSimBackend, memorySimBackend } from '../../../../agent/host/sim/backend.js';
import { withState, saveState } from '../../../../agent/host/sim/store.js';
import { runCommand } from '../../../../agent/host/sim/cmd/index.js';
import { newState } from '../../../../agent/host/sim/new-state.js';
import type { SimState } from '../../../../agent/host/sim/state.js';

const dir = mkdtempSync(join(tmpdir(), 'ngstudio-simbackend-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fileSimBackend', () => {
  it('observes changes made by emulated commands, and rereads nothing when the file is unchanged', async () => {
    const file = join(dir, 'a.json');
    await saveState(file, newState());
    let reads = 0;
    const backend = fileSimBackend(file, async (f) => {
      reads++;
      return withState(f, (s: SimState) => s);
    });
    const first = await backend.observe();
    expect(first.netgraph.nodes).toEqual([]);
    expect(await backend.observe()).toBe(first);
    expect(reads).toBe(1);
    await withState(file, (s) => runCommand(s, ['ngctl', 'mkpeer', 'eiface', 'ether', 'ether'], { env: {} }));
    const second = await backend.observe();
    expect(reads).toBe(2);
    expect(second.netgraph.nodes.map((n) => [n.name, n.type])).toEqual([['ngeth0', 'eiface']]);
    expect(second.interfaces.map((i) => i.name)).toContain('ngeth0');
  });

  it('reuses the snapshot when a rewrite keeps the generation', async () => {
    const file = join(dir, 'b.json');
    const state = newState();
    await saveState(file, state);
    const backend = fileSimBackend(file);
    const first = await backend.observe();
    await saveState(file, state);
    expect(await backend.observe()).toBe(first);
  });

  it('fails clearly, naming the file, when it is missing or corrupt, and recovers', async () => {
    const file = join(dir, 'c.json');
    const backend = fileSimBackend(file);
    await expect(backend.observe()).rejects.toThrow(`emulated host state file ${file}: does not exist`);
    writeFileSync(file, '{nope');
    await expect(backend.observe()).rejects.toThrow(file);
    unlinkSync(file);
    await saveState(file, newState());
    expect((await backend.observe()).host.backend).toBe('sim');
  });
});

describe('memorySimBackend', () => {
  it('converts again only when the generation moves', async () => {
    const backend = memorySimBackend(newState());
    const a = await backend.observe();
    expect(await backend.observe()).toBe(a);
    const r = await runCommand(backend.state, ['ifconfig', 'epair', 'create'], { env: {} });
    expect(r.code).toBe(0);
    const b = await backend.observe();
    expect(b).not.toBe(a);
    expect(b.interfaces.filter((i) => i.kind === 'epair').map((i) => [i.name, i.epairPeer])).toEqual([
      ['epair0a', 'epair0b'],
      ['epair0b', 'epair0a'],
    ]);
  });
});
