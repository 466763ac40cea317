// The emulated host's reboot: NICs stay (permanent MACs, driver names, down),
// hostname and release stay; netgraph, cloned interfaces, jails and kldloaded
// modules are gone, node IDs and if_index start again; `reboot` as an emulated
// command (options, inside a jail) and through a state file; a process started
// in a jail does not outlive the reboot.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { seedDemo } from '../../../../agent/host/sim/demo.js';
import { newState } from '../../../../agent/host/sim/new-state.js';
import { reboot } from '../../../../agent/host/sim/reboot.js';
import { fileSimBackend } from '../../../../agent/host/sim/backend.js';
import { loadState } from '../../../../agent/host/sim/store.js';
import { groupAlive } from '../../../../agent/host/sim/jails.js';
import { simSnapshot } from '../../../../agent/host/sim/snapshot.js';
import { host } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const BIN = join(ROOT, 'bin/ngstudio.mjs');
const EM1 = { name: 'em1', mac: '00:0c:29:4f:8e:3f' };
const EM0 = { name: 'em0', mac: '00:0c:29:4f:8e:35' };

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

function sim(state: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'sim', '--state', state, ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('reboot of the emulated host', () => {
  it('keeps the NICs (down, permanent MAC, driver name), hostname and release; nothing else survives', async () => {
    const h = host({ nics: [EM0, EM1], hostname: 'lab-host', release: '13.4-RELEASE' });
    await seedDemo(h.state);
    // A NIC renamed and given another MAC, and one moved into a jail.
    await h.ok('ifconfig em0 ether 02:00:00:00:00:99');
    await h.ok('ifconfig em0 name lan0');
    await h.ok('jail -c name=nicjail path=/ vnet persist vnet.interface=em1bridge');
    const before = simSnapshot(h.state);
    expect(before.netgraph.nodes.length).toBeGreaterThan(5);
    expect(before.jails.length).toBe(5);
    const gen = h.state.generation;

    const bootedBefore = Date.now();
    expect(await h.sh('reboot')).toEqual({ stdout: '', stderr: '', code: 0 });

    const after = simSnapshot(h.state);
    expect(after.host).toMatchObject({ hostname: 'lab-host', release: '13.4-RELEASE' });
    expect(after.netgraph).toEqual({ nodes: [], types: [] });
    expect(after.jails).toEqual([]);
    expect(after.modules).toEqual(['kernel']);
    expect(after.interfaces.map((i) => [i.name, i.kind, i.mac, i.up, i.jail])).toEqual([
      ['em0', 'ether', EM0.mac, false, null],
      ['em1', 'ether', EM1.mac, false, null],
      ['lo0', 'loopback', null, true, null],
    ]);
    expect(h.state.modules).toEqual([{ id: 1, name: 'kernel' }]);
    expect(h.state.generation).toBeGreaterThan(gen);
    // The same as a host that was just switched on with these NICs, down.
    const fresh = newState({ nics: [EM0, EM1], hostname: 'lab-host', release: '13.4-RELEASE' });
    for (const i of fresh.ifnets) if (i.kind === 'ether') i.up = false;
    // Uptime starts again: the clock was set at the reboot, with no simulated time on it.
    expect(h.state.clock).toEqual({ boot: expect.any(Number), skew: 0 });
    expect(h.state.clock!.boot).toBeGreaterThanOrEqual(bootedBefore);
    const clock = { boot: 0, skew: 0 };
    expect({ ...h.state, generation: 0, nextPid: 0, clock }).toEqual({ ...fresh, generation: 0, nextPid: 0, clock });
    // kldstat shows the kernel alone; netgraph IDs start at 1 again (the first ngctl's socket node takes 1).
    expect((await h.ok('kldstat')).trim().split('\n')).toHaveLength(2);
    await h.ok('ngctl mkpeer eiface ether ether');
    expect(await h.ok('ngctl list')).toContain('Name: ngeth0          Type: eiface          ID: 00000002   Num hooks: 0');
    expect((await h.ok('ifconfig -l')).trim()).toBe('em0 em1 lo0 ngeth0');
  });

  it('takes reboot(8)\'s options, refuses what it cannot do, and cannot be run inside a jail', async () => {
    const h = host();
    await h.ok('jail -c name=j path=/ persist');
    expect(await h.sh('reboot -x')).toEqual({ stdout: '', stderr: 'reboot: illegal option -- x\nusage: reboot [-cdlNnpqr] [-k kernel]\n', code: 1 });
    expect(await h.sh('reboot now')).toEqual({ stdout: '', stderr: 'usage: reboot [-cdlNnpqr] [-k kernel]\n', code: 1 });
    expect(await h.sh('reboot -k')).toMatchObject({ stderr: 'reboot: option requires an argument -- k\nusage: reboot [-cdlNnpqr] [-k kernel]\n', code: 1 });
    expect(await h.sh('reboot -p')).toMatchObject({ stderr: expect.stringMatching(/reboot -p is not emulated/), code: 2 });
    expect(await h.sh('reboot -k kernel.old')).toMatchObject({ stderr: expect.stringMatching(/reboot -k is not emulated/), code: 2 });
    expect(await h.sh('reboot -nN')).toEqual({ stdout: '', stderr: 'reboot: -N cannot be used with -n\n', code: 1 });
    expect(await h.sh('reboot', 1)).toEqual({ stdout: '', stderr: 'reboot: SIGTSTP init: No such process\n', code: 1 });
    expect(await h.sh('reboot -q', 1)).toEqual({ stdout: '', stderr: 'reboot: Operation not permitted\n', code: 1 });
    expect(h.state.jails.map((j) => j.name)).toEqual(['j']);
    expect(await h.sh('reboot -lq')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(h.state.jails).toEqual([]);
  });

  it('works through a state file (`ngstudio sim reboot`), seen by an observer, and kills what ran in a jail', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ngstudio-reboot-'));
    const state = join(dir, 'state.json');
    writeFileSync(state, JSON.stringify(newState()));
    const backend = fileSimBackend(state);
    expect((await sim(state, ['ifconfig', 'epair', 'create'])).stdout).toBe('epair0a\n');
    expect((await sim(state, ['ngctl', 'mkpeer', 'eiface', 'ether', 'ether'])).code).toBe(0);
    const r = await sim(state, ['jail', '-c', 'name=d1', 'path=/', 'vnet', "exec.start=/bin/sh -c 'sleep 120 &'", 'vnet.interface=epair0b']);
    expect(r.code, r.stderr).toBe(0);
    const pgids = (await loadState(state))!.jails[0]!.procs ?? [];
    expect(pgids.length).toBe(1);
    expect(groupAlive(pgids[0]!)).toBe(true);
    const seen = await backend.observe();
    expect(seen.jails.map((j) => j.name)).toEqual(['d1']);

    expect(await sim(state, ['reboot'])).toEqual({ code: 0, stdout: '', stderr: '' });

    expect(groupAlive(pgids[0]!)).toBe(false);
    const after = await backend.observe();
    expect(after.jails).toEqual([]);
    expect(after.netgraph.nodes).toEqual([]);
    expect(after.interfaces.map((i) => i.name)).toEqual(['em0', 'lo0']);
    // Down: no UP among ifconfig's flags.
    expect((await sim(state, ['ifconfig', 'em0'])).stdout).toMatch(/^em0: flags=[0-9a-f]+<BROADCAST,SIMPLEX,MULTICAST[,>]/);
  });

  it('reboot() on a host with nothing but its NICs changes only their state to down', () => {
    const s = newState();
    reboot(s);
    expect(s.ifnets.map((i) => [i.name, i.up])).toEqual([['em0', false], ['lo0', true]]);
  });

  it('forgets addresses and simulated time; a frozen clock (a test’s) stays frozen, back at 0', async () => {
    const h = host({ frozenClock: true });
    await h.ok('ifconfig em0 inet 192.0.2.1/24');
    await h.sh('ping -c 2 192.0.2.9');
    expect(h.state.clock!.skew).toBeGreaterThan(0);
    reboot(h.state);
    expect(h.state.clock).toEqual({ boot: 0, skew: 0, frozen: true });
    expect(await h.ok('ifconfig em0')).not.toContain('inet ');
    expect(await h.ok('ifconfig lo0')).toContain('\tinet 127.0.0.1 netmask 0xff000000\n');
  });
});
