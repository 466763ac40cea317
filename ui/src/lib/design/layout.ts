// Canvas positions ↔ the design's saved layout (pure): what the canvas shows
// is keyed by element id, the layout by design object (`kind:name`).
import type { Design } from '../../../../shared/design/types.js';
import type { DesignRef } from './refs.js';
import { refKey } from './refs.js';

export interface Point {
  x: number;
  y: number;
}

/** The canvas's view: pan (x, y in pixels) and zoom, as a design's layout keeps it. */
export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/**
 * The design with every drawn node's position in its layout (rounded), so a
 * saved design opens as it was drawn, not only where nodes were dropped.
 * Compound boxes (jails) are skipped: their children decide where they are.
 */
export function withCanvasLayout(d: Design, drawn: Map<string, Point>, refs: Map<string, DesignRef>, parents: Set<string> = new Set(), viewport: Viewport | null = null): Design {
  const positions: Record<string, Point> = { ...(d.layout?.positions ?? {}) };
  for (const [id, p] of drawn) {
    const r = refs.get(id);
    if (r === undefined || r.kind === 'link' || parents.has(id)) continue;
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
    positions[refKey(r)] = { x: Math.round(p.x), y: Math.round(p.y) };
  }
  const view = viewport && savedViewport({ ...d, layout: { viewport } });
  return { ...d, layout: { ...(d.layout ?? {}), positions, ...(view ? { viewport: { x: Math.round(view.x), y: Math.round(view.y), zoom: Math.round(view.zoom * 1000) / 1000 } } : {}) } };
}

/**
 * The view a design was saved with, or null when it has none or it is not one
 * (the design file's layout is only checked to be an object: a hand-edited
 * file may hold anything there).
 */
export function savedViewport(d: Design): Viewport | null {
  const v: unknown = d.layout?.viewport;
  if (typeof v !== 'object' || v === null) return null;
  const { x, y, zoom } = v as Record<string, unknown>;
  if (typeof x !== 'number' || typeof y !== 'number' || typeof zoom !== 'number') return null;
  if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(zoom) || zoom <= 0) return null;
  return { x, y, zoom };
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
