import { describe, expect, it } from 'vitest';
import { emptyDesign } from '../../../../../shared/design/types.js';
import { positionsById, savedViewport, withCanvasLayout } from '../../../../../ui/src/lib/design/layout.js';
import type { DesignRef } from '../../../../../ui/src/lib/design/refs.js';

describe('canvas positions ↔ design layout', () => {
  const refs = new Map<string, DesignRef>([
    ['new:node:br0', { kind: 'node', name: 'br0' }],
    ['jail:j1', { kind: 'jail', name: 'j1' }],
    ['new:link:x', { kind: 'link', key: 'br0:link0|a:ether' }],
  ]);

  it('keys drawn positions by design object, rounded, skipping links, jail boxes and unknown ids', () => {
    const d = { ...emptyDesign(), layout: { positions: { 'node:old': { x: 1, y: 2 } } } };
    const drawn = new Map([
      ['new:node:br0', { x: 10.4, y: 20.6 }],
      ['jail:j1', { x: 5, y: 5 }],
      ['new:link:x', { x: 0, y: 0 }],
      ['ng:99', { x: 3, y: 3 }],
      ['new:node:nan', { x: NaN, y: 1 }],
    ]);
    const out = withCanvasLayout(d, drawn, refs, new Set(['jail:j1']));
    expect(out.layout?.positions).toEqual({ 'node:old': { x: 1, y: 2 }, 'node:br0': { x: 10, y: 21 } });
    // The input is not changed.
    expect(d.layout.positions).toEqual({ 'node:old': { x: 1, y: 2 } });
  });

  it('maps a layout back to the ids the canvas shows', () => {
    const d = { ...emptyDesign(), layout: { positions: { 'node:br0': { x: 1, y: 2 }, 'node:gone': { x: 3, y: 4 } } } };
    expect([...positionsById(d, new Map([['node:br0', 'new:node:br0']]))]).toEqual([['new:node:br0', { x: 1, y: 2 }]]);
    expect(positionsById(emptyDesign(), new Map()).size).toBe(0);
  });

  it('keeps the view (pan and zoom) with the layout, rounded, and reads it back', () => {
    const out = withCanvasLayout(emptyDesign(), new Map(), refs, new Set(), { x: 10.6, y: -3.2, zoom: 1.23456 });
    expect(out.layout?.viewport).toEqual({ x: 11, y: -3, zoom: 1.235 });
    expect(savedViewport(out)).toEqual({ x: 11, y: -3, zoom: 1.235 });
    // No view given: whatever the design had stays.
    const kept = withCanvasLayout(out, new Map(), refs);
    expect(kept.layout?.viewport).toEqual({ x: 11, y: -3, zoom: 1.235 });
  });

  it('ignores a saved view that is not one (a hand-edited file)', () => {
    const withView = (viewport: unknown) => ({ ...emptyDesign(), layout: { viewport } }) as unknown as Parameters<typeof savedViewport>[0];
    expect(savedViewport(emptyDesign())).toBeNull();
    for (const v of [null, 'x', { x: 1, y: 2 }, { x: '1', y: 2, zoom: 1 }, { x: 1, y: 2, zoom: 0 }, { x: 1, y: 2, zoom: -1 }, { x: Infinity, y: 2, zoom: 1 }, { x: 1, y: NaN, zoom: 1 }]) {
      expect(savedViewport(withView(v)), JSON.stringify(v)).toBeNull();
    }
    expect(withCanvasLayout(emptyDesign(), new Map(), refs, new Set(), { x: 1, y: 1, zoom: NaN }).layout?.viewport).toBeUndefined();
  });
});

