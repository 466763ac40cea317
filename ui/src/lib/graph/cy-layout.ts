// Laying the canvas out: the full layout on request (cose, with jail glue and
// the user's pinned nodes held in place; the quick cluster layout on large
// graphs) and fitting the view. Types only from the adapter: it stays the one
// file that imports Cytoscape.
import type { Core, ElementDefinition, LayoutOptions } from './cy-adapter.js';
import { clusterLayout, freeSpotNear, LARGE_GRAPH_NODES, layoutFor } from './placement.js';
import type { Point } from './placement.js';

/**
 * Hidden edges chaining the children of each jail, only for the duration of a
 * full layout: cose packs connected components side by side and knows nothing
 * of compounds, so a jail holding an unlinked lo0 and a linked eiface would be
 * stretched across the whole canvas.
 */
function jailGlue(cy: Core): ElementDefinition[] {
  const out: ElementDefinition[] = [];
  cy.nodes().forEach((p) => {
    if (!p.isParent()) return;
    const ids = p.children().map((c) => c.id());
    for (let i = 1; i < ids.length; i++) {
      const [a, b] = [ids[i - 1] as string, ids[i] as string];
      out.push({ group: 'edges', data: { id: `glue:${a}--${b}`, source: a, target: b }, classes: ['glue'] });
    }
  });
  return out;
}

/** Fits the graph into view, but never zooms in past 1.2: two or three nodes would otherwise fill the screen. */
export function fitCapped(cy: Core): void {
  if (cy.nodes().length > LARGE_GRAPH_NODES) return fitLarge(cy);
  cy.fit(undefined, 30);
  if (cy.zoom() > 1.2) cy.zoom({ level: 1.2, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
}

/**
 * Fit for large graphs from node centres and the drawn node size: cy.fit()
 * asks every element for its bounding box, which computes every style and
 * label size first (about two seconds at a thousand nodes).
 */
function fitLarge(cy: Core): void {
  let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
  cy.nodes().forEach((n) => {
    if (n.isParent()) return;
    const p = n.position();
    [x1, y1, x2, y2] = [Math.min(x1, p.x), Math.min(y1, p.y), Math.max(x2, p.x), Math.max(y2, p.y)];
  });
  if (!Number.isFinite(x1)) return;
  // Half a node (styles.ts: 124 × 46) plus room for a jail box's border and title.
  [x1, y1, x2, y2] = [x1 - 90, y1 - 60, x2 + 90, y2 + 50];
  const pad = 30;
  const z = Math.max(cy.minZoom(), Math.min(1.2, (cy.width() - 2 * pad) / (x2 - x1), (cy.height() - 2 * pad) / (y2 - y1)));
  cy.viewport({ zoom: z, pan: { x: cy.width() / 2 - (z * (x1 + x2)) / 2, y: cy.height() / 2 - (z * (y1 + y2)) / 2 } });
}

/** The quick first layout for large graphs (see clusterLayout), applied in one batch. */
function runClusterLayout(cy: Core): void {
  const ids: string[] = [];
  const parentOf = new Map<string, string>();
  cy.nodes().forEach((n) => {
    if (n.isParent()) return;
    ids.push(n.id());
    const p = n.data('parent');
    if (typeof p === 'string') parentOf.set(n.id(), p);
  });
  const edges = cy.edges().map((e): [string, string] => [e.data('source'), e.data('target')]);
  const at = clusterLayout({ ids, parentOf, edges });
  cy.batch(() => at.forEach((p, id) => cy.getElementById(id).position(p)));
}

/**
 * Nodes with no link and no jail (the host's lo0, a NIC nothing uses): cose
 * packs each as a component of its own, often far from the rest, and the fit
 * then zooms out to reach it. Put them in a row just below the graph instead.
 */
function gatherLoners(cy: Core, pinned: Map<string, Point>): void {
  const loners = cy.nodes().filter((n) => !n.isParent() && n.degree(false) === 0 && !n.data('parent') && !pinned.has(n.id())).nodes();
  const rest = cy.nodes().filter((n) => !n.isParent() && !loners.has(n)).nodes();
  if (loners.empty() || rest.empty()) return;
  const taken: Point[] = rest.map((n) => ({ ...n.position() }));
  const xs = taken.map((p) => p.x);
  const ys = taken.map((p) => p.y);
  const boxes = cy.nodes('.jail').map((j) => ({ id: j.id(), ...j.boundingBox() }));
  const bottom = Math.max(...ys, ...boxes.map((b) => b.y2));
  let x = Math.min(...xs);
  cy.batch(() =>
    loners.forEach((n) => {
      const p = freeSpotNear({ x, y: bottom + 70 }, taken, [], boxes);
      n.position(p);
      taken.push(p);
      x = p.x + 150;
    }),
  );
}

/** Runs the full layout; `pinned` nodes stay at the given positions and the rest is laid out around them. Then fits the view. */
export function layOut(cy: Core, pinned: Map<string, Point> = new Map()): void {
  const pins = cy.collection();
  for (const [id, p] of pinned) {
    const n = cy.getElementById(id);
    if (n.nonempty() && n.isNode() && !n.isParent()) pins.merge(n.position({ ...p }));
  }
  if (cy.nodes().length > LARGE_GRAPH_NODES) {
    runClusterLayout(cy);
    cy.batch(() => pins.forEach((n) => void n.position({ ...(pinned.get(n.id()) as Point) })));
    return fitCapped(cy);
  }
  // Locked nodes keep their place in cose, and the rest is laid out around them.
  const glue = cy.add(jailGlue(cy));
  pins.lock();
  try {
    cy.layout(layoutFor(cy.nodes().length) as unknown as LayoutOptions).run();
  } finally {
    pins.unlock();
    cy.remove(glue);
  }
  gatherLoners(cy, pinned);
  hostsInARow(cy);
  fitCapped(cy);
}

// Several hosts: cose packs each host's region as a component of its own,
// wherever it fits; put the regions side by side instead, tops aligned, in
// the order they were added (the local host first).

/** Moves each host region (with everything in it) into one row, left to right. */
function hostsInARow(cy: Core): void {
  const regions = cy.nodes('.host-region');
  if (regions.length < 2) return;
  const boxes = regions.map((r) => ({ r, bb: r.boundingBox() }));
  const top = Math.min(...boxes.map((b) => b.bb.y1));
  let x = boxes[0]!.bb.x1;
  cy.batch(() => {
    for (const { r, bb } of boxes) {
      const [dx, dy] = [x - bb.x1, top - bb.y1];
      r.descendants().filter((n) => !n.isParent()).forEach((n) => void n.shift({ x: dx, y: dy }));
      x += bb.w + 80;
    }
  });
}
