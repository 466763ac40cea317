import { describe, expect, it } from 'vitest';
import { snapshotElements } from '../../../../../ui/src/lib/graph/elements.js';
import type { GraphElement, NodeElement } from '../../../../../ui/src/lib/graph/elements.js';
import { kindOf, NO_VIEW_OPTIONS, viewElements } from '../../../../../ui/src/lib/graph/view.js';
import { demoSnapshot } from '../../../demo-snapshot.js';

const els = snapshotElements(demoSnapshot());
const node = (list: GraphElement[], id: string): NodeElement => {
  const e = list.find((x) => x.data.id === id);
  if (!e || e.group !== 'nodes') throw new Error(`no node ${id}`);
  return e;
};
const opts = (o: Partial<typeof NO_VIEW_OPTIONS>) => ({ ...NO_VIEW_OPTIONS, ...o });

describe('viewElements', () => {
  it('changes nothing with no options', () => {
    expect(viewElements(els, NO_VIEW_OPTIONS)).toBe(els);
  });

  it('collapses a jail to one node with a count, its members gone and their links drawn to the jail', () => {
    const v = viewElements(els, opts({ collapsed: new Set(['jail:test1']) }));
    const j = node(v, 'jail:test1');
    expect(j.classes).toContain('collapsed');
    expect(j.data.label).toBe('test1\njail · 1 inside');
    expect(v.some((e) => e.group === 'nodes' && e.data.parent === 'jail:test1')).toBe(false);
    // br0's link to ng_test1 now ends at the jail, with its hook names.
    const via = v.filter((e) => e.group === 'edges' && (e.data.source === 'jail:test1' || e.data.target === 'jail:test1'));
    expect(via).toHaveLength(1);
    expect(via[0]!.data.id).toMatch(/^via:link:/);
    expect(via[0]!.group === 'edges' && [via[0]!.data.sourceLabel, via[0]!.data.targetLabel].sort()).toEqual(['ether', 'link1']);
    // Other jails are untouched, and the input is not changed.
    expect(v.some((e) => e.group === 'nodes' && e.data.parent === 'jail:test2')).toBe(true);
    expect(els.some((e) => e.group === 'nodes' && e.data.parent === 'jail:test1')).toBe(true);
  });

  it('draws the epair cable into a collapsed jail to the jail itself', () => {
    const v = viewElements(els, opts({ collapsed: new Set(['jail:db']) }));
    const cable = v.find((e) => e.group === 'edges' && e.data.kind === 'cable');
    expect(cable && cable.group === 'edges' && [cable.data.source, cable.data.target].includes('jail:db')).toBe(true);
  });

  it('marks filtered kinds and jails, and keeps every element (nothing moves when shown again)', () => {
    const v = viewElements(els, opts({ hiddenKinds: new Set(['loopback', 'bridge']), hiddenJails: new Set(['jail:web']) }));
    expect(v).toHaveLength(els.length);
    const filtered = v.filter((e) => e.classes.includes('filtered')).map((e) => e.data.id).sort();
    const loopbacks = els.filter((e) => e.group === 'nodes' && e.classes.includes('if-loopback')).map((e) => e.data.id);
    const bridges = els.filter((e) => e.group === 'nodes' && e.classes.includes('ng-bridge')).map((e) => e.data.id);
    const web = ['jail:web', ...els.filter((e) => e.group === 'nodes' && e.data.parent === 'jail:web').map((e) => e.data.id)];
    expect(filtered).toEqual([...new Set([...loopbacks, ...bridges, ...web])].sort());
    expect(node(v, 'jail:test1').classes).not.toContain('filtered');
  });

  it('names kinds after their glyph', () => {
    expect(kindOf(node(els, 'ng:1').classes)).toBe('uplink');
    expect(kindOf(['ng', 'ng-bridge'])).toBe('bridge');
    expect(kindOf(['iface', 'if-epair', 'ng', 'ng-ether'])).toBe('epair');
    expect(kindOf(['ng', 'ng-something-new'])).toBe('generic');
  });
});
