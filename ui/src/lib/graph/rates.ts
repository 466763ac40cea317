// Traffic rates from successive counter readings (pure: the caller passes the
// clock). Each counted thing (an interface, a netgraph hook) keeps its last
// readings with the time they arrived. Between readings a counter is taken to
// stay where it was last seen (the agent sends a patch only when something
// moved), so a rate is the rise of that step function over a window ending
// now: a link that stops sending drops to zero once the window has passed it.
import { interfaceKey } from '../../../../shared/model/snapshot.js';
import type { Counters, HostSnapshot } from '../../../../shared/model/snapshot.js';

/** One reading of a counter set and when it arrived (ms). */
interface Sample {
  t: number;
  c: Counters;
}

/** Packets and bytes per second, each way (`in`: received by the interface, or by the node on that hook). */
export interface Rate {
  inPps: number;
  outPps: number;
  inBps: number;
  outBps: number;
}

export const ZERO_RATE: Rate = { inPps: 0, outPps: 0, inBps: 0, outBps: 0 };

/** Both directions together, packets per second. */
export const totalPps = (r: Rate): number => r.inPps + r.outPps;

export interface RateOptions {
  /** Readings older than this (ms) are dropped, the newest one before it kept as the base. */
  horizonMs: number;
  /** At most this many readings per counted thing. */
  maxSamples: number;
  /** The window (ms) `rate()` averages over. */
  windowMs: number;
}

export const DEFAULT_RATE_OPTIONS: RateOptions = { horizonMs: 90_000, maxSamples: 64, windowMs: 5_000 };

/** The key of a netgraph hook's counters: `hook:<node id>:<hook>`. */
export const hookCounterKey = (nodeId: string, hook: string): string => `hook:${nodeId}:${hook}`;
/** The key of an interface's counters: `if:<interfaceKey>`. */
export const ifCounterKey = (key: string): string => `if:${key}`;

/** True when any counter went down: the thing was re-created (or its counters cleared). */
function wentDown(a: Counters, b: Counters): boolean {
  return b.inPackets < a.inPackets || b.outPackets < a.outPackets || b.inBytes < a.inBytes || b.outBytes < a.outBytes;
}

/** The readings of one counted thing. */
class Series {
  samples: Sample[] = [];
  /** The object last read: a snapshot that left it alone hands back the same one. */
  last: Counters | undefined;

  add(t: number, c: Counters, o: RateOptions): void {
    this.last = c;
    const prev = this.samples[this.samples.length - 1];
    if (prev !== undefined && wentDown(prev.c, c)) this.samples = [];
    this.samples.push({ t, c });
    // Keep one reading at or before the horizon: the base of the oldest window.
    let drop = 0;
    while (drop < this.samples.length - 1 && this.samples[drop + 1]!.t <= t - o.horizonMs) drop++;
    drop = Math.max(drop, this.samples.length - o.maxSamples);
    if (drop > 0) this.samples = this.samples.slice(drop);
  }

  /** The counters as known at time `t` (the last reading at or before it), or undefined before the first. */
  at(t: number): Sample | undefined {
    let found: Sample | undefined;
    for (const s of this.samples) {
      if (s.t > t) break;
      found = s;
    }
    return found;
  }

  /** The average rate over [from, to]; the start moves up to the first reading when there was none yet. */
  rate(from: number, to: number): Rate | null {
    const first = this.samples[0];
    if (first === undefined || to <= first.t) return null;
    const start = from < first.t ? first : this.at(from)!;
    const t0 = Math.max(from, first.t);
    const end = this.at(to)!;
    const dt = (to - t0) / 1000;
    if (dt <= 0) return null;
    return {
      inPps: (end.c.inPackets - start.c.inPackets) / dt,
      outPps: (end.c.outPackets - start.c.outPackets) / dt,
      inBps: (end.c.inBytes - start.c.inBytes) / dt,
      outBps: (end.c.outBytes - start.c.outBytes) / dt,
    };
  }
}

/** Counter readings of every interface and hook of a host, and the rates they give. */
export class RateTracker {
  readonly #series = new Map<string, Series>();
  readonly #o: RateOptions;

  constructor(options: Partial<RateOptions> = {}) {
    this.#o = { ...DEFAULT_RATE_OPTIONS, ...options };
    if (!(this.#o.windowMs > 0) || !(this.#o.horizonMs >= this.#o.windowMs) || !(this.#o.maxSamples >= 2)) {
      throw new Error(`bad rate options: windowMs must be > 0, horizonMs ≥ windowMs, maxSamples ≥ 2 (got ${JSON.stringify(this.#o)})`);
    }
  }

  /** Records one reading of `key` at time `t` (ms); readings must come in time order. */
  record(key: string, t: number, c: Counters): void {
    let s = this.#series.get(key);
    if (s === undefined) this.#series.set(key, (s = new Series()));
    const prev = s.samples[s.samples.length - 1];
    if (prev !== undefined && t < prev.t) throw new Error(`counter reading for ${key} at ${t} is older than the last one (${prev.t})`);
    s.add(t, c, this.#o);
  }

  /**
   * Records every interface's and hook's counters of `snap`, as they arrived
   * at `t`. Counters that are the same object as last time (an untouched
   * element of a patched snapshot) add no reading; things gone from the host
   * are forgotten.
   */
  observe(snap: HostSnapshot, t: number): void {
    const seen = new Set<string>();
    const take = (key: string, c: Counters | undefined): void => {
      if (c === undefined) return;
      seen.add(key);
      if (this.#series.get(key)?.last !== c) this.record(key, t, c);
    };
    for (const i of snap.interfaces) take(ifCounterKey(interfaceKey(i)), i.counters);
    for (const n of snap.netgraph.nodes) for (const h of n.hooks) take(hookCounterKey(n.id, h.hook), h.counters);
    for (const key of this.#series.keys()) if (!seen.has(key)) this.#series.delete(key);
  }

  /** The rate of `key` over the window ending at `now`, or null with no reading yet (or only one, just now). */
  rate(key: string, now: number): Rate | null {
    return this.#series.get(key)?.rate(now - this.#o.windowMs, now) ?? null;
  }

  /** The last counters read for `key`. */
  counters(key: string): Counters | undefined {
    return this.#series.get(key)?.last;
  }

  /**
   * Packets per second (both ways) in `buckets` equal steps of `stepMs` ending
   * at `now`, oldest first; null for steps before the first reading.
   */
  history(key: string, now: number, buckets: number, stepMs: number): (number | null)[] {
    const s = this.#series.get(key);
    const out: (number | null)[] = [];
    for (let b = buckets - 1; b >= 0; b--) {
      const to = now - b * stepMs;
      const r = s?.rate(to - stepMs, to) ?? null;
      out.push(r === null ? null : totalPps(r));
    }
    return out;
  }

  /** How many things are tracked (for tests and benchmarks). */
  get size(): number {
    return this.#series.size;
  }
}

/**
 * How busy a rate is, 0 (idle) to 5, on a log scale of packets per second:
 * 0, under 1, under 10, under 100, under 1000, more. The canvas draws levels,
 * so a rate wobbling within one level changes nothing on screen.
 */
export function busyLevel(pps: number): number {
  if (!(pps > 0)) return 0;
  if (pps < 1) return 1;
  if (pps < 10) return 2;
  if (pps < 100) return 3;
  if (pps < 1000) return 4;
  return 5;
}

/** `1234.5` → `1.2 k`: rates in few characters. */
export function shortRate(v: number): string {
  if (v < 10) return v.toFixed(v === 0 ? 0 : 1);
  if (v < 1000) return v.toFixed(0);
  if (v < 1e6) return `${(v / 1e3).toFixed(1)} k`;
  if (v < 1e9) return `${(v / 1e6).toFixed(1)} M`;
  return `${(v / 1e9).toFixed(1)} G`;
}
