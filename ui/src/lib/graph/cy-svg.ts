// Reads what Cytoscape drew (computed styles, edge endpoints and control
// points) into the plain scene svg.ts turns into an SVG document. Cytoscape's
// types come through the adapter, the one file that imports the library.
import type { Core, EdgeSingular, NodeSingular } from './cy-adapter.js';
import { sceneToSvg } from './svg.js';
import type { StrokeStyle, SvgEdge, SvgNode } from './svg.js';
import type { Point } from './placement.js';

const num = (e: NodeSingular | EdgeSingular, prop: string): number => {
  const v = parseFloat(String(e.style(prop)));
  return Number.isFinite(v) ? v : 0;
};

const strokeStyle = (s: string): StrokeStyle => (s === 'dashed' || s === 'dotted' || s === 'double' ? s : 'solid');

function halo(n: NodeSingular): SvgNode['halo'] {
  // The problem and conflict marks (styles.ts): an underlay or an overlay tint.
  for (const kind of ['underlay', 'overlay'] as const) {
    const opacity = num(n, `${kind}-opacity`);
    if (opacity > 0) return { color: String(n.style(`${kind}-color`)), opacity, padding: num(n, `${kind}-padding`) };
  }
  return undefined;
}

/** The kind's glyph as drawn (a data URI background image), for the export to draw too. */
function glyphOf(n: NodeSingular): Pick<SvgNode, 'glyph'> | null {
  const href = n.style('background-image');
  const uri = Array.isArray(href) ? href[0] : href;
  if (typeof uri !== 'string' || !uri.startsWith('data:image/svg+xml')) return null;
  return { glyph: { href: uri, size: num(n, 'background-width'), left: num(n, 'background-position-x') } };
}

function nodeOf(n: NodeSingular): SvgNode {
  const compound = n.isParent();
  const borderWidth = num(n, 'border-width');
  // A compound's size comes from its children: read its drawn box instead.
  const bb = compound ? n.boundingBox({ includeLabels: false, includeOverlays: false }) : null;
  const h = halo(n);
  return {
    x: bb ? (bb.x1 + bb.x2) / 2 : n.position('x'),
    y: bb ? (bb.y1 + bb.y2) / 2 : n.position('y'),
    w: bb ? bb.w - borderWidth : n.width(),
    h: bb ? bb.h - borderWidth : n.height(),
    shape: String(n.style('shape')),
    fill: String(n.style('background-color')),
    fillOpacity: num(n, 'background-opacity'),
    stroke: String(n.style('border-color')),
    strokeWidth: borderWidth,
    strokeStyle: strokeStyle(String(n.style('border-style'))),
    opacity: num(n, 'opacity'),
    label: String(n.style('label') ?? ''),
    color: String(n.style('color')),
    fontSize: num(n, 'font-size'),
    fontFamily: String(n.style('font-family')),
    fontWeight: String(n.style('font-weight')),
    labelAt: compound && (n.style('text-valign') === 'top' || n.style('text-valign') === 'bottom') ? (n.style('text-valign') as 'top' | 'bottom') : 'center',
    compound,
    ...(compound ? {} : { labelDx: num(n, 'text-margin-x') }),
    ...(glyphOf(n) ?? {}),
    ...(h ? { halo: h } : {}),
  };
}

function edgeOf(e: EdgeSingular): SvgEdge {
  const curve = String(e.style('curve-style'));
  const mid: Point[] = (curve === 'segments' ? e.segmentPoints() : e.controlPoints()) ?? [];
  const ls = String(e.style('line-style'));
  return {
    points: [e.sourceEndpoint(), ...mid, e.targetEndpoint()].map((p) => ({ x: p.x, y: p.y })),
    curved: curve !== 'segments' && curve !== 'straight',
    color: String(e.style('line-color')),
    width: num(e, 'width'),
    lineStyle: ls === 'dashed' || ls === 'dotted' ? ls : 'solid',
    opacity: num(e, 'opacity'),
    sourceLabel: String(e.style('source-label') ?? ''),
    targetLabel: String(e.style('target-label') ?? ''),
    labelOffset: num(e, 'source-text-offset'),
    textColor: String(e.style('color')),
    labelBg: String(e.style('text-background-color')),
    fontSize: num(e, 'font-size'),
    fontFamily: String(e.style('font-family')),
  };
}

/** Everything visible on the canvas as an SVG document, on `background`. */
export function canvasSvg(cy: Core, background: string): string {
  const nodes = cy.nodes().filter((n) => n.visible()).map(nodeOf);
  const edges = cy.edges().filter((e) => e.visible()).map(edgeOf);
  return sceneToSvg({ background, nodes, edges });
}
