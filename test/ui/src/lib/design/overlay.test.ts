// The design drawn over the live graph: an unchanged design adds nothing,
// and added / removed / changed objects, jail moves, problems and conflicts
// are marked on the right elements.
import { describe, expect, it } from 'vitest';
import { overlay } from '../../../../../ui/src/lib/design/overlay.js';
import { addItem, assignJail, connect, removeItem, renameItem } from '../../../../../ui/src/lib/design/edit.js';
import type { EditResult } from '../../../../../ui/src/lib/design/edit.js';
import { findConflicts } from '../../../../../ui/src/lib/design/conflicts.js';
import { snapshotElements } from '../../../../../ui/src/lib/graph/elements.js';
import { designFromSnapshot } from '../../../../../shared/design/from-snapshot.js';
import { validateDesign } from '../../../../../shared/design/validate.js';
import { emptyDesign } from '../../../../../shared/design/types.js';
import type { Design } from '../../../../../shared/design/types.js';
import { demoSnapshot } from '../../../demo-snapshot.js';
import { DEFAULT_NICS, newState } from '../../../../../agent/host/sim/new-state.js';
import { DEMO_EM1, seedDemo } from '../../../../../agent/host/sim/demo.js';
import { simSnapshot } from '../../../../../agent/host/sim/snapshot.js';

const ok = (r: EditResult): Design => {
  if (!r.ok) throw new Error(r.reason);
  return r.design;
};
const classesOf = (o: ReturnType<typeof overlay>, id: string): string[] => o.elements.find((e) => e.data.id === id)?.classes ?? [];

/** The wiki example built from an empty design with the edit functions. */
function wiki(): Design {
  let d = emptyDesign();
  d = ok(renameItem(ok(addItem(d, 'bridge')), { kind: 'node', name: 'br0' }, 'br0'));
  for (const n of ['ng_host', 'ng_test1', 'ng_test2']) d = ok(renameItem(ok(addItem(d, 'eiface')), { kind: 'node', name: 'eiface0' }, n));
  for (const j of ['test1', 'test2']) d = ok(renameItem(ok(addItem(d, 'jail')), { kind: 'jail', name: 'jail0' }, j));
  for (const n of ['ng_host', 'ng_test1', 'ng_test2']) d = ok(connect(d, { kind: 'node', name: 'br0' }, { kind: 'node', name: n }));
  d = ok(assignJail(d, { kind: 'node', name: 'ng_test1' }, 'test1'));
  d = ok(assignJail(d, { kind: 'node', name: 'ng_test2' }, 'test2'));
  return d;
}

describe('overlay', () => {
  it('draws an unchanged design exactly as the live view', () => {
    const s = demoSnapshot();
    const o = overlay(s, designFromSnapshot(s));
    const live = snapshotElements(s);
    expect(o.counts).toEqual({ 'plan-create': 0, 'plan-update': 0, 'plan-destroy': 0 });
    expect(new Set(o.elements.map((e) => e.data.id))).toEqual(new Set(live.map((e) => e.data.id)));
    for (const e of live) expect(classesOf(o, e.data.id), e.data.id).toEqual(e.classes);
  });

  it('shows nothing pending over the real emulated demo host (vnet jails keep their own lo0)', async () => {
    const st = newState({ nics: [...DEFAULT_NICS, DEMO_EM1] });
    await seedDemo(st);
    const s = simSnapshot(st);
    expect(s.interfaces.filter((i) => i.kind === 'loopback' && i.jail !== null)).toHaveLength(4);
    const o = overlay(s, designFromSnapshot(s));
    expect(o.counts).toEqual({ 'plan-create': 0, 'plan-update': 0, 'plan-destroy': 0 });
    expect(o.elements.find((e) => e.data.id === 'if:test1/lo0')?.data).toMatchObject({ parent: 'jail:test1' });
  });

  it('draws the wiki example on an empty host as new elements, interfaces inside their jails', () => {
    const d = wiki();
    expect(validateDesign(d).filter((p) => p.severity === 'error')).toEqual([]);
    const o = overlay(null, d);
    expect(o.counts['plan-create']).toBe(4 + 2 + 3);
    const el = (id: string) => o.elements.find((e) => e.data.id === id);
    expect(el('new:node:ng_test1')?.data).toMatchObject({ parent: 'jail:test1' });
    expect(el('new:node:ng_host')?.data).not.toHaveProperty('parent');
    expect(el('new:link:br0:link0|ng_host:ether')?.data).toMatchObject({ source: 'new:node:br0', target: 'new:node:ng_host', sourceLabel: 'link0', targetLabel: 'ether' });
    // Parents come before their children.
    const ids = o.elements.map((e) => e.data.id);
    expect(ids.indexOf('jail:test1')).toBeLessThan(ids.indexOf('new:node:ng_test1'));
  });

  it('marks what a removal destroys and what a change updates on the live elements', () => {
    const s = demoSnapshot();
    const live = designFromSnapshot(s);
    let d = ok(removeItem(live, { kind: 'jail', name: 'web' }, live));
    d = ok(assignJail(d, { kind: 'node', name: 'ng_host' }, 'test1'));
    const o = overlay(s, d);
    const web = o.ids.get('jail:web') as string;
    expect(classesOf(o, web)).toContain('plan-destroy');
    const host = o.ids.get('node:ng_host') as string;
    expect(o.elements.find((e) => e.data.id === host)?.data).toMatchObject({ parent: 'jail:test1' });
    expect(classesOf(o, host)).toContain('plan-update');
    expect(classesOf(o, o.ids.get('jail:test1') as string)).toContain('plan-update');
    expect(d.delete).toEqual([{ kind: 'jail', name: 'web' }]);
  });

  it('puts a validation problem on its element', () => {
    const d = ok(addItem(emptyDesign(), 'bridge'));
    const o = overlay(null, d, validateDesign(d));
    expect(classesOf(o, 'new:node:br0')).toContain('invalid');
    expect(o.problems.get('new:node:br0')?.[0]?.rule).toBe('dies-without-hooks');
  });

  it('marks a conflict: an edited node the host changed too', () => {
    const s = demoSnapshot();
    const start = designFromSnapshot(s);
    const edited = ok(renameItem(start, { kind: 'jail', name: 'web' }, 'web2'));
    const liveNow = structuredClone(start);
    liveNow.jails = liveNow.jails.filter((j) => j.name !== 'web');
    expect(findConflicts(start, liveNow, edited)).toEqual(new Set(['jail:web']));
    expect(findConflicts(start, start, edited)).toEqual(new Set());
    const o = overlay(s, edited, [], new Set(['jail:web']));
    expect(classesOf(o, 'jail:web')).toContain('conflict');
  });
});

describe('edits', () => {
  it('renaming a node carries links, ifname and jail membership along', () => {
    const d = ok(renameItem(wiki(), { kind: 'node', name: 'ng_test1' }, 'ng_a'));
    expect(d.nodes.find((n) => n.name === 'ng_a')?.ifname).toBe('ng_a');
    expect(d.links.some((l) => l.b.node === 'ng_a' || l.a.node === 'ng_a')).toBe(true);
    expect(d.jails.find((j) => j.name === 'test1')?.interfaces).toEqual(['ng_a']);
  });
  it('removing a node removes its links and takes it out of its jail', () => {
    const d = ok(removeItem(wiki(), { kind: 'node', name: 'ng_test1' }));
    expect(d.links).toHaveLength(2);
    expect(d.jails.find((j) => j.name === 'test1')?.interfaces).toEqual([]);
    expect(d.delete).toBeUndefined();
  });
  it('refuses what cannot be done, with the reason', () => {
    expect(connect(wiki(), { kind: 'node', name: 'br0' }, { kind: 'node', name: 'ng_host' })).toEqual({ ok: false, reason: 'ng_host: an eiface has one hook, "ether", and it is already linked' });
    expect(addItem(emptyDesign(), 'uplink', [])).toEqual({ ok: false, reason: 'the host has no NIC to use as an uplink' });
    expect(assignJail(wiki(), { kind: 'node', name: 'br0' }, 'test1')).toMatchObject({ ok: false });
  });
  it('connects an interface to an if_bridge as a member', () => {
    let d = ok(addItem(emptyDesign(), 'if_bridge'));
    d = ok(addItem(d, 'epair'));
    d = ok(connect(d, { kind: 'epair', name: 'epair0a' }, { kind: 'ifbridge', name: 'bridge0' }));
    expect(d.bridges[0]?.members).toEqual(['epair0a']);
    const o = overlay(null, d);
    expect(o.elements.some((e) => e.data.id === 'new:member:bridge0--epair0a')).toBe(true);
  });
  it('adds an uplink from the first NIC the design does not use', () => {
    const d = ok(addItem(emptyDesign(), 'uplink', ['em0', 'em1']));
    expect(ok(addItem(d, 'uplink', ['em0', 'em1'])).nodes.map((n) => n.name)).toEqual(['em0', 'em1']);
  });
});

describe('layout', () => {
  it('a renamed object keeps its saved position', () => {
    let d = ok(addItem(emptyDesign(), 'jail'));
    d = { ...d, layout: { positions: { 'jail:jail0': { x: 5, y: 6 } } } };
    d = ok(renameItem(d, { kind: 'jail', name: 'jail0' }, 'test1'));
    expect(d.layout?.positions).toEqual({ 'jail:test1': { x: 5, y: 6 } });
  });
});
