// Where new elements go on a canvas that already has a layout (pure): next to
// what they connect to (or to their siblings in the same jail), on the first
// free spot of rings around that anchor, so nothing that existed moves.

export interface Point {
  x: number;
  y: number;
}

export interface PlacementInput {
  /** Nodes needing a position, in the order they should be placed. */
  ids: string[];
  /** Node id → ids it has edges to (both directions). */
  neighbours: Map<string, string[]>;
  /** Node id → its compound parent, for every node (old and new) that has one. */
  parentOf: Map<string, string>;
  /** Positions already on the canvas (nodes that stay put). */
  known: Map<string, Point>;
  /** Edges already drawn, as line segments: a newcomer sitting on one would hide it. */
  segments?: [Point, Point][];
  /** Boxes already drawn (jail compounds): a newcomer goes inside only its own jail's box. */
  boxes?: Box[];
}

export interface Box {
  /** The compound node's id (a newcomer may sit inside its own parent's box). */
  id: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Half the size of a node as drawn (styles.ts: 124 × 46), plus a margin. */
const HALF_W = 72;
const HALF_H = 32;

/** Half-size of the box a node claims: other nodes' centres must stay outside it. */
const CLEAR_X = 140;
const CLEAR_Y = 64;
const RING = 150;
const STEPS = 12;

/** How close a newcomer's centre may come to an existing edge (straight line; bezier edges bulge up to ~35 px). */
const CLEAR_EDGE = 60;

const collides = (p: Point, taken: Point[]): boolean => taken.some((q) => Math.abs(p.x - q.x) < CLEAR_X && Math.abs(p.y - q.y) < CLEAR_Y);

/** Distance from `p` to the segment a–b. */
export function segmentDistance(p: Point, [a, b]: [Point, Point]): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** What a candidate spot must stay clear of. */
interface Obstacles {
  taken: Point[];
  segments: [Point, Point][];
  boxes: Box[];
}

const overlapsBox = (p: Point, b: Box): boolean => p.x + HALF_W > b.x1 && p.x - HALF_W < b.x2 && p.y + HALF_H > b.y1 && p.y - HALF_H < b.y2;

const blocked = (p: Point, o: Obstacles): boolean =>
  collides(p, o.taken) || o.segments.some((s) => segmentDistance(p, s) < CLEAR_EDGE) || o.boxes.some((b) => overlapsBox(p, b));

/**
 * `c` itself when free, else the first free spot on rings around it (straight
 * below first: reads well under a bridge), away from nodes, edges and boxes.
 */
export function freeSpotNear(c: Point, taken: Point[], segments: [Point, Point][] = [], boxes: Box[] = []): Point {
  const o: Obstacles = { taken, segments, boxes };
  const centre = { x: Math.round(c.x), y: Math.round(c.y) };
  if (!blocked(centre, o)) return centre;
  for (let ring = 1; ring <= 12; ring++) {
    for (let k = 0; k < STEPS * ring; k++) {
      const a = Math.PI / 2 + (2 * Math.PI * k) / (STEPS * ring);
      const p = { x: Math.round(c.x + ring * RING * Math.cos(a)), y: Math.round(c.y + ring * RING * 0.6 * Math.sin(a)) };
      if (!blocked(p, o)) return p;
    }
  }
  return { x: c.x, y: c.y + 13 * RING };
}

const centroid = (ps: Point[]): Point => ({
  x: ps.reduce((s, p) => s + p.x, 0) / ps.length,
  y: ps.reduce((s, p) => s + p.y, 0) / ps.length,
});

/** Positions of the anchors a node should sit near: siblings in its jail first, then neighbours. */
function anchorsOf(id: string, input: PlacementInput, placed: Map<string, Point>): Point[] {
  const at = (x: string): Point | undefined => placed.get(x) ?? input.known.get(x);
  const parent = input.parentOf.get(id);
  if (parent !== undefined) {
    const siblings: Point[] = [];
    for (const [child, p] of input.parentOf) {
      const pos = child !== id && p === parent ? at(child) : undefined;
      if (pos) siblings.push(pos);
    }
    if (siblings.length > 0) return siblings;
  }
  return (input.neighbours.get(id) ?? []).map(at).filter((p): p is Point => p !== undefined);
}

/** Right of everything on the canvas: where unconnected newcomers go. */
function besideAll(taken: Point[]): Point {
  if (taken.length === 0) return { x: 0, y: 0 };
  return { x: Math.max(...taken.map((p) => p.x)) + 2 * CLEAR_X, y: Math.min(...taken.map((p) => p.y)) };
}

/**
 * Positions for `ids`. Nodes whose anchors are themselves new wait until an
 * anchor is placed; nodes with no anchor at all go beside the whole graph.
 */
export function placeNodes(input: PlacementInput): Map<string, Point> {
  const placed = new Map<string, Point>();
  const taken = [...input.known.values()];
  const segments = input.segments ?? [];
  const boxesFor = (id: string): Box[] => (input.boxes ?? []).filter((b) => b.id !== input.parentOf.get(id));
  let todo = input.ids.filter((id) => !input.known.has(id));
  while (todo.length > 0) {
    const next: string[] = [];
    for (const id of todo) {
      const anchors = anchorsOf(id, input, placed);
      if (anchors.length === 0) {
        next.push(id);
        continue;
      }
      const p = freeSpotNear(centroid(anchors), taken, segments, boxesFor(id));
      placed.set(id, p);
      taken.push(p);
    }
    if (next.length === todo.length) {
      // Nothing could be anchored this round: seed the first one beside the graph.
      const [first, ...rest] = next as [string, ...string[]];
      const p = freeSpotNear(besideAll(taken), taken, segments, boxesFor(first));
      placed.set(first, p);
      taken.push(p);
      todo = rest;
    } else {
      todo = next;
    }
  }
  return placed;
}
