// The freebsd backend over the emulated commands: the same snapshot as the sim
// backend for the same state file, a constant number of processes per cycle,
// no jexec when nothing changed, the version facts it records, and what it
// reads beyond the graph: addresses, link state, counters, bridge tables.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
import { binDirWithNetstat } from '../../../../bench/support.js';
import { comparablePair, hasObservedFields, seedDemoStill } from './sim-compare.js';
import { fixture } from '../../../shared/parse/fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'ngstudio-fb-observe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function over(file: string, notes: string[] = []): FreebsdBackend {
  return freebsdBackend({ binDir: simBinDir(), env: { NGSTUDIO_SIM_STATE: file }, timeoutMs: 60_000, onNote: (n) => notes.push(n) });
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

/** Expects both backends to report the same host (see sim-compare.ts for the observed fields). */
function expectSame(freebsd: HostSnapshot, sim: HostSnapshot): void {
  const [a, b] = comparablePair(comparable(freebsd), comparable(sim));
  expect(a).toEqual(b);
}

describe('freebsd backend over the emulated commands', { timeout: 120_000 }, () => {
  const demo = join(dir, 'demo.json');

  it('observes the demo exactly as the sim backend does (all fields but the host facts)', async () => {
    await seedDemoStill(demo);
    const b = over(demo);
    // The freebsd backend first: its ngctl runs load ng_socket, as on FreeBSD; the sim reads the result.
    const fb = await b.observe();
    const sim = await fileSimBackend(demo).observe();
    expectSame(fb, sim);
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
    expectSame(fb, await fileSimBackend(demo).observe());
    expect(fb.jails.find((j) => j.name === 'test2')!.interfaces).toEqual(['lo0', 'vnet0']);
  });

  it('agrees on vxlan interfaces, running or not, and one in an if_bridge', async () => {
    const b = over(demo);
    const ip = await b.run(['ifconfig', 'em0', 'inet', '192.0.2.1/24']);
    expect(ip.code, ip.stderr).toBe(0);
    for (const argv of [
      ['ifconfig', 'vxlan', 'create', 'vxlanid', '42', 'vxlanlocal', '192.0.2.1', 'vxlanremote', '192.0.2.2', 'up'],
      ['ifconfig', 'vxlan', 'create', 'up'],
      ['ifconfig', 'em1bridge', 'addm', 'vxlan0'],
    ]) expect((await b.run(argv)).code, argv.join(' ')).toBe(0);
    const fb = await b.observe();
    expectSame(fb, await fileSimBackend(demo).observe());
    expect(fb.interfaces.find((i) => i.name === 'vxlan0')).toMatchObject({ kind: 'other', groups: ['vxlan'], mtu: 1450, linkUp: true, flags: expect.arrayContaining(['RUNNING', 'LOWER_UP']) });
    expect(fb.interfaces.find((i) => i.name === 'vxlan1')?.flags).not.toContain('RUNNING');
    expect(fb.interfaces.find((i) => i.name === 'em1bridge')?.members).toContain('vxlan0');
  });

  it('starts the same number of processes per cycle for 10, 100 and 1000 nodes with counters on, and no jexec when nothing changed', async () => {
    const rows = [];
    for (const n of [10, 100, 1000]) rows.push(await countCycle(n));
    for (const r of rows) {
      expect(r).toMatchObject({ first: rows[0]!.first, second: rows[0]!.second, firstJexec: 2, secondJexec: 0 });
    }
    // list -l, types, one ngctl batch (getifname, every bridge link's getstats, gettable), jls, ifconfig, kldstat,
    // netstat, list -l again (+ jexec ifconfig and jexec netstat per vnet jail when asked).
    expect(rows[0]!.second).toBe(8);
    // Counters off: no netstat, neither on the host nor in the jail.
    expect(await countCycle(10, { counters: false })).toMatchObject({ first: rows[0]!.first - 2, second: 7, firstJexec: 1, secondJexec: 0 });
  }, 300_000);

  it('reads addresses and link state from ifconfig, bridge link counters and tables from the one ngctl batch, interface counters from netstat', async () => {
    const file = join(dir, 'observed.json');
    await seedDemo(file);
    const notes: string[] = [];
    const b = over(file, notes);
    const s = await b.observe();
    expect(s.interfaces.find((i) => i.name === 'lo0' && i.jail === null)).toMatchObject({ inet: ['127.0.0.1/8'], inet6: ['::1/128', 'fe80::1/64'] });
    expect(s.interfaces.find((i) => i.name === 'ng_test1')).toMatchObject({ jail: 'test1', inet: ['10.0.0.1/24'], linkUp: true });
    expect(s.interfaces.find((i) => i.name === 'e0a_db')).toMatchObject({ linkUp: true });
    expect(s.interfaces.find((i) => i.name === 'em1bridge')?.linkUp).toBeUndefined();
    const br0 = s.netgraph.nodes.find((n) => n.name === 'br0')!;
    expect(br0.hooks.map((h) => h.hook).sort()).toEqual(['link0', 'link1', 'link2']);
    // Addressing the jails sent one gratuitous ARP each (42 bytes) into br0, on link1 and link2.
    const byHook = Object.fromEntries(br0.hooks.map((h) => [h.hook, h.counters]));
    expect(byHook.link1).toMatchObject({ inPackets: 1, inBytes: 42 });
    expect(byHook.link2).toMatchObject({ inPackets: 1, inBytes: 42 });
    expect(byHook.link0).toMatchObject({ inPackets: 0, inBytes: 0 });
    const macOf = (name: string): string | null | undefined => s.interfaces.find((i) => i.name === name)?.mac;
    expect(br0.table?.map((h) => [h.mac, h.hook])).toEqual(
      [[macOf('ng_test1'), 'link1'], [macOf('ng_test2'), 'link2']].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    expect(s.netgraph.nodes.find((n) => n.type === 'eiface')?.table).toBeUndefined();
    // Every interface of the host and of the vnet jails carries netstat's counters; nothing to note.
    expect(s.interfaces.filter((i) => i.counters === undefined)).toEqual([]);
    expect(s.interfaces.find((i) => i.name === 'ng_test2')?.counters).toMatchObject({ outPackets: 1, outBytes: 42 });
    expect(notes).toEqual([]);
    // A host without netstat: its interfaces carry no counters, and the log says why, once (the
    // emulated jexec runs its own netstat, so the jails' are still read).
    const bare = mkdtempSync(join(dir, 'no-netstat-'));
    for (const c of readdirSync(simBinDir()).filter((f) => !f.startsWith('.') && f !== 'netstat')) symlinkSync(join(simBinDir(), c), join(bare, c));
    const missing: string[] = [];
    const without = freebsdBackend({ binDir: bare, env: { NGSTUDIO_SIM_STATE: file }, timeoutMs: 60_000, onNote: (n) => missing.push(n) });
    expect((await without.observe()).interfaces.filter((i) => i.jail === null && i.counters !== undefined)).toEqual([]);
    await without.observe();
    expect(missing).toEqual(['Command not found: netstat -i -b -n --libxo json; interface counters left out']);
    // Counters off: the same host without counters or tables, and nothing about netstat.
    const quiet: string[] = [];
    const off = await freebsdBackend({ binDir: simBinDir(), env: { NGSTUDIO_SIM_STATE: file }, counters: false, onNote: (n) => quiet.push(n) }).observe();
    expect(hasObservedFields({ ...off, interfaces: off.interfaces.map(({ inet: _a, inet6: _b, linkUp: _c, ...i }) => i) })).toBe(false);
    expect(quiet).toEqual([]);
  });

  it('reads interface counters from netstat through real processes: one for the host, one jexec per vnet jail when the jails are asked', async () => {
    const file = join(dir, 'netstat.json');
    await seedDemo(file);
    // The host's netstat prints a captured host's counters; the jails' is the emulated one (jexec runs it).
    const bin = binDirWithNetstat(dir, simBinDir());
    const hostOut = join(dir, 'netstat-host.json');
    writeFileSync(hostOut, fixture('handmade/netstat-i-b-n-libxo.txt'));
    expect((await fileSimBackend(file).run(['jexec', 'test1', 'ping', '-c', '7', '10.0.0.2'])).code).toBe(0);
    const b = freebsdBackend({ binDir: bin, env: { NGSTUDIO_SIM_STATE: file, FAKE_NETSTAT: hostOut, PATH: `${bin}:${process.env.PATH}` }, timeoutMs: 60_000 });
    const s = await b.observe();
    expect(s.interfaces.find((i) => i.name === 'em0' && i.jail === null)?.counters).toEqual({ inPackets: 38929211, outPackets: 34549262, inBytes: 23741691373, outBytes: 9220089573, inDrops: 12, inErrors: 3, outErrors: 1 });
    expect(s.interfaces.find((i) => i.name === 'lo0' && i.jail === null)?.counters).toMatchObject({ inPackets: 2416, inBytes: 170544 });
    // test1's announcement, one ARP request and 7 echo requests out; test2's announcement, the ARP reply and 7 echo replies in.
    expect(s.interfaces.find((i) => i.name === 'ng_test1')).toMatchObject({ jail: 'test1', counters: { inPackets: 9, inBytes: 2 * 42 + 7 * 98, outPackets: 8, outBytes: 2 * 42 + 7 * 98, inDrops: 0, inErrors: 0, outErrors: 1 } });
    expect(s.interfaces.find((i) => i.name === 'lo0' && i.jail === 'web')?.counters).toMatchObject({ inPackets: 0 });
    // Interfaces netstat did not list (the fixture has no em1) carry none.
    expect(s.interfaces.find((i) => i.name === 'em1')?.counters).toBeUndefined();
    // The jails are not asked again when nothing changed: their counters stay, the host's follow netstat.
    const before = b.spawnStats();
    writeFileSync(hostOut, fixture('handmade/netstat-i-b-n-libxo.txt').replace('"received-packets":38929211', '"received-packets":38929214'));
    const again = await b.observe();
    const after = b.spawnStats();
    expect(after.byCommand.netstat! - (before.byCommand.netstat ?? 0)).toBe(1);
    expect((after.byCommand.jexec ?? 0) - (before.byCommand.jexec ?? 0)).toBe(0);
    expect(again.interfaces.find((i) => i.name === 'em0' && i.jail === null)?.counters?.inPackets).toBe(38929214);
    expect(again.interfaces.find((i) => i.name === 'ng_test1')?.counters?.inPackets).toBe(9);
  });

  it('asks again past a bridge link that went away between list -l and its getstats, and publishes no torn traffic', async () => {
    const file = join(dir, 'vanish.json');
    await seedDemoStill(file);
    const real = createExec({ binDir: simBinDir(), env: { NGSTUDIO_SIM_STATE: file }, timeoutMs: 60_000 });
    const batches: { stdin: string; code: number }[] = [];
    let struck = false;
    const exec: Exec = {
      check: (argv, o) => real.check(argv, o),
      stats: () => real.stats(),
      run: async (argv, o) => {
        if (argv[0] === 'ngctl' && o?.stdin?.includes('getstats') && !struck) {
          struck = true;
          const r = await real.run(['ngctl', 'rmhook', 'br0:', 'link1']);
          if (r.code !== 0) throw new Error(r.stderr);
        }
        const r = await real.run(argv, o);
        if (argv[0] === 'ngctl' && o?.stdin !== undefined) batches.push({ stdin: o.stdin, code: r.code });
        return r;
      },
    };
    const s = await observeFreebsd(exec, newObserveMemory(), {});
    expect(struck).toBe(true);
    // The first batch stopped at the gone link, the rest was asked again, and the changed graph redid the cycle.
    expect(batches.map((x) => x.code)).toEqual([71, 0, 0]);
    expect(batches[1]!.stdin.split('\n')[0]).not.toMatch(/getifname/);
    const br0 = s.netgraph.nodes.find((n) => n.name === 'br0')!;
    expect(br0.hooks.map((h) => h.hook).sort()).toEqual(['link0', 'link2']);
    for (const n of s.netgraph.nodes.filter((x) => x.type === 'bridge')) {
      for (const h of n.hooks) expect(h.counters, `${n.name}:${h.hook}`).toBeDefined();
      expect(n.table, n.name ?? n.id).toBeDefined();
    }
    // link1's host went with it; test2's (link2) stays.
    expect(br0.table?.map((h) => h.hook)).toEqual(['link2']);
    expectSame(s, await fileSimBackend(file).observe());
  });

  it('does not publish a torn read: a node made between its commands is seen with its interface, in one snapshot', async () => {
    const file = join(dir, 'torn.json');
    await seedDemoStill(file);
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
    expectSame(s, await fileSimBackend(file).observe());
  });

  it('records 12.x facts: list -l blocks back to back, ng_bridge link0..31, no ng_ether', async () => {
    const file = join(dir, 'r12.json');
    await withState(file, (s) => void Object.assign(s, newState({ release: '12.2-RELEASE' })));
    const b = over(file);
    expect((await b.run(['ngctl', 'mkpeer', 'eiface', 'ether', 'ether'])).code).toBe(0);
    const s = await b.observe();
    expect(s.host.facts).toEqual({ listLayout: 'back-to-back', jlsVersion: '2', ngEther: false, bridgeHooks: 'link0-31' });
    expectSame(s, await fileSimBackend(file).observe());
  });

  it('fails an observation clearly when a command fails, naming the command and its stderr', async () => {
    const b = freebsdBackend({ binDir: simBinDir(), env: { NGSTUDIO_SIM_STATE: join(dir, 'nodir', 'x.json') } });
    const e = await b.observe().then(() => null, (x: unknown) => x as Error);
    expect(e).toBeInstanceOf(Error);
    expect(e!.message).toMatch(/^Command failed with exit code 1: /);
  });
});
