// Applying an element diff to the canvas in batches, and reading back what
// the canvas holds (for the element list and the tests). Split from
// cy-adapter.ts, which owns the canvas and its events.
import type { Core, ElementDefinition, NodeCollection } from './cy-adapter.js';
import type { ElementDiff } from './element-diff.js';
import type { GraphElement } from './elements.js';
import type { Point } from './placement.js';
import { positionsFor } from './cy-placement.js';

/** One element as the canvas holds it now (read back from Cytoscape, not from our input). */
export interface RenderedElement {
  id: string;
  group: 'nodes' | 'edges';
  label: string;
  parent: string | null;
  classes: string[];
  /** Nodes: the centre on the canvas, rounded (compound nodes: the centre of their box). */
  x?: number;
  y?: number;
  /** Nodes: the centre in pixels from the canvas's top left corner (where a click lands). */
  rx?: number;
  ry?: number;
  /** Edges with traffic data: the traffic level (`data.rate`) and the width drawn, in model pixels (absent before any traffic data). */
  rate?: number;
  width?: number;
  /** Jails: the box's width and height in pixels (where its collapse button goes). */
  rw?: number;
  rh?: number;
}

const toDefinition = (e: GraphElement, position?: Point): ElementDefinition => {
  const def: ElementDefinition = { group: e.group, data: { ...e.data }, classes: [...e.classes] };
  if (position) def.position = { ...position };
  return def;
};

/** Reads what the canvas holds, for the accessible summary and the tests. */
export function readBack(cy: Core): RenderedElement[] {
  const flat = (t: unknown): string => String(t ?? '').replace(/\s+/g, ' ').trim();
  const nodes: RenderedElement[] = cy.nodes().map((n) => {
    const r: RenderedElement = {
      id: n.id(),
      group: 'nodes',
      label: flat(n.data('label')),
      parent: n.data('parent') ?? null,
      classes: n.classes(),
      x: Math.round(n.position('x')),
      y: Math.round(n.position('y')),
      rx: Math.round(n.renderedPosition().x),
      ry: Math.round(n.renderedPosition().y),
    };
    if (n.hasClass('jail')) {
      const b = n.renderedBoundingBox({ includeLabels: false, includeOverlays: false } as never);
      [r.rw, r.rh] = [Math.round(b.w), Math.round(b.h)];
    }
    return r;
  });
  const edges: RenderedElement[] = cy.edges().map((e) => ({
    id: e.id(),
    group: 'edges',
    label: flat(`${e.source().data('label')} ${e.data('sourceLabel') ?? ''} — ${e.data('targetLabel') ?? ''} ${e.target().data('label')}`),
    parent: null,
    classes: e.classes(),
    // Only edges with traffic data: reading a style forces Cytoscape to compute it (a second at 1500 edges on first render).
    ...(e.data('rate') === undefined ? {} : { rate: e.data('rate') as number, width: Math.round(parseFloat(e.style('width') as string) * 10) / 10 }),
  }));
  return [...nodes, ...edges];
}

/** Data keys set by mergeData rather than by element diffs. */
const MERGED_KEYS = new Set(['rate', 'rateLabel']);

/** Applies a diff in one batch: new nodes, parent moves, removals, new edges, updates. */
export function apply(cy: Core, diff: ElementDiff, place: boolean, given: Map<string, Point>): void {
  const positions = positionsFor(cy, diff, place, given);
  let added: NodeCollection | null = null;
  cy.batch(() => {
    // Nodes first (diff order puts jails before their children), moves before
    // removals: removing a jail compound would take its children with it.
    added = cy.add(diff.add.filter((e) => e.group === 'nodes').map((e) => toDefinition(e, positions.get(e.data.id)))).nodes();
    for (const u of diff.update) {
      if (u.parent === undefined) continue;
      const n = cy.getElementById(u.id);
      if (n.empty() || !n.isNode()) continue;
      n.move({ parent: u.parent });
      const p = positions.get(u.id);
      if (p) cy.getElementById(u.id).position(p);
    }
  });
  // New nodes are styled now, before their links exist: styling a node marks
  // each of its links for restyling (with cy-first-style.ts once per node,
  // in stock Cytoscape once per property), so a bridge styled after its 21
  // links are in does that work for each of them. Reading a numeric style is
  // what makes Cytoscape apply the stylesheet to an element.
  (added as NodeCollection | null)?.forEach((n) => void n.numericStyle('width'));
  cy.batch(() => {
    for (const id of diff.remove) cy.getElementById(id).remove();
    cy.add(diff.add.filter((e) => e.group === 'edges').map((e) => toDefinition(e)));
    for (const u of diff.update) {
      const e = cy.getElementById(u.id);
      if (e.empty()) continue;
      if (u.data) {
        // data() merges: drop keys the new data no longer has (id/source/target/parent are immutable there).
        // Merged data (mergeData: traffic) is not the diff's to drop.
        const gone = Object.keys(e.data()).filter((k) => !(k in (u.data as object)) && !MERGED_KEYS.has(k));
        if (gone.length > 0) e.removeData(gone.join(' '));
        e.data(u.data);
      }
      if (u.classes) e.classes(u.classes);
    }
  });
}

/** How many nodes the canvas will hold once `diff` is applied. */
export function nodeCountAfter(cy: Core, diff: ElementDiff): number {
  const added = diff.add.filter((e) => e.group === 'nodes' && cy.getElementById(e.data.id).empty()).length;
  const removed = diff.remove.filter((id) => cy.getElementById(id).isNode()).length;
  return cy.nodes().length + added - removed;
}
