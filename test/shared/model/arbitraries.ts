// fast-check arbitraries for HostSnapshot values in canonical form (unique
// keys, normalized order), drawn from small pools so that two independent
// snapshots share many keys and the diff exercises upserts, removes and keeps.
import fc from 'fast-check';
import type { HostSnapshot, Interface, Jail, NgNode } from '../../../shared/model/snapshot.js';
import { normalizeSnapshot } from '../../../shared/model/normalize.js';
import { interfaceKey } from '../../../shared/model/snapshot.js';

const hexId = fc.integer({ min: 1, max: 40 }).map((n) => n.toString(16));
const hookName = fc.constantFrom('ether', 'link0', 'link1', 'link2', 'lower', 'upper', 'uplink1');

export const nodeArb: fc.Arbitrary<NgNode> = fc.record({
  id: hexId,
  name: fc.option(fc.constantFrom('br0', 'ngeth0', 'em0', 'ng_test1', 'x'), { nil: null }),
  type: fc.constantFrom('bridge', 'eiface', 'ether', 'socket'),
  hooks: fc.array(fc.record({ hook: hookName, peerId: hexId, peerHook: hookName }), { maxLength: 3 }),
});

const jailName = fc.constantFrom('test1', 'test2', 'web', 'db');

export const interfaceArb: fc.Arbitrary<Interface> = fc.record({
  name: fc.constantFrom('em0', 'lo0', 'epair0a', 'epair0b', 'bridge0', 'ngeth0'),
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
});

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
