// The minimap: a small overview of the whole graph in a <canvas>, with the
// part in view outlined; a click or a drag on it moves the view there. The
// nodes are painted once into a cached bitmap whenever positions change, so
// panning only repaints that bitmap and one rectangle (a fraction of a
// millisecond at 5000 nodes). cytoscape-navigator does the same job by taking
// a PNG of the whole canvas, which costs a full render of the graph each time.
// Types only from the adapter: it stays the one file that imports Cytoscape.
import type { Core } from './cy-adapter.js';
import { NODE } from './geometry.js';

export interface Minimap {
  destroy(): void;
}

interface Frame {
  x1: number;
  y1: number;
  scale: number;
  dx: number;
  dy: number;
}

/** Draws the minimap into `canvas` and keeps it current; `shown` says whether the graph overflows the view (the minimap is worth showing). */
export function attachMinimap(cy: Core, canvas: HTMLCanvasElement, colours: () => { node: string; jail: string; view: string }, shown: (on: boolean) => void): Minimap {
  const ctx = canvas.getContext('2d');
  let frame: Frame | null = null;
  /** The graph's extent (model coordinates, node centres). */
  let extent = { x1: 0, y1: 0, x2: 0, y2: 0 };
  let base: HTMLCanvasElement | null = null;
  let stale = true;
  let queued = 0;
  let wasShown: boolean | null = null;
  let palette: ReturnType<typeof colours> | null = null;

  /** Paints the nodes into the cached bitmap and works out the model → minimap mapping. */
  function paintBase(): void {
    stale = false;
    const [w, h] = [canvas.width, canvas.height];
    let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
    const pts: [number, number, boolean][] = [];
    cy.nodes().forEach((n) => {
      if (n.isParent() || n.hasClass('filtered')) return;
      const p = n.position();
      pts.push([p.x, p.y, n.hasClass('jail')]);
      [x1, y1, x2, y2] = [Math.min(x1, p.x), Math.min(y1, p.y), Math.max(x2, p.x), Math.max(y2, p.y)];
    });
    if (pts.length === 0) return void (frame = null);
    extent = { x1, y1, x2, y2 };
    [x1, y1, x2, y2] = [x1 - 100, y1 - 60, x2 + 100, y2 + 60];
    const scale = Math.min(w / (x2 - x1), h / (y2 - y1));
    frame = { x1, y1, scale, dx: (w - scale * (x2 - x1)) / 2, dy: (h - scale * (y2 - y1)) / 2 };
    base ??= document.createElement('canvas');
    [base.width, base.height] = [w, h];
    const b = base.getContext('2d');
    if (!b) return;
    // Read once per repaint of the nodes, not per frame: getComputedStyle can force a style recalculation of the page.
    const c = (palette = colours());
    b.clearRect(0, 0, w, h);
    const [nw, nh] = [Math.max(1.5, NODE.w * scale), Math.max(1, NODE.h * scale)];
    for (const [x, y, jail] of pts) {
      b.fillStyle = jail ? c.jail : c.node;
      b.fillRect(frame.dx + (x - x1) * scale - nw / 2, frame.dy + (y - y1) * scale - nh / 2, nw, nh);
    }
  }

  function paint(): void {
    queued = 0;
    if (!ctx) return;
    if (stale) paintBase();
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (frame === null || base === null) return;
    ctx.drawImage(base, 0, 0);
    const e = cy.extent();
    const f = frame;
    const r = { x: f.dx + (e.x1 - f.x1) * f.scale, y: f.dy + (e.y1 - f.y1) * f.scale, w: e.w * f.scale, h: e.h * f.scale };
    ctx.strokeStyle = (palette ??= colours()).view;
    ctx.lineWidth = 2;
    ctx.strokeRect(r.x, r.y, r.w, r.h);
    // Worth showing when part of the graph (a node's centre) lies outside the view.
    const on = extent.x1 < e.x1 || extent.y1 < e.y1 || extent.x2 > e.x2 || extent.y2 > e.y2;
    if (on !== wasShown) shown((wasShown = on));
  }

  const schedule = (): void => void (queued ||= requestAnimationFrame(paint));
  const changed = (): void => ((stale = true), schedule());
  cy.on('viewport resize', schedule);
  cy.on('add remove position class', changed);

  /** Centres the view on the model point under a minimap pixel. */
  function goTo(ev: PointerEvent): void {
    if (frame === null) return;
    const r = canvas.getBoundingClientRect();
    const [sx, sy] = [((ev.clientX - r.left) * canvas.width) / r.width, ((ev.clientY - r.top) * canvas.height) / r.height];
    const m = { x: frame.x1 + (sx - frame.dx) / frame.scale, y: frame.y1 + (sy - frame.dy) / frame.scale };
    const z = cy.zoom();
    cy.pan({ x: cy.width() / 2 - z * m.x, y: cy.height() / 2 - z * m.y });
  }
  let dragging = false;
  const down = (ev: PointerEvent): void => {
    dragging = true;
    canvas.setPointerCapture(ev.pointerId);
    goTo(ev);
  };
  const move = (ev: PointerEvent): void => void (dragging && goTo(ev));
  const up = (): void => void (dragging = false);
  canvas.addEventListener('pointerdown', down);
  canvas.addEventListener('pointermove', move);
  canvas.addEventListener('pointerup', up);
  canvas.addEventListener('pointercancel', up);
  changed();
  return {
    destroy() {
      cancelAnimationFrame(queued);
      cy.off('viewport resize', schedule);
      cy.off('add remove position class', changed);
      canvas.removeEventListener('pointerdown', down);
      canvas.removeEventListener('pointermove', move);
      canvas.removeEventListener('pointerup', up);
      canvas.removeEventListener('pointercancel', up);
    },
  };
}
