// What the canvas draws, measured on screen: every node's box and name box in
// CSS pixels from the canvas's top left corner, the size its name is drawn
// at (font size × zoom) and whether it is drawn at all. The page offers it on
// the canvas element (`ngstudioGeometry()`), so browser tests and tools can
// check legibility and overlaps as a person would see them.
// Types only from the adapter: it stays the one file that imports Cytoscape.
import type { Core, NodeSingular } from './cy-adapter.js';

export interface ScreenBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface DrawnNode {
  id: string;
  /** The jail box it is drawn in, or null. */
  parent: string | null;
  /** A jail drawn as a box around its members. */
  compound: boolean;
  label: string;
  /** The name's font size on screen (CSS pixels). */
  fontPx: number;
  /** False when the name is too small to be drawn at this zoom (min-zoomed-font-size). */
  labelDrawn: boolean;
  /** The node's body (a jail: its box), without its name. */
  body: ScreenBox;
  /** Where its name is drawn, or null when it has none. */
  labelBox: ScreenBox | null;
}

export interface DrawnGeometry {
  zoom: number;
  /** The canvas size in CSS pixels. */
  width: number;
  height: number;
  /** Nodes drawn (filtered-out ones are left out). */
  nodes: DrawnNode[];
  /** Hook names of links: font size on screen, and whether they are drawn at this zoom. */
  hooks: { id: string; fontPx: number; drawn: boolean }[];
}

const box = (b: { x1: number; y1: number; x2: number; y2: number }): ScreenBox => ({ x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 });
const px = (v: unknown): number => parseFloat(String(v)) || 0;

function drawnNode(n: NodeSingular, zoom: number): DrawnNode {
  const fontPx = px(n.style('font-size')) * zoom;
  const label = String(n.data('label') ?? '');
  const body = n.renderedBoundingBox({ includeLabels: false, includeOverlays: false, includeUnderlays: false } as never);
  const lb = label === '' ? null : n.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeMainLabels: true, includeSourceLabels: false, includeTargetLabels: false, includeOverlays: false, includeUnderlays: false } as never);
  return {
    id: n.id(),
    parent: (n.data('parent') as string | undefined) ?? null,
    compound: n.isParent(),
    label: label.replace(/\s+/g, ' ').trim(),
    fontPx,
    labelDrawn: fontPx >= px(n.style('min-zoomed-font-size')),
    body: box(body),
    labelBox: lb && lb.w > 0 ? box(lb) : null,
  };
}

/** Measures what is drawn now (costly on large graphs: every label is measured). */
export function measure(cy: Core): DrawnGeometry {
  const zoom = cy.zoom();
  const nodes = cy.nodes().filter((n) => n.visible()).map((n) => drawnNode(n as NodeSingular, zoom));
  const hooks = cy.edges('.link').filter((e) => e.visible()).map((e) => {
    const fontPx = px(e.style('font-size')) * zoom;
    return { id: e.id(), fontPx, drawn: fontPx >= px(e.style('min-zoomed-font-size')) };
  });
  return { zoom, width: cy.width(), height: cy.height(), nodes, hooks };
}
