// Traffic on the canvas (pure): which counters an edge's rate is read from,
// which edges are down, and the per-edge data (`rate`, `rateLabel`) the
// stylesheet draws. The counter key and the down mark are part of the
// element (they change with the host's shape); the rate data is applied on
// its own, as data updates of the edges whose level changed.
import { interfaceKey } from '../../../../shared/model/snapshot.js';
import type { HostSnapshot, Interface, NgNode } from '../../../../shared/model/snapshot.js';
import type { EdgeElement, GraphElement } from './elements.js';
import { busyLevel, hookCounterKey, ifCounterKey, shortRate, totalPps } from './rates.js';
import type { RateTracker } from './rates.js';

/** Down: administratively (`up` false) or without carrier (`linkUp` false). */
export const isDown = (i: Interface): boolean => !i.up || i.linkUp === false;

/**
 * Sets `data.counters` (the counter key the edge's rate is read from) and the
 * `down` class on the edges of `elements` (the snapshotElements of `s`):
 *  - a netgraph link: the bridge's hook when one end is an ng_bridge, else
 *    the interface bound to either end (eiface, ether);
 *  - an epair cable: the source end's interface;
 *  - an if_bridge membership: the member interface.
 * An edge is down when an interface at either end is.
 */
export function markTraffic(s: HostSnapshot, elements: GraphElement[]): void {
  const nodes = new Map(s.netgraph.nodes.map((n) => [n.id, n]));
  const ifs = new Map(s.interfaces.map((i) => [interfaceKey(i), i]));
  const ifOf = new Map<string, Interface>();
  for (const e of elements) {
    if (e.group !== 'nodes' || e.data.ifKey === undefined) continue;
    const i = ifs.get(e.data.ifKey);
    if (i) ifOf.set(e.data.id, i);
  }
  for (const e of elements) {
    if (e.group !== 'edges') continue;
    const a = ifOf.get(e.data.source);
    const b = ifOf.get(e.data.target);
    const key = counterKeyOf(e, a, b, nodes);
    if (key !== undefined) e.data.counters = key;
    if ((a && isDown(a)) || (b && isDown(b))) {
      e.classes.push('down');
      e.classes.sort();
    }
  }
}

function counterKeyOf(e: EdgeElement, a: Interface | undefined, b: Interface | undefined, nodes: Map<string, NgNode>): string | undefined {
  const d = e.data;
  if (d.kind === 'link') {
    const ends: [string, string | undefined][] = [
      [d.source.slice(3), d.sourceLabel],
      [d.target.slice(3), d.targetLabel],
    ];
    for (const [id, hook] of ends) {
      const n = nodes.get(id);
      if (n?.type === 'bridge' && hook !== undefined) return hookCounterKey(id, hook);
    }
    const i = a ?? b;
    return i ? ifCounterKey(interfaceKey(i)) : undefined;
  }
  if (d.kind === 'cable') return a ? ifCounterKey(interfaceKey(a)) : undefined;
  return b ? ifCounterKey(interfaceKey(b)) : undefined;
}

/** What the canvas draws of one edge's traffic. */
export type EdgeTraffic = {
  /** busyLevel of the rate: 0 idle … 5. */
  rate: number;
  /** `12 pkt/s` on a busy edge, empty when idle. */
  rateLabel: string;
};

/** The edges that carry a counter key: id → key. */
export function trafficEdges(elements: readonly GraphElement[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of elements) if (e.group === 'edges' && e.data.counters !== undefined) m.set(e.data.id, e.data.counters);
  return m;
}

/** Every traffic edge's level and label at `now`; an edge whose counters are not known yet is idle. */
export function edgeTraffic(edges: Map<string, string>, rates: RateTracker, now: number): Map<string, EdgeTraffic> {
  const out = new Map<string, EdgeTraffic>();
  for (const [id, key] of edges) {
    const r = rates.rate(key, now);
    const pps = r === null ? 0 : totalPps(r);
    const rate = busyLevel(pps);
    out.set(id, { rate, rateLabel: rate === 0 ? '' : `${shortRate(pps)} pkt/s` });
  }
  return out;
}

/** What an edge without traffic data is drawn as (the stylesheet's `edge[!rate]`). */
export const IDLE: EdgeTraffic = { rate: 0, rateLabel: '' };

/**
 * The entries of `next` that differ from `prev` (what the canvas must update);
 * an edge missing from `prev` counts as idle, so a new canvas of idle edges
 * needs no update at all.
 */
export function changedTraffic(prev: Map<string, EdgeTraffic>, next: Map<string, EdgeTraffic>): Map<string, EdgeTraffic> {
  const out = new Map<string, EdgeTraffic>();
  for (const [id, t] of next) {
    const p = prev.get(id) ?? IDLE;
    if (p.rate !== t.rate || p.rateLabel !== t.rateLabel) out.set(id, t);
  }
  return out;
}
