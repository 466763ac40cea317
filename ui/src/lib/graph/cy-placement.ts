// Where the nodes a diff brings go, read off what Cytoscape has drawn: new
// nodes near their neighbours and jail siblings (placement.ts decides, pure),
// nodes that change jail kept where they were dropped when that agrees with
// the move, else placed anew, and never left on top of another node.
// Cytoscape's types come through the adapter, the one file that imports it.
import type { Core } from './cy-adapter.js';
import type { ElementDiff } from './element-diff.js';
import { JAIL_PADDING, NODE } from './geometry.js';
import { freeSpotNear, placeNodes } from './placement.js';
import type { Box, Point } from './placement.js';


/** Positions for the nodes a diff adds (and nodes moved into another jail), without moving anyone else. */
function placementFor(cy: Core, diff: ElementDiff, moved: string[]): Map<string, Point> {
  const newNodes = diff.add.filter((e) => e.group === 'nodes');
  const parents = new Set<string>();
  const parentOf = new Map<string, string>();
  cy.nodes().forEach((n) => {
    const p = n.data('parent');
    if (typeof p === 'string') parentOf.set(n.id(), p);
  });
  for (const e of newNodes) if (e.group === 'nodes' && e.data.parent) parentOf.set(e.data.id, e.data.parent);
  for (const u of diff.update) if (u.parent !== undefined) u.parent === null ? parentOf.delete(u.id) : parentOf.set(u.id, u.parent);
  for (const p of parentOf.values()) parents.add(p);
  const neighbours = new Map<string, string[]>();
  const link = (a: string, b: string): void => void neighbours.set(a, [...(neighbours.get(a) ?? []), b]);
  cy.edges().forEach((e) => (link(e.data('source'), e.data('target')), link(e.data('target'), e.data('source'))));
  for (const e of diff.add) if (e.group === 'edges') (link(e.data.source, e.data.target), link(e.data.target, e.data.source));
  const known = new Map<string, Point>();
  const skip = new Set(moved);
  // Compound parents have no position of their own: their children's decide it.
  cy.nodes().forEach((n) => void (!skip.has(n.id()) && !n.isParent() && known.set(n.id(), { ...n.position() })));
  const ids = [...newNodes.map((e) => e.data.id), ...moved].filter((id) => !parents.has(id));
  const segments: [Point, Point][] = [];
  cy.edges().forEach((e) => {
    const a = known.get(e.data('source'));
    const b = known.get(e.data('target'));
    if (a && b) segments.push([a, b]);
  });
  // Jail boxes are kept clear of newcomers, empty ones too (the interface just moved out of one stays beside it, not on it).
  const boxes: Box[] = [];
  cy.nodes('.jail').forEach((n) => void boxes.push({ id: n.id(), ...n.boundingBox() }));
  return placeNodes({ ids, neighbours, parentOf, known, segments, boxes });
}

/**
 * Whether a node changing jail (`to`: the new parent, null: the host) can stay
 * where it is drawn, or at `at` when given: yes when that spot agrees with the
 * move (a drag lands it outside the box it left, or inside the one it joins);
 * no when the move came from elsewhere (the inspector, the host) and the spot
 * is still in the old box or outside the new one.
 */
function spotFits(cy: Core, id: string, to: string | null, at: Point | undefined): boolean {
  const n = cy.getElementById(id);
  if (n.empty()) return true;
  const p = at ?? n.position();
  // A jail's box as its other members make it (a compound stretches to hold the node being moved out).
  const inside = (jail: string): boolean => {
    const others = cy.getElementById(jail).children().difference(n);
    if (others.empty()) return false;
    const b = others.boundingBox();
    return p.x >= b.x1 - JAIL_PADDING && p.x <= b.x2 + JAIL_PADDING && p.y >= b.y1 - JAIL_PADDING && p.y <= b.y2 + JAIL_PADDING;
  };
  const from = n.data('parent');
  if (typeof from === 'string' && inside(from)) return false;
  // The last member leaving: the jail stays drawn, empty, where its member was; the spot fits only outside that box.
  if (typeof from === 'string' && cy.getElementById(from).children().difference(n).empty()) {
    const b = n.boundingBox({ includeLabels: false } as never);
    const pad = JAIL_PADDING + NODE.w / 2;
    if (p.x > b.x1 - pad && p.x < b.x2 + pad && p.y > b.y1 - pad && p.y < b.y2 + pad) return false;
  }
  return to === null || inside(to) || cy.getElementById(to).children().empty();
}

/** Where a node that changed jail and keeps its spot goes: that spot, or the nearest free one if it was dropped onto another node. */
function nudged(cy: Core, id: string, at: Point, removed: Set<string>): Point {
  const taken: Point[] = [];
  cy.nodes().forEach((o) => void (o.id() !== id && !o.isParent() && !removed.has(o.id()) && taken.push({ ...o.position() })));
  return freeSpotNear(at, taken);
}

/**
 * Positions for what `diff` adds or moves between jails: `given` ones (saved
 * layout, drop points) win, except for a node whose spot contradicts its jail
 * move; `place` false (before the first layout) places nothing new.
 */
export function positionsFor(cy: Core, diff: ElementDiff, place: boolean, given: Map<string, Point>): Map<string, Point> {
  const jailMoves = diff.update.filter((u) => u.parent !== undefined);
  const moved = jailMoves.filter((u) => !spotFits(cy, u.id, u.parent ?? null, given.get(u.id))).map((u) => u.id);
  const positions = place ? placementFor(cy, diff, moved) : new Map<string, Point>();
  // Saved positions win, except for a node placed anew because its spot contradicts its jail move.
  for (const [id, p] of given) if (!(place && moved.includes(id))) positions.set(id, p);
  const removed = new Set(diff.remove);
  for (const u of jailMoves) {
    if (moved.includes(u.id)) continue;
    const n = cy.getElementById(u.id);
    if (n.nonempty()) positions.set(u.id, nudged(cy, u.id, positions.get(u.id) ?? { ...n.position() }, removed));
  }
  return positions;
}
