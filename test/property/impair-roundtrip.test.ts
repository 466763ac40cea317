// Impaired links round-trip: any valid design with random impairments on
// random links, planned and applied on the emulated host (ng_pipe with its
// setcfg), observed and turned back into a design, gives the same links with
// the same impairments (same ends, same direction, the same ng_pipe settings),
// and planning either design against that host again needs nothing. Then
// from that host to another impaired design (pipes added, re-set, removed).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyDesign } from '../../agent/engine/apply.js';
import { memorySimBackend } from '../../agent/host/sim/backend.js';
import { newState } from '../../agent/host/sim/new-state.js';
import { designFromSnapshot } from '../../shared/design/from-snapshot.js';
import { sameImpair } from '../../shared/design/impair.js';
import { parseDesign } from '../../shared/design/parse.js';
import type { Design, DesignImpair, ImpairDirection } from '../../shared/design/types.js';
import { describe as describeChange } from '../../shared/plan/describe.js';
import { emptyLedger, type Ledger } from '../../shared/plan/ledger.js';
import { plan } from '../../shared/plan/plan.js';
import { isSafeArg } from '../../shared/model/names.js';
import { designArb } from './plan-arbitraries.js';
import { emptyHost } from '../shared/plan/helpers.js';

const opt = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined });

/** Loss given one way or the other (never both on one level). */
const lossArb: fc.Arbitrary<Pick<ImpairDirection, 'lossPct' | 'ber'>> = fc.oneof(
  fc.constant({}),
  fc.integer({ min: 1, max: 10000 }).map((x) => ({ lossPct: x / 100 })),
  fc.integer({ min: 1, max: 1_000_000_000_000 }).map((ber) => ({ ber })),
);

const directionArb: fc.Arbitrary<ImpairDirection> = fc
  .record({
    bandwidthKbit: opt(fc.oneof(fc.constant(0), fc.integer({ min: 100, max: 1_000_000_000 }).map((b) => b / 1000))),
    queueLen: opt(fc.integer({ min: 5, max: 100000 })),
    duplicatePct: opt(fc.integer({ min: 0, max: 50 })),
    loss: lossArb,
  })
  .map(({ loss, ...rest }) => strip({ ...rest, ...loss }));

const impairArb: fc.Arbitrary<DesignImpair> = fc
  .record({
    both: directionArb,
    delayMs: opt(fc.integer({ min: 0, max: 9_999_999 }).map((us) => us / 1000)),
    overheadBytes: opt(fc.integer({ min: 0, max: 255 })),
    downstream: opt(directionArb),
    upstream: opt(directionArb),
  })
  .map(({ both, ...rest }) => strip({ ...both, ...rest }));

/** Without the keys whose value is undefined (JSON has no undefined). */
function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** `d` with the impairments put on the links `which` picks. */
function impairSome(d: Design, impairs: DesignImpair[], which: boolean[]): Design {
  let k = 0;
  return { ...d, links: d.links.map((l, i) => (which[i] && k < impairs.length ? { ...l, impair: impairs[k++]! } : l)) };
}

const impairedArb = fc
  .tuple(designArb, fc.array(impairArb, { maxLength: 6 }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }))
  .map(([d, impairs, which]) => impairSome(d, impairs, which));

/** The impaired links of a design as `a:hook→b:hook` → impairment. */
const impaired = (d: Design): Map<string, DesignImpair> =>
  new Map(d.links.filter((l) => l.impair).map((l) => [`${l.a.node}:${l.a.hook}→${l.b.node}:${l.b.hook}`, l.impair!]));

async function converge(b: ReturnType<typeof memorySimBackend>, d: Design, ledger: Ledger): Promise<Ledger> {
  const out = await applyDesign(b, { design: d, ledger });
  expect(out.report.mismatches).toEqual([]);
  return out.ledger;
}

describe('impaired links round-trip through the emulated host', () => {
  it('designs with random impairments are valid, and plan into plain ngctl words (no blanks, nothing sh or ngctl would read twice)', () => {
    fc.assert(fc.property(impairedArb, (d) => {
      const r = parseDesign(d);
      expect(r.ok ? [] : r.problems).toEqual([]);
      for (const c of plan(emptyHost(), d, emptyLedger()).changes) {
        for (const a of c.commands.flatMap((x) => x.argv)) if (typeof a === 'string') expect(isSafeArg(a) && /^[^\s#][^\s]*$/.test(a), a).toBe(true);
      }
    }));
  });

  it('plan → apply → observe → design gives the same impaired links, and re-planning either design needs nothing', async () => {
    await fc.assert(fc.asyncProperty(impairedArb, async (d) => {
      const b = memorySimBackend(newState());
      const ledger = await converge(b, d, emptyLedger());
      const s = await b.observe();
      const seen = designFromSnapshot(s);
      expect(parseDesign(seen).ok).toBe(true);
      const want = impaired(d);
      const got = impaired(seen);
      expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
      for (const [k, imp] of want) expect(sameImpair(got.get(k), imp), `${k}: ${JSON.stringify(imp)} came back as ${JSON.stringify(got.get(k))}`).toBe(true);
      expect(seen.nodes.some((n) => n.type === 'pipe')).toBe(false);
      for (const x of [d, seen]) {
        const p = plan(s, x, ledger);
        expect(p.changes.map(describeChange)).toEqual([]);
        expect(p.notes).toEqual([]);
      }
    }), { numRuns: 40 });
  });

  it('takes a host with impaired links to any other impaired design, pipes spliced, re-set and removed in place', async () => {
    await fc.assert(fc.asyncProperty(designArb, fc.array(impairArb, { minLength: 4, maxLength: 4 }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), async (d, impairs, first, second) => {
      const b = memorySimBackend(newState());
      const ledger = await converge(b, impairSome(d, impairs, first), emptyLedger());
      const next = impairSome(d, [...impairs].reverse(), second);
      const after = await converge(b, next, ledger);
      const s = await b.observe();
      expect(plan(s, next, after).changes.map(describeChange)).toEqual([]);
      const got = impaired(designFromSnapshot(s));
      expect([...got.keys()].sort()).toEqual([...impaired(next).keys()].sort());
      // Only ngstudio's pipes exist, one per impaired link.
      expect(s.netgraph.nodes.filter((n) => n.type === 'pipe')).toHaveLength(got.size);
    }), { numRuns: 30 });
  });
});
