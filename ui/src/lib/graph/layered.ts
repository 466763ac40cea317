// The layered layout (pure): reads like a network diagram, uplinks (NICs and
// their ng_ether nodes) on the top row, bridges and other switching nodes on
// the next, interfaces and jails below. Deterministic: the same graph in the
// same order gives the same picture on every load.
//
// dagre (@dagrejs/dagre) orders and spaces each connected part; this module
// only decides which way each link points (by tier), turns each jail into one
// box, puts every part's ranks on the shared tier rows and packs the parts.
// Measured on the project's graphs before choosing (headless Cytoscape, a
// shared and busy 2-core machine, so rough): the demo 105 ms with
// cytoscape-dagre against 460–1900 ms with cytoscape-elk; the 300-node bench
// graph 3.1 s against 6–7.5 s; the 1000-node bench graph 11.7 s against
// 19.5 s (5000 nodes: 63 s against 69 s). elkjs also adds 1.6 MB to the page,
// dagre 49 kB. cytoscape-dagre wraps the same dagre but lays out whatever it
// is given as one compound graph: it can neither hold tiers to rows nor treat
// a jail as one box, and that compound graph is what cost seconds above. Here
// dagre sees small parts (same-tier links, like bridge to bridge, do not
// rank), and star-shaped parts, the common case on large hosts, skip it.
import { layout as dagreLayout, graphlib } from '@dagrejs/dagre';
import { JAIL_LABEL, JAIL_PADDING, NODE } from './geometry.js';
import type { Point } from './placement.js';

export interface LayeredInput {
  /** Nodes to place (jail boxes excluded: their members decide where they are). */
  ids: string[];
  /** Node id → its jail box, for nodes inside one. */
  parentOf: Map<string, string>;
  /** Edges as [source, target] (direction ignored: tiers decide it). */
  edges: [string, string][];
  /** Node id → its tier (0 uplinks, 1 switching, 2 endpoints; see tierOf). */
  tiers: Map<string, number>;
  /** The widest the picture should be before parts wrap onto a new band (model pixels). */
  width?: number;
  /** Width to height of the view, for large graphs that wrap into bands. */
  aspect?: number;
}

/** Gaps, in model pixels: between nodes in a row, between rows, between parts, inside jails. */
const GAP = { node: 24, row: 96, part: 60, band: 120, inner: 18 } as const;
/** Parts with more units than this skip dagre (its cost grows faster than linearly) for plain rows by rank. */
const DAGRE_MAX = 250;

/** Which row a node belongs on, from its element classes (elements.ts). */
export function tierOf(classes: readonly string[]): number {
  const has = (c: string): boolean => classes.includes(c);
  if (has('if-epair') || has('jail')) return 2;
  if (has('if-bridge')) return 1;
  if (has('if-nic') || has('ng-ether')) return 0;
  if (['ng-bridge', 'ng-hub', 'ng-one2many', 'ng-vlan', 'ng-tee', 'ng-pipe'].some(has)) return 1;
  return 2;
}

/** One box the layout places: a top-level node, or a jail with its members. */
interface Unit {
  key: string;
  members: string[];
  /** Member offsets from the unit's centre. */
  at: Point[];
  w: number;
  h: number;
  /** From the unit's top to its first member's centre: plain nodes in a row line up with a jail's first member. */
  head: number;
  tier: number;
}

/** Members of a jail in a grid (one column up to three), linked ones first so they face the row above; its name below. */
function jailUnit(key: string, members: string[], tier: number): Unit {
  const k = members.length;
  const cols = k <= 3 ? 1 : Math.ceil(Math.sqrt(k));
  const rows = Math.ceil(k / cols);
  const w = cols * NODE.w + (cols - 1) * GAP.inner + 2 * JAIL_PADDING;
  const h = rows * NODE.h + (rows - 1) * GAP.inner + 2 * JAIL_PADDING + JAIL_LABEL;
  const at = members.map((_, i) => ({
    x: -w / 2 + JAIL_PADDING + NODE.w / 2 + (i % cols) * (NODE.w + GAP.inner),
    y: -h / 2 + JAIL_PADDING + NODE.h / 2 + Math.floor(i / cols) * (NODE.h + GAP.inner),
  }));
  // The jail's name is drawn under its box (links come in from above): room for it below.
  return { key, members, at, w, h, head: JAIL_PADDING + NODE.h / 2, tier };
}

/** Units, the unit of every node, and the links between units (each pair once). */
function unitsOf(input: LayeredInput): { units: Unit[]; links: [number, number][] } {
  const jailMembers = new Map<string, string[]>();
  for (const id of input.ids) {
    const j = input.parentOf.get(id);
    if (j !== undefined) jailMembers.set(j, [...(jailMembers.get(j) ?? []), id]);
  }
  const outside = new Set<string>();
  for (const [a, b] of input.edges) {
    if (input.parentOf.get(a) !== input.parentOf.get(b)) (outside.add(a), outside.add(b));
  }
  const units: Unit[] = [];
  const unitOf = new Map<string, number>();
  const tier = (id: string): number => input.tiers.get(id) ?? 2;
  for (const id of input.ids) {
    const j = input.parentOf.get(id);
    if (j === undefined) {
      unitOf.set(id, units.length);
      units.push({ key: id, members: [id], at: [{ x: 0, y: 0 }], w: NODE.w, h: NODE.h, head: NODE.h / 2, tier: tier(id) });
    } else if (!unitOf.has(j)) {
      const ms = jailMembers.get(j) as string[];
      const sorted = [...ms.filter((m) => outside.has(m)), ...ms.filter((m) => !outside.has(m))];
      const linked = sorted.filter((m) => outside.has(m));
      const t = Math.min(...(linked.length > 0 ? linked : sorted).map(tier));
      unitOf.set(j, units.length);
      units.push(jailUnit(j, sorted, Math.max(t, 2)));
    }
  }
  const seen = new Set<string>();
  const links: [number, number][] = [];
  for (const [a, b] of input.edges) {
    const [ua, ub] = [unitOf.get(input.parentOf.get(a) ?? a), unitOf.get(input.parentOf.get(b) ?? b)];
    if (ua === undefined || ub === undefined || ua === ub) continue;
    const k = ua < ub ? `${ua} ${ub}` : `${ub} ${ua}`;
    if (!seen.has(k)) (seen.add(k), links.push([ua, ub]));
  }
  return { units, links };
}

/** Hops from the top of each connected part (its lowest-tier units), breadth first. */
function depths(units: Unit[], adj: number[][]): number[] {
  const depth = new Array<number>(units.length).fill(-1);
  const seen = new Array<boolean>(units.length).fill(false);
  for (let s = 0; s < units.length; s++) {
    if (seen[s]) continue;
    const part: number[] = [s];
    seen[s] = true;
    for (let i = 0; i < part.length; i++) for (const n of adj[part[i]!]!) if (!seen[n]) (seen[n] = true, part.push(n));
    const top = Math.min(...part.map((u) => units[u]!.tier));
    const queue = part.filter((u) => units[u]!.tier === top);
    for (const u of queue) depth[u] = 0;
    for (let i = 0; i < queue.length; i++) {
      const u = queue[i]!;
      for (const n of adj[u]!) if (depth[n] === -1) (depth[n] = depth[u]! + 1, queue.push(n));
    }
  }
  return depth;
}

/** A part laid out on its own: unit → rank and x (centre), and its width. */
interface Part {
  units: number[];
  rank: Map<number, number>;
  x: Map<number, number>;
  w: number;
}

/** Places a part whose ranking links all join one unit to the others: the hub above (or below) them in a row. */
function starPart(units: Unit[], part: number[], hub: number, hubAbove: boolean): Part {
  const leaves = part.filter((u) => u !== hub);
  const widths = leaves.reduce((s, u) => s + units[u]!.w, 0) + (leaves.length - 1) * GAP.node;
  const w = Math.max(widths, units[hub]!.w);
  const x = new Map<number, number>([[hub, w / 2]]);
  let cursor = (w - widths) / 2;
  for (const u of leaves) (x.set(u, cursor + units[u]!.w / 2), (cursor += units[u]!.w + GAP.node));
  const rank = new Map(part.map((u) => [u, u === hub ? (hubAbove ? 0 : 1) : hubAbove ? 1 : 0] as [number, number]));
  return { units: part, rank, x, w };
}

/** Ranks by longest path from each unit's own tier, and rows in discovery order: for parts too large for dagre. */
function rowsPart(units: Unit[], part: number[], down: Map<number, number[]>): Part {
  const rank = new Map<number, number>(part.map((u) => [u, units[u]!.tier]));
  const indeg = new Map<number, number>(part.map((u) => [u, 0]));
  for (const u of part) for (const v of down.get(u) ?? []) indeg.set(v, (indeg.get(v) ?? 0) + 1);
  const queue = part.filter((u) => indeg.get(u) === 0);
  for (let i = 0; i < queue.length; i++) {
    const u = queue[i]!;
    for (const v of down.get(u) ?? []) {
      rank.set(v, Math.max(rank.get(v)!, rank.get(u)! + 1));
      indeg.set(v, indeg.get(v)! - 1);
      if (indeg.get(v) === 0) queue.push(v);
    }
  }
  const cursor = new Map<number, number>();
  const x = new Map<number, number>();
  for (const u of queue) {
    const r = rank.get(u)!;
    const at = cursor.get(r) ?? 0;
    x.set(u, at + units[u]!.w / 2);
    cursor.set(r, at + units[u]!.w + GAP.node);
  }
  return { units: part, rank, x, w: Math.max(...cursor.values()) - GAP.node };
}

/** dagre on one part: x from its positioning, ranks from its rows. */
function dagrePart(units: Unit[], part: number[], down: Map<number, number[]>): Part {
  const g = new graphlib.Graph({ multigraph: false, compound: false });
  g.setGraph({ rankdir: 'TB', nodesep: GAP.node, ranksep: GAP.row, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const u of part) g.setNode(String(u), { width: units[u]!.w, height: units[u]!.h });
  for (const u of part) for (const v of down.get(u) ?? []) g.setEdge(String(u), String(v));
  dagreLayout(g);
  const ys = new Map<number, number>();
  const xs = new Map<number, number>();
  let minX = Infinity;
  let maxX = -Infinity;
  for (const u of part) {
    const n = g.node(String(u)) as { x: number; y: number };
    ys.set(u, Math.round(n.y));
    xs.set(u, n.x);
    minX = Math.min(minX, n.x - units[u]!.w / 2);
    maxX = Math.max(maxX, n.x + units[u]!.w / 2);
  }
  const levels = [...new Set(ys.values())].sort((a, b) => a - b);
  const rank = new Map(part.map((u) => [u, levels.indexOf(ys.get(u)!)] as [number, number]));
  const x = new Map(part.map((u) => [u, xs.get(u)! - minX] as [number, number]));
  return { units: part, rank, x, w: maxX - minX };
}

/** Lays out one connected part of the ranking links, choosing the cheapest way that serves. */
function layPart(units: Unit[], part: number[], down: Map<number, number[]>, up: Map<number, number[]>): Part {
  if (part.length === 1) return { units: part, rank: new Map([[part[0]!, 0]]), x: new Map([[part[0]!, units[part[0]!]!.w / 2]]), w: units[part[0]!]!.w };
  const hub = part.find((u) => (down.get(u)?.length ?? 0) + (up.get(u)?.length ?? 0) === part.length - 1);
  if (hub !== undefined) {
    const out = down.get(hub)?.length ?? 0;
    if (out === part.length - 1 || out === 0) return starPart(units, part, hub, out > 0);
  }
  return part.length > DAGRE_MAX ? rowsPart(units, part, down) : dagrePart(units, part, down);
}

/** Node positions of the layered layout (centres, model coordinates). */
export function layeredLayout(input: LayeredInput): Map<string, Point> {
  const { units, links } = unitsOf(input);
  const adj: number[][] = units.map(() => []);
  for (const [a, b] of links) (adj[a]!.push(b), adj[b]!.push(a));
  const depth = depths(units, adj);
  // A link points down from the lower tier (then the unit nearer the top of its part); a tie does not rank.
  const down = new Map<number, number[]>();
  const up = new Map<number, number[]>();
  const rankAdj: number[][] = units.map(() => []);
  for (const [a, b] of links) {
    const d = units[a]!.tier - units[b]!.tier || depth[a]! - depth[b]!;
    if (d === 0) continue;
    const [s, t] = d < 0 ? [a, b] : [b, a];
    down.set(s, [...(down.get(s) ?? []), t]);
    up.set(t, [...(up.get(t) ?? []), s]);
    (rankAdj[s]!.push(t), rankAdj[t]!.push(s));
  }
  const loners = units.map((_, i) => i).filter((u) => adj[u]!.length === 0);
  const parts = partsInOrder(units, adj, rankAdj, new Set(loners)).map((p) => layPart(units, p, down, up));
  const out = new Map<string, Point>();
  const placeUnit = (u: number, cx: number, cy: number): void => {
    const unit = units[u]!;
    unit.members.forEach((m, i) => out.set(m, { x: Math.round(cx + unit.at[i]!.x), y: Math.round(cy + unit.at[i]!.y) }));
  };
  const bottom = packParts(units, parts, input, placeUnit);
  // Nodes linked to nothing, outside jails (the host's lo0), and jails linked to nothing: a row below the rest.
  let [x, rowH, y] = [0, 0, bottom === null ? 0 : bottom + GAP.row];
  const width = Math.max(input.width ?? 0, ...parts.map((p) => p.w));
  for (const u of loners) {
    const unit = units[u]!;
    if (x > 0 && x + unit.w > width) [x, y, rowH] = [0, y + rowH + GAP.row, 0];
    placeUnit(u, x + unit.w / 2, y + unit.h / 2);
    x += unit.w + GAP.node;
    rowH = Math.max(rowH, unit.h);
  }
  return out;
}

/**
 * Connected parts of the ranking links, ordered by a breadth-first walk over
 * every link (bridge-to-bridge too), so parts linked to each other land side by side.
 */
function partsInOrder(units: Unit[], adj: number[][], rankAdj: number[][], skip: Set<number>): number[][] {
  const order: number[] = [];
  const seen = new Array<boolean>(units.length).fill(false);
  for (let s = 0; s < units.length; s++) {
    if (seen[s] || skip.has(s)) continue;
    const queue = [s];
    seen[s] = true;
    for (let i = 0; i < queue.length; i++) for (const n of adj[queue[i]!]!) if (!seen[n]) (seen[n] = true, queue.push(n));
    order.push(...queue);
  }
  const partOf = new Array<number>(units.length).fill(-1);
  const parts: number[][] = [];
  for (const s of order) {
    if (partOf[s] !== -1) continue;
    const part = [s];
    partOf[s] = parts.length;
    for (let i = 0; i < part.length; i++) for (const n of rankAdj[part[i]!]!) if (partOf[n] === -1) ((partOf[n] = parts.length), part.push(n));
    parts.push(part.sort((a, b) => a - b));
  }
  return parts;
}

/**
 * Packs laid-out parts left to right in bands; within a band every tier is one
 * row (a part whose top is a bridge starts on the bridge row, not the uplink
 * row). Returns the bottom of the last band, or null with no parts.
 */
function packParts(units: Unit[], parts: Part[], input: LayeredInput, place: (u: number, x: number, y: number) => void): number | null {
  if (parts.length === 0) return null;
  const shift = parts.map((p) => Math.max(0, ...p.units.map((u) => units[u]!.tier - p.rank.get(u)!)));
  const rowOf = (pi: number, u: number): number => parts[pi]!.rank.get(u)! + shift[pi]!;
  const heights = parts.map((p, pi) => p.units.reduce((h, u) => Math.max(h, (rowOf(pi, u) + 1) * (NODE.h + GAP.row)), 0));
  const area = parts.reduce((s, p, i) => s + (p.w + GAP.part) * (heights[i]! + GAP.band), 0);
  const width = Math.max(input.width ?? 0, ...parts.map((p) => p.w), Math.sqrt(area * (input.aspect ?? 1.6)));
  // Bands: runs of parts that fit the width.
  const bands: number[][] = [[]];
  let x = 0;
  parts.forEach((p, i) => {
    if (x > 0 && x + p.w > width) (bands.push([]), (x = 0));
    bands[bands.length - 1]!.push(i);
    x += p.w + GAP.part;
  });
  let top = 0;
  for (const band of bands) {
    // Per row: the deepest head (where members line up) and the deepest foot below it.
    const head: number[] = [];
    const foot: number[] = [];
    for (const pi of band) {
      for (const u of parts[pi]!.units) {
        const [r, unit] = [rowOf(pi, u), units[u]!];
        head[r] = Math.max(head[r] ?? 0, unit.head);
        foot[r] = Math.max(foot[r] ?? 0, unit.h - unit.head);
      }
    }
    const line: number[] = [];
    let y = top;
    head.forEach((h, r) => {
      if (y > top) y += GAP.row;
      line[r] = y + h;
      y += h + foot[r]!;
    });
    let left = 0;
    for (const pi of band) {
      const p = parts[pi]!;
      for (const u of p.units) place(u, left + p.x.get(u)!, line[rowOf(pi, u)]! - units[u]!.head + units[u]!.h / 2);
      left += p.w + GAP.part;
    }
    top = y + GAP.band;
  }
  return top - GAP.band;
}
