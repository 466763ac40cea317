import { describe, expect, it } from 'vitest';
import { busyLevel, hookCounterKey, ifCounterKey, RateTracker, shortRate } from '../../../../../ui/src/lib/graph/rates.js';
import type { Counters } from '../../../../../shared/model/snapshot.js';
import { demoSnapshot } from '../../../demo-snapshot.js';

const c = (inPackets: number, outPackets: number, inBytes = inPackets * 100, outBytes = outPackets * 100): Counters => ({ inPackets, outPackets, inBytes, outBytes });

describe('RateTracker', () => {
  it('gives packets and bytes per second over the window ending now', () => {
    const r = new RateTracker({ windowMs: 4000 });
    r.record('k', 0, c(0, 0));
    r.record('k', 2000, c(10, 4));
    r.record('k', 4000, c(20, 8));
    expect(r.rate('k', 4000)).toEqual({ inPps: 5, outPps: 2, inBps: 500, outBps: 200 });
    // Half a window later the counters are where they were last seen: the rate is the rise over [500, 4500].
    expect(r.rate('k', 4500)?.inPps).toBeCloseTo(20 / 4, 5);
  });

  it('falls back to zero once the counters stop moving for a window', () => {
    const r = new RateTracker({ windowMs: 5000 });
    r.record('k', 0, c(0, 0));
    r.record('k', 1000, c(100, 100));
    expect(r.rate('k', 1000)!.inPps).toBe(100);
    expect(r.rate('k', 5000)!.inPps).toBe(20);
    expect(r.rate('k', 6001)).toEqual({ inPps: 0, outPps: 0, inBps: 0, outBps: 0 });
  });

  it('knows nothing before the first reading, and no movement with one', () => {
    const r = new RateTracker();
    expect(r.rate('k', 1000)).toBeNull();
    r.record('k', 1000, c(7, 7));
    expect(r.rate('k', 1000)).toBeNull();
    expect(r.rate('k', 3000)).toEqual({ inPps: 0, outPps: 0, inBps: 0, outBps: 0 });
  });

  it('starts over when counters go down (the interface was re-created)', () => {
    const r = new RateTracker({ windowMs: 4000 });
    r.record('k', 0, c(1000, 1000));
    r.record('k', 2000, c(3, 0));
    r.record('k', 3000, c(13, 0));
    // Only the readings since the reset count: 10 packets in the 2 s since it.
    expect(r.rate('k', 4000)!.inPps).toBe(5);
  });

  it('refuses readings out of time order and bad options', () => {
    const r = new RateTracker();
    r.record('k', 1000, c(1, 1));
    expect(() => r.record('k', 999, c(2, 2))).toThrow(/at 999 is older than the last one \(1000\)/);
    expect(() => new RateTracker({ windowMs: 0 })).toThrow(/bad rate options/);
    expect(() => new RateTracker({ windowMs: 10_000, horizonMs: 5000 })).toThrow(/horizonMs ≥ windowMs/);
  });

  it('keeps a bounded history and still rates a window reaching past the dropped readings', () => {
    const r = new RateTracker({ windowMs: 2000, horizonMs: 4000, maxSamples: 8 });
    for (let t = 0; t <= 100_000; t += 500) r.record('k', t, c(t / 100, 0));
    // 10 packets per second all along; the kept readings cover the window.
    expect(r.rate('k', 100_000)!.inPps).toBeCloseTo(10, 5);
    expect(r.history('k', 100_000, 3, 1000)).toEqual([10, 10, 10]);
    expect(r.history('k', 100_000, 12, 1000).slice(0, 3)).toEqual([null, null, null]);
  });

  it('reads every interface and hook of a snapshot, skipping counters it already has and forgetting what went', () => {
    const s = demoSnapshot();
    const em0 = s.interfaces.find((i) => i.name === 'em0')!;
    em0.counters = c(0, 0);
    const hook = s.netgraph.nodes.find((n) => n.id === '3')!.hooks.find((h) => h.hook === 'link1')!;
    hook.counters = c(0, 0);
    const r = new RateTracker({ windowMs: 2000 });
    r.observe(s, 0);
    expect(r.size).toBe(2);
    // A patched snapshot: em0's counters moved, the hook's object is the same one.
    const next = { ...s, interfaces: s.interfaces.map((i) => (i === em0 ? { ...i, counters: c(20, 0) } : i)) };
    r.observe(next, 2000);
    expect(r.rate(ifCounterKey('em0'), 2000)!.inPps).toBe(10);
    expect(r.rate(hookCounterKey('3', 'link1'), 2000)!.inPps).toBe(0);
    r.observe({ ...next, interfaces: next.interfaces.filter((i) => i.name !== 'em0') }, 3000);
    expect(r.size).toBe(1);
    expect(r.rate(ifCounterKey('em0'), 3000)).toBeNull();
  });
});

describe('busyLevel and shortRate', () => {
  it('puts rates on a log scale of levels', () => {
    expect([0, -1, NaN, 0.2, 1, 9.9, 10, 99, 100, 999, 1000, 1e6].map(busyLevel)).toEqual([0, 0, 0, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });
  it('writes rates short', () => {
    expect([0, 1.25, 12.4, 999, 1234.5, 2.5e6, 3e9].map(shortRate)).toEqual(['0', '1.3', '12', '999', '1.2 k', '2.5 M', '3.0 G']);
  });
});
