// A link's `impair`: checked against what ng_pipe can set (each problem names
// its field), and mapped to and from ng_pipe's configuration in kernel units.
import { describe, expect, it } from 'vitest';
import { parseDesign } from '../../../shared/design/parse.js';
import type { DesignImpair, Problem } from '../../../shared/design/types.js';
import { berForLoss, impairOf, impairSummary, lossForBer, pipeConfigOf, sameImpair } from '../../../shared/design/impair.js';
import { wiki } from '../plan/helpers.js';

/** The wiki example with `impair` (any value, as read from JSON) on the link to ng_test2. */
const impaired = (impair: unknown): unknown => ({ ...wiki, links: wiki.links.map((l, i) => (i === 2 ? { ...l, impair } : l)) });

const problems = (impair: unknown): Problem[] => {
  const r = parseDesign(impaired(impair));
  return r.ok ? r.warnings : r.problems;
};
const rules = (impair: unknown): string[] => problems(impair).map((p) => `${p.path} ${p.rule}`);

describe('impair in a design', () => {
  it('accepts a good impairment and keeps it as written', () => {
    const impair: DesignImpair = { delayMs: 50.5, bandwidthKbit: 1000, lossPct: 1, queueLen: 100, duplicatePct: 2, overheadBytes: 24, upstream: { bandwidthKbit: 0.5, ber: 1000000 } };
    const r = parseDesign(impaired(impair));
    expect(r.ok ? r.warnings : r.problems).toEqual([]);
    expect(r.ok && r.design.links[2]).toEqual({ ...wiki.links[2], impair });
    expect(parseDesign(impaired({})).ok).toBe(true);
  });

  it('refuses a negative delay, naming the field and the range', () => {
    const [p, ...rest] = problems({ delayMs: -5 });
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ path: 'links[2].impair.delayMs', field: 'delayMs', rule: 'impair-range', element: 'link br0:link2 ↔ ng_test2:ether' });
    expect(p!.message).toBe('link br0:link2 ↔ ng_test2:ether: impair.delayMs must be from 0 to 9999.999 ms (ng_pipe delays less than 10 s), not -5');
  });

  it('refuses a loss over 100 %, here and per direction', () => {
    expect(rules({ lossPct: 101 })).toEqual(['links[2].impair.lossPct impair-range']);
    expect(problems({ downstream: { lossPct: 150 } })[0]!.message).toMatch(/impair\.downstream\.lossPct must be from 0 to 100 %, not 150$/);
  });

  it('refuses an unknown field (shape), before any range rule', () => {
    const r = parseDesign(impaired({ delayMs: -1, latency: 5 }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => [p.path, p.rule, p.message])).toEqual([
      ['links[2].impair.latency', 'unknown-field', 'unknown field "latency" in link #3'],
    ]);
    expect(rules({ downstream: { burst: 1 } })).toEqual(['links[2].impair.downstream.burst unknown-field']);
  });

  it('says why jitter and a one-way delay cannot be had from ng_pipe', () => {
    const [j] = problems({ delayMs: 50, jitterMs: 5 });
    expect(j).toMatchObject({ path: 'links[2].impair.jitterMs', rule: 'no-jitter' });
    expect(j!.message).toContain('ng_pipe has no jitter');
    const [d] = problems({ upstream: { delayMs: 5 } });
    expect(d).toMatchObject({ path: 'links[2].impair.upstream.delayMs', rule: 'delay-both-directions' });
    expect(d!.message).toContain('one delay for both directions');
  });

  it('checks types, resolution and every other limit ng_pipe has', () => {
    expect(rules({ delayMs: '50' })).toEqual(['links[2].impair.delayMs type']);
    expect(rules({ delayMs: 0.0001 })).toEqual(['links[2].impair.delayMs impair-resolution']);
    expect(rules({ delayMs: 10000 })).toEqual(['links[2].impair.delayMs impair-range']);
    expect(rules({ bandwidthKbit: 0.05 })).toEqual(['links[2].impair.bandwidthKbit impair-range']);
    expect(rules({ bandwidthKbit: 1000001 })).toEqual(['links[2].impair.bandwidthKbit impair-range']);
    expect(rules({ bandwidthKbit: 1.0005 })).toEqual(['links[2].impair.bandwidthKbit impair-resolution']);
    expect(rules({ ber: 1.5 })).toEqual(['links[2].impair.ber impair-range']);
    expect(rules({ ber: 2e12 })).toEqual(['links[2].impair.ber impair-range']);
    expect(rules({ lossPct: 1e-9 })).toEqual(['links[2].impair.lossPct impair-range']);
    expect(rules({ lossPct: 1, ber: 100 })).toEqual(['links[2].impair.ber impair-loss-twice']);
    expect(rules({ queueLen: 4 })).toEqual(['links[2].impair.queueLen impair-range']);
    expect(rules({ duplicatePct: 51 })).toEqual(['links[2].impair.duplicatePct impair-range']);
    expect(rules({ overheadBytes: 256 })).toEqual(['links[2].impair.overheadBytes impair-range']);
    expect(rules({ lossPct: 1, downstream: { ber: 100 } })).toEqual([]);
  });
});

describe('impair ↔ ng_pipe configuration', () => {
  it('turns a loss percentage into the BER that loses that share of 1514-byte frames', () => {
    // 1 - (1 - 1/BER)^(8·1514) = 1 %  →  BER ≈ 1 205 134
    expect(berForLoss(1)).toBe(1205134);
    expect(lossForBer(berForLoss(1))).toBeCloseTo(1, 5);
    expect(berForLoss(100)).toBe(1);
    // Framing bytes count as frame bits too: more bits, a larger BER for the same loss.
    expect(berForLoss(1, 24)).toBeGreaterThan(berForLoss(1));
  });

  it('maps design units to kernel units, directions overriding the top level', () => {
    const c = pipeConfigOf({ delayMs: 50, bandwidthKbit: 1000, lossPct: 1, downstream: { bandwidthKbit: 2.5 }, upstream: { ber: 77 } });
    expect(c.delay).toBe(50000);
    expect(c.downstream).toMatchObject({ bandwidth: 2500, ber: 1205134, qinSizeLimit: 50, fifo: 1, droptail: 1 });
    expect(c.upstream).toMatchObject({ bandwidth: 1000000, ber: 77 });
  });

  it('reads back what it wrote (impairOf ∘ pipeConfigOf keeps the configuration)', () => {
    for (const imp of [{}, { delayMs: 0.001 }, { bandwidthKbit: 0.1, queueLen: 5 }, { lossPct: 3, downstream: { duplicatePct: 50 } }, { overheadBytes: 24, upstream: { bandwidthKbit: 10 } }] as DesignImpair[]) {
      const back = impairOf(pipeConfigOf(imp));
      expect(back).not.toBeNull();
      expect(pipeConfigOf(back!)).toEqual(pipeConfigOf(imp));
      expect(sameImpair(back!, imp)).toBe(true);
    }
    expect(impairOf(pipeConfigOf({ upstream: { ber: 9 } }))).toEqual({ upstream: { ber: 9 } });
  });

  it('keeps pipes it cannot say as nodes: wfq queues, drop head, a delay-line limit', () => {
    const c = pipeConfigOf({ delayMs: 1 });
    expect(impairOf({ ...c, downstream: { ...c.downstream, wfq: 1, fifo: 0 } })).toBeNull();
    expect(impairOf({ ...c, upstream: { ...c.upstream, drophead: 1, droptail: 0 } })).toBeNull();
    expect(impairOf({ ...c, upstream: { ...c.upstream, qoutSizeLimit: 10 } })).toBeNull();
    expect(impairOf({ ...c, headerOffset: 14 })).toBeNull();
  });

  it('summarises an impairment in words for labels and plans', () => {
    expect(impairSummary({ delayMs: 50, bandwidthKbit: 1000, downstream: { lossPct: 1 } }, 'br0', 'ng_test2')).toBe('50 ms · 1000 kbit/s · br0→ng_test2 1% loss');
    expect(impairSummary({})).toBe('pipe, no impairment');
  });
});

