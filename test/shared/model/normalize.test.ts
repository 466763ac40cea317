import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeSnapshot, nodeIdValue } from '../../../shared/model/normalize.js';
import { snapshotArb } from './arbitraries.js';

describe('normalizeSnapshot', () => {
  it('orders nodes by numeric ID, not as strings', () => {
    const s = normalizeSnapshot({
      version: 0,
      host: { hostname: 'h', backend: 'sim', release: '14.3-RELEASE', emulated: true },
      modules: ['ng_ether', 'netgraph'],
      netgraph: {
        nodes: ['a', '10', '2', '1f'].map((id) => ({ id, name: null, type: 'socket', hooks: [] })),
        types: [{ name: 'socket', count: 4 }, { name: 'bridge', count: 0 }],
      },
      interfaces: [
        { name: 'lo0', kind: 'loopback', mac: null, up: true, jail: null, flags: [], mtu: 16384, groups: ['lo'], epairPeer: null, members: [], ngNode: null },
        { name: 'epair0b', kind: 'epair', mac: null, up: true, jail: 'web', flags: [], mtu: 1500, groups: [], epairPeer: 'epair0a', members: [], ngNode: null },
        { name: 'em0', kind: 'ether', mac: null, up: true, jail: null, flags: [], mtu: 1500, groups: [], epairPeer: null, members: [], ngNode: null },
      ],
      jails: [
        { jid: 12, name: 'b', hostname: '', path: '/', vnet: false, persist: true, state: 'ACTIVE', ip4: [], ip6: [], interfaces: [] },
        { jid: 3, name: 'a', hostname: '', path: '/', vnet: false, persist: true, state: 'ACTIVE', ip4: [], ip6: [], interfaces: [] },
      ],
    });
    expect(s.netgraph.nodes.map((n) => n.id)).toEqual(['2', 'a', '10', '1f']);
    expect(s.netgraph.types.map((t) => t.name)).toEqual(['bridge', 'socket']);
    expect(s.modules).toEqual(['netgraph', 'ng_ether']);
    expect(s.interfaces.map((i) => i.name)).toEqual(['em0', 'lo0', 'epair0b']);
    expect(s.jails.map((j) => j.jid)).toEqual([3, 12]);
  });

  it('is idempotent and leaves its argument alone', () => {
    fc.assert(
      fc.property(snapshotArb, (s) => {
        const copy = structuredClone(s);
        const shuffled = { ...s, netgraph: { ...s.netgraph, nodes: [...s.netgraph.nodes].reverse() }, jails: [...s.jails].reverse() };
        expect(normalizeSnapshot(shuffled)).toEqual(s);
        expect(s).toEqual(copy);
      }),
    );
  });

  it('sorts a non-hex id after every real one instead of failing', () => {
    expect(nodeIdValue('zz')).toBe(Number.POSITIVE_INFINITY);
    expect(nodeIdValue('ff')).toBe(255);
  });
});
