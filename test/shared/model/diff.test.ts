import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyPatch, diffSnapshots, jsonEqual } from '../../../shared/model/diff.js';
import { isTrafficOnly } from '../../../shared/model/traffic.js';
import type { Counters, HostSnapshot, Interface, NgNode } from '../../../shared/model/snapshot.js';
import { snapshotArb, withTrafficChanged } from './arbitraries.js';

describe('diffSnapshots / applyPatch', () => {
  it('applyPatch(a, diffSnapshots(a, b)) equals b', () => {
    fc.assert(
      fc.property(snapshotArb, snapshotArb, (a, b) => {
        const p = diffSnapshots(a, b);
        expect(applyPatch(a, p)).toEqual(b);
        // What travels is JSON: the patch must survive it (no undefined standing for "gone").
        expect(jsonEqual(applyPatch(a, p === null ? null : JSON.parse(JSON.stringify(p))), b)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('a traffic-only change (counters, tables) travels in the compact sections, never as an upsert, and applies back', () => {
    fc.assert(
      fc.property(snapshotArb.chain((a) => fc.tuple(fc.constant(a), withTrafficChanged(a))), ([a, b]) => {
        const p = diffSnapshots(a, b);
        if (p === null) {
          expect(jsonEqual(a, b)).toBe(true);
          return;
        }
        expect(Object.keys(p).every((k) => k === 'counters' || k === 'tables')).toBe(true);
        expect(isTrafficOnly(p)).toBe(true);
        expect(jsonEqual(applyPatch(a, JSON.parse(JSON.stringify(p))), b)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('a snapshot has no diff with itself or with a deep copy', () => {
    fc.assert(
      fc.property(snapshotArb, (a) => {
        expect(diffSnapshots(a, a)).toBeNull();
        expect(diffSnapshots(a, structuredClone(a))).toBeNull();
      }),
    );
  });

  it('never mutates its inputs', () => {
    fc.assert(
      fc.property(snapshotArb, snapshotArb, (a, b) => {
        const [ca, cb] = [structuredClone(a), structuredClone(b)];
        applyPatch(a, diffSnapshots(a, b));
        expect(a).toEqual(ca);
        expect(b).toEqual(cb);
      }),
      { numRuns: 100 },
    );
  });

  it('carries only the changed elements, keyed as patch.ts says', () => {
    const base = bigSnapshot(3);
    const next = structuredClone(base);
    next.netgraph.nodes[1]!.name = 'renamed';
    next.netgraph.nodes.push({ id: 'ff', name: 'new', type: 'bridge', hooks: [] });
    next.netgraph.nodes.splice(0, 1);
    expect(diffSnapshots(base, next)).toEqual({
      nodes: {
        upsert: [
          { id: '2', name: 'renamed', type: 'eiface', hooks: [{ hook: 'ether', peerId: '1', peerHook: 'link1' }] },
          { id: 'ff', name: 'new', type: 'bridge', hooks: [] },
        ],
        remove: ['1'],
      },
    });
  });

  it('ignores version (the observe loop numbers snapshots) and applyPatch sets the one given', () => {
    const a = bigSnapshot(2);
    expect(diffSnapshots(a, { ...a, version: 99 })).toBeNull();
    expect(applyPatch(a, null, 5).version).toBe(5);
  });

  it('keys jailed interfaces by jail/name, so the same name on host and in a jail are distinct', () => {
    const a = bigSnapshot(0);
    const iface = { name: 'ngeth0', kind: 'eiface' as const, mac: null, up: true, jail: null, flags: [], mtu: 1500, groups: [], epairPeer: null, members: [], ngNode: null };
    const b = { ...a, interfaces: [iface, { ...iface, jail: 'web' }] };
    const p = diffSnapshots(a, b);
    expect(p?.interfaces?.upsert).toHaveLength(2);
    const c = { ...b, interfaces: [iface] };
    expect(diffSnapshots(b, c)?.interfaces).toEqual({ upsert: [], remove: ['web/ngeth0'] });
  });

  it('is fast on 1000-node snapshots (Maps, no quadratic scans)', () => {
    const a = bigSnapshot(1000);
    const b = structuredClone(a);
    b.netgraph.nodes[500]!.hooks.push({ hook: 'link9', peerId: '1', peerHook: 'x' });
    // No timing assertion (shared machine); a quadratic diff would still show here as a slow test.
    const p = diffSnapshots(a, b);
    // A hook more on a node is that node's hook changes, not the node again.
    expect(p?.nodes).toBeUndefined();
    expect(Object.keys(p?.nodeHooks ?? {})).toEqual([(501).toString(16)]);
    expect(applyPatch(a, p)).toEqual(b);
  });
});

describe('traffic in patches', () => {
  const counters = (n: number): Counters => ({ inPackets: 38_929_211 + n, outPackets: 34_549_262 + n, inBytes: 23_741_691_373 + 98 * n, outBytes: 9_220_089_573 + 98 * n });

  /** bigSnapshot(n) with counters on every bridge link and every interface, as a host that counts everything shows it. */
  function counted(n: number): HostSnapshot {
    const s = bigSnapshot(n);
    const bridge = s.netgraph.nodes[0]!;
    for (const e of s.netgraph.nodes.slice(1)) bridge.hooks.push({ hook: e.hooks[0]!.peerHook, peerId: e.id, peerHook: 'ether', counters: counters(0) });
    s.interfaces = s.netgraph.nodes.slice(1).map((e, i): Interface => ({
      name: `ngeth${i}`, kind: 'eiface', mac: '58:9c:fc:10:ff:dd', up: true, jail: i % 2 ? 'web' : null, flags: ['UP', 'BROADCAST', 'RUNNING'], mtu: 1500,
      groups: [], epairPeer: null, members: [], ngNode: e.id, inet: ['192.0.2.1/24'], counters: counters(0),
    }));
    return s;
  }

  it('a link more on a bridge with a thousand counted links sends that hook and the order, not the bridge', () => {
    const a = counted(1000);
    const b = structuredClone(a);
    const bridge = b.netgraph.nodes[0]!;
    const newcomer = { hook: 'link5000', peerId: 'fff0', peerHook: 'ether', counters: counters(0) };
    bridge.hooks.unshift(newcomer);
    // …and one link's traffic moved meanwhile; another link went.
    bridge.hooks[1]!.counters = counters(3);
    const gone = bridge.hooks.pop()!.hook;
    const p = diffSnapshots(a, b)!;
    expect(p.nodes).toBeUndefined();
    expect(p.nodeHooks?.[bridge.id]?.upsert).toEqual([newcomer]);
    expect(p.nodeHooks?.[bridge.id]?.order).not.toContain(gone);
    expect(Object.keys(p.counters?.hooks ?? {})).toEqual([`${bridge.id}:${bridge.hooks[1]!.hook}`]);
    expect(applyPatch(a, p)).toEqual(b);
    // Names and one hook, against every link's counters again.
    expect(JSON.stringify(p).length).toBeLessThan(JSON.stringify(bridge).length / 3);
  });

  it('refuses hook changes that do not follow on from the snapshot', () => {
    const a = counted(3);
    const id = a.netgraph.nodes[0]!.id;
    expect(() => applyPatch(a, { nodeHooks: { [id]: { order: ['nope'], upsert: [] } } })).toThrow(`hook ${id}:nope is in the order but neither there nor sent`);
    expect(() => applyPatch(a, { nodeHooks: { [id]: { order: [], upsert: [{ hook: 'x', peerId: '1', peerHook: 'y' }] } } })).toThrow(`hook ${id}:x is sent but not in the order`);
    expect(() => applyPatch(a, { nodeHooks: { ffff: { order: [], upsert: [] } } })).toThrow('hook changes for 1 node(s) that are not there');
  });

  it('ten changed counters on a 1000-node host make a patch under 1 KB with no node or interface upsert', () => {
    const a = counted(1000);
    const b = structuredClone(a);
    // A ping's worth of traffic through five eifaces and their five bridge links.
    for (let i = 0; i < 5; i++) {
      b.interfaces[i * 100]!.counters = counters(3);
      b.netgraph.nodes[0]!.hooks[i * 100]!.counters = counters(3);
    }
    const p = diffSnapshots(a, b)!;
    expect(p.nodes).toBeUndefined();
    expect(p.interfaces).toBeUndefined();
    expect(Object.keys(p.counters!.interfaces!)).toHaveLength(5);
    expect(Object.keys(p.counters!.hooks!)).toHaveLength(5);
    expect(p.counters!.hooks![`1:${a.netgraph.nodes[0]!.hooks[100]!.hook}`]).toEqual({ inPackets: 3, outPackets: 3, inBytes: 294, outBytes: 294 });
    const frame = JSON.stringify({ type: 'patch', from: 41, to: 42, patch: p });
    expect(frame.length).toBeLessThan(1024);
    expect(JSON.stringify(a).length).toBeGreaterThan(100 * frame.length);
    expect(applyPatch(a, JSON.parse(JSON.stringify(p)))).toEqual(b);
  });

  it('counters that appear, go or change shape travel whole (set), a table change as the whole table', () => {
    const a = counted(3);
    const b = structuredClone(a);
    delete b.interfaces[0]!.counters;
    b.interfaces[1]!.counters = { ...counters(0), inDrops: 4 };
    b.netgraph.nodes[0]!.table = [{ mac: '02:00:00:00:00:0a', hook: 'link1', age: 3, staleness: 0 }];
    expect(diffSnapshots(a, b)).toEqual({
      counters: { interfaces: { ngeth0: { set: null }, 'web/ngeth1': { set: { ...counters(0), inDrops: 4 } } } },
      tables: { '1': [{ mac: '02:00:00:00:00:0a', hook: 'link1', age: 3, staleness: 0 }] },
    });
    expect(applyPatch(a, diffSnapshots(a, b))).toEqual(b);
    const c = structuredClone(b);
    delete c.netgraph.nodes[0]!.table;
    expect(diffSnapshots(b, c)).toEqual({ tables: { '1': null } });
  });

  it('an element that changed beyond its traffic is upserted whole, counters included', () => {
    const a = counted(3);
    const b = structuredClone(a);
    b.interfaces[0]!.up = false;
    b.interfaces[0]!.counters = counters(1);
    const p = diffSnapshots(a, b)!;
    expect(p.interfaces?.upsert).toEqual([b.interfaces[0]]);
    expect(p.counters).toBeUndefined();
    expect(isTrafficOnly(p)).toBe(false);
  });

  it('applyPatch refuses traffic for elements the snapshot does not have (the patch belongs to another snapshot)', () => {
    const a = counted(3);
    expect(() => applyPatch(a, { counters: { interfaces: { nosuch0: { inPackets: 1 } } } })).toThrow(/interface/);
    expect(() => applyPatch(a, { counters: { hooks: { '1:link99': { inPackets: 1 } } } })).toThrow(/1:link99/);
    expect(() => applyPatch(a, { counters: { hooks: { 'ff:link1': { inPackets: 1 } } } })).toThrow(/node ff/);
    expect(() => applyPatch(a, { counters: { hooks: { '2:ether': { inPackets: 1 } } } })).toThrow(/no counters/);
    expect(() => applyPatch(a, { tables: { ff: [] } })).toThrow(/node ff/);
    expect(() => applyPatch(a, { counters: { interfaces: { ngeth0: { inDrops: 1 } } } })).toThrow(/inDrops/);
  });

  it('isTrafficOnly: only counters and tables', () => {
    expect(isTrafficOnly(null)).toBe(false);
    expect(isTrafficOnly({ tables: {} })).toBe(true);
    expect(isTrafficOnly({ counters: {}, modules: [] })).toBe(false);
  });
});

describe('jsonEqual', () => {
  it('compares structure, not identity or key order', () => {
    expect(jsonEqual({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(jsonEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(jsonEqual([1], { 0: 1 })).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
  });
});

/** A host with a bridge and n eifaces hanging off it. */
export function bigSnapshot(n: number): HostSnapshot {
  const nodes: NgNode[] = [];
  for (let i = 1; i <= n; i++) {
    nodes.push({ id: i.toString(16), name: `n${i}`, type: i === 1 ? 'bridge' : 'eiface', hooks: i === 1 ? [] : [{ hook: 'ether', peerId: '1', peerHook: `link${i - 1}` }] });
  }
  return {
    version: 1,
    host: { hostname: 'h', backend: 'sim', release: '14.3-RELEASE', emulated: true },
    modules: ['netgraph'],
    netgraph: { nodes, types: [{ name: 'bridge', count: 1 }] },
    interfaces: [],
    jails: [],
  };
}
