// Where new elements go on a canvas that already has a layout (pure): next to
// what they connect to (or to their siblings in the same jail), on the first
// free spot of rings around that anchor, so nothing that existed moves.
import { NODE } from './geometry.js';

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

/** Half the size of a node as drawn (geometry.ts), plus a margin. */
const HALF_W = NODE.w / 2 + 10;
const HALF_H = NODE.h / 2 + 10;

/** Half-size of the box a node claims: other nodes' centres must stay outside it. */
const CLEAR_X = NODE.w + 16;
const CLEAR_Y = NODE.h + 18;
const RING = 150;
const STEPS = 12;
/** Rings searched around the anchor before giving up (then straight below them). */
const RINGS = 12;

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
  // Only what lies within reach of the rings can block a spot: on a large graph
  // that is a handful of the thousands of nodes and edges.
  const r = (RINGS + 1) * RING + CLEAR_X + CLEAR_EDGE;
  const near = (p: Point): boolean => Math.abs(p.x - c.x) < r && Math.abs(p.y - c.y) < r;
  const o: Obstacles = {
    taken: taken.filter(near),
    segments: segments.filter(([a, b]) => segmentDistance(c, [a, b]) < r),
    boxes: boxes.filter((b) => b.x1 < c.x + r && b.x2 > c.x - r && b.y1 < c.y + r && b.y2 > c.y - r),
  };
  const centre = { x: Math.round(c.x), y: Math.round(c.y) };
  if (!blocked(centre, o)) return centre;
  for (let ring = 1; ring <= RINGS; ring++) {
    for (let k = 0; k < STEPS * ring; k++) {
      const a = Math.PI / 2 + (2 * Math.PI * k) / (STEPS * ring);
      const p = { x: Math.round(c.x + ring * RING * Math.cos(a)), y: Math.round(c.y + ring * RING * 0.6 * Math.sin(a)) };
      if (!blocked(p, o)) return p;
    }
  }
  return { x: c.x, y: c.y + (RINGS + 1) * RING };
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

/** What the quick first layout needs to know of the graph (pure data, no Cytoscape). */
export interface ClusterInput {
  /** Nodes to position (compound boxes excluded: their children decide where they are). */
  ids: string[];
  /** Node id → its compound parent (jail), for nodes that have one. */
  parentOf: Map<string, string>;
  /** Edges as [source, target]. */
  edges: [string, string][];
}

/** Spacing of the quick layout's grid and rings (a node is NODE as drawn). */
const CELL_X = 170;
const CELL_Y = 90;
const GROUP_GAP = 120;

interface Group {
  /** First member is the head (a hub drawn in the middle, or a jail's first member). */
  members: string[];
  jail: boolean;
  w: number;
  h: number;
}

/**
 * Groups for the quick layout: a jail's members together; a node with a single
 * link, outside any jail, beside what it links to (an eiface with its bridge);
 * everything else heads a group of its own.
 */
function clusterGroups(input: ClusterInput): Map<string, string[]> {
  const nbrs = new Map<string, string[]>(input.ids.map((id) => [id, []]));
  for (const [a, b] of input.edges) {
    if (a === b) continue;
    nbrs.get(a)?.push(b);
    nbrs.get(b)?.push(a);
  }
  const head = (id: string): string => {
    const jail = input.parentOf.get(id);
    if (jail !== undefined) return `jail:${jail}`;
    const n = nbrs.get(id) ?? [];
    const m = n[0];
    if (n.length !== 1 || m === undefined || input.parentOf.has(m)) return id;
    // A linked pair of single-link nodes: the smaller id heads it.
    const mDeg = nbrs.get(m)?.length ?? 0;
    return mDeg > 1 || m < id ? m : id;
  };
  const groups = new Map<string, string[]>();
  for (const id of input.ids) {
    const h = head(id);
    if (!groups.has(h)) groups.set(h, h.startsWith('jail:') || h === id ? [] : [h]);
    const g = groups.get(h) as string[];
    if (!g.includes(id)) (h === id ? g.unshift(id) : g.push(id));
  }
  return groups;
}

/** Member offsets inside a group: a hub with its members on a ring around it, a jail as a compact grid. */
function groupShape(members: string[], jail: boolean): { at: Point[]; w: number; h: number } {
  const k = members.length;
  if (jail || k <= 2) {
    const cols = Math.max(1, Math.ceil(Math.sqrt(k)));
    const at = members.map((_, i) => ({ x: (i % cols) * CELL_X, y: Math.floor(i / cols) * CELL_Y }));
    return { at, w: cols * CELL_X, h: Math.ceil(k / cols) * CELL_Y };
  }
  // Ring radius: the members' cells side by side along the ring, at least one cell away from the hub.
  const r = Math.max(CELL_X, ((k - 1) * CELL_X) / (2 * Math.PI));
  const at = [{ x: 0, y: 0 }];
  for (let i = 1; i < k; i++) {
    const a = Math.PI / 2 + (2 * Math.PI * (i - 1)) / (k - 1);
    at.push({ x: Math.round(r * Math.cos(a)), y: Math.round(r * 0.6 * Math.sin(a)) });
  }
  return { at, w: 2 * r + CELL_X, h: 1.2 * r + CELL_Y };
}

/** Groups in breadth-first order over the links between them, so linked groups land side by side. */
function groupOrder(groups: Map<string, string[]>, edges: [string, string][]): string[] {
  const groupOf = new Map<string, string>();
  for (const [g, ms] of groups) for (const m of ms) groupOf.set(m, g);
  const adj = new Map<string, Set<string>>([...groups.keys()].map((g) => [g, new Set<string>()]));
  for (const [a, b] of edges) {
    const [ga, gb] = [groupOf.get(a), groupOf.get(b)];
    if (ga !== undefined && gb !== undefined && ga !== gb) (adj.get(ga)!.add(gb), adj.get(gb)!.add(ga));
  }
  const order: string[] = [];
  const seen = new Set<string>();
  for (const start of groups.keys()) {
    if (seen.has(start)) continue;
    seen.add(start);
    const queue = [start];
    for (let i = 0; i < queue.length; i++) {
      const g = queue[i] as string;
      order.push(g);
      for (const n of adj.get(g)!) if (!seen.has(n)) (seen.add(n), queue.push(n));
    }
  }
  return order;
}

/**
 * A quick, deterministic first layout for large graphs, linear in nodes and
 * edges (a force-directed layout costs about n² per iteration: seconds at a
 * thousand nodes). Groups (see clusterGroups) are packed in rows, in an order
 * that keeps linked groups next to each other.
 */
export function clusterLayout(input: ClusterInput): Map<string, Point> {
  const groups = clusterGroups(input);
  const shaped = groupOrder(groups, input.edges).map((key): Group & { at: Point[] } => {
    const members = groups.get(key) as string[];
    const jail = key.startsWith('jail:');
    return { members, jail, ...groupShape(members, jail) };
  });
  const area = shaped.reduce((s, g) => s + (g.w + GROUP_GAP) * (g.h + GROUP_GAP), 0);
  // Rows about 1.6 times as wide as the whole is tall: a landscape screen.
  const rowWidth = Math.max(...shaped.map((g) => g.w), Math.sqrt(area * 1.6));
  const out = new Map<string, Point>();
  let [x, y, rowH] = [0, 0, 0];
  for (const g of shaped) {
    if (x > 0 && x + g.w > rowWidth) [x, y, rowH] = [0, y + rowH + GROUP_GAP, 0];
    // Ring shapes are centred on the hub; grids start at their top left cell.
    const [ox, oy] = g.jail || g.members.length <= 2 ? [x + CELL_X / 2, y + CELL_Y / 2] : [x + g.w / 2, y + g.h / 2];
    g.members.forEach((id, i) => out.set(id, { x: Math.round(ox + g.at[i]!.x), y: Math.round(oy + g.at[i]!.y) }));
    x += g.w + GROUP_GAP;
    rowH = Math.max(rowH, g.h);
  }
  return out;
}

/** What cose's per-edge callbacks use of an edge (structural: only cy-adapter imports cytoscape). */
type LayoutEdge = { hasClass(cls: string): boolean };

/** Layout for the first load and explicit requests: Cytoscape's force-directed, compound-aware cose. */
const FULL_LAYOUT = {
  name: 'cose',
  animate: false,
  // From scratch: starting at placement positions leaves cose stuck with jail members far apart.
  randomize: true,
  padding: 30,
  nodeRepulsion: () => 40_000,
  // Jail glue is short and stiff: a jail's members sit together.
  idealEdgeLength: (e: LayoutEdge) => (e.hasClass('glue') ? 30 : 90),
  edgeElasticity: (e: LayoutEdge) => (e.hasClass('glue') ? 200 : 80),
  // Short edges inside jails keep their boxes compact.
  nestingFactor: 0.5,
  nodeOverlap: 40,
  componentSpacing: 120,
  gravity: 0.6,
  numIter: 2500,
} as const;

/** Above this many nodes the full layout's iterations shrink (cose costs about n² per iteration). */
export const LARGE_GRAPH_NODES = 300;

/** The full layout for a graph of `n` nodes: fewer cose iterations when large, so the first render stays quick. */
export function layoutFor(n: number): typeof FULL_LAYOUT | (Omit<typeof FULL_LAYOUT, 'numIter'> & { numIter: number }) {
  if (n <= LARGE_GRAPH_NODES) return FULL_LAYOUT;
  // Keep n² × iterations about what 300 nodes × 2500 iterations cost, with a floor that still untangles clusters.
  return { ...FULL_LAYOUT, numIter: Math.max(30, Math.round(2500 * (LARGE_GRAPH_NODES / n) ** 2 / 8)) };
}

/** A box the overlap pass may move (a jail with its members, or a node), or must not (a node the user placed). */
export interface SeparateUnit {
  key: string;
  box: Omit<Box, 'id'>;
  movable: boolean;
}

/** Room left between two boxes the overlap pass pushes apart. */
const SEPARATION = 16;

/**
 * Pushes overlapping boxes apart (the later of two moves, along the axis it
 * overlaps least) until none overlap or `rounds` run out; returns how far each
 * unit moved. The force-directed layout knows nothing of jail boxes: without
 * this, one jail could be drawn over another.
 */
export function separateBoxes(units: SeparateUnit[], rounds = 60): Map<string, Point> {
  const boxes = units.map((u) => ({ ...u.box }));
  const moved = new Map<string, Point>();
  for (let round = 0; round < rounds; round++) {
    let any = false;
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i]!, boxes[j]!];
        const ox = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) + SEPARATION;
        const oy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) + SEPARATION;
        if (ox <= 0 || oy <= 0) continue;
        const k = units[j]!.movable ? j : units[i]!.movable ? i : -1;
        if (k === -1) continue;
        const [mover, other] = k === j ? [b, a] : [a, b];
        const sign = (d: number): number => (d >= 0 ? 1 : -1);
        const d = ox <= oy ? { x: sign((mover.x1 + mover.x2 - other.x1 - other.x2) / 2) * ox, y: 0 } : { x: 0, y: sign((mover.y1 + mover.y2 - other.y1 - other.y2) / 2) * oy };
        [mover.x1, mover.x2, mover.y1, mover.y2] = [mover.x1 + d.x, mover.x2 + d.x, mover.y1 + d.y, mover.y2 + d.y];
        const key = units[k]!.key;
        const m = moved.get(key) ?? { x: 0, y: 0 };
        moved.set(key, { x: m.x + d.x, y: m.y + d.y });
        any = true;
      }
    }
    if (!any) break;
  }
  return moved;
}
