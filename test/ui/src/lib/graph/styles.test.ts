import { describe, expect, it } from 'vitest';
import { graphStyles, LABEL_MIN_PX, LEGEND, legendEntry } from '../../../../../ui/src/lib/graph/styles.js';
import { contrast, DARK, LIGHT, luminance } from '../../../../../ui/src/lib/graph/palette.js';
import { DARK_TRAFFIC, LIGHT_TRAFFIC } from '../../../../../ui/src/lib/graph/styles-traffic.js';
import { FONT, HOOK_MIN_PX, READABLE_PX, READABLE_ZOOM } from '../../../../../ui/src/lib/graph/geometry.js';
import { GLYPH_OF, GLYPHS, glyphSvg } from '../../../../../ui/src/lib/graph/glyphs.js';
import { layoutFor, LARGE_GRAPH_NODES } from '../../../../../ui/src/lib/graph/placement.js';

type Rules = { selector: string; style: Record<string, unknown> }[];
const rule = (rules: Rules, selector: string): Record<string, unknown> => rules.find((r) => r.selector === selector)?.style ?? {};

describe('labels', () => {
  it('hides node labels below a zoomed size on large graphs only, and hook names below HOOK_MIN_PX on every graph', () => {
    const large = graphStyles(false, true) as unknown as Rules;
    const small = graphStyles(false) as unknown as Rules;
    expect(rule(large, 'node')['min-zoomed-font-size']).toBe(LABEL_MIN_PX.node);
    expect(rule(small, 'node')['min-zoomed-font-size']).toBe(0);
    for (const rules of [large, small]) expect(rule(rules, 'edge')['min-zoomed-font-size']).toBe(HOOK_MIN_PX);
  });

  it('draws node names at a size that the first fit keeps readable, and hook names readable wherever they are drawn', () => {
    const rules = graphStyles(false) as unknown as Rules;
    expect(rule(rules, 'node')['font-size']).toBe(FONT.node);
    expect(FONT.node * READABLE_ZOOM).toBeGreaterThanOrEqual(READABLE_PX);
    // Hook names are drawn from HOOK_MIN_PX up: never smaller than that on screen.
    expect(HOOK_MIN_PX).toBeGreaterThanOrEqual(10);
    // At the first fit's smallest zoom they are still drawn.
    expect(FONT.hook * READABLE_ZOOM).toBeGreaterThanOrEqual(HOOK_MIN_PX);
  });

  it('draws cheaper haystack edges on large graphs', () => {
    expect(rule(graphStyles(false, true) as unknown as Rules, 'edge')['curve-style']).toBe('haystack');
    expect(rule(graphStyles(false) as unknown as Rules, 'edge')['curve-style']).toBe('bezier');
  });

  it('runs fewer force-layout iterations on large graphs only', () => {
    expect(layoutFor(LARGE_GRAPH_NODES).numIter).toBe(2500);
    expect(layoutFor(1000).numIter).toBeLessThan(100);
    expect(layoutFor(100_000).numIter).toBe(30);
  });
});

describe('contrast (WCAG 2.x)', () => {
  it('computes the ratio by the WCAG formula', () => {
    expect(luminance('#ffffff')).toBeCloseTo(1, 5);
    expect(luminance('#000000')).toBe(0);
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrast('#ffffff', '#ffffff')).toBe(1);
    expect(() => luminance('red')).toThrow(/not a #rrggbb colour: red/);
  });

  for (const [scheme, p] of [['light', LIGHT], ['dark', DARK]] as const) {
    it(`keeps text at AA (4.5:1) on every fill it is drawn on, ${scheme}`, () => {
      const low: string[] = [];
      const check = (what: string, fg: string, bg: string): void => void (contrast(fg, bg) < 4.5 && low.push(`${what}: ${fg} on ${bg} = ${contrast(fg, bg).toFixed(2)}`));
      for (const [cls, fill] of Object.entries(p.fill)) check(`name on ${cls}`, p.text, fill);
      check('name of a down interface', p.muted, p.downFill);
      check('hook name on its label background', p.text, p.labelBg);
      check('jail name', p.text, p.jailFill);
      expect(low).toEqual([]);
    });

    it(`keeps glyphs and outlines apart from their fill (3:1, WCAG non-text), ${scheme}`, () => {
      const low: string[] = [];
      for (const [cls, fill] of Object.entries(p.fill)) {
        const g = p.glyph[cls] ?? p.text;
        if (contrast(g, fill) < 3) low.push(`${cls}: glyph ${g} on ${fill} = ${contrast(g, fill).toFixed(2)}`);
      }
      expect(low).toEqual([]);
    });
  }
});

describe('kinds', () => {
  it('gives every kind the task names a glyph, and draws it as SVG', () => {
    for (const k of ['bridge', 'ifbridge', 'eiface', 'uplink', 'epair', 'hub', 'vlan', 'one2many', 'tee', 'pipe', 'ksocket', 'jail']) expect(GLYPHS).toContain(k);
    for (const [, g] of GLYPH_OF) expect(GLYPHS).toContain(g);
    expect(glyphSvg('bridge', '#123456')).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*stroke="#123456"/);
  });

  it('puts a glyph on every kind of node the stylesheet knows, and one shape per kind', () => {
    const rules = graphStyles(true) as unknown as Rules;
    for (const [cls] of GLYPH_OF) {
      if (cls === 'jail') continue;
      expect(rules.some((r) => r.selector === `node.${cls}` && String(r.style['background-image']).startsWith('data:image/svg+xml;utf8,'))).toBe(true);
    }
    expect(String(rule(rules, 'node.jail.collapsed')['background-image'])).toMatch(/^data:image\/svg\+xml/);
  });

  it('gives the legend the same glyphs and colours as the canvas', () => {
    for (const { cls } of LEGEND) {
      const e = legendEntry(cls, false);
      expect(e.glyph).toMatch(/^data:image\/svg\+xml/);
      if (cls !== 'jail') expect(e.fill).toBe(LIGHT.fill[cls]);
    }
    expect(LEGEND.map((l) => l.cls)).toEqual(expect.arrayContaining(['ng-bridge', 'if-bridge', 'ng-ether', 'ng-eiface', 'if-epair', 'ng-hub', 'ng-vlan', 'ng-one2many', 'ng-tee', 'ng-pipe', 'ng-ksocket', 'jail']));
  });

  it('draws down interfaces dashed and grey, and the links of down interfaces dashed', () => {
    for (const [p, t] of [[LIGHT, LIGHT_TRAFFIC], [DARK, DARK_TRAFFIC]] as const) {
      const rules = graphStyles(p === DARK) as unknown as Rules;
      const last = (sel: string): Record<string, unknown> => Object.assign({}, ...rules.filter((r) => r.selector === sel).map((r) => r.style));
      expect(last('node.down')).toMatchObject({ 'border-style': 'dashed', 'border-color': t.down, 'background-color': p.downFill });
      expect(last('edge.down')).toMatchObject({ 'line-style': 'dashed', 'line-color': t.down });
    }
  });
});
