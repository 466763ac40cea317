import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nodesFromDot, nodesFromListL, parseNgctlDot, parseNgctlListL } from '../../../shared/parse/ngctl.js';
import { fixture } from './fixture.js';
import { formatDot, formatListL } from './format.js';
import { graphArb } from './arbitraries.js';

describe('nodesFromListL / nodesFromDot', () => {
  it('give the same NgNode[] for the §1.6 example', () => {
    const l = parseNgctlListL(fixture('handmade/facts-1.6-list-l.txt'));
    const d = parseNgctlDot(fixture('handmade/facts-1.6-dot.txt'));
    if (!l.ok || !d.ok) throw new Error('fixtures must parse');
    const expected = [
      { id: '2', name: 'ngeth0', type: 'eiface', hooks: [{ hook: 'ether', peerId: '4', peerHook: 'link0' }] },
      { id: '4', name: 'br0', type: 'bridge', hooks: [{ hook: 'link1', peerId: '7', peerHook: 'ether' }, { hook: 'link0', peerId: '2', peerHook: 'ether' }] },
      { id: '7', name: 'ngeth1', type: 'eiface', hooks: [{ hook: 'ether', peerId: '4', peerHook: 'link1' }] },
      { id: '8', name: 'ngctl1234', type: 'socket', hooks: [] },
    ];
    expect(nodesFromListL(l.value)).toEqual(expected);
    expect(nodesFromDot(d.value)).toEqual(expected);
  });

  it('give back the original graph from either output, for random graphs', () => {
    fc.assert(
      fc.property(graphArb, (nodes) => {
        const l = parseNgctlListL(formatListL(nodes, '13'));
        const d = parseNgctlDot(formatDot(nodes));
        if (!l.ok || !d.ok) throw new Error('formatted output must parse');
        expect(nodesFromListL(l.value)).toEqual(nodes);
        expect(nodesFromDot(d.value)).toEqual(nodes);
      }),
    );
  });

  it('nodesFromDot leaves out hooks whose link line is missing (truncated output)', () => {
    const d = parseNgctlDot(fixture('ngctl-dot-partial-netgraph-for-the-rest-of-us.txt'));
    const partial = d.ok ? d.value : d.partial!;
    expect(nodesFromDot(partial)[0]).toEqual({ id: '45', name: 'nghost0', type: 'eiface', hooks: [] });
  });
});
