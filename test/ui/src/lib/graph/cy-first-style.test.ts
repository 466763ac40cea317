// The first-styling patch (cy-first-style.ts) must leave Cytoscape's results
// exactly as they were: the same computed style on every element, the same
// boxes (a jail box grows around a node added into it later), the same
// 'bounds' and z-order news for the renderer, only fewer times. The stock
// Cytoscape runs first, in this file's own module instance, then the patched one.
import cytoscape from 'cytoscape';
import type { Core, ElementDefinition, StylesheetJson } from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { styleFirstTimeOnce } from '../../../../../ui/src/lib/graph/cy-first-style.js';
import { graphStyles } from '../../../../../ui/src/lib/graph/styles.js';

const node = (id: string, classes: string, parent?: string): ElementDefinition => ({ group: 'nodes', data: { id, label: id, ...(parent ? { parent } : {}) }, classes, position: { x: id.length * 37, y: id.charCodeAt(0) * 3 } });
const edge = (id: string, source: string, target: string, classes = 'link'): ElementDefinition => ({ group: 'edges', data: { id, source, target, sourceLabel: 'link0', targetLabel: 'ether' }, classes });

/** A host with a jail, bridges, parallel links (ng_ether lower/upper into a bridge), then a later patch. */
function build(large: boolean): { cy: Core; news: { bounds: number; zorder: number } } {
  const cy = cytoscape({ headless: true, styleEnabled: true, style: graphStyles(false, large) as unknown as StylesheetJson });
  const news = { bounds: 0, zorder: 0 };
  (cy as unknown as { on(e: string, f: () => void): void }).on('bounds', () => void news.bounds++);
  const notify = (cy as unknown as { notify(e: string, eles?: unknown): void }).notify.bind(cy);
  (cy as unknown as { notify(e: string, eles?: unknown): void }).notify = (e, eles) => {
    if (e === 'zorder') news.zorder++;
    notify(e, eles);
  };
  // As the adapter does: nodes first, styled, then links.
  cy.batch(() => {
    cy.add([node('j1', 'jail vnet'), node('em0', 'ng ng-ether if-nic iface'), node('br0', 'ng ng-bridge'), node('ngeth0', 'ng ng-eiface iface', 'j1'), node('ngeth1', 'ng ng-eiface iface down', 'j1')]);
  });
  cy.nodes().forEach((n) => void n.numericStyle('width'));
  cy.batch(() => {
    cy.add([edge('e1', 'em0', 'br0'), edge('e2', 'em0', 'br0'), edge('e3', 'br0', 'ngeth0'), edge('e4', 'br0', 'ngeth1', 'link down')]);
  });
  // Later: a node into the existing jail, a third parallel link, a class change on an old element.
  cy.batch(() => {
    cy.add([node('ngeth2', 'ng ng-eiface iface', 'j1'), edge('e5', 'em0', 'br0'), edge('e6', 'br0', 'ngeth2')]);
    cy.getElementById('br0').addClass('plan-update');
    cy.getElementById('e3').data('rate', 3);
  });
  return { cy, news };
}

/** A computed style value (Cytoscape's pstyle, not in its types). */
const ps = (e: unknown, p: string): string | undefined => (e as { pstyle(p: string): { strValue: string } | undefined }).pstyle(p)?.strValue;

const PROPS = ['width', 'height', 'shape', 'background-color', 'border-color', 'border-width', 'border-style', 'label', 'font-size', 'text-valign', 'padding', 'line-color', 'line-style', 'curve-style', 'source-label', 'opacity', 'background-image', 'background-position-x', 'display'];

/** Everything the canvas draws from, per element: computed style values and boxes. */
function snapshot(cy: Core): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  cy.elements().forEach((e) => {
    out[e.id()] = {
      style: Object.fromEntries(PROPS.map((p) => [p, ps(e, p)])),
      box: e.isNode() ? e.boundingBox({ includeLabels: false, includeOverlays: false }) : null,
      visible: e.visible(),
    };
  });
  return out;
}

describe('styling a new element once (cy-first-style)', () => {
  const stock = { small: build(false), large: build(true) };
  const before = { small: snapshot(stock.small.cy), large: snapshot(stock.large.cy) };
  const patched = styleFirstTimeOnce(stock.small.cy);
  const after = { small: build(false), large: build(true) };

  it('is in place on the Cytoscape this project pins', () => {
    expect(patched).toBe(true);
    // Patching twice is a no-op.
    expect(styleFirstTimeOnce(after.small.cy)).toBe(true);
  });

  it('computes the same style, boxes and visibility for every element as stock Cytoscape', () => {
    expect(snapshot(after.small.cy)).toEqual(before.small);
    expect(snapshot(after.large.cy)).toEqual(before.large);
  });

  it('grows a jail box around a node added into it later', () => {
    const jail = after.small.cy.getElementById('j1').boundingBox({ includeLabels: false });
    const child = after.small.cy.getElementById('ngeth2').boundingBox({ includeLabels: false });
    expect(jail.x1).toBeLessThanOrEqual(child.x1);
    expect(jail.x2).toBeGreaterThanOrEqual(child.x2);
    expect(jail.y2).toBeGreaterThanOrEqual(child.y2);
  });

  it('still tells the renderer of changed bounds and drawing order, far fewer times', () => {
    for (const size of ['small', 'large'] as const) {
      expect(after[size].news.bounds).toBeGreaterThan(0);
      expect(after[size].news.zorder).toBeGreaterThan(0);
      expect(after[size].news.bounds).toBeLessThan(stock[size].news.bounds / 3);
    }
  });

  it('keeps the stock path for an element styled before: a class change still restyles it and its bounds', () => {
    const cy = after.small.cy;
    const br0 = cy.getElementById('br0');
    // plan-update draws a 4 px border; down a 2 px one: the box loses a pixel on each side.
    const was = br0.boundingBox({ includeLabels: false });
    br0.addClass('plan-create');
    expect(ps(br0, 'border-style')).toBe('dashed');
    br0.removeClass('plan-update plan-create');
    br0.addClass('down');
    expect(ps(br0, 'border-width')).toBe('2px');
    expect(br0.boundingBox({ includeLabels: false })).toMatchObject({ x1: was.x1 + 1, x2: was.x2 - 1, w: was.w - 2, h: was.h - 2 });
  });
});
