// Old elements, new elements → what the canvas must add, remove and update
// (pure). Keyed by element id, so an element that did not change is not
// touched at all and keeps its position on the canvas.
import type { EdgeData, GraphElement, NodeData } from './elements.js';

/** One element that exists on both sides but changed. */
export interface ElementUpdate {
  id: string;
  /** The new data, when any data field other than `parent` changed. */
  data?: NodeData | EdgeData;
  /** The new classes, when they changed. */
  classes?: string[];
  /** The new compound parent (null = top level), when it changed (Cytoscape needs `move`). */
  parent?: string | null;
}

export interface ElementDiff {
  add: GraphElement[];
  /** Ids of elements gone. */
  remove: string[];
  update: ElementUpdate[];
}

/** True when the diff has nothing to do. */
export function isEmptyDiff(d: ElementDiff): boolean {
  return d.add.length === 0 && d.remove.length === 0 && d.update.length === 0;
}

/** Shallow equality of two flat data records (all values are strings). */
function sameRecord(a: object, b: object): boolean {
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => ra[k] === rb[k]);
}

const sameClasses = (a: string[], b: string[]): boolean => a.length === b.length && a.every((c, i) => c === b[i]);

/** Data without `parent`, which is compared (and applied) separately. */
function withoutParent(d: NodeData | EdgeData): Record<string, unknown> {
  const { parent: _parent, ...rest } = d as NodeData;
  return rest;
}

const parentOf = (e: GraphElement): string | null => (e.group === 'nodes' ? (e.data.parent ?? null) : null);

/** True when an edge's ends moved: Cytoscape cannot retarget an edge, so it is replaced. */
function endsChanged(a: GraphElement, b: GraphElement): boolean {
  if (a.group !== 'edges' || b.group !== 'edges') return a.group !== b.group;
  return a.data.source !== b.data.source || a.data.target !== b.data.target;
}

/** The update turning `a` into `b`, or null when they are the same. */
function updateOf(a: GraphElement, b: GraphElement): ElementUpdate | null {
  const u: ElementUpdate = { id: b.data.id };
  if (!sameRecord(withoutParent(a.data), withoutParent(b.data))) u.data = b.data;
  if (!sameClasses(a.classes, b.classes)) u.classes = b.classes;
  if (parentOf(a) !== parentOf(b)) u.parent = parentOf(b);
  return Object.keys(u).length === 1 ? null : u;
}

/**
 * What turns the canvas holding `before` into one holding `after`. An id is
 * in both `remove` and `add` only when the element must be re-created (an
 * edge whose ends changed), so callers apply removals first.
 */
export function diffElements(before: readonly GraphElement[], after: readonly GraphElement[]): ElementDiff {
  const old = new Map<string, GraphElement>();
  for (const e of before) old.set(e.data.id, e);
  const diff: ElementDiff = { add: [], remove: [], update: [] };
  const seen = new Set<string>();
  for (const e of after) {
    const id = e.data.id;
    seen.add(id);
    const prev = old.get(id);
    if (prev === undefined) {
      diff.add.push(e);
    } else if (endsChanged(prev, e)) {
      diff.remove.push(id);
      diff.add.push(e);
    } else {
      const u = updateOf(prev, e);
      if (u) diff.update.push(u);
    }
  }
  for (const id of old.keys()) if (!seen.has(id)) diff.remove.push(id);
  return diff;
}
