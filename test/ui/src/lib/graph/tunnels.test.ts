// Tunnel edges between host regions: a ksocket of one name on two drawn hosts
// is one tunnel, from region to region, its traffic read from the local
// bridge hook it hangs on.
import { describe, expect, it } from 'vitest';
import { tunnelEdges } from '../../../../../ui/src/lib/graph/tunnels.js';
import type { HostSnapshot, NgNode } from '../../../../../shared/model/snapshot.js';
import { emptyHost } from '../../../../shared/plan/helpers.js';

const withTunnel = (name: string | null, bridgeId: string, kId: string): HostSnapshot => {
  const nodes: NgNode[] = [
    { id: bridgeId, name: 'br0', type: 'bridge', hooks: [{ hook: 'link3', peerId: kId, peerHook: 'inet/dgram/udp' }] },
    { id: kId, name, type: 'ksocket', hooks: [{ hook: 'inet/dgram/udp', peerId: bridgeId, peerHook: 'link3' }] },
  ];
  return { ...emptyHost(), netgraph: { nodes, types: [] } };
};

describe('tunnelEdges', () => {
  it('joins same-named ksockets of two hosts, counting the local bridge hook', () => {
    const edges = tunnelEdges([{ peer: null, snapshot: withTunnel('tun0', '5', '9') }, { peer: 'peer1', snapshot: withTunnel('tun0', '7', 'a') }]);
    expect(edges).toEqual([{
      group: 'edges',
      data: { id: 'tunnel:tun0:local--peer1', kind: 'tunnel', source: 'ng:9', target: 'peer1/ng:a', label: 'tunnel tun0', counters: 'hook:5:link3' },
      classes: ['tunnel'],
    }]);
  });

  it('draws nothing for a ksocket on one host only, an unnamed one, or a peer not drawn yet', () => {
    expect(tunnelEdges([{ peer: null, snapshot: withTunnel('tun0', '5', '9') }, { peer: 'peer1', snapshot: withTunnel('tun1', '7', 'a') }])).toEqual([]);
    expect(tunnelEdges([{ peer: null, snapshot: withTunnel(null, '5', '9') }, { peer: 'peer1', snapshot: withTunnel(null, '7', 'a') }])).toEqual([]);
    expect(tunnelEdges([{ peer: null, snapshot: withTunnel('tun0', '5', '9') }, { peer: 'peer1', snapshot: null }])).toEqual([]);
  });

  it('between two peers: an edge without traffic (the page reads only the local counters)', () => {
    const [e] = tunnelEdges([{ peer: 'peer1', snapshot: withTunnel('t', '1', '2') }, { peer: 'peer2', snapshot: withTunnel('t', '1', '2') }]);
    expect(e?.data).toEqual({ id: 'tunnel:t:peer1--peer2', kind: 'tunnel', source: 'peer1/ng:2', target: 'peer2/ng:2', label: 'tunnel t' });
  });
});
