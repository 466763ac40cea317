// Laying the canvas out: the full layout on request (layered by default;
// force-directed cose, seeded, with jail glue and the user's pinned nodes held
// in place, or the quick cluster layout on large graphs) and fitting the view. Types only from the adapter: it stays the one
// file that imports Cytoscape.
import type { Core, ElementDefinition, LayoutOptions } from './cy-adapter.js';
import { JAIL_LABEL, JAIL_PADDING, NODE, READABLE_ZOOM } from './geometry.js';
import { layeredLayout, tierOf } from './layered.js';
import { clusterLayout, freeSpotNear, LARGE_GRAPH_NODES, layoutFor, separateBoxes } from './placement.js';
import type { Point, SeparateUnit } from './placement.js';

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

/** The largest zoom a fit goes to: two or three nodes would otherwise fill the screen. */
const FIT_MAX_ZOOM = 1.2;
/** Margin around the graph when fitting, in pixels. */
const FIT_PAD = 30;

/**
 * The box (model coordinates) the drawn graph fills, from node centres and the
 * drawn node size plus room for jail borders and names: cy.fit() asks every
 * element for its bounding box, which computes every style and label size
 * first (about two seconds at a thousand nodes). Filtered-out nodes do not count.
 */
function drawnBounds(cy: Core): { x1: number; y1: number; x2: number; y2: number } | null {
  let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
  cy.nodes().forEach((n) => {
    if (n.isParent() || n.hasClass('filtered')) return;
    const p = n.position();
    [x1, y1, x2, y2] = [Math.min(x1, p.x), Math.min(y1, p.y), Math.max(x2, p.x), Math.max(y2, p.y)];
  });
  if (!Number.isFinite(x1)) return null;
  const [dx, dy] = [NODE.w / 2 + JAIL_PADDING + 4, NODE.h / 2 + JAIL_PADDING + 4];
  // Jail names are drawn under their boxes.
  const b = { x1: x1 - dx, y1: y1 - dy, x2: x2 + dx, y2: y2 + dy + JAIL_LABEL };
  // Host regions (a handful) with their names on top: measured whole.
  cy.nodes('.host-region').forEach((r) => {
    const rb = r.boundingBox();
    [b.x1, b.y1, b.x2, b.y2] = [Math.min(b.x1, rb.x1), Math.min(b.y1, rb.y1), Math.max(b.x2, rb.x2), Math.max(b.y2, rb.y2)];
  });
  return b;
}

/** The zoom that shows all of `b` in the canvas, capped at FIT_MAX_ZOOM. */
function zoomToShow(cy: Core, b: { x1: number; y1: number; x2: number; y2: number }): number {
  return Math.min(FIT_MAX_ZOOM, (cy.width() - 2 * FIT_PAD) / Math.max(1, b.x2 - b.x1), (cy.height() - 2 * FIT_PAD) / Math.max(1, b.y2 - b.y1));
}

/** Fits the whole graph into view (the Fit button, f): as close as 1.2, as far out as it takes. */
export function fitCapped(cy: Core): void {
  const b = drawnBounds(cy);
  if (b === null) return;
  const z = Math.max(cy.minZoom(), zoomToShow(cy, b));
  cy.viewport({ zoom: z, pan: { x: cy.width() / 2 - (z * (b.x1 + b.x2)) / 2, y: cy.height() / 2 - (z * (b.y1 + b.y2)) / 2 } });
}

/**
 * The first fit (a load, a layout): the whole graph when it fits at a zoom
 * where node names are readable (READABLE_ZOOM), else that zoom on the top
 * left of the graph (the first uplinks and bridges), the rest reached through
 * the minimap, by panning or by zooming out.
 */
export function fitReadable(cy: Core): void {
  const b = drawnBounds(cy);
  if (b === null) return;
  const z = zoomToShow(cy, b);
  if (z >= READABLE_ZOOM) return fitCapped(cy);
  cy.viewport({ zoom: READABLE_ZOOM, pan: { x: FIT_PAD - READABLE_ZOOM * b.x1, y: FIT_PAD - READABLE_ZOOM * b.y1 } });
}

/** Brings a node into view without moving anything: the whole graph if that stays readable, else centred at the zoom there is. */
export function reveal(cy: Core, id: string): void {
  const b = drawnBounds(cy);
  const n = cy.getElementById(id);
  if (b === null || n.empty()) return;
  if (zoomToShow(cy, b) >= READABLE_ZOOM) return fitCapped(cy);
  const z = Math.max(cy.zoom(), READABLE_ZOOM);
  const p = n.position();
  cy.viewport({ zoom: z, pan: { x: cy.width() / 2 - z * p.x, y: cy.height() / 2 - z * p.y } });
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

/** The layouts on offer: layered (the default, reads like a network diagram) and force-directed (cose). */
export type LayoutName = 'layered' | 'force';

/**
 * Runs `f` with Math.random replaced by a seeded generator (mulberry32):
 * cose starts from random positions, and the same host must get the same
 * picture on every load. cose runs synchronously without animation, so the
 * replacement never leaks into other code.
 */
function seeded<T>(seed: number, f: () => T): T {
  const saved = Math.random;
  let s = seed >>> 0;
  Math.random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  try {
    return f();
  } finally {
    Math.random = saved;
  }
}

/** The force-directed layout (cose, seeded), with jail glue and locked pins; the quick cluster layout on large graphs. */
function runForce(cy: Core, pinned: Map<string, Point>, pins: ReturnType<Core['collection']>): void {
  if (cy.nodes().length > LARGE_GRAPH_NODES) {
    runClusterLayout(cy);
    cy.batch(() => pins.forEach((n) => void n.position({ ...(pinned.get(n.id()) as Point) })));
    return;
  }
  // cose starts from random spots (seeded), but a jail box starts where its
  // members were: put every unplaced node at the origin first, so a layout
  // asked for later comes out as the one of a fresh load.
  cy.batch(() => cy.nodes().forEach((n) => void (!n.isParent() && !pinned.has(n.id()) && n.position({ x: 0, y: 0 }))));
  // Locked nodes keep their place in cose, and the rest is laid out around them.
  const glue = cy.add(jailGlue(cy));
  pins.lock();
  try {
    seeded(0x6e6773, () => cy.layout(layoutFor(cy.nodes().length) as unknown as LayoutOptions).run());
  } finally {
    pins.unlock();
    cy.remove(glue);
  }
  gatherLoners(cy, pinned);
  separateJails(cy, pinned);
}

/** After cose: jail boxes (with their members) and nodes pushed apart where they overlap; placed nodes stay. */
function separateJails(cy: Core, pinned: Map<string, Point>): void {
  const units: SeparateUnit[] = [];
  const members = new Map<string, string[]>();
  const box = (ps: Point[], jail: boolean): SeparateUnit['box'] => {
    const [xs, ys] = [ps.map((p) => p.x), ps.map((p) => p.y)];
    const pad = jail ? JAIL_PADDING : 0;
    return { x1: Math.min(...xs) - NODE.w / 2 - pad, y1: Math.min(...ys) - NODE.h / 2 - pad, x2: Math.max(...xs) + NODE.w / 2 + pad, y2: Math.max(...ys) + NODE.h / 2 + pad + (jail ? JAIL_LABEL : 0) };
  };
  cy.nodes().forEach((n) => {
    if (n.isParent() && n.hasClass('jail')) {
      const ids = n.children().map((c) => c.id());
      members.set(n.id(), ids);
      units.push({ key: n.id(), box: box(n.children().map((c) => ({ ...c.position() })), true), movable: !ids.some((id) => pinned.has(id)) });
    } else if (!n.isParent() && !n.parent().is('.jail')) {
      units.push({ key: n.id(), box: box([{ ...n.position() }], false), movable: !pinned.has(n.id()) });
    }
  });
  const moved = separateBoxes(units);
  cy.batch(() =>
    moved.forEach((d, key) => {
      for (const id of members.get(key) ?? [key]) {
        const n = cy.getElementById(id);
        const p = n.position();
        n.position({ x: p.x + d.x, y: p.y + d.y });
      }
    }),
  );
}

/** The layered layout (layered.ts); pinned nodes then go back where they were, and laid-out nodes under them step aside. */
function runLayered(cy: Core, pinned: Map<string, Point>): void {
  const ids: string[] = [];
  const parentOf = new Map<string, string>();
  const tiers = new Map<string, number>();
  const regionOf = new Map<string, string>();
  cy.nodes().forEach((n) => {
    if (n.isParent()) return;
    ids.push(n.id());
    tiers.set(n.id(), tierOf(n.classes()));
    // Jails are boxes the layout places whole; a host's region is not (each region is laid out on its own).
    const p = n.parent();
    if (p.is('.jail')) parentOf.set(n.id(), p.first().id());
    const region = n.ancestors('.host-region');
    regionOf.set(n.id(), region.nonempty() ? region.first().id() : '');
  });
  const edges: [string, string][] = [];
  cy.edges().forEach((e) => void (e.hasClass('glue') || edges.push([e.data('source'), e.data('target')])));
  const [w, h] = [cy.width() || 1100, cy.height() || 800];
  const at = new Map<string, Point>();
  for (const region of new Set(regionOf.values())) {
    const mine = ids.filter((id) => regionOf.get(id) === region);
    const inside = new Set(mine);
    const part = layeredLayout({ ids: mine, parentOf, edges: edges.filter(([a, b]) => inside.has(a) && inside.has(b)), tiers, width: (w - 2 * FIT_PAD) / READABLE_ZOOM, aspect: w / h });
    part.forEach((p, id) => at.set(id, p));
  }
  const taken = [...pinned.values()];
  cy.batch(() =>
    at.forEach((p, id) => {
      const pin = pinned.get(id);
      cy.getElementById(id).position(pin ?? (taken.length > 0 ? freeSpotNear(p, taken) : p));
    }),
  );
}

/** Runs the full layout; `pinned` nodes stay at the given positions and the rest is laid out around them. Then fits the view, readably. */
export function layOut(cy: Core, pinned: Map<string, Point> = new Map(), name: LayoutName = 'layered'): void {
  // Both layouts read the canvas's size (its shape, cose's starting square): the size
  // Cytoscape cached may be from before the page settled, and a stale one would
  // make the same host come out differently on two loads.
  cy.resize();
  const pins = cy.collection();
  for (const [id, p] of pinned) {
    const n = cy.getElementById(id);
    if (n.nonempty() && n.isNode() && !n.isParent()) pins.merge(n.position({ ...p }));
  }
  if (name === 'layered') runLayered(cy, pinned);
  else runForce(cy, pinned, pins);
  hostsInARow(cy);
  fitReadable(cy);
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
