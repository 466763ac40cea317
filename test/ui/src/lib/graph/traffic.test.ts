import { describe, expect, it } from 'vitest';
import { snapshotElements } from '../../../../../ui/src/lib/graph/elements.js';
import type { EdgeElement, GraphElement } from '../../../../../ui/src/lib/graph/elements.js';
import { diffElements, isEmptyDiff } from '../../../../../ui/src/lib/graph/element-diff.js';
import { RateTracker } from '../../../../../ui/src/lib/graph/rates.js';
import { changedTraffic, edgeTraffic, trafficEdges } from '../../../../../ui/src/lib/graph/traffic.js';
import { graphStyles } from '../../../../../ui/src/lib/graph/styles.js';
import { RATE_WIDTH } from '../../../../../ui/src/lib/graph/styles-traffic.js';
import { applyPatch, diffSnapshots } from '../../../../../shared/model/diff.js';
import type { Counters, HostSnapshot } from '../../../../../shared/model/snapshot.js';
import { demoSnapshot } from '../../../demo-snapshot.js';

const c = (n: number): Counters => ({ inPackets: n, outPackets: n, inBytes: n * 98, outBytes: n * 98 });
const edge = (els: GraphElement[], id: string): EdgeElement => {
  const e = els.find((x) => x.data.id === id);
  if (!e || e.group !== 'edges') throw new Error(`no edge ${id}`);
  return e;
};

/** The demo host with counters on every interface and on br0's hooks. */
function counted(n: number): HostSnapshot {
  const s = demoSnapshot();
  for (const i of s.interfaces) i.counters = c(0);
  for (const h of s.netgraph.nodes.find((x) => x.id === '3')!.hooks) h.counters = c(h.hook === 'link1' ? n : 0);
  s.interfaces.find((i) => i.name === 'ng_test1')!.counters = c(n);
  return s;
}

describe('which counters an edge is drawn from', () => {
  const els = snapshotElements(counted(0));

  it('reads a link into an ng_bridge from the bridge hook, whichever end sorts first', () => {
    expect(edge(els, 'link:3.link1--5.ether').data.counters).toBe('hook:3:link1');
    expect(edge(els, 'link:1.lower--7.link0').data.counters).toBe('hook:7:link0');
  });

  it('reads epair cables and if_bridge members from their interfaces', () => {
    expect(edge(els, 'cable:if:db/e0b_db--if:e0a_db').data.counters).toBe('if:db/e0b_db');
    expect(edge(els, 'member:if:em1bridge--if:e0a_db').data.counters).toBe('if:e0a_db');
    expect(edge(els, 'member:if:em1bridge--ng:2').data.counters).toBe('if:em1');
  });

  it('reads a link between two non-bridge nodes from an interface bound to one end', () => {
    const s = demoSnapshot();
    const a = s.netgraph.nodes.find((n) => n.id === '4')!;
    const b = s.netgraph.nodes.find((n) => n.id === '5')!;
    s.netgraph.nodes = s.netgraph.nodes.filter((n) => n.id !== '3');
    a.hooks = [{ hook: 'ether', peerId: '5', peerHook: 'ether' }];
    b.hooks = [{ hook: 'ether', peerId: '4', peerHook: 'ether' }];
    expect(edge(snapshotElements(s), 'link:4.ether--5.ether').data.counters).toBe('if:ng_host');
  });
});

describe('down links and addresses', () => {
  it('draws an edge down when an interface at either end is down or has no carrier', () => {
    const s = demoSnapshot();
    s.interfaces.find((i) => i.name === 'ng_test1')!.linkUp = false;
    s.interfaces.find((i) => i.name === 'e0a_db')!.up = false;
    const els = snapshotElements(s);
    expect(edge(els, 'link:3.link1--5.ether').classes).toContain('down');
    expect(edge(els, 'cable:if:db/e0b_db--if:e0a_db').classes).toContain('down');
    expect(edge(els, 'member:if:em1bridge--if:e0a_db').classes).toContain('down');
    expect(edge(els, 'link:3.link2--6.ether').classes).not.toContain('down');
    expect(els.find((e) => e.data.id === 'ng:5')?.classes).toContain('down');
  });

  it('puts IPv4 addresses on a third label line', () => {
    const s = demoSnapshot();
    s.interfaces.find((i) => i.name === 'ng_test1')!.inet = ['10.0.0.1/24'];
    s.interfaces.find((i) => i.name === 'e0a_db')!.inet = ['192.0.2.1/24', '192.0.2.9/32'];
    const els = snapshotElements(s);
    const label = (id: string): string | undefined => {
      const e = els.find((x) => x.data.id === id);
      return e?.group === 'nodes' ? e.data.label : undefined;
    };
    expect(label('ng:5')).toBe('ng_test1\neiface\n10.0.0.1/24');
    expect(label('if:e0a_db')).toBe('e0a_db\nepair\n192.0.2.1/24 192.0.2.9/32');
    expect(label('ng:6')).toBe('ng_test2\neiface');
  });
});

describe('traffic on the canvas', () => {
  it('leaves the elements as they are when only counters changed', () => {
    const a = counted(0);
    const b = applyPatch(a, diffSnapshots(a, counted(50))!, 2);
    expect(Object.keys(diffSnapshots(a, b)!)).toEqual(['counters']);
    expect(isEmptyDiff(diffElements(snapshotElements(a), snapshotElements(b)))).toBe(true);
  });

  it('makes busy edges busier than idle ones, and updates only the edges whose level changed', () => {
    const rates = new RateTracker({ windowMs: 5000 });
    const edges = trafficEdges(snapshotElements(counted(0)));
    rates.observe(counted(0), 0);
    const idle = edgeTraffic(edges, rates, 1000);
    expect([...idle.values()].every((t) => t.rate === 0 && t.rateLabel === '')).toBe(true);
    // A canvas that has no traffic data yet draws every edge idle: nothing to update.
    expect(changedTraffic(new Map(), idle).size).toBe(0);
    // 50 packets each way through br0's link1 (and ng_test1) in 2 s.
    rates.observe(counted(50), 2000);
    const busy = edgeTraffic(edges, rates, 2000);
    expect(busy.get('link:3.link1--5.ether')).toEqual({ rate: 3, rateLabel: '50 pkt/s' });
    expect(busy.get('link:3.link2--6.ether')).toEqual({ rate: 0, rateLabel: '' });
    expect([...changedTraffic(idle, busy).keys()]).toEqual(['link:3.link1--5.ether']);
    expect(changedTraffic(busy, edgeTraffic(edges, rates, 2000)).size).toBe(0);
    // Quiet for a whole window: back to idle.
    expect(edgeTraffic(edges, rates, 7001).get('link:3.link1--5.ether')).toEqual({ rate: 0, rateLabel: '' });
  });

  it('styles each level wider than the one below, under the selection and pending marks', () => {
    expect([...RATE_WIDTH].every((w, i) => i === 0 || w > RATE_WIDTH[i - 1]!)).toBe(true);
    const rules = graphStyles(false);
    const at = (sel: string): number => rules.findIndex((r) => r.selector === sel);
    expect(rules[at('edge[!rate]')]?.style.width).toBe(RATE_WIDTH[0]);
    for (let l = 1; l < RATE_WIDTH.length; l++) expect(rules[at(`edge[rate = ${l}]`)]?.style.width).toBe(RATE_WIDTH[l]);
    expect(at('edge[rate = 5]')).toBeGreaterThan(at('edge.cable'));
    expect(at('edge.down')).toBeGreaterThan(at('edge[rate = 5]'));
    expect(at(':selected')).toBeGreaterThan(at('edge.down'));
    expect(at('edge.plan-destroy')).toBeGreaterThan(at('edge.down'));
    expect(at('edge.path')).toBeGreaterThan(at('edge.down'));
  });
});
