// Canvas positions ↔ the design's saved layout (pure): what the canvas shows
// is keyed by element id, the layout by design object (`kind:name`).
import type { Design } from '../../../../shared/design/types.js';
import type { DesignRef } from './refs.js';
import { refKey } from './refs.js';

export interface Point {
  x: number;
  y: number;
}

/**
 * The design with every drawn node's position in its layout (rounded), so a
 * saved design opens as it was drawn, not only where nodes were dropped.
 * Compound boxes (jails) are skipped: their children decide where they are.
 */
export function withCanvasLayout(d: Design, drawn: Map<string, Point>, refs: Map<string, DesignRef>, parents: Set<string> = new Set()): Design {
  const positions: Record<string, Point> = { ...(d.layout?.positions ?? {}) };
  for (const [id, p] of drawn) {
    const r = refs.get(id);
    if (r === undefined || r.kind === 'link' || parents.has(id)) continue;
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
    positions[refKey(r)] = { x: Math.round(p.x), y: Math.round(p.y) };
  }
  return { ...d, layout: { ...(d.layout ?? {}), positions } };
}

/** The layout's positions by canvas element id (only for objects the canvas shows). */
export function positionsById(d: Design, ids: Map<string, string>): Map<string, Point> {
  const m = new Map<string, Point>();
  for (const [k, p] of Object.entries(d.layout?.positions ?? {})) {
    const id = ids.get(k);
    if (id !== undefined) m.set(id, p);
  }
  return m;
}
