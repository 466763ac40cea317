// What the inspector shows of traffic for the selected element (pure): the
// counters it has with their rates and recent history, and for a bridge the
// MAC addresses it learned, each traced to the interface (and jail) it
// belongs to. The Inspector renders these; tests read them on literal snapshots.
import { interfaceKey } from '../../../shared/model/snapshot.js';
import type { Counters, HostSnapshot, Interface, NgNode } from '../../../shared/model/snapshot.js';
import { nodeDisplayName } from './graph/elements.js';
import type { GraphElement } from './graph/elements.js';
import { hookCounterKey, ifCounterKey } from './graph/rates.js';
import type { Rate, RateTracker } from './graph/rates.js';

/** One counted thing: an interface, a hook. */
export interface CounterView {
  /** `interface ng_test1`, `hook link1 → ng_test1`. */
  title: string;
  counters: Counters;
  /** null until there are two readings. */
  rate: Rate | null;
  /** Packets per second, oldest first (null: before the first reading). */
  history: (number | null)[];
}

/** One learned MAC address and whose it is. */
export interface LearnedRow {
  mac: string;
  hook: string;
  /** The node on the other end of the hook, as ngctl names it (null: not a link now). */
  peer: string | null;
  /** The interface with this MAC (null: not on this host, e.g. beyond a NIC). */
  iface: string | null;
  /** `host`, `jail test1`, or null when the interface is unknown. */
  where: string | null;
  age: number;
  staleness: number;
}

/** How much history a sparkline shows: 30 steps of 2 s. */
export const HISTORY = { buckets: 30, stepMs: 2000 } as const;

/** The counter keys behind an element: its interface, its hooks (when counted), or the edge's own key. */
function countedKeys(s: HostSnapshot, el: GraphElement): [title: string, key: string][] {
  if (el.group === 'edges') return el.data.counters === undefined ? [] : [[describeKey(s, el.data.counters), el.data.counters]];
  const out: [string, string][] = [];
  const d = el.data;
  if (d.ifKey !== undefined) out.push([`interface ${d.ifKey}`, ifCounterKey(d.ifKey)]);
  const n = d.ngId === undefined ? undefined : s.netgraph.nodes.find((x) => x.id === d.ngId);
  if (n) for (const h of n.hooks) if (h.counters !== undefined) out.push([hookTitle(s, n, h.hook, h.peerId), hookCounterKey(n.id, h.hook)]);
  return out;
}

function hookTitle(s: HostSnapshot, n: NgNode, hook: string, peerId: string): string {
  const peer = s.netgraph.nodes.find((x) => x.id === peerId);
  return `${nodeDisplayName(n)} hook ${hook} → ${peer ? nodeDisplayName(peer) : `[${peerId}]`}`;
}

/** A counter key in words. */
function describeKey(s: HostSnapshot, key: string): string {
  if (key.startsWith('if:')) return `interface ${key.slice(3)}`;
  const [, id, hook] = /^hook:([^:]+):(.*)$/.exec(key) ?? [];
  const n = s.netgraph.nodes.find((x) => x.id === id);
  const h = n?.hooks.find((x) => x.hook === hook);
  return n && h ? hookTitle(s, n, h.hook, h.peerId) : key;
}

/** The counters of `key` in snapshot `s` (the inspector shows the newest, not the tracker's). */
function countersIn(s: HostSnapshot, key: string): Counters | undefined {
  if (key.startsWith('if:')) return s.interfaces.find((i) => interfaceKey(i) === key.slice(3))?.counters;
  const m = /^hook:([^:]+):(.*)$/.exec(key);
  return m ? s.netgraph.nodes.find((n) => n.id === m[1])?.hooks.find((h) => h.hook === m[2])?.counters : undefined;
}

/** The counters behind `el`, with rates and history at `now`; things without counters are left out. */
export function trafficViews(s: HostSnapshot, el: GraphElement, rates: RateTracker, now: number): CounterView[] {
  const out: CounterView[] = [];
  for (const [title, key] of countedKeys(s, el)) {
    const counters = countersIn(s, key);
    if (counters === undefined) continue;
    out.push({ title, counters, rate: rates.rate(key, now), history: rates.history(key, now, HISTORY.buckets, HISTORY.stepMs) });
  }
  return out;
}

/** A bridge's learned MACs, matched against every interface's MAC (null: not a bridge with a table). */
export function learnedHosts(s: HostSnapshot, el: GraphElement): LearnedRow[] | null {
  if (el.group !== 'nodes' || el.data.ngId === undefined) return null;
  const n = s.netgraph.nodes.find((x) => x.id === el.data.ngId);
  if (!n || n.table === undefined) return null;
  const byMac = new Map<string, Interface>();
  for (const i of s.interfaces) if (i.mac !== null) byMac.set(i.mac.toLowerCase(), i);
  const byId = new Map(s.netgraph.nodes.map((x) => [x.id, x]));
  return n.table.map((h) => {
    const i = byMac.get(h.mac.toLowerCase());
    const hook = n.hooks.find((x) => x.hook === h.hook);
    const peer = hook ? byId.get(hook.peerId) : undefined;
    return {
      mac: h.mac,
      hook: h.hook,
      peer: hook ? (peer ? nodeDisplayName(peer) : `[${hook.peerId}]`) : null,
      iface: i?.name ?? null,
      where: i === undefined ? null : i.jail === null ? 'host' : `jail ${i.jail}`,
      age: h.age,
      staleness: h.staleness,
    };
  });
}

/** `1234567` → `1.2 MB`: byte counts in few characters (powers of 1000, as netstat -h). */
export function bytesText(n: number): string {
  if (n < 1000) return `${n} B`;
  for (const [unit, f] of [['kB', 1e3], ['MB', 1e6], ['GB', 1e9]] as const) if (n < f * 1000) return `${(n / f).toFixed(1)} ${unit}`;
  return `${(n / 1e12).toFixed(1)} TB`;
}

/** SVG polyline points for a sparkline of `values` in a `w`×`h` box (nulls skipped; the top is the largest value). */
export function sparkPoints(values: (number | null)[], w: number, h: number): string {
  const max = Math.max(0, ...values.filter((v): v is number => v !== null));
  const step = values.length > 1 ? w / (values.length - 1) : 0;
  const pts: string[] = [];
  values.forEach((v, i) => {
    if (v === null) return;
    const y = max === 0 ? h : h - (v / max) * h;
    pts.push(`${(i * step).toFixed(1)},${y.toFixed(1)}`);
  });
  return pts.join(' ');
}
