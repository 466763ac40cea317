// The design being edited drawn over the live graph (pure): the host's own
// elements (snapshotElements) plus what the design adds, each marked with what
// applying it would do — `plan-create`, `plan-update`, `plan-destroy` — and
// `invalid` where a validation problem sits, `conflict` where the host changed
// under a pending edit. Also maps every element to the design object it stands for.
// What the host has and the design lacks is only marked for destruction when
// the planner would destroy it (the design's explicit deletes, what ngstudio
// created): given the plan's destroys, the marks follow them.
import { designFromSnapshot } from '../../../../shared/design/from-snapshot.js';
import { impairSummary, sameImpair } from '../../../../shared/design/impair.js';
import { emptyDesign } from '../../../../shared/design/types.js';
import type { Design, Problem } from '../../../../shared/design/types.js';
import type { HostSnapshot } from '../../../../shared/model/snapshot.js';
import { snapshotElements, DEFAULT_ELEMENT_OPTIONS } from '../graph/elements.js';
import type { EdgeElement, ElementOptions, GraphElement, NodeElement } from '../graph/elements.js';
import { keyOfLink, linkKey, refKey } from './refs.js';
import type { DesignRef } from './refs.js';

export type Pending = 'plan-create' | 'plan-update' | 'plan-destroy';

export interface Overlay {
  elements: GraphElement[];
  /** Element id → the design object it stands for. */
  refs: Map<string, DesignRef>;
  /** refKey → element id (the way back). */
  ids: Map<string, string>;
  /** Element id → the problems that sit on it. */
  problems: Map<string, Problem[]>;
  counts: Record<Pending, number>;
}

const STYLED = new Set(['bridge', 'eiface', 'ether', 'hub', 'vlan', 'one2many', 'tee', 'iface']);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Working state while the overlay is built. */
class Builder {
  byId = new Map<string, GraphElement>();
  refs = new Map<string, DesignRef>();
  ids = new Map<string, string>();
  constructor(elements: GraphElement[]) {
    for (const e of elements) this.byId.set(e.data.id, { ...e, data: { ...e.data }, classes: [...e.classes] } as GraphElement);
  }
  bind(id: string, r: DesignRef): void {
    this.refs.set(id, r);
    if (!this.ids.has(refKey(r))) this.ids.set(refKey(r), id);
  }
  idOf(r: DesignRef): string | undefined {
    return this.ids.get(refKey(r));
  }
  mark(r: DesignRef, cls: string): void {
    const e = this.byId.get(this.idOf(r) ?? '');
    if (e && !e.classes.includes(cls)) e.classes.push(cls);
  }
  add(e: GraphElement, r: DesignRef): void {
    this.byId.set(e.data.id, e);
    this.bind(e.data.id, r);
  }
}

/** Binds the live elements to design refs (node keys, interfaces, jails, links). */
function bindLive(b: Builder, s: HostSnapshot): void {
  const keyById = new Map(s.netgraph.nodes.map((n) => [n.id, n.name ?? `[${n.id}]`]));
  const ifByKey = new Map(s.interfaces.map((i) => [i.jail === null ? i.name : `${i.jail}/${i.name}`, i]));
  for (const e of b.byId.values()) {
    const d = e.data;
    if (e.group === 'edges') {
      if (e.data.kind !== 'link') continue;
      const a = keyById.get(e.data.source.slice(3));
      const z = keyById.get(e.data.target.slice(3));
      if (a && z) b.bind(d.id, { kind: 'link', key: linkKey({ node: a, hook: e.data.sourceLabel ?? '' }, { node: z, hook: e.data.targetLabel ?? '' }) });
      continue;
    }
    const n = e as NodeElement;
    if (n.data.kind === 'jail' && n.data.jail) b.bind(d.id, { kind: 'jail', name: n.data.jail });
    else if (n.data.kind === 'ng' && n.data.ngId) b.bind(d.id, { kind: 'node', name: keyById.get(n.data.ngId) ?? '' });
    else if (n.data.kind === 'if' && n.data.ifKey) {
      const i = ifByKey.get(n.data.ifKey);
      if (!i) continue;
      b.bind(d.id, { kind: i.kind === 'epair' ? 'epair' : i.kind === 'bridge' ? 'ifbridge' : 'iface', name: i.name });
    }
  }
}

const nodeEl = (id: string, label: string, classes: string[], parent?: string): NodeElement => ({
  group: 'nodes', data: { id, kind: id.startsWith('new:jail') ? 'jail' : 'ng', label, ...(parent ? { parent } : {}) }, classes,
});

/** Netgraph nodes and their links: new ones added, gone ones and changed ones marked. */
function overlayNetgraph(b: Builder, base: Design, d: Design): void {
  const baseNodes = new Map(base.nodes.map((n) => [n.name, n]));
  const names = new Set(d.nodes.map((n) => n.name));
  for (const n of base.nodes) if (!names.has(n.name)) b.mark({ kind: 'node', name: n.name }, 'plan-destroy');
  for (const n of d.nodes) {
    const r: DesignRef = { kind: 'node', name: n.name };
    const was = baseNodes.get(n.name);
    if (was) {
      const { name: _a, ...x } = was;
      const { name: _b, ...y } = n;
      if (!same(x, y)) b.mark(r, 'plan-update');
    } else if (b.idOf(r) === undefined) {
      const type = STYLED.has(n.type) ? n.type : 'generic';
      const classes = ['ng', `ng-${type}`, 'plan-create', ...(n.type === 'eiface' ? ['iface', 'if-eiface'] : [])];
      b.add(nodeEl(`new:node:${n.name}`, `${n.name}\n${n.type}${n.ifname ? ` · ${n.ifname}` : ''}`, classes), r);
    }
  }
  const baseLinks = new Set(base.links.map(keyOfLink));
  const links = new Set(d.links.map(keyOfLink));
  for (const k of baseLinks) if (!links.has(k)) b.mark({ kind: 'link', key: k }, 'plan-destroy');
  const baseImpair = new Map(base.links.map((l) => [keyOfLink(l), l.impair]));
  for (const l of d.links) {
    const k = keyOfLink(l);
    if (baseLinks.has(k)) {
      // A changed impairment is a setcfg (or a pipe spliced in or out): the link changes.
      if (!sameImpair(baseImpair.get(k), l.impair)) b.mark({ kind: 'link', key: k }, 'plan-update');
      continue;
    }
    const src = b.idOf({ kind: 'node', name: l.a.node });
    const dst = b.idOf({ kind: 'node', name: l.b.node });
    if (src === undefined || dst === undefined) continue;
    const e: EdgeElement = { group: 'edges', data: { id: `new:link:${k}`, kind: 'link', source: src, target: dst, sourceLabel: l.a.hook, targetLabel: l.b.hook }, classes: ['link', 'plan-create'] };
    if (l.impair) {
      e.data.label = impairSummary(l.impair, l.a.node, l.b.node);
      e.classes.push('impaired');
    }
    b.add(e, { kind: 'link', key: k });
  }
}

/** Epairs and if_bridges with their cables and member edges. */
function overlayInterfaces(b: Builder, base: Design, d: Design): void {
  for (const e of base.epairs) if (!d.epairs.some((x) => x.a.name === e.a.name)) for (const end of [e.a, e.b]) b.mark({ kind: 'epair', name: end.name }, 'plan-destroy');
  for (const e of d.epairs) {
    const was = base.epairs.find((x) => x.a.name === e.a.name);
    if (was) {
      if (!same(was, e)) b.mark({ kind: 'epair', name: e.a.name }, 'plan-update');
      continue;
    }
    for (const end of [e.a, e.b]) b.add({ group: 'nodes', data: { id: `new:if:${end.name}`, kind: 'if', label: `${end.name}\nepair`, ifKey: end.name }, classes: ['iface', 'if-epair', 'plan-create'] }, { kind: 'epair', name: end.name });
    const id = `new:cable:${e.a.name}--${e.b.name}`;
    b.add({ group: 'edges', data: { id, kind: 'cable', source: `new:if:${e.a.name}`, target: `new:if:${e.b.name}` }, classes: ['cable', 'plan-create'] }, { kind: 'epair', name: e.a.name });
  }
  for (const br of base.bridges) if (!d.bridges.some((x) => x.name === br.name)) b.mark({ kind: 'ifbridge', name: br.name }, 'plan-destroy');
  for (const br of d.bridges) {
    const r: DesignRef = { kind: 'ifbridge', name: br.name };
    const was = base.bridges.find((x) => x.name === br.name);
    if (!was) b.add({ group: 'nodes', data: { id: `new:if:${br.name}`, kind: 'if', label: `${br.name}\nif_bridge`, ifKey: br.name }, classes: ['iface', 'if-bridge', 'plan-create'] }, r);
    else if (!same(was, br)) b.mark(r, 'plan-update');
    for (const m of br.members) {
      if (was?.members.includes(m)) continue;
      const src = b.idOf(r);
      const dst = interfaceElement(b, d, m);
      if (src && dst) b.byId.set(`new:member:${br.name}--${m}`, { group: 'edges', data: { id: `new:member:${br.name}--${m}`, kind: 'member', source: src, target: dst }, classes: ['member', 'plan-create'] });
    }
  }
}

/** The element that shows interface `ifname` (an eiface's node, an epair end, an if_bridge, a NIC). */
function interfaceElement(b: Builder, d: Design, ifname: string): string | undefined {
  const node = d.nodes.find((n) => (n.type === 'eiface' && n.ifname === ifname));
  if (node) return b.idOf({ kind: 'node', name: node.name });
  for (const kind of ['epair', 'ifbridge', 'iface'] as const) {
    const id = b.idOf({ kind, name: ifname });
    if (id) return id;
  }
  for (const e of b.byId.values()) if (e.group === 'nodes' && e.data.ifKey?.split('/').pop() === ifname) return e.data.id;
  return undefined;
}

/** Jails (new, gone, changed) and which interfaces sit inside them. */
function overlayJails(b: Builder, base: Design, d: Design): void {
  for (const j of base.jails) if (!d.jails.some((x) => x.name === j.name)) b.mark({ kind: 'jail', name: j.name }, 'plan-destroy');
  for (const j of d.jails) {
    const r: DesignRef = { kind: 'jail', name: j.name };
    const was = base.jails.find((x) => x.name === j.name);
    if (!was && b.idOf(r) === undefined) {
      b.add({ group: 'nodes', data: { id: `jail:${j.name}`, kind: 'jail', jail: j.name, label: `jail ${j.name} (new)` }, classes: ['jail', j.vnet ? 'vnet' : 'novnet', 'plan-create'] }, r);
    } else if (was && !same({ ...was, interfaces: [...was.interfaces].sort() }, { ...j, interfaces: [...j.interfaces].sort() })) b.mark(r, 'plan-update');
  }
}

/** Puts every interface element inside the jail the design gives it to (out again when taken away). */
function placeInJails(b: Builder, d: Design): void {
  const inDesign = new Set(d.jails.map((j) => `jail:${j.name}`));
  const wanted = new Map<string, string>();
  for (const j of d.jails) for (const i of j.interfaces) {
    const id = interfaceElement(b, d, i);
    if (id) wanted.set(id, `jail:${j.name}`);
  }
  for (const e of b.byId.values()) {
    if (e.group !== 'nodes' || e.data.kind === 'jail') continue;
    const now = e.data.parent;
    // A vnet jail's own loopback was created inside it, not moved in: no design lists it, and it stays.
    const stays = now !== undefined && (!inDesign.has(now) || e.classes.includes('if-loopback'));
    const want = wanted.get(e.data.id) ?? (stays ? now : undefined);
    if (want === now) continue;
    if (want === undefined) delete e.data.parent;
    else e.data.parent = want;
    if (!e.classes.includes('plan-create') && !e.classes.includes('plan-update')) e.classes.push('plan-update');
  }
}

/** `node br0`, `link a:h ↔ b:h`, `jail x`, `epair x`, `if_bridge x` → the element the problem is about. */
function problemElement(b: Builder, p: Problem): string | undefined {
  const m = /^(node|jail|epair|if_bridge|link) (.+)$/.exec(p.element);
  if (!m) return undefined;
  const [, kind, rest] = m as unknown as [string, string, string];
  if (kind === 'link') {
    const ends = rest.split(' ↔ ').map((s) => ({ node: s.slice(0, s.lastIndexOf(':')), hook: s.slice(s.lastIndexOf(':') + 1) }));
    return ends.length === 2 ? b.idOf({ kind: 'link', key: linkKey(ends[0] as never, ends[1] as never) }) : undefined;
  }
  const k = kind === 'if_bridge' ? 'ifbridge' : (kind as 'node' | 'jail' | 'epair');
  return b.idOf({ kind: k, name: rest });
}

/** The plan's changes, as far as the overlay needs them. */
export interface PlannedChange {
  impact: 'create' | 'update' | 'destroy';
  object: { kind: 'node' | 'interface' | 'jail' | 'link' | 'module'; name: string };
}

/**
 * The refKeys of host objects a plan destroys: nodes, jails, epairs (both
 * ends), if_bridges, and links (the plan names a link by one end, `node:hook`);
 * also the design's explicit deletes, so they show before the plan is back.
 */
export function plannedDestroys(changes: PlannedChange[], base: Design, design: Design): Set<string> {
  const out = new Set<string>();
  const destroyed = [...changes.filter((c) => c.impact === 'destroy').map((c) => c.object), ...(design.delete ?? [])];
  for (const { kind, name } of destroyed) {
    if (kind === 'node' || kind === 'jail') out.add(`${kind}:${name}`);
    else if (kind === 'interface') {
      const e = base.epairs.find((x) => x.a.name === name || x.b.name === name);
      if (e) out.add(`epair:${e.a.name}`).add(`epair:${e.b.name}`);
      else out.add(`ifbridge:${name}`);
    } else if (kind === 'link') {
      for (const l of base.links) if (`${l.a.node}:${l.a.hook}` === name || `${l.b.node}:${l.b.hook}` === name) out.add(`link:${keyOfLink(l)}`);
    }
  }
  // A node's links go with it.
  for (const l of base.links) if (out.has(`node:${l.a.node}`) || out.has(`node:${l.b.node}`)) out.add(`link:${keyOfLink(l)}`);
  return out;
}

/**
 * The canvas for `design` over `snapshot` (null: an empty host). `problems`
 * are validateDesign's; `conflicts` are refKeys the host changed under an edit;
 * `planned` (the changes of the design's latest plan, null: none yet) limits
 * the destroy marks on host objects to what the plan destroys.
 */
export function overlay(snapshot: HostSnapshot | null, design: Design, problems: Problem[] = [], conflicts: ReadonlySet<string> = new Set(), opts: ElementOptions = DEFAULT_ELEMENT_OPTIONS, planned: PlannedChange[] | null = null): Overlay {
  const base = snapshot ? designFromSnapshot(snapshot) : emptyDesign();
  const b = new Builder(snapshot ? snapshotElements(snapshot, opts) : []);
  if (snapshot) bindLive(b, snapshot);
  // Jails first: new interfaces may be placed inside new jails.
  overlayJails(b, base, design);
  overlayNetgraph(b, base, design);
  overlayInterfaces(b, base, design);
  placeInJails(b, design);
  if (planned !== null) {
    // Out of the design's scope and not ngstudio's: the plan leaves it alone, so the canvas does too.
    const destroys = plannedDestroys(planned, base, design);
    for (const [id, e] of b.byId) {
      const r = b.refs.get(id);
      if (r && e.classes.includes('plan-destroy') && !destroys.has(refKey(r))) e.classes = e.classes.filter((c) => c !== 'plan-destroy');
    }
  }
  const byProblem = new Map<string, Problem[]>();
  for (const p of problems) {
    const id = problemElement(b, p);
    if (id === undefined) continue;
    byProblem.set(id, [...(byProblem.get(id) ?? []), p]);
    const e = b.byId.get(id);
    if (e && p.severity === 'error' && !e.classes.includes('invalid')) e.classes.push('invalid');
  }
  for (const k of conflicts) {
    const e = b.byId.get(b.ids.get(k) ?? '');
    if (e && !e.classes.includes('conflict')) e.classes.push('conflict');
  }
  const counts: Record<Pending, number> = { 'plan-create': 0, 'plan-update': 0, 'plan-destroy': 0 };
  const elements = [...b.byId.values()];
  for (const e of elements) {
    e.classes.sort();
    for (const c of ['plan-create', 'plan-update', 'plan-destroy'] as const) if (e.classes.includes(c)) counts[c]++;
  }
  // Compound parents before their children, nodes before edges (Cytoscape adds them in order).
  const rank = (e: GraphElement): number => (e.group === 'edges' ? 2 : e.data.kind === 'jail' ? 0 : 1);
  elements.sort((x, y) => rank(x) - rank(y));
  return { elements, refs: b.refs, ids: b.ids, problems: byProblem, counts };
}
