// The host contract: one behavioural suite every HostBackend must pass (the
// sim backend, the freebsd backend over the emulated commands, and the freebsd
// backend on a real FreeBSD host), in the style of unstorage's testDriver.
// Everything it creates is named ngst_* so it can run on a real host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostCommandError, isHostCommandError, type HostBackend, type HostRunResult } from '../../agent/host/backend.js';
import type { HostSnapshot, Interface } from '../../shared/model/snapshot.js';

/** A backend able to run commands, plus how to dispose of it. */
export interface ContractHost {
  backend: HostBackend & { run(argv: string[], opts?: { stdin?: string }): Promise<HostRunResult> };
  /** True when the host starts empty (no netgraph nodes, no jails), as emulated hosts do. */
  fresh: boolean;
  cleanup(): Promise<void>;
}

export interface ContractOptions {
  /** A reason to skip the whole suite (printed), or null to run it. */
  skip?: string | null;
}

/** Runs a command and turns a non-zero exit into a HostCommandError, as the apply engine does. */
export async function checked(h: ContractHost, argv: string[], stdin?: string): Promise<string> {
  const r = await h.backend.run(argv, stdin === undefined ? {} : { stdin });
  if (r.code !== 0) throw hostCommandError({ command: argv, exitCode: r.code, stderr: r.stderr });
  return r.stdout;
}

/** Retries an observation until `ok` holds: on a real host a vnet's teardown returns interfaces asynchronously. */
async function observeUntil(h: ContractHost, ok: (s: HostSnapshot) => boolean, tries = 20): Promise<HostSnapshot> {
  let s = await h.backend.observe();
  for (let i = 1; i < tries && !ok(s); i++) {
    await new Promise((r) => setTimeout(r, 250));
    s = await h.backend.observe();
  }
  return s;
}

/** Makes an eiface node named `name` with an interface of the same name (jng's convention); returns nothing. */
async function makeEiface(h: ContractHost, name: string): Promise<void> {
  await checked(h, ['ngctl', '-f', '-'], `mkpeer . eiface ${name} ether\nname .:${name} ${name}\n`);
  const out = await checked(h, ['ngctl', 'msg', `${name}:`, 'getifname']);
  const ifname = /Args:\s+"([^"]+)"/.exec(out)?.[1];
  expect(ifname, `getifname of ${name}: ${out}`).toMatch(/^ngeth\d+$/);
  await checked(h, ['ifconfig', ifname!, 'name', name]);
}

const ours = (s: HostSnapshot) => ({
  nodes: s.netgraph.nodes.filter((n) => n.name?.startsWith('ngst_')),
  ifs: s.interfaces.filter((i) => i.name.startsWith('ngst_')),
  jails: s.jails.filter((j) => j.name.startsWith('ngst_')),
});

const find = (s: HostSnapshot, name: string): Interface | undefined => s.interfaces.find((i) => i.name === name);

/** Removes whatever an earlier (failed) run left behind; errors are expected and ignored. */
async function sweep(h: ContractHost): Promise<void> {
  for (const j of ['ngst_j1', 'ngst_j2', 'ngst_lc']) await h.backend.run(['jail', '-r', j]);
  for (const n of ['ngst_e1', 'ngst_e2', 'ngst_h', 'ngst_lc', 'ngst_br', 'ngst_pp', 'ngst_p1', 'ngst_p2']) await h.backend.run(['ngctl', 'shutdown', `${n}:`]);
}

/** Checks the invariants every snapshot has: symmetric links, known jails, no socket of the observer. */
function wellFormed(s: HostSnapshot): void {
  const byId = new Map(s.netgraph.nodes.map((n) => [n.id, n]));
  for (const n of s.netgraph.nodes) {
    for (const hk of n.hooks) {
      const peer = byId.get(hk.peerId);
      expect(peer, `peer [${hk.peerId}] of ${n.id}:${hk.hook}`).toBeDefined();
      expect(peer!.hooks.map((x) => ({ hook: x.hook, peerId: x.peerId, peerHook: x.peerHook }))).toContainEqual({ hook: hk.peerHook, peerId: n.id, peerHook: hk.hook });
    }
    expect(n.name ?? '').not.toMatch(new RegExp(`^ngstudio${process.pid}_`));
  }
  const jailNames = new Set(s.jails.map((j) => j.name));
  for (const i of s.interfaces) if (i.jail !== null) expect(jailNames.has(i.jail)).toBe(true);
  for (const j of s.jails) for (const name of j.interfaces) expect(s.interfaces.some((i) => i.jail === j.name && i.name === name)).toBe(true);
  // Traffic, where a backend reads it, belongs to what is there: counters on hooks of bridges, tables on bridges, hosts on their hooks.
  for (const n of s.netgraph.nodes) {
    if (n.table !== undefined) {
      expect(n.type).toBe('bridge');
      for (const host of n.table) expect(n.hooks.map((x) => x.hook)).toContain(host.hook);
    }
    for (const hk of n.hooks) if (hk.counters) expect(hk.counters.inPackets).toBeGreaterThanOrEqual(0);
  }
}

/** Registers the contract suite for one backend. */
export function hostContract(name: string, makeHost: () => Promise<ContractHost>, opts: ContractOptions = {}): void {
  const skip = opts.skip ?? null;
  if (skip !== null) console.log(`host contract '${name}' skipped: ${skip}`);
  // Emulated commands are node processes (~0.2-0.6 s each on a busy machine): generous per-test time.
  describe.skipIf(skip !== null)(`host contract: ${name}`, { timeout: 180_000 }, () => {
    let h: ContractHost;
    beforeAll(async () => {
      h = await makeHost();
      await sweep(h);
    });
    afterAll(async () => {
      if (!h) return;
      await sweep(h);
      await h.cleanup();
    });

    it('observes a host with nothing of ours on it', async () => {
      const s = await h.backend.observe();
      wellFormed(s);
      expect(ours(s)).toEqual({ nodes: [], ifs: [], jails: [] });
      expect(s.interfaces.some((i) => i.kind === 'loopback' && i.jail === null)).toBe(true);
      if (h.fresh) {
        expect(s.netgraph.nodes).toEqual([]);
        expect(s.jails).toEqual([]);
      }
    });

    it('builds the FreeBSD wiki topology (bridge + 3 eifaces + 2 vnet jails) and observes it', async () => {
      await makeEiface(h, 'ngst_h');
      await checked(h, ['ngctl', '-f', '-'], 'mkpeer ngst_h: bridge ether link0\nname ngst_h:ether ngst_br\nmsg ngst_br: setpersistent\n');
      for (const [i, e] of [[1, 'ngst_e1'], [2, 'ngst_e2']] as const) {
        await makeEiface(h, e);
        await checked(h, ['ngctl', 'connect', 'ngst_br:', `${e}:`, `link${i}`, 'ether']);
      }
      await checked(h, ['jail', '-c', 'name=ngst_j1', 'path=/', 'vnet', 'persist', 'vnet.interface=ngst_e1']);
      await checked(h, ['jail', '-c', 'name=ngst_j2', 'path=/', 'vnet', 'persist', 'vnet.interface=ngst_e2']);
      const s = await h.backend.observe();
      wellFormed(s);
      const o = ours(s);
      const br = o.nodes.find((n) => n.name === 'ngst_br')!;
      expect(br.type).toBe('bridge');
      expect(br.hooks.map((x) => x.hook).sort()).toEqual(['link0', 'link1', 'link2']);
      expect(o.nodes.filter((n) => n.type === 'eiface').map((n) => n.name).sort()).toEqual(['ngst_e1', 'ngst_e2', 'ngst_h']);
      expect(find(s, 'ngst_h')).toMatchObject({ kind: 'eiface', jail: null, ngNode: o.nodes.find((n) => n.name === 'ngst_h')!.id });
      expect(find(s, 'ngst_e1')).toMatchObject({ kind: 'eiface', jail: 'ngst_j1' });
      const j1 = s.jails.find((j) => j.name === 'ngst_j1')!;
      expect(j1).toMatchObject({ vnet: true, persist: true, state: 'ACTIVE' });
      expect(j1.interfaces).toContain('ngst_e1');
    });

    it('tears the topology down: jails, then nodes; eiface interfaces go with their nodes', async () => {
      for (const j of ['ngst_j1', 'ngst_j2']) await checked(h, ['jail', '-r', j]);
      await observeUntil(h, (s) => find(s, 'ngst_e1')?.jail === null && find(s, 'ngst_e2')?.jail === null);
      for (const n of ['ngst_e1', 'ngst_e2', 'ngst_h', 'ngst_br']) await checked(h, ['ngctl', 'shutdown', `${n}:`]);
      const s = await h.backend.observe();
      wellFormed(s);
      expect(ours(s)).toEqual({ nodes: [], ifs: [], jails: [] });
    });

    it('reports a failing command with its exit code and stderr', async () => {
      const r = await h.backend.run(['ngctl', 'show', 'ngst_nosuch:']);
      expect(r).toEqual({ stdout: '', stderr: 'ngctl: send msg: No such file or directory\n', code: 71 });
      const e = await checked(h, ['ngctl', 'show', 'ngst_nosuch:']).catch((x: unknown) => x);
      expect(isHostCommandError(e)).toBe(true);
      expect(e).toMatchObject({ exitCode: 71, stderr: 'ngctl: send msg: No such file or directory\n', command: ['ngctl', 'show', 'ngst_nosuch:'] });
      const j = await h.backend.run(['jail', '-r', 'ngst_nosuch']);
      expect(j).toMatchObject({ code: 1, stderr: 'jail: "ngst_nosuch" not found\n' });
    });

    it('runs a jail lifecycle: the eiface moves into the vnet jail and back on removal', async () => {
      await makeEiface(h, 'ngst_lc');
      expect(find(await h.backend.observe(), 'ngst_lc')).toMatchObject({ jail: null, kind: 'eiface' });
      await checked(h, ['jail', '-c', 'name=ngst_lc', 'path=/', 'vnet', 'persist', 'vnet.interface=ngst_lc']);
      const inside = await h.backend.observe();
      expect(inside.interfaces.filter((i) => i.name === 'ngst_lc').map((i) => i.jail)).toEqual(['ngst_lc']);
      expect(inside.jails.find((j) => j.name === 'ngst_lc')?.interfaces).toContain('ngst_lc');
      await checked(h, ['jail', '-r', 'ngst_lc']);
      const back = await observeUntil(h, (s) => find(s, 'ngst_lc')?.jail === null);
      expect(back.interfaces.filter((i) => i.name === 'ngst_lc').map((i) => i.jail)).toEqual([null]);
      expect(back.jails.some((j) => j.name === 'ngst_lc')).toBe(false);
      await checked(h, ['ngctl', 'shutdown', 'ngst_lc:']);
      expect(find(await h.backend.observe(), 'ngst_lc')).toBeUndefined();
    });

    it('splices an ng_pipe into a link, observes its settings, and joins its peers again when it is shut down', async () => {
      await makeEiface(h, 'ngst_p1');
      await makeEiface(h, 'ngst_p2');
      await checked(h, ['ngctl', '-f', '-'], [
        'mkpeer ngst_p1: pipe ether upper', 'name ngst_p1:ether ngst_pp', 'connect ngst_pp: ngst_p2: lower ether',
        'msg ngst_pp: setcfg { delay=50000 downstream={ bandwidth=1000000 BER=1205134 } }', '',
      ].join('\n'));
      const s = await h.backend.observe();
      wellFormed(s);
      const pp = ours(s).nodes.find((n) => n.name === 'ngst_pp')!;
      expect(pp.type).toBe('pipe');
      const hook = { qinSizeLimit: 50, qoutSizeLimit: 0, duplicate: 0, fifo: 1, drr: 0, wfq: 0, droptail: 1, drophead: 0 };
      expect(pp.pipe).toEqual({
        delay: 50000, overhead: 0, headerOffset: 0,
        downstream: { ...hook, bandwidth: 1000000, ber: 1205134 }, upstream: { ...hook, bandwidth: 0, ber: 0 },
      });
      await checked(h, ['ngctl', 'shutdown', 'ngst_pp:']);
      const after = ours(await h.backend.observe()).nodes;
      const p2 = after.find((n) => n.name === 'ngst_p2')!;
      expect(after.find((n) => n.name === 'ngst_p1')!.hooks).toEqual([{ hook: 'ether', peerId: p2.id, peerHook: 'ether' }]);
      expect(after.some((n) => n.name === 'ngst_pp')).toBe(false);
      for (const n of ['ngst_p1', 'ngst_p2']) await checked(h, ['ngctl', 'shutdown', `${n}:`]);
    });
  });
}
