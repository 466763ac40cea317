import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diffElements, isEmptyDiff } from '../../../../../ui/src/lib/graph/element-diff.js';
import type { ElementDiff } from '../../../../../ui/src/lib/graph/element-diff.js';
import { snapshotElements } from '../../../../../ui/src/lib/graph/elements.js';
import type { GraphElement, NodeElement } from '../../../../../ui/src/lib/graph/elements.js';
import { demoSnapshot } from '../../../demo-snapshot.js';

/** What a canvas would hold after applying `d` to `before`, as id → element (the way the adapter applies it). */
function applyDiff(before: GraphElement[], d: ElementDiff): Map<string, GraphElement> {
  const m = new Map(before.map((e) => [e.data.id, structuredClone(e)]));
  for (const id of d.remove) m.delete(id);
  for (const e of d.add) m.set(e.data.id, e);
  for (const u of d.update) {
    const e = m.get(u.id);
    if (!e) throw new Error(`update of missing ${u.id}`);
    const oldParent = e.group === 'nodes' ? e.data.parent : undefined;
    const parent = u.parent === undefined ? oldParent : (u.parent ?? undefined);
    const data = { ...(u.data ?? e.data) } as NodeElement['data'];
    delete data.parent;
    if (parent !== undefined) data.parent = parent;
    e.data = data as never;
    if (u.classes) e.classes = u.classes;
  }
  return m;
}

const node = (id: string, label: string, extra: Partial<NodeElement['data']> = {}, classes = ['ng']): NodeElement => ({
  group: 'nodes',
  data: { id, kind: 'ng', label, ...extra },
  classes,
});

describe('diffElements', () => {
  it('is empty for the same elements (and for equal copies)', () => {
    const els = snapshotElements(demoSnapshot());
    expect(isEmptyDiff(diffElements(els, els))).toBe(true);
    expect(isEmptyDiff(diffElements(els, snapshotElements(demoSnapshot())))).toBe(true);
  });

  it('adds new elements and removes gone ones, leaving the rest untouched', () => {
    const before = snapshotElements(demoSnapshot());
    const s = demoSnapshot();
    s.netgraph.nodes = s.netgraph.nodes.filter((n) => n.id !== '2');
    s.netgraph.nodes.push({ id: '9', name: 'ngeth0', type: 'eiface', hooks: [] });
    const d = diffElements(before, snapshotElements(s));
    // em1 loses its ng_ether node: it becomes a plain NIC element and its member edge is re-keyed.
    expect(d.add.map((e) => e.data.id).sort()).toEqual(['if:em1', 'member:if:em1bridge--if:em1', 'ng:9']);
    expect(d.remove.sort()).toEqual(['member:if:em1bridge--ng:2', 'ng:2'].sort());
    expect(d.update).toEqual([]);
  });

  it('reports data and class changes of an element that stays', () => {
    const d = diffElements([node('ng:1', 'a')], [node('ng:1', 'b', {}, ['down', 'ng'])]);
    expect(d.add).toEqual([]);
    expect(d.remove).toEqual([]);
    expect(d.update).toEqual([{ id: 'ng:1', data: { id: 'ng:1', kind: 'ng', label: 'b' }, classes: ['down', 'ng'] }]);
  });

  it('reports a parent change on its own, so the canvas can move the element into the jail', () => {
    const d = diffElements([node('ng:5', 'x')], [node('ng:5', 'x', { parent: 'jail:test1' })]);
    expect(d.update).toEqual([{ id: 'ng:5', parent: 'jail:test1' }]);
    const back = diffElements([node('ng:5', 'x', { parent: 'jail:test1' })], [node('ng:5', 'x')]);
    expect(back.update).toEqual([{ id: 'ng:5', parent: null }]);
  });

  it('re-creates an edge whose ends changed (Cytoscape cannot retarget one)', () => {
    const e = (target: string): GraphElement => ({ group: 'edges', data: { id: 'e', kind: 'link', source: 'a', target }, classes: ['link'] });
    const d = diffElements([e('b')], [e('c')]);
    expect(d.remove).toEqual(['e']);
    expect(d.add.map((x) => x.data.id)).toEqual(['e']);
  });

  it('turns any element list into any other (property)', () => {
    const arb = fc.uniqueArray(
      fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e'), label: fc.constantFrom('x', 'y'), parent: fc.option(fc.constantFrom('p', 'q'), { nil: undefined }), down: fc.boolean() }),
      { selector: (r) => r.id, maxLength: 5 },
    );
    const toEls = (rs: { id: string; label: string; parent?: string; down: boolean }[]): GraphElement[] =>
      rs.map((r) => node(r.id, r.label, r.parent === undefined ? {} : { parent: r.parent }, r.down ? ['down', 'ng'] : ['ng']));
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        const before = toEls(a);
        const after = toEls(b);
        const got = applyDiff(before, diffElements(before, after));
        expect(new Map([...got].map(([k, v]) => [k, v]))).toEqual(new Map(after.map((e) => [e.data.id, e])));
        // Untouched: every element not mentioned in the diff is equal on both sides.
        const d = diffElements(before, after);
        const mentioned = new Set([...d.remove, ...d.add.map((x) => x.data.id), ...d.update.map((u) => u.id)]);
        for (const e of before) if (!mentioned.has(e.data.id)) expect(after.find((x) => x.data.id === e.data.id)).toEqual(e);
      }),
    );
  });
});
