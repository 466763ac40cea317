// fast-check arbitraries for HostSnapshot values in canonical form (unique
// keys, normalized order), drawn from small pools so that two independent
// snapshots share many keys and the diff exercises upserts, removes and keeps.
import fc from 'fast-check';
import type { Counters, HostSnapshot, Interface, Jail, LearnedHost, NgNode } from '../../../shared/model/snapshot.js';
import { normalizeSnapshot } from '../../../shared/model/normalize.js';
import { interfaceKey } from '../../../shared/model/snapshot.js';

const hexId = fc.integer({ min: 1, max: 40 }).map((n) => n.toString(16));
const hookName = fc.constantFrom('ether', 'link0', 'link1', 'link2', 'lower', 'upper', 'uplink1');

const count = fc.oneof(fc.nat(5), fc.constantFrom(0, 1, 2 ** 40, Number.MAX_SAFE_INTEGER));

/** Counters with the four fields every one has, and sometimes drops and errors (small pools: two draws often share a shape). */
export const countersArb: fc.Arbitrary<Counters> = fc.record(
  { inPackets: count, outPackets: count, inBytes: count, outBytes: count, inDrops: count, outDrops: count, inErrors: count, outErrors: count },
  { requiredKeys: ['inPackets', 'outPackets', 'inBytes', 'outBytes'] },
);

export const learnedHostArb: fc.Arbitrary<LearnedHost> = fc.record({
  mac: fc.constantFrom('02:00:00:00:00:0a', '02:00:00:00:00:0b', '58:9c:fc:10:ff:dd'),
  hook: hookName,
  age: fc.nat(3),
  staleness: fc.nat(3),
});

const tableArb = fc.uniqueArray(learnedHostArb, { selector: (h) => h.mac, maxLength: 3 }).map((t) => [...t].sort((x, y) => (x.mac < y.mac ? -1 : 1)));

export const nodeArb: fc.Arbitrary<NgNode> = fc.record(
  {
    id: hexId,
    name: fc.option(fc.constantFrom('br0', 'ngeth0', 'em0', 'ng_test1', 'x'), { nil: null }),
    type: fc.constantFrom('bridge', 'eiface', 'ether', 'socket'),
    hooks: fc.uniqueArray(
      fc.record({ hook: hookName, peerId: hexId, peerHook: hookName, counters: countersArb }, { requiredKeys: ['hook', 'peerId', 'peerHook'] }),
      { selector: (h) => h.hook, maxLength: 3 },
    ),
    table: tableArb,
  },
  { requiredKeys: ['id', 'name', 'type', 'hooks'] },
);

const jailName = fc.constantFrom('test1', 'test2', 'web', 'db');

export const interfaceArb: fc.Arbitrary<Interface> = fc.record({
  name: fc.constantFrom('em0', 'lo0', 'epair0a', 'epair0b', 'bridge0', 'ngeth0', '__proto__'),
  kind: fc.constantFrom('ether', 'loopback', 'epair', 'bridge', 'eiface'),
  mac: fc.option(fc.constantFrom('02:00:00:00:00:0a', '58:9c:fc:10:ff:dd'), { nil: null }),
  up: fc.boolean(),
  jail: fc.option(jailName, { nil: null }),
  flags: fc.subarray(['UP', 'BROADCAST', 'RUNNING', 'SIMPLEX', 'MULTICAST']),
  mtu: fc.option(fc.constantFrom(1500, 9000), { nil: null }),
  groups: fc.subarray(['epair', 'bridge']),
  epairPeer: fc.option(fc.constantFrom('epair0a', 'epair0b'), { nil: null }),
  members: fc.subarray(['em0', 'epair0a']),
  ngNode: fc.option(hexId, { nil: null }),
  inet: fc.subarray(['192.0.2.1/24', '10.0.0.1/8']),
  inet6: fc.subarray(['fe80::1/64', '2001:db8::1/64']),
  linkUp: fc.boolean(),
  counters: countersArb,
}, { requiredKeys: ['name', 'kind', 'mac', 'up', 'jail', 'flags', 'mtu', 'groups', 'epairPeer', 'members', 'ngNode'] });

export const jailArb: fc.Arbitrary<Jail> = fc.record({
  jid: fc.integer({ min: 1, max: 9 }),
  name: jailName,
  hostname: fc.constantFrom('', 'web.example.org'),
  path: fc.constantFrom('/', '/jails/web'),
  vnet: fc.boolean(),
  persist: fc.boolean(),
  state: fc.constantFrom('ACTIVE' as const, 'DYING' as const),
  ip4: fc.subarray(['192.0.2.1']),
  ip6: fc.constant([]),
  interfaces: fc.subarray(['epair0b', 'ngeth0']),
});

export const snapshotArb: fc.Arbitrary<HostSnapshot> = fc
  .record({
    host: fc.record({
      hostname: fc.constantFrom('h1', 'h2'),
      backend: fc.constant('sim' as const),
      release: fc.constantFrom('14.3-RELEASE', '12.4-RELEASE'),
      emulated: fc.constant(true),
    }),
    modules: fc.uniqueArray(fc.constantFrom('netgraph', 'ng_ether', 'if_epair', 'if_bridge')),
    nodes: fc.uniqueArray(nodeArb, { selector: (n) => n.id, maxLength: 12 }),
    types: fc.uniqueArray(fc.record({ name: fc.constantFrom('bridge', 'eiface', 'socket'), count: fc.nat(5) }), { selector: (t) => t.name }),
    interfaces: fc.uniqueArray(interfaceArb, { selector: (i) => interfaceKey(i), maxLength: 10 }),
    jails: fc.uniqueArray(jailArb, { selector: (j) => j.name, maxLength: 4 }),
  })
  .map((r) =>
    normalizeSnapshot({
      version: 7,
      host: r.host,
      modules: r.modules,
      netgraph: { nodes: r.nodes, types: r.types },
      interfaces: r.interfaces,
      // Jails are keyed by name on the wire and ordered by JID: JIDs are unique too.
      jails: r.jails.map((j, i) => ({ ...j, jid: j.jid * 10 + i })),
    }),
  );

/** `s` with some of its traffic changed (counters of hooks and interfaces, bridge tables) and nothing else. */
export function withTrafficChanged(s: HostSnapshot): fc.Arbitrary<HostSnapshot> {
  const hooks = s.netgraph.nodes.flatMap((n) => n.hooks.map((h) => [n.id, h.hook] as const));
  return fc
    .record({
      hookCounters: fc.array(fc.tuple(fc.nat(Math.max(0, hooks.length - 1)), fc.option(countersArb, { nil: undefined })), { maxLength: hooks.length === 0 ? 0 : 4 }),
      ifCounters: fc.array(fc.tuple(fc.nat(Math.max(0, s.interfaces.length - 1)), fc.option(countersArb, { nil: undefined })), { maxLength: s.interfaces.length === 0 ? 0 : 4 }),
      tables: fc.array(fc.tuple(fc.nat(Math.max(0, s.netgraph.nodes.length - 1)), fc.option(tableArb, { nil: undefined })), { maxLength: s.netgraph.nodes.length === 0 ? 0 : 3 }),
    })
    .map((r) => {
      const t = structuredClone(s);
      const set = <T extends { counters?: Counters }>(x: T, c: Counters | undefined): void => {
        if (c === undefined) delete x.counters;
        else x.counters = c;
      };
      for (const [i, c] of r.hookCounters) {
        const [id, hook] = hooks[i]!;
        set(t.netgraph.nodes.find((n) => n.id === id)!.hooks.find((h) => h.hook === hook)!, c);
      }
      for (const [i, c] of r.ifCounters) set(t.interfaces[i]!, c);
      for (const [i, table] of r.tables) {
        const n = t.netgraph.nodes[i]!;
        if (table === undefined) delete n.table;
        else n.table = table;
      }
      return t;
    });
}
