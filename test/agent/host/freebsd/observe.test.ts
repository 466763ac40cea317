// The freebsd backend over the emulated commands: the same snapshot as the sim
// backend for the same state file, a constant number of processes per cycle,
// no jexec when nothing changed, and the version facts it records.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freebsdBackend, type FreebsdBackend } from '../../../../agent/host/freebsd/backend.js';
import { createExec, type Exec } from '../../../../agent/host/freebsd/exec.js';
import { newObserveMemory, observeFreebsd } from '../../../../agent/host/freebsd/observe.js';
import { fileSimBackend } from '../../../../agent/host/sim/backend.js';
import { simBinDir } from '../../../../agent/host/sim/bin-dir.js';
import { seedDemo } from '../../../../agent/host/sim/demo.js';
import { newState } from '../../../../agent/host/sim/new-state.js';
import { withState } from '../../../../agent/host/sim/store.js';
import type { HostSnapshot } from '../../../../shared/model/snapshot.js';
import { countCycle } from '../../../../bench/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'ngstudio-fb-observe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function over(file: string): FreebsdBackend {
  return freebsdBackend({ binDir: simBinDir(), env: { NGSTUDIO_SIM_STATE: file }, timeoutMs: 60_000 });
}

/**
 * The fields only one side can know, left out of the comparison:
 * - host.hostname: FreeBSD has no hostname in any command the backend runs; it takes the
 *   machine's hostname(3), which here is Linux's, while the sim reads its state file;
 * - host.release: uname's release on FreeBSD, unknown on the emulated commands;
 * - host.backend / host.emulated: what each backend is, by definition;
 * - host.facts: read from command output by the freebsd backend only.
 * Everything else (modules, nodes, hooks, types, interfaces, jails) must be identical.
 */
const comparable = (s: HostSnapshot): Omit<HostSnapshot, 'host'> => {
  const { host: _host, ...rest } = s;
  return rest;
};

describe('freebsd backend over the emulated commands', { timeout: 120_000 }, () => {
  const demo = join(dir, 'demo.json');

  it('observes the demo exactly as the sim backend does (all fields but the host facts)', async () => {
    await seedDemo(demo);
    const b = over(demo);
    // The freebsd backend first: its ngctl runs load ng_socket, as on FreeBSD; the sim reads the result.
    const fb = await b.observe();
    const sim = await fileSimBackend(demo).observe();
    expect(comparable(fb)).toEqual(comparable(sim));
    expect(fb.host).toMatchObject({ backend: 'freebsd', emulated: false, facts: { listLayout: 'blank-lines', jlsVersion: '2', ngEther: true, bridgeHooks: 'linkN-uplinkN' } });
    // Spot checks that the comparison is not vacuous.
    expect(fb.interfaces.find((i) => i.name === 'ng_test1')).toMatchObject({ kind: 'eiface', jail: 'test1', ngNode: expect.any(String) });
    expect(fb.interfaces.find((i) => i.name === 'e0a_db')).toMatchObject({ kind: 'epair', epairPeer: 'e0b_db' });
    expect(fb.jails.find((j) => j.name === 'web')).toMatchObject({ vnet: true, persist: true, interfaces: ['lo0', 'ng0_web'] });
  });

  it('follows a change: after a new link and a renamed interface both backends agree again', async () => {
    const b = over(demo);
    await b.observe();
    expect((await b.run(['ngctl', 'mkpeer', 'br0:', 'eiface', 'link3', 'ether'])).code).toBe(0);
    expect((await b.run(['jexec', 'test2', 'ifconfig', 'ng_test2', 'name', 'vnet0'])).code).toBe(0);
    const fb = await b.observe();
    expect(comparable(fb)).toEqual(comparable(await fileSimBackend(demo).observe()));
    expect(fb.jails.find((j) => j.name === 'test2')!.interfaces).toEqual(['lo0', 'vnet0']);
  });

  it('starts the same number of processes per cycle for 10, 100 and 1000 nodes, and no jexec when nothing changed', async () => {
    const rows = [];
    for (const n of [10, 100, 1000]) rows.push(await countCycle(n));
    for (const r of rows) {
      expect(r).toMatchObject({ first: rows[0]!.first, second: rows[0]!.second, firstJexec: 1, secondJexec: 0 });
    }
    // list -l, types, getifname batch, jls, ifconfig, kldstat, list -l again (+ one jexec per vnet jail when asked).
    expect(rows[0]!.second).toBe(7);
  }, 240_000);

  it('does not publish a torn read: a node made between its commands is seen with its interface, in one snapshot', async () => {
    const file = join(dir, 'torn.json');
    await seedDemo(file);
    const real = createExec({ binDir: simBinDir(), env: { NGSTUDIO_SIM_STATE: file }, timeoutMs: 60_000 });
    // The first ifconfig of the cycle waits until list -l has answered, then someone makes an eiface, then ifconfig runs.
    let listed: Promise<string> | null = null;
    let struck = false;
    const exec: Exec = {
      run: (argv, o) => real.run(argv, o),
      stats: () => real.stats(),
      check: async (argv, o) => {
        if (argv[0] === 'ngctl' && argv.includes('list') && listed === null) return (listed = real.check(argv, o));
        if (argv[0] === 'ifconfig' && argv.length === 1 && !struck && listed !== null) {
          struck = true;
          await listed;
          const r = await real.run(['ngctl', 'mkpeer', 'br0:', 'eiface', 'link7', 'ether']);
          if (r.code !== 0) throw new Error(r.stderr);
        }
        return real.check(argv, o);
      },
    };
    const s = await observeFreebsd(exec, newObserveMemory(), {});
    expect(struck).toBe(true);
    const br0 = s.netgraph.nodes.find((n) => n.name === 'br0');
    const node = s.netgraph.nodes.find((n) => n.type === 'eiface' && n.hooks.some((h) => h.peerId === br0?.id && h.peerHook === 'link7'));
    expect(node, 'the new eiface node').toBeDefined();
    const iface = s.interfaces.find((i) => i.ngNode === node?.id);
    expect(iface, 'its interface, bound to it').toMatchObject({ kind: 'eiface', jail: null });
    // And exactly as the sim reads the same state afterwards.
    expect(comparable(s)).toEqual(comparable(await fileSimBackend(file).observe()));
  });

  it('records 12.x facts: list -l blocks back to back, ng_bridge link0..31, no ng_ether', async () => {
    const file = join(dir, 'r12.json');
    await withState(file, (s) => void Object.assign(s, newState({ release: '12.2-RELEASE' })));
    const b = over(file);
    expect((await b.run(['ngctl', 'mkpeer', 'eiface', 'ether', 'ether'])).code).toBe(0);
    const s = await b.observe();
    expect(s.host.facts).toEqual({ listLayout: 'back-to-back', jlsVersion: '2', ngEther: false, bridgeHooks: 'link0-31' });
    expect(comparable(s)).toEqual(comparable(await fileSimBackend(file).observe()));
  });

  it('fails an observation clearly when a command fails, naming the command and its stderr', async () => {
    const b = freebsdBackend({ binDir: simBinDir(), env: { NGSTUDIO_SIM_STATE: join(dir, 'nodir', 'x.json') } });
    const e = await b.observe().then(() => null, (x: unknown) => x as Error);
    expect(e).toBeInstanceOf(Error);
    expect(e!.message).toMatch(/^Command failed with exit code 1: /);
  });
});
