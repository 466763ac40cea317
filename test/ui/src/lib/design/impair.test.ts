// Impaired links in the UI: the canvas folds a link's ng_pipe into one edge
// labelled with what it does (the pipe as a node only on request), the
// overlay marks a changed impairment, and the link inspector edits the
// impairment's numbers with the shared rules' words.
import { beforeAll, describe, expect, it } from 'vitest';
import { applyDesign } from '../../../../../agent/engine/apply.js';
import { memorySimBackend } from '../../../../../agent/host/sim/backend.js';
import { newState } from '../../../../../agent/host/sim/new-state.js';
import { designFromSnapshot } from '../../../../../shared/design/from-snapshot.js';
import type { Design, DesignImpair } from '../../../../../shared/design/types.js';
import { emptyLedger } from '../../../../../shared/plan/ledger.js';
import type { HostSnapshot } from '../../../../../shared/model/snapshot.js';
import { snapshotElements } from '../../../../../ui/src/lib/graph/elements.js';
import { inspect } from '../../../../../ui/src/lib/inspect.js';
import type { EdgeElement } from '../../../../../ui/src/lib/graph/elements.js';
import { overlay } from '../../../../../ui/src/lib/design/overlay.js';
import { findConflicts, rebase } from '../../../../../ui/src/lib/design/conflicts.js';
import { applyDraft, checkDesign, commitOf, draftProblems, fieldPath, valueOf } from '../../../../../ui/src/lib/design/fields.js';
import type { Field } from '../../../../../ui/src/lib/design/fields.js';
import { ruleOf } from '../../../../../ui/src/lib/design/field-rules.js';
import { wiki } from '../../../../shared/plan/helpers.js';

const withImpair = (d: Design, impair: DesignImpair | undefined): Design => ({
  ...d,
  links: d.links.map((l) => {
    if (l.b.node !== 'ng_test2') return l;
    const { impair: _x, ...plain } = l;
    return impair ? { ...plain, impair } : plain;
  }),
});

let snap: HostSnapshot;

beforeAll(async () => {
  const b = memorySimBackend(newState());
  await applyDesign(b, { design: withImpair(wiki, { delayMs: 50, downstream: { lossPct: 1 } }), ledger: emptyLedger() });
  snap = await b.observe();
});

const links = (els: ReturnType<typeof snapshotElements>): EdgeElement[] => els.filter((e): e is EdgeElement => e.group === 'edges' && e.data.kind === 'link');
const idOf = (name: string): string => `ng:${snap.netgraph.nodes.find((n) => n.name === name)!.id}`;

describe('the canvas and an impaired link', () => {
  it('hides the pipe and draws one edge br0:link2 — ng_test2:ether labelled with the impairment', () => {
    const els = snapshotElements(snap);
    expect(els.some((e) => e.data.id === idOf('pipe_br0_link2'))).toBe(false);
    const e = links(els).find((x) => x.classes.includes('impaired'))!;
    expect(e.data).toMatchObject({ source: idOf('br0'), sourceLabel: 'link2', target: idOf('ng_test2'), targetLabel: 'ether', label: '50 ms · br0→ng_test2 1% loss (BER 1/1205134)' });
    expect(e.data.id).toBe(`link:${idOf('br0').slice(3)}.link2--${idOf('ng_test2').slice(3)}.ether`);
    expect(links(els)).toHaveLength(3);
    expect(inspect(snap, e)).toEqual([{ title: 'Netgraph link', rows: [['From', 'br0:link2'], ['To', 'ng_test2:ether'], ['Impairment (ng_pipe)', '50 ms · br0→ng_test2 1% loss (BER 1/1205134)']] }]);
  });

  it('draws the pipe as a node of its own when asked', () => {
    const els = snapshotElements(snap, { showSockets: false, showPipes: true });
    expect(els.find((e) => e.data.id === idOf('pipe_br0_link2'))?.data.label).toBe('pipe_br0_link2\npipe');
    expect(links(els)).toHaveLength(4);
    expect(links(els).some((x) => x.classes.includes('impaired'))).toBe(false);
  });

  it('binds the folded edge to the design link, and marks it changed only when the pipe would change', () => {
    const seen = designFromSnapshot(snap);
    const edge = links(snapshotElements(snap)).find((x) => x.classes.includes('impaired'))!;
    expect(overlay(snap, seen).refs.get(edge.data.id)).toEqual({ kind: 'link', key: 'br0:link2|ng_test2:ether' });
    const mark = (d: Design): string[] => overlay(snap, d).elements.find((e) => e.data.id === edge.data.id)!.classes;
    expect(mark(seen)).not.toContain('plan-update');
    // The same pipe settings said with a loss percentage: nothing to do.
    expect(mark(withImpair(seen, { delayMs: 50, downstream: { lossPct: 1 } }))).not.toContain('plan-update');
    expect(mark(withImpair(seen, { delayMs: 60 }))).toContain('plan-update');
    expect(mark(withImpair(seen, undefined))).toContain('plan-update');
  });
});

describe('editing an impairment while the host changes', () => {
  it('takes the host\'s new settings where the user did not edit them, and marks a conflict where both did', () => {
    const start = designFromSnapshot(snap);
    const live = withImpair(start, { delayMs: 70 });
    expect(rebase(start, live, start).links[2]!.impair).toEqual({ delayMs: 70 });
    const mine = withImpair(start, { delayMs: 10 });
    expect(rebase(start, live, mine).links[2]!.impair).toEqual({ delayMs: 10 });
    expect([...findConflicts(start, live, mine)]).toEqual(['link:br0:link2|ng_test2:ether']);
    expect([...findConflicts(start, withImpair(start, { delayMs: 10 }), mine)]).toEqual([]);
  });
});

describe('the link inspector\'s impairment fields', () => {
  const key = 'br0:link2|ng_test2:ether';
  const f = (knob: 'delayMs' | 'lossPct' | 'bandwidthKbit', dir: 'both' | 'downstream' | 'upstream' = 'both'): Field => ({ of: 'link', link: key, key: 'impair', dir, knob });
  const on: Field = { of: 'link', link: key, key: 'impaired' };

  it('switches the impairment on and off', () => {
    expect(valueOf(wiki, on)).toBe('false');
    const d = applyDraft(wiki, on, 'true');
    expect(d.links[2]!.impair).toEqual({});
    expect(valueOf(d, on)).toBe('true');
    expect(applyDraft(d, on, 'false').links[2]).toEqual(wiki.links[2]);
    expect(commitOf(wiki, on, 'true')).toMatchObject({ how: 'update' });
  });

  it('edits the numbers where the design keeps them, per direction too, and drops what is emptied', () => {
    const d = withImpair(wiki, { delayMs: 50, downstream: { lossPct: 1 } });
    expect(fieldPath(d, f('delayMs'))).toBe('links[2].impair.delayMs');
    expect(fieldPath(d, f('lossPct', 'downstream'))).toBe('links[2].impair.downstream.lossPct');
    expect(valueOf(d, f('delayMs'))).toBe('50');
    expect(valueOf(d, f('lossPct', 'downstream'))).toBe('1');
    expect(valueOf(d, f('lossPct', 'upstream'))).toBe('');
    expect(applyDraft(d, f('bandwidthKbit', 'upstream'), '64').links[2]!.impair).toEqual({ delayMs: 50, downstream: { lossPct: 1 }, upstream: { bandwidthKbit: 64 } });
    expect(applyDraft(d, f('lossPct', 'downstream'), '').links[2]!.impair).toEqual({ delayMs: 50 });
    expect(applyDraft(wiki, f('delayMs'), '2.5').links[2]!.impair).toEqual({ delayMs: 2.5 });
    expect(d).toEqual(withImpair(wiki, { delayMs: 50, downstream: { lossPct: 1 } }));
  });

  it('checks a draft with the shared rules, in their words, at the field', () => {
    const d = withImpair(wiki, { delayMs: 50 });
    const said = (field: Field, text: string): string[] => draftProblems(d, checkDesign(d), field, text).map((p) => p.message);
    expect(said(f('delayMs'), '-5')).toEqual(['link br0:link2 ↔ ng_test2:ether: impair.delayMs must be from 0 to 9999.999 ms (ng_pipe delays less than 10 s), not -5']);
    expect(said(f('lossPct', 'upstream'), '120')).toEqual(['link br0:link2 ↔ ng_test2:ether: impair.upstream.lossPct must be from 0 to 100 %, not 120']);
    expect(said(f('delayMs'), 'soon')).toEqual(['link #3: "delayMs" must be a number, not the string "soon"']);
    expect(said(f('delayMs'), '20')).toEqual([]);
    // The on/off box does not repeat what a number's own field says.
    const bad = withImpair(wiki, { delayMs: -1 });
    expect(draftProblems(bad, checkDesign(bad), on, 'true')).toEqual([]);
  });

  it('says each rule in words, naming the direction by its nodes', () => {
    const d = withImpair(wiki, {});
    expect(ruleOf(d, f('delayMs'))).toContain('no jitter');
    expect(ruleOf(d, f('lossPct', 'downstream'))).toMatch(/^br0 → ng_test2 only: % of full-size \(1514-byte\) frames lost/);
    expect(ruleOf(d, f('bandwidthKbit', 'upstream'))).toMatch(/^ng_test2 → br0 only: kbit\/s/);
  });
});
