import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyPatch, diffSnapshots, jsonEqual } from '../../../shared/model/diff.js';
import type { HostSnapshot, NgNode } from '../../../shared/model/snapshot.js';
import { snapshotArb } from './arbitraries.js';

describe('diffSnapshots / applyPatch', () => {
  it('applyPatch(a, diffSnapshots(a, b)) equals b', () => {
    fc.assert(
      fc.property(snapshotArb, snapshotArb, (a, b) => {
        expect(applyPatch(a, diffSnapshots(a, b))).toEqual(b);
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
    expect(p?.nodes?.upsert.map((n) => n.id)).toEqual([(501).toString(16)]);
    expect(applyPatch(a, p)).toEqual(b);
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
