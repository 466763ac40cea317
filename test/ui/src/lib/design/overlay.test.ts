// The design drawn over the live graph: an unchanged design adds nothing,
// and added / removed / changed objects, jail moves, problems and conflicts
// are marked on the right elements.
import { describe, expect, it } from 'vitest';
import { overlay, plannedDestroys } from '../../../../../ui/src/lib/design/overlay.js';
import { addItem, assignJail, connect, removeItem, renameItem } from '../../../../../ui/src/lib/design/edit.js';
import type { EditResult } from '../../../../../ui/src/lib/design/edit.js';
import { keyOfLink as linkKeyOf } from '../../../../../ui/src/lib/design/refs.js';
import { findConflicts, rebase } from '../../../../../ui/src/lib/design/conflicts.js';
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
    const edited = structuredClone(start);
    const web = edited.jails.find((j) => j.name === 'web');
    if (!web) throw new Error('no jail web in the demo');
    web.hostname = 'www.example.org';
    const liveNow = structuredClone(start);
    liveNow.jails = liveNow.jails.filter((j) => j.name !== 'web');
    expect(findConflicts(start, liveNow, edited)).toEqual(new Set(['jail:web']));
    expect(findConflicts(start, start, edited)).toEqual(new Set());
    // Gone on both sides (the user removed or renamed it, the host removed it): they agree.
    const renamed = ok(renameItem(start, { kind: 'jail', name: 'web' }, 'web2'));
    expect(findConflicts(start, liveNow, renamed)).toEqual(new Set());
    const o = overlay(s, edited, [], new Set(['jail:web']));
    expect(classesOf(o, 'jail:web')).toContain('conflict');
  });

  it('marks a conflict on a node when the host linked the hook a pending link takes', () => {
    const s = demoSnapshot();
    const start = designFromSnapshot(s);
    const br0 = start.nodes.find((n) => n.name === 'br0');
    if (!br0) throw new Error('no br0 in the demo');
    const free = ok(addItem(start, 'eiface'));
    const eiface = free.nodes.find((n) => !start.nodes.some((x) => x.name === n.name));
    if (!eiface) throw new Error('no new eiface');
    const edited = ok(connect(free, { kind: 'node', name: 'br0' }, { kind: 'node', name: eiface.name }));
    const hook = edited.links.find((l) => l.a.node === eiface.name || l.b.node === eiface.name);
    const brHook = hook?.a.node === 'br0' ? hook.a.hook : hook?.b.hook;
    // The host got a link on that very hook meanwhile.
    const liveNow = structuredClone(start);
    liveNow.nodes.push({ name: 'other', type: 'eiface', ifname: 'other' });
    liveNow.links.push({ a: { node: 'br0', hook: brHook as string }, b: { node: 'other', hook: 'ether' } });
    expect(findConflicts(start, liveNow, edited)).toEqual(new Set(['node:br0']));
    // Also once the host's link is taken into the design (both links on one hook).
    expect(findConflicts(start, liveNow, rebase(start, liveNow, edited))).toEqual(new Set(['node:br0']));
    // The same link on both sides, or a change on another hook, is no conflict.
    const agreeing = structuredClone(edited);
    expect(findConflicts(start, agreeing, edited)).toEqual(new Set());
    const elsewhere = structuredClone(start);
    elsewhere.links.push({ a: { node: 'br0', hook: 'link99' }, b: { node: 'other', hook: 'ether' } });
    expect(findConflicts(start, elsewhere, edited)).toEqual(new Set());
  });

  it('marks a conflict on an epair or if_bridge edited here and changed on the host', () => {
    let start = ok(addItem(ok(addItem(emptyDesign(), 'epair')), 'if_bridge'));
    start = structuredClone(start);
    const [ep, bridge] = [start.epairs[0], start.bridges[0]];
    if (!ep || !bridge) throw new Error('no epair or if_bridge');
    const edited = structuredClone(start);
    edited.epairs[0]!.a.mac = '02:00:00:00:00:01';
    edited.bridges[0]!.up = true;
    const liveNow = structuredClone(start);
    liveNow.epairs[0]!.b.up = false;
    liveNow.bridges[0]!.members = ['em0'];
    expect(findConflicts(start, liveNow, edited)).toEqual(new Set([`epair:${ep.a.name}`, `ifbridge:${bridge.name}`]));
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

describe('pending edits follow the host where the user did not edit', () => {
  const start = (): Design => designFromSnapshot(demoSnapshot());
  const names = (d: Design): string[] => d.nodes.map((n) => n.name).sort();

  it('takes in what the host added, removed and changed, and keeps the user\'s edits', () => {
    const s0 = start();
    // The user: a new hub, ng_test1 deleted, jail web's hostname changed.
    let edited = ok(addItem(s0, 'hub'));
    edited = ok(removeItem(edited, { kind: 'node', name: 'ng_test1' }, s0));
    edited = structuredClone(edited);
    (edited.jails.find((j) => j.name === 'web') as Design['jails'][number]).hostname = 'www.example.org';
    // The host: a new eiface linked to br0, ng_test2 gone, jail db's hostname changed.
    const live = structuredClone(s0);
    live.nodes.push({ name: 'ngeth9', type: 'eiface', ifname: 'ngeth9' });
    live.links.push({ a: { node: 'br0', hook: 'link9' }, b: { node: 'ngeth9', hook: 'ether' } });
    live.nodes = live.nodes.filter((n) => n.name !== 'ng_test2');
    live.links = live.links.filter((l) => l.a.node !== 'ng_test2' && l.b.node !== 'ng_test2');
    (live.jails.find((j) => j.name === 'db') as Design['jails'][number]).hostname = 'db2.example.org';

    const r = rebase(s0, live, edited);
    expect(names(r)).toEqual(names(live).filter((n) => n !== 'ng_test1').concat('hub0').sort());
    expect(r.links.some((l) => l.b.node === 'ngeth9' && l.a.hook === 'link9')).toBe(true);
    expect(r.links.some((l) => l.a.node === 'ng_test2' || l.b.node === 'ng_test2')).toBe(false);
    expect(r.jails.find((j) => j.name === 'db')?.hostname).toBe('db2.example.org');
    expect(r.jails.find((j) => j.name === 'web')?.hostname).toBe('www.example.org');
    // Nothing to report: the two sides changed different things.
    expect(findConflicts(s0, live, r)).toEqual(new Set());
    // Drawn over the host, the only node marked for destruction is the one the user deleted.
    const o = overlay(demoSnapshot(), rebase(s0, s0, edited));
    expect(o.elements.filter((e) => e.group === 'nodes' && e.classes.includes('plan-destroy')).map((e) => (e.data as { label: string }).label.split('\n')[0])).toEqual(['ng_test1']);
  });

  it('keeps a user\'s edit the host also changed, and reports it', () => {
    const s0 = start();
    const edited = structuredClone(s0);
    (edited.jails.find((j) => j.name === 'web') as Design['jails'][number]).hostname = 'mine.example.org';
    const live = structuredClone(s0);
    (live.jails.find((j) => j.name === 'web') as Design['jails'][number]).hostname = 'theirs.example.org';
    const r = rebase(s0, live, edited);
    expect(r.jails.find((j) => j.name === 'web')?.hostname).toBe('mine.example.org');
    expect(findConflicts(s0, live, r)).toEqual(new Set(['jail:web']));
  });

  it('is the design itself when the host did not change, and the host when nothing was edited', () => {
    const s0 = start();
    const edited = ok(addItem(s0, 'bridge'));
    expect(rebase(s0, s0, edited)).toEqual(edited);
    const live = structuredClone(s0);
    live.nodes.push({ name: 'x', type: 'hub', persistent: true });
    expect(rebase(s0, live, s0).nodes).toEqual(live.nodes);
  });
});

describe('destroy marks follow the plan', () => {
  it('leaves unmarked what the design omits but the plan keeps (not ngstudio\'s, no explicit delete)', () => {
    const s = demoSnapshot();
    const start = designFromSnapshot(s);
    // An opened design that mentions only br0 and its links' nodes: the rest of the host is out of its scope.
    const opened = structuredClone(start);
    opened.jails = [];
    opened.epairs = [];
    opened.bridges = [];
    const marked = (planned: Parameters<typeof overlay>[5]): string[] =>
      overlay(s, opened, [], new Set(), undefined, planned).elements.filter((e) => e.group === 'nodes' && e.classes.includes('plan-destroy')).map((e) => e.data.id).sort();
    // Without a plan every difference is marked; with a plan that destroys nothing, nothing is.
    expect(marked(null).length).toBeGreaterThan(0);
    expect(marked([])).toEqual([]);
    // What the plan destroys is marked: a jail, and an epair by one end (both ends drawn).
    const db = start.jails.find((j) => j.name === 'db');
    const ep = start.epairs[0];
    if (!db || !ep) throw new Error('the demo has jail db and an epair');
    const withPlan = marked([{ impact: 'destroy', object: { kind: 'jail', name: 'db' } }, { impact: 'destroy', object: { kind: 'interface', name: ep.a.name } }]);
    expect(withPlan).toEqual(expect.arrayContaining(['jail:db']));
    expect(withPlan.filter((id) => id.startsWith('if:'))).toHaveLength(2);
  });

  it('names a node\'s links, a link by its end, epair ends and explicit deletes', () => {
    const base = designFromSnapshot(demoSnapshot());
    const link = base.links.find((l) => l.a.node === 'br0' || l.b.node === 'br0');
    if (!link) throw new Error('br0 has links in the demo');
    const end = link.a.node === 'br0' ? link.a : link.b;
    const byLink = plannedDestroys([{ impact: 'destroy', object: { kind: 'link', name: `br0:${end.hook}` } }], base, base);
    expect([...byLink]).toEqual([`link:${linkKeyOf(link)}`]);
    const byNode = plannedDestroys([{ impact: 'destroy', object: { kind: 'node', name: 'br0' } }, { impact: 'create', object: { kind: 'node', name: 'x' } }], base, base);
    expect(byNode.has('node:br0')).toBe(true);
    expect([...byNode].filter((k) => k.startsWith('link:')).length).toBe(base.links.filter((l) => l.a.node === 'br0' || l.b.node === 'br0').length);
    expect(byNode.has('node:x')).toBe(false);
    const explicit = plannedDestroys([], base, { ...base, delete: [{ kind: 'jail', name: 'web' }] });
    expect([...explicit]).toEqual(['jail:web']);
  });
});

