// A path trace drawn on the canvas (pure): which canvas element stands for
// each hop (an interface shares the element of its netgraph node), the edge
// between two hops (the link with the hooks the hops name, an epair cable, an
// if_bridge membership), and the classes they get — `path` where frames get,
// `path-beyond` past the break, `path-break` at it. styles.ts says how they look.
import { interfaceKey } from '../../../../shared/model/snapshot.js';
import type { HostSnapshot } from '../../../../shared/model/snapshot.js';
import type { Hop, PathRef, PathTrace } from '../../../../shared/path/types.js';
import type { EdgeElement, GraphElement } from './elements.js';

export const PATH_CLASSES = ['path', 'path-beyond', 'path-break'] as const;

export interface PathMarks {
  /** Element id → the path classes it gets. */
  classes: Map<string, string[]>;
  /** The element the break sits at, when the canvas draws it (the host's stack and a NIC's wire are not drawn). */
  breakId: string | null;
}

/** The snapshot object a canvas element stands for, as a path endpoint; null for edges and what the host does not have (pending design objects). */
export function refOfElement(s: HostSnapshot, id: string): PathRef | null {
  if (id.startsWith('jail:')) {
    const name = id.slice(5);
    return s.jails.some((j) => j.name === name) ? { kind: 'jail', name } : null;
  }
  if (id.startsWith('ng:')) {
    const n = s.netgraph.nodes.find((x) => x.id === id.slice(3));
    if (!n) return null;
    // A node drawn with its interface stands for the interface: that is what frames reach.
    const i = s.interfaces.find((x) => x.ngNode === n.id);
    return i ? { kind: 'interface', name: i.name, jail: i.jail } : { kind: 'node', id: n.id, name: n.name, type: n.type };
  }
  if (id.startsWith('if:')) {
    const i = s.interfaces.find((x) => interfaceKey(x) === id.slice(3));
    return i ? { kind: 'interface', name: i.name, jail: i.jail } : null;
  }
  return null;
}

/** The id of the element drawing a ref on a canvas of `elements`, or null. */
function locator(elements: GraphElement[]): (r: PathRef) => string | null {
  const ids = new Set(elements.map((e) => e.data.id));
  const byIf = new Map<string, string>();
  for (const e of elements) if (e.group === 'nodes' && e.data.ifKey !== undefined && !byIf.has(e.data.ifKey)) byIf.set(e.data.ifKey, e.data.id);
  return (r) => {
    const id = r.kind === 'jail' ? `jail:${r.name}` : r.kind === 'node' ? `ng:${r.id}` : r.kind === 'interface' ? (byIf.get(interfaceKey(r)) ?? null) : null;
    return id !== null && ids.has(id) ? id : null;
  };
}

const hookOf = (p: Hop['in']): string | undefined => (p && 'hook' in p ? p.hook : undefined);

/** The edge drawn between two hops' elements: a link with the hops' hooks at its ends, else any edge between them. */
function edgeBetween(edges: Map<string, EdgeElement[]>, a: string, b: string, ha: string | undefined, hb: string | undefined): string | null {
  const list = edges.get(a < b ? `${a}|${b}` : `${b}|${a}`) ?? [];
  const hooked = list.find((e) => {
    const d = e.data;
    return (d.source === a && d.sourceLabel === ha && d.target === b && d.targetLabel === hb) || (d.source === b && d.sourceLabel === hb && d.target === a && d.targetLabel === ha);
  });
  return (hooked ?? (ha === undefined && hb === undefined ? list[0] : undefined))?.data.id ?? null;
}

/** The classes a trace puts on the elements and edges of the canvas. */
export function pathMarks(elements: GraphElement[], t: PathTrace): PathMarks {
  const where = locator(elements);
  const edges = new Map<string, EdgeElement[]>();
  for (const e of elements) {
    if (e.group !== 'edges') continue;
    const { source: a, target: b } = e.data;
    const k = a < b ? `${a}|${b}` : `${b}|${a}`;
    edges.set(k, [...(edges.get(k) ?? []), e]);
  }
  const classes = new Map<string, Set<string>>();
  const add = (id: string | null, cls: string): void => {
    if (id === null) return;
    const c = classes.get(id) ?? new Set<string>();
    c.add(cls);
    classes.set(id, c);
  };
  const ids = t.hops.map((h) => where(h.at));
  t.hops.forEach((h, i) => {
    add(ids[i] ?? null, h.beyond ? 'path-beyond' : 'path');
    const next = t.hops[i + 1];
    const [a, b] = [ids[i] ?? null, ids[i + 1] ?? null];
    if (next && a !== null && b !== null && a !== b) add(edgeBetween(edges, a, b, hookOf(h.out), hookOf(next.in)), next.beyond ? 'path-beyond' : 'path');
  });
  const breakId = t.breaks ? where(t.breaks.at) : null;
  add(breakId, 'path-break');
  const out = new Map<string, string[]>();
  for (const [id, c] of classes) {
    // An element holding a hop frames reach is on the path, whatever else it holds.
    if (c.has('path')) c.delete('path-beyond');
    out.set(id, [...c].sort());
  }
  return { classes: out, breakId };
}

/** The elements with the path classes added (unmarked elements are passed through as they are). */
export function withPathClasses(elements: GraphElement[], classes: Map<string, string[]>): GraphElement[] {
  if (classes.size === 0) return elements;
  return elements.map((e) => {
    const c = classes.get(e.data.id);
    return c ? ({ ...e, classes: [...new Set([...e.classes, ...c])].sort() } as GraphElement) : e;
  });
}
