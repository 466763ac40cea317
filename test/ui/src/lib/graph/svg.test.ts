import { describe, expect, it } from 'vitest';
import { edgePath, sceneToSvg, shapeElement, xmlEscape } from '../../../../../ui/src/lib/graph/svg.js';
import type { SvgEdge, SvgNode, SvgScene } from '../../../../../ui/src/lib/graph/svg.js';

const node = (over: Partial<SvgNode> = {}): SvgNode => ({
  x: 100,
  y: 50,
  w: 124,
  h: 46,
  shape: 'hexagon',
  fill: 'rgb(219,234,254)',
  fillOpacity: 1,
  stroke: 'rgb(37,99,235)',
  strokeWidth: 2,
  strokeStyle: 'solid',
  opacity: 1,
  label: 'br0\nbridge [5]',
  color: '#111827',
  fontSize: 12,
  fontFamily: 'system-ui, sans-serif',
  fontWeight: 'normal',
  labelAt: 'center',
  compound: false,
  ...over,
});

const edge = (over: Partial<SvgEdge> = {}): SvgEdge => ({
  points: [{ x: 0, y: 0 }, { x: 100, y: 0 }],
  curved: true,
  color: '#6b7280',
  width: 2,
  lineStyle: 'solid',
  opacity: 1,
  sourceLabel: 'link0',
  targetLabel: 'ether',
  labelOffset: 22,
  textColor: '#111827',
  labelBg: '#ffffff',
  fontSize: 10,
  fontFamily: 'ui-monospace, monospace',
  ...over,
});

const scene = (over: Partial<SvgScene> = {}): SvgScene => ({ background: '#ffffff', nodes: [node()], edges: [], ...over });

describe('sceneToSvg', () => {
  it('is a standalone SVG document whose view box holds every node, with room around it', () => {
    const svg = sceneToSvg(scene({ nodes: [node({ x: 0, y: 0, w: 100, h: 40 }), node({ x: 500, y: 300, w: 100, h: 40 })] }));
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    // x from -50 - 1 (half the border) - 24 (padding) to 550 + 1 + 24.
    expect(svg).toMatch(/viewBox="-75 -45 650 390"/);
  });

  it('writes each label line as its own tspan, escaped', () => {
    const svg = sceneToSvg(scene({ nodes: [node({ label: 'a<b>&"c"\nbridge' })] }));
    expect(svg).toContain('>a&lt;b&gt;&amp;&quot;c&quot;</tspan>');
    expect(svg).toContain('>bridge</tspan>');
    expect(svg).not.toContain('a<b>');
  });

  it('draws jail boxes first, then edges, then the nodes on top', () => {
    const svg = sceneToSvg(
      scene({
        nodes: [node({ label: 'ng_test1' }), node({ label: 'jail test1 (jid 1)', compound: true, labelAt: 'top', shape: 'round-rectangle', w: 300, h: 200 })],
        edges: [edge({ sourceLabel: 'hookA' })],
      }),
    );
    const at = (s: string): number => svg.indexOf(s);
    expect(at('jail test1')).toBeGreaterThan(0);
    expect(at('jail test1')).toBeLessThan(at('hookA'));
    expect(at('hookA')).toBeLessThan(at('ng_test1'));
  });

  it('puts a jail title above its box on a background, and dashes, dots and doubles borders as drawn', () => {
    const svg = sceneToSvg(scene({ nodes: [node({ label: 'jail j', compound: true, labelAt: 'top', y: 100, h: 100, strokeStyle: 'dashed' })] }));
    // Above the top border (y 50 - 1) by more than half the font size.
    const ys = [...svg.matchAll(/<tspan x="[^"]+" y="([^"]+)">jail j</g)].map((m) => Number(m[1]));
    expect(ys).toHaveLength(1);
    expect(ys[0]).toBeLessThan(49 - 6);
    // The canvas draws jail names under the box: so does the export, and the picture grows to hold it.
    const under = sceneToSvg(scene({ nodes: [node({ label: 'jail k', compound: true, labelAt: 'bottom', y: 100, h: 100 })] }));
    const yk = [...under.matchAll(/<tspan x="[^"]+" y="([^"]+)">jail k</g)].map((m) => Number(m[1]));
    expect(yk).toHaveLength(1);
    expect(yk[0]).toBeGreaterThan(151 + 6);
    const [, , , vh] = (/viewBox="([^"]+)"/.exec(under)?.[1] ?? '').split(' ').map(Number);
    expect(vh).toBeGreaterThan(100 + 13 * 1.6);
    expect(svg).toMatch(/stroke-dasharray="6 4"/);
    expect(sceneToSvg(scene({ nodes: [node({ strokeStyle: 'dotted' })] }))).toMatch(/stroke-dasharray="2 3"/);
    // Double: the outline again in the fill's colour, a third as wide.
    const dbl = sceneToSvg(scene({ nodes: [node({ strokeStyle: 'double', strokeWidth: 6 })] }));
    expect(dbl).toMatch(/fill="none" stroke="rgb\(219,234,254\)" stroke-width="2"/);
  });

  it('marks problems and conflicts with a halo behind the node, and keeps opacity', () => {
    const svg = sceneToSvg(scene({ nodes: [node({ opacity: 0.55, halo: { color: '#dc2626', opacity: 0.25, padding: 6 } })] }));
    expect(svg).toMatch(/<g opacity="0.55"><rect [^>]*fill="#dc2626" fill-opacity="0.25"\/>/);
  });

  it('places hook names along the edge near each end, never upside down', () => {
    const svg = sceneToSvg(scene({ edges: [edge({ points: [{ x: 200, y: 0 }, { x: 0, y: 0 }], sourceLabel: 'link3', targetLabel: 'ether' })] }));
    // Running right to left, the text turns by 0 (not 180) degrees; link3 sits 22 in from x=200.
    expect(svg).toMatch(/<g transform="translate\(178 0\) rotate\(0\)">.*link3/);
    expect(svg).toMatch(/<g transform="translate\(22 0\) rotate\(0\)">.*ether/);
    expect(svg).not.toMatch(/rotate\(180\)|rotate\(-180\)/);
  });

  it('has no label boxes for edges without hook names (epair cables, bridge members)', () => {
    const svg = sceneToSvg(scene({ edges: [edge({ sourceLabel: '', targetLabel: '', lineStyle: 'dashed' })] }));
    expect(svg).not.toContain('transform=');
    expect(svg).toMatch(/<path d="M0,0 L100,0" fill="none" stroke="#6b7280" stroke-width="2" stroke-dasharray="6 4"\/>/);
  });

  it('draws an empty canvas as an empty picture', () => {
    const svg = sceneToSvg(scene({ nodes: [] }));
    expect(svg).toMatch(/viewBox="0 0 48 48"/);
    expect(svg).not.toContain('<text');
  });
});

describe('edgePath', () => {
  it('is a line for straight edges and a quadratic through one control point for bezier ones', () => {
    expect(edgePath([{ x: 0, y: 0 }, { x: 10, y: 5 }], true)).toBe('M0,0 L10,5');
    expect(edgePath([{ x: 0, y: 0 }, { x: 5, y: 9 }, { x: 10, y: 0 }], true)).toBe('M0,0 Q5,9 10,0');
    expect(edgePath([{ x: 0, y: 0 }, { x: 5, y: 9 }, { x: 10, y: 0 }], false)).toBe('M0,0 L5,9 L10,0');
  });

  it('chains quadratics through the midpoints of several control points', () => {
    expect(edgePath([{ x: 0, y: 0 }, { x: 2, y: 4 }, { x: 6, y: 4 }, { x: 8, y: 0 }], true)).toBe('M0,0 Q2,4 4,4 Q6,4 8,0');
  });
});

describe('shapeElement', () => {
  it('draws each kind of node with its own outline', () => {
    const at = (shape: string): string => shapeElement(shape, 0, 0, 100, 40, '');
    expect(at('ellipse')).toBe('<ellipse cx="0" cy="0" rx="50" ry="20"/>');
    expect(at('round-rectangle')).toBe('<rect x="-50" y="-20" width="100" height="40" rx="8"/>');
    expect(at('diamond')).toBe('<polygon points="0,-20 50,0 0,20 -50,0"/>');
    expect(at('hexagon')).toBe('<polygon points="50,0 25,20 -25,20 -50,0 -25,-20 25,-20"/>');
    // Every polygon stays inside the node's box and touches its sides.
    for (const shape of ['hexagon', 'octagon', 'star', 'triangle', 'round-tag', 'cut-rectangle']) {
      const pts = at(shape).match(/points="([^"]+)"/)![1]!.split(' ').map((p) => p.split(',').map(Number) as [number, number]);
      expect(Math.max(...pts.map(([x]) => Math.abs(x))), shape).toBeCloseTo(50, 5);
      expect(Math.max(...pts.map(([, y]) => Math.abs(y))), shape).toBeCloseTo(20, 5);
    }
    expect(at('barrel')).toMatch(/^<path d="M-40,-20 /);
    expect(at('no-such-shape')).toBe('<rect x="-50" y="-20" width="100" height="40"/>');
  });

  it('escapes what it is given', () => {
    expect(xmlEscape(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
