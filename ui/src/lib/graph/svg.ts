// The canvas as an SVG document, from a plain description of what is drawn
// (cy-svg.ts reads it off Cytoscape): node shapes with their fill, border and
// label, jail boxes with their title, edges with the curve Cytoscape drew and
// hook names at both ends. Pure, so the drawing rules are tested without a
// browser; vector output, so every label is there at any zoom.
import type { Point } from './placement.js';

export type StrokeStyle = 'solid' | 'dashed' | 'dotted' | 'double';

export interface SvgNode {
  /** Centre and size of the body, border excluded (as Cytoscape's width/height). */
  x: number;
  y: number;
  w: number;
  h: number;
  /** A Cytoscape shape name; unknown names draw as a rectangle. */
  shape: string;
  fill: string;
  fillOpacity: number;
  stroke: string;
  strokeWidth: number;
  strokeStyle: StrokeStyle;
  opacity: number;
  label: string;
  color: string;
  fontSize: number;
  fontFamily: string;
  fontWeight: string;
  /** Where the label sits: inside, centred, or above the top border or under the bottom one (a jail's title). */
  labelAt: 'center' | 'top' | 'bottom';
  /** A label inside the node moved right by this much (room for the glyph). */
  labelDx?: number;
  /** The kind's glyph (an image URI), drawn at the node's left. */
  glyph?: { href: string; size: number; left: number };
  /** A jail box: drawn under the edges and the nodes it contains. */
  compound: boolean;
  /** A translucent halo behind the node (validation problem, conflict), or none. */
  halo?: { color: string; opacity: number; padding: number };
}

export interface SvgEdge {
  /** Source endpoint, the control points Cytoscape chose, target endpoint. */
  points: Point[];
  /** `bezier`-style curves draw through their control points; anything else is straight segments. */
  curved: boolean;
  color: string;
  width: number;
  lineStyle: Exclude<StrokeStyle, 'double'>;
  opacity: number;
  sourceLabel: string;
  targetLabel: string;
  /** How far from each end its label sits, along the edge. */
  labelOffset: number;
  textColor: string;
  labelBg: string;
  fontSize: number;
  fontFamily: string;
}

export interface SvgScene {
  background: string;
  nodes: SvgNode[];
  edges: SvgEdge[];
}

const PAD = 24;

/** XML text and attribute escaping. */
export const xmlEscape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const n = (v: number): string => String(Math.round(v * 100) / 100);

/** Corner points of a shape around the unit square [-1, 1]², for polygon shapes. */
function unitPolygon(shape: string): [number, number][] | null {
  const ring = (count: number, start: number): [number, number][] =>
    Array.from({ length: count }, (_, i) => {
      const a = start + (2 * Math.PI * i) / count;
      return [Math.cos(a), Math.sin(a)];
    });
  // Stretch a ring so it touches all four sides of the square (as Cytoscape's "fit to square").
  const fit = (pts: [number, number][]): [number, number][] => {
    const mx = Math.max(...pts.map(([x]) => Math.abs(x)));
    const my = Math.max(...pts.map(([, y]) => Math.abs(y)));
    return pts.map(([x, y]) => [x / mx, y / my]);
  };
  switch (shape) {
    case 'triangle':
      return [[0, -1], [1, 1], [-1, 1]];
    case 'diamond':
      return [[0, -1], [1, 0], [0, 1], [-1, 0]];
    case 'hexagon':
      return fit(ring(6, 0));
    case 'octagon':
      return fit(ring(8, Math.PI / 8));
    case 'star':
      return fit(Array.from({ length: 10 }, (_, i): [number, number] => {
        const a = -Math.PI / 2 + (Math.PI * i) / 5;
        const r = i % 2 === 0 ? 1 : 0.38;
        return [r * Math.cos(a), r * Math.sin(a)];
      }));
    case 'tag':
    case 'round-tag':
      return [[-1, -1], [0.6, -1], [1, 0], [0.6, 1], [-1, 1]];
    default:
      return null;
  }
}

/** The SVG element drawing a node's outline with the given paint attributes. */
export function shapeElement(shape: string, x: number, y: number, w: number, h: number, paint: string): string {
  const [hw, hh] = [w / 2, h / 2];
  const poly = unitPolygon(shape);
  if (poly) return `<polygon points="${poly.map(([px, py]) => `${n(x + px * hw)},${n(y + py * hh)}`).join(' ')}"${paint}/>`;
  switch (shape) {
    case 'ellipse':
      return `<ellipse cx="${n(x)}" cy="${n(y)}" rx="${n(hw)}" ry="${n(hh)}"${paint}/>`;
    case 'round-rectangle':
    case 'roundrectangle': {
      const r = Math.min(w / 4, h / 4, 8);
      return `<rect x="${n(x - hw)}" y="${n(y - hh)}" width="${n(w)}" height="${n(h)}" rx="${n(r)}"${paint}/>`;
    }
    case 'cut-rectangle': {
      const c = Math.min(8, w / 4, h / 4);
      const pts = [[-hw + c, -hh], [hw - c, -hh], [hw, -hh + c], [hw, hh - c], [hw - c, hh], [-hw + c, hh], [-hw, hh - c], [-hw, -hh + c]];
      return `<polygon points="${pts.map(([px, py]) => `${n(x + (px as number))},${n(y + (py as number))}`).join(' ')}"${paint}/>`;
    }
    case 'barrel': {
      const b = Math.min(w * 0.1, 10);
      const d = `M${n(x - hw + b)},${n(y - hh)} L${n(x + hw - b)},${n(y - hh)} Q${n(x + hw)},${n(y)} ${n(x + hw - b)},${n(y + hh)} L${n(x - hw + b)},${n(y + hh)} Q${n(x - hw)},${n(y)} ${n(x - hw + b)},${n(y - hh)} Z`;
      return `<path d="${d}"${paint}/>`;
    }
    default:
      return `<rect x="${n(x - hw)}" y="${n(y - hh)}" width="${n(w)}" height="${n(h)}"${paint}/>`;
  }
}

const dash = (style: StrokeStyle, width: number): string =>
  style === 'dashed' ? ` stroke-dasharray="${n(width * 3)} ${n(width * 2)}"` : style === 'dotted' ? ` stroke-dasharray="${n(width)} ${n(width * 1.5)}"` : '';

/** Text lines centred on (x, y), one tspan per line. */
function textBlock(lines: string[], x: number, y: number, size: number, attrs: string): string {
  const lead = size * 1.2;
  const top = y - ((lines.length - 1) * lead) / 2;
  const spans = lines.map((l, i) => `<tspan x="${n(x)}" y="${n(top + i * lead)}">${xmlEscape(l)}</tspan>`).join('');
  return `<text text-anchor="middle" dominant-baseline="central" font-size="${n(size)}"${attrs}>${spans}</text>`;
}

/** A rough text width for label backgrounds (no font metrics without a DOM). */
const textWidth = (s: string, size: number): number => s.length * size * 0.6;

function nodeSvg(v: SvgNode): string {
  const out: string[] = [];
  const opacity = v.opacity < 1 ? ` opacity="${n(v.opacity)}"` : '';
  if (v.halo) {
    const p = v.halo.padding;
    out.push(`<rect x="${n(v.x - v.w / 2 - p)}" y="${n(v.y - v.h / 2 - p)}" width="${n(v.w + 2 * p)}" height="${n(v.h + 2 * p)}" rx="${n(p)}" fill="${xmlEscape(v.halo.color)}" fill-opacity="${n(v.halo.opacity)}"/>`);
  }
  const fill = ` fill="${xmlEscape(v.fill)}"${v.fillOpacity < 1 ? ` fill-opacity="${n(v.fillOpacity)}"` : ''}`;
  const stroke = ` stroke="${xmlEscape(v.stroke)}" stroke-width="${n(v.strokeWidth)}"${dash(v.strokeStyle, v.strokeWidth)}`;
  out.push(shapeElement(v.shape, v.x, v.y, v.w, v.h, fill + stroke));
  // A double border: the fill's colour drawn down the middle of the stroke.
  if (v.strokeStyle === 'double') out.push(shapeElement(v.shape, v.x, v.y, v.w, v.h, ` fill="none" stroke="${xmlEscape(v.fill)}" stroke-width="${n(v.strokeWidth / 3)}"`));
  if (v.label !== '') {
    const lines = v.label.split('\n');
    const font = ` font-family="${xmlEscape(v.fontFamily)}" font-weight="${xmlEscape(v.fontWeight)}" fill="${xmlEscape(v.color)}"`;
    if (v.labelAt === 'top' || v.labelAt === 'bottom') {
      const off = v.h / 2 + v.strokeWidth / 2 + v.fontSize * 0.6 + 4;
      const y = v.labelAt === 'top' ? v.y - off : v.y + off;
      const w = Math.max(...lines.map((l) => textWidth(l, v.fontSize))) + 4;
      out.push(`<rect x="${n(v.x - w / 2)}" y="${n(y - v.fontSize * 0.7)}" width="${n(w)}" height="${n(v.fontSize * 1.4)}" rx="2" fill="${xmlEscape(v.fill)}"/>`);
      out.push(textBlock(lines, v.x, y, v.fontSize, font));
    } else out.push(textBlock(lines, v.x + (v.labelDx ?? 0), v.y, v.fontSize, font));
  }
  if (v.glyph) {
    const g = v.glyph;
    out.push(`<image href="${xmlEscape(g.href)}" x="${n(v.x - v.w / 2 + g.left)}" y="${n(v.y - g.size / 2)}" width="${n(g.size)}" height="${n(g.size)}"/>`);
  }
  return `<g${opacity}>${out.join('')}</g>`;
}

/** The path through an edge's points: quadratic curves through control points when curved, segments otherwise. */
export function edgePath(points: Point[], curved: boolean): string {
  const [first, ...rest] = points;
  if (!first) return '';
  let d = `M${n(first.x)},${n(first.y)}`;
  if (!curved || rest.length < 2) return d + rest.map((p) => ` L${n(p.x)},${n(p.y)}`).join('');
  // Cytoscape's multi-point beziers: quadratics between the midpoints of consecutive control points.
  const ctrl = rest.slice(0, -1);
  const end = rest[rest.length - 1] as Point;
  ctrl.forEach((c, i) => {
    const next = ctrl[i + 1];
    const to = next ? { x: (c.x + next.x) / 2, y: (c.y + next.y) / 2 } : end;
    d += ` Q${n(c.x)},${n(c.y)} ${n(to.x)},${n(to.y)}`;
  });
  return d;
}

/** A label `offset` along the edge from `from` towards `toward`, turned along the edge but never upside down. */
function endLabel(text: string, from: Point, toward: Point, e: SvgEdge): string {
  if (text === '') return '';
  const [dx, dy] = [toward.x - from.x, toward.y - from.y];
  const len = Math.hypot(dx, dy) || 1;
  const x = from.x + (dx / len) * Math.min(e.labelOffset, len / 2);
  const y = from.y + (dy / len) * Math.min(e.labelOffset, len / 2);
  let deg = (Math.atan2(dy, dx) * 180) / Math.PI;
  if (deg > 90) deg -= 180;
  if (deg < -90) deg += 180;
  const w = textWidth(text, e.fontSize) + 4;
  const h = e.fontSize * 1.4;
  return (
    `<g transform="translate(${n(x)} ${n(y)}) rotate(${n(deg)})">` +
    `<rect x="${n(-w / 2)}" y="${n(-h / 2)}" width="${n(w)}" height="${n(h)}" rx="2" fill="${xmlEscape(e.labelBg)}" fill-opacity="0.9"/>` +
    textBlock([text], 0, 0, e.fontSize, ` font-family="${xmlEscape(e.fontFamily)}" fill="${xmlEscape(e.textColor)}"`) +
    `</g>`
  );
}

function edgeSvg(e: SvgEdge): string {
  const opacity = e.opacity < 1 ? ` opacity="${n(e.opacity)}"` : '';
  const line = `<path d="${edgePath(e.points, e.curved)}" fill="none" stroke="${xmlEscape(e.color)}" stroke-width="${n(e.width)}"${dash(e.lineStyle, e.width)}/>`;
  const a = e.points[0];
  const b = e.points[e.points.length - 1];
  const labels = a && b ? endLabel(e.sourceLabel, a, e.points[1] ?? b, e) + endLabel(e.targetLabel, b, e.points[e.points.length - 2] ?? a, e) : '';
  return `<g${opacity}>${line}${labels}</g>`;
}

/** The bounding box of everything drawn, with room for jail titles and halos. */
function bounds(scene: SvgScene): { x: number; y: number; w: number; h: number } {
  let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
  const grow = (x: number, y: number): void => void ([x1, y1, x2, y2] = [Math.min(x1, x), Math.min(y1, y), Math.max(x2, x), Math.max(y2, y)]);
  for (const v of scene.nodes) {
    const extra = v.strokeWidth / 2 + (v.halo?.padding ?? 0);
    grow(v.x - v.w / 2 - extra, v.y - v.h / 2 - extra - (v.labelAt === 'top' ? v.fontSize * 1.6 + 4 : 0));
    grow(v.x + v.w / 2 + extra, v.y + v.h / 2 + extra + (v.labelAt === 'bottom' ? v.fontSize * 1.6 + 4 : 0));
  }
  for (const e of scene.edges) for (const p of e.points) grow(p.x, p.y);
  if (!Number.isFinite(x1)) return { x: 0, y: 0, w: 2 * PAD, h: 2 * PAD };
  return { x: x1 - PAD, y: y1 - PAD, w: x2 - x1 + 2 * PAD, h: y2 - y1 + 2 * PAD };
}

/** The whole scene as a standalone SVG document: compound boxes, then edges, then the nodes on top. */
export function sceneToSvg(scene: SvgScene): string {
  const b = bounds(scene);
  const box = `${n(b.x)} ${n(b.y)} ${n(b.w)} ${n(b.h)}`;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${box}" width="${n(b.w)}" height="${n(b.h)}">`,
    `<rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.w)}" height="${n(b.h)}" fill="${xmlEscape(scene.background)}"/>`,
    ...scene.nodes.filter((v) => v.compound).map(nodeSvg),
    ...scene.edges.map(edgeSvg),
    ...scene.nodes.filter((v) => !v.compound).map(nodeSvg),
    `</svg>`,
    '',
  ].join('\n');
}
