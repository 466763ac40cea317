// The self-test's pure checks on literal snapshots (shaped as the observer
// reported the jail in a real run): what it built is seen node for node and
// hook for hook, anything missing or extra is a FAIL naming it; the changed
// design's plan touches only what the change asks; the host comparison
// ignores only what is volatile.
import { describe, expect, it } from 'vitest';
import type { HostSnapshot, Interface, NgNode } from '../../../shared/model/snapshot.js';
import { designFromSnapshot } from '../../../shared/design/from-snapshot.js';
import { plan } from '../../../shared/plan/plan.js';
import { emptyLedger } from '../../../shared/plan/ledger.js';
import { expectBuilt, expectModified, expectModifiedPlan, modifiedDesign, type Built } from '../../../agent/selftest/topology.js';
import { hostDifference, stableView } from '../../../agent/selftest/compare.js';
import { formatSelftestCheck } from '../../../agent/selftest/report.js';

const node = (id: string, name: string | null, type: string, hooks: [string, string, string][] = []): NgNode =>
  ({ id, name, type, hooks: hooks.map(([hook, peerId, peerHook]) => ({ hook, peerId, peerHook })) });

const iface = (name: string, kind: Interface['kind'], o: Partial<Interface> = {}): Interface => ({
  name, kind, mac: null, up: false, jail: null, flags: [], mtu: 1500, groups: [], epairPeer: null, members: [], ngNode: null, ...o,
});

/** The jail as seen after the build: bridge + 2 eifaces, an epair, ngeth1 in the nested jail, ng_ether nodes of the epair. */
function seen(): HostSnapshot {
  return {
    version: 0,
    host: { hostname: 'h', backend: 'freebsd', release: '', emulated: false },
    modules: ['netgraph', 'ng_bridge', 'ng_eiface', 'ng_ether', 'ng_socket', 'if_epair'],
    netgraph: {
      nodes: [
        node('2', 'selftest_br', 'bridge', [['link2', '4', 'ether'], ['link1', '3', 'ether']]),
        node('3', 'selftest_e1', 'eiface', [['ether', '2', 'link1']]),
        node('4', 'selftest_e2', 'eiface', [['ether', '2', 'link2']]),
        node('5', 'epair0a', 'ether'),
        node('6', 'epair0b', 'ether'),
      ],
      types: [{ name: 'bridge', count: 1 }, { name: 'eiface', count: 2 }, { name: 'ether', count: 2 }, { name: 'socket', count: 0 }],
    },
    interfaces: [
      iface('epair0a', 'epair', { mac: '02:cd:eb:3a:59:0a', epairPeer: 'epair0b', ngNode: '5' }),
      iface('epair0b', 'epair', { mac: '02:cd:eb:3a:59:0b', epairPeer: 'epair0a', ngNode: '6' }),
      iface('lo0', 'loopback', { mtu: 16384 }),
      iface('ngeth0', 'eiface', { mac: '58:9c:fc:1b:c4:34', ngNode: '3' }),
      iface('lo0', 'loopback', { mtu: 16384, jail: 'selftest_nested' }),
      iface('ngeth1', 'eiface', { mac: '58:9c:fc:1b:c5:c7', jail: 'selftest_nested', ngNode: '4' }),
    ],
    jails: [{ jid: 6, name: 'selftest_nested', hostname: 'h', path: '/', vnet: true, persist: true, state: 'ACTIVE', ip4: [], ip6: [], interfaces: ['lo0', 'ngeth1'] }],
  };
}

const built: Built = { epair: { a: 'epair0a', b: 'epair0b' }, e2ifname: 'ngeth1', nested: 'selftest_nested' };
const failed = (s: HostSnapshot, b: Built = built): string[] => expectBuilt(s, b).filter((c) => c.status !== 'ok').map(formatSelftestCheck);

describe('expectBuilt', () => {
  it('passes what was built, one check per node, interface, the epair, the nested jail and "nothing else"', () => {
    const checks = expectBuilt(seen(), built);
    expect(checks.map((c) => c.what)).toEqual([
      'seen node selftest_br', 'seen node selftest_e1', 'seen node selftest_e2', 'seen interface of selftest_e1', 'seen interface of selftest_e2',
      'seen epair epair0a/epair0b', 'seen nested jail selftest_nested', 'seen nothing else',
    ]);
    expect(failed(seen())).toEqual([]);
    expect(formatSelftestCheck(checks[0]!)).toBe('ok   seen node selftest_br: bridge, hooks link1→selftest_e1:ether, link2→selftest_e2:ether');
  });

  it('names a missing hook, a wrong place, an unpaired epair, a missing nested jail and anything extra', () => {
    const s = seen();
    s.netgraph.nodes[0]!.hooks.pop();
    s.netgraph.nodes[1]!.hooks = [];
    s.interfaces[5] = { ...s.interfaces[5]!, jail: null };
    s.interfaces[1] = { ...s.interfaces[1]!, epairPeer: null };
    s.jails = [];
    s.netgraph.nodes.push(node('9', null, 'hub'));
    expect(failed(s)).toEqual([
      'FAIL seen node selftest_br: hooks link2→selftest_e2:ether, expected link1→selftest_e1:ether, link2→selftest_e2:ether',
      'FAIL seen node selftest_e1: hooks none, expected ether→selftest_br:link1',
      "FAIL seen interface of selftest_e2: ngeth1 is in the jail's own vnet, expected inside nested jail selftest_nested",
      'FAIL seen epair epair0a/epair0b: kinds epair/epair, peers epair0b/-',
      'FAIL seen nested jail selftest_nested: not in jls (run inside the jail)',
      'FAIL seen nothing else: also seen: node [9], interface ngeth1',
    ]);
  });

  it('without nesting, expects the second eiface in the jail itself and no jail', () => {
    const s = seen();
    s.interfaces = s.interfaces.filter((i) => i.jail === null).concat(iface('ngeth1', 'eiface', { ngNode: '4' }));
    s.jails = [];
    expect(failed(s, { ...built, nested: null })).toEqual([]);
    expect(failed(s)).toContain('FAIL seen nested jail selftest_nested: not in jls (run inside the jail)');
  });
});

describe('the changed design', () => {
  it('round-trips to an empty plan, and the change plans only the new eiface and the epair', () => {
    const d = designFromSnapshot(seen());
    expect(plan(seen(), d, emptyLedger()).changes).toEqual([]);
    const p = plan(seen(), modifiedDesign(d, built), emptyLedger());
    expect(expectModifiedPlan(p, built)).toBeNull();
    expect(p.changes.map((c) => c.type)).toEqual(expect.arrayContaining(['destroy-epair', 'create-node']));
  });

  it('refuses a plan that touches anything else', () => {
    const d = designFromSnapshot(seen());
    const worse = { ...modifiedDesign(d, built), nodes: modifiedDesign(d, built).nodes.filter((n) => n.name !== 'selftest_e1'), delete: [{ kind: 'node' as const, name: 'selftest_e1' }, { kind: 'interface' as const, name: 'epair0a' }] };
    expect(expectModifiedPlan(plan(seen(), worse, emptyLedger()), built)).toMatch(/^it also changes node selftest_e1/);
  });

  it('checks the host after the apply: the new eiface on link3 and the epair gone', () => {
    const s = seen();
    s.netgraph.nodes[0]!.hooks.push({ hook: 'link3', peerId: '7', peerHook: 'ether' });
    s.netgraph.nodes.push(node('7', 'selftest_e3', 'eiface', [['ether', '2', 'link3']]));
    expect(expectModified(s, built).map(formatSelftestCheck)).toEqual([
      'ok   seen node selftest_br: bridge, hooks link1→selftest_e1:ether, link2→selftest_e2:ether, link3→selftest_e3:ether',
      'ok   seen node selftest_e3: eiface, hooks ether→selftest_br:link3',
      'FAIL epair epair0a/epair0b gone: still there: epair0a, epair0b',
    ]);
  });
});

describe('hostDifference', () => {
  it('ignores the version counter and socket nodes (with their hooks), and names everything else that differs', () => {
    const a = seen();
    const b = { ...seen(), version: 42 };
    b.netgraph.nodes.push(node('a', 'ngctl999', 'socket', [['x', '2', 'link9']]));
    b.netgraph.nodes[0]!.hooks.push({ hook: 'link9', peerId: 'a', peerHook: 'x' });
    b.netgraph.types = b.netgraph.types.map((t) => (t.name === 'socket' ? { ...t, count: 1 } : t));
    expect(hostDifference(a, b)).toBeNull();
    expect(stableView(b).netgraph.nodes).toHaveLength(5);
    // Traffic ticks on its own: counters and bridge tables are not a change of the host.
    const t = seen();
    t.interfaces[0] = { ...t.interfaces[0]!, counters: { inPackets: 9, outPackets: 1, inBytes: 900, outBytes: 100 } };
    t.netgraph.nodes[0] = { ...t.netgraph.nodes[0]!, table: [{ mac: '02:00:00:00:00:01', hook: 'link1', age: 3, staleness: 1 }] };
    t.netgraph.nodes[0].hooks = t.netgraph.nodes[0].hooks.map((h) => ({ ...h, counters: { inPackets: 1, outPackets: 2, inBytes: 3, outBytes: 4 } }));
    expect(hostDifference(a, t)).toBeNull();
    const c = seen();
    c.jails = [];
    c.interfaces.push(iface('epair9a', 'epair'));
    c.netgraph.nodes = c.netgraph.nodes.filter((n) => n.name !== 'selftest_e1');
    expect(hostDifference(a, c)).toBe('nodes gone: selftest_e1; interfaces new or changed: epair9a; jails gone: selftest_nested');
  });
});
