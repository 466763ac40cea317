// The emulated kernel's devctl events and the emulated devd serving them:
// which interface changes queue which `!system=IFNET …` line (sys/net/if.c's
// devctl_notify calls), that nothing queues without a devd, and that the
// emulated devd hands events made by a real emulated command to its clients
// and holds /dev/devctl exclusively.
import { afterAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { host } from './helpers.js';
import { DEVCTL_QUEUE_MAX, devctlNotify } from '../../../../agent/host/sim/devctl.js';
import { startSimDevd } from '../../../../agent/host/sim/devd.js';
import { loadState, saveState, withState } from '../../../../agent/host/sim/store.js';
import { newState } from '../../../../agent/host/sim/new-state.js';
import { simBinDir } from '../../../../agent/host/sim/bin-dir.js';

const dir = mkdtempSync(join(tmpdir(), 'ngstudio-simdevd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('devctl events of the emulated kernel', () => {
  it('queues ATTACH/DETACH in the host vnet, RENAME, and eiface link changes; nothing for administrative up', async () => {
    const h = host();
    h.state.devctl = { pid: 1, queue: [] };
    const after = async (cmd: string): Promise<string[]> => {
      await h.ok(cmd);
      return h.state.devctl!.queue.splice(0);
    };
    expect(await after('ifconfig epair create')).toEqual(['!system=IFNET subsystem=epair0a type=ATTACH', '!system=IFNET subsystem=epair0b type=ATTACH']);
    expect(await after('ifconfig epair0a name uplink')).toEqual(['!system=IFNET subsystem=epair0a type=RENAME name=uplink']);
    expect(await after('ifconfig epair0b up')).toEqual([]);
    // Into a vnet jail: it leaves the host (DETACH); the jail's own lo0 attaches in the jail's vnet (no event).
    expect(await after('jail -c name=j path=/ vnet persist vnet.interface=epair0b')).toEqual(['!system=IFNET subsystem=epair0b type=DETACH']);
    expect(await after('jail -r j')).toEqual(['!system=IFNET subsystem=epair0b type=ATTACH']);
    // ngctl's socket node goes when ngctl exits, cutting the eiface's ether hook: its link goes down again.
    expect(await after('ngctl mkpeer . eiface e ether')).toEqual([
      '!system=IFNET subsystem=ngeth0 type=ATTACH',
      '!system=IFNET subsystem=ngeth0 type=LINK_UP',
      '!system=IFNET subsystem=ngeth0 type=LINK_DOWN',
    ]);
    expect((await after('ifconfig uplink destroy')).sort()).toEqual(['!system=IFNET subsystem=epair0b type=DETACH', '!system=IFNET subsystem=uplink type=DETACH']);
  });

  it('queues nothing while no devd holds /dev/devctl, and keeps only the newest events when full', async () => {
    const h = host();
    await h.ok('ifconfig epair create');
    expect(h.state.devctl).toBeUndefined();
    const s = newState();
    s.devctl = { pid: 1, queue: [] };
    for (let i = 0; i < DEVCTL_QUEUE_MAX + 5; i++) devctlNotify(s, 'IFNET', `e${i}`, 'ATTACH');
    expect(s.devctl.queue).toHaveLength(DEVCTL_QUEUE_MAX);
    expect(s.devctl.queue[0]).toBe('!system=IFNET subsystem=e5 type=ATTACH');
  });
});

describe('the emulated devd', () => {
  it('serves the events of a real emulated command to its clients, one per line, and closes /dev/devctl on close', async () => {
    const state = join(dir, 'serve.json');
    await saveState(state, newState());
    const socket = join(dir, 'serve.pipe');
    const devd = await startSimDevd({ stateFile: state, socket });
    expect((await loadState(state))?.devctl).toEqual({ pid: process.pid, queue: [] });
    const c = createConnection(socket);
    c.setEncoding('utf8');
    let got = '';
    c.on('data', (d: string) => (got += d));
    await new Promise((r) => c.once('connect', r));
    await expect.poll(() => devd.clients()).toBe(1);
    await new Promise<void>((resolve, reject) =>
      execFile(join(simBinDir(), 'ifconfig'), ['bridge', 'create'], { env: { ...process.env, NGSTUDIO_SIM_STATE: state } }, (e) => (e ? reject(e) : resolve())),
    );
    await expect.poll(() => got, { timeout: 10_000 }).toBe('!system=IFNET subsystem=bridge0 type=ATTACH\n');
    // Delivered events leave the queue.
    expect((await loadState(state))?.devctl?.queue).toEqual([]);
    c.destroy();
    await devd.close();
    expect(existsSync(socket)).toBe(false);
    expect((await loadState(state))?.devctl).toBeUndefined();
  });

  it('refuses /dev/devctl held by another live devd, and takes over (with its queued events) from a dead one', async () => {
    const state = join(dir, 'busy.json');
    const s = newState();
    s.devctl = { pid: process.ppid, queue: [] };
    await saveState(state, s);
    await expect(startSimDevd({ stateFile: state, socket: join(dir, 'busy.pipe') })).rejects.toThrow(
      `Can't open devctl device /dev/devctl: Device busy (the emulated devd of pid ${process.ppid} has it open)`,
    );

    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    await withState(state, (st) => {
      st.devctl = { pid: gone, queue: ['!system=IFNET subsystem=em0 type=LINK_DOWN'] };
      st.generation++;
    });
    const socket = join(dir, 'takeover.pipe');
    const devd = await startSimDevd({ stateFile: state, socket });
    // The dead devd's queued event is read at once (with no client yet, nobody gets it, as with devd).
    await expect.poll(async () => (await loadState(state))?.devctl, { timeout: 10_000 }).toEqual({ pid: process.pid, queue: [] });
    const c = createConnection(socket);
    c.setEncoding('utf8');
    let got = '';
    c.on('data', (d: string) => (got += d));
    await new Promise((r) => c.once('connect', r));
    await expect.poll(() => devd.clients()).toBe(1);
    await withState(state, (st) => {
      devctlNotify(st, 'IFNET', 'em0', 'LINK_UP');
      st.generation++;
    });
    await expect.poll(() => got, { timeout: 10_000 }).toBe('!system=IFNET subsystem=em0 type=LINK_UP\n');
    c.destroy();
    await devd.close();
  });
});
