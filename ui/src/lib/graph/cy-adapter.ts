// The only module that imports Cytoscape. A factory returning a small handle
// (applyDiff, fit, select, destroy), in the manner of xyflow's XYPanZoom: the
// canvas is created once and only ever receives element diffs, applied in one
// batch. It reports what happened through typed callbacks and never touches
// Svelte state.
import cytoscape from 'cytoscape';
import type { Core, EventObject, StylesheetJson } from 'cytoscape';
// The types the other cy-*.ts modules need, so that this stays the only file that names the library.
export type { Core, EdgeSingular, ElementDefinition, LayoutOptions, NodeCollection, NodeSingular, StylesheetJson } from 'cytoscape';
export type { LayoutName } from './cy-layout.js';
export type { DrawnGeometry } from './cy-measure.js';
import type { ElementDiff } from './element-diff.js';
import { freeSpotNear } from './placement.js';
import type { Point } from './placement.js';
import { graphStyles } from './styles.js';
import { canvasSvg } from './cy-svg.js';
import { fitCapped, fitReadable, layOut, reveal } from './cy-layout.js';
import type { LayoutName } from './cy-layout.js';
import { measure } from './cy-measure.js';
import type { DrawnGeometry } from './cy-measure.js';
import { attachMinimap } from './cy-minimap.js';
import { marker, styler } from './cy-styling.js';
import { styleFirstTimeOnce } from './cy-first-style.js';
import { apply, nodeCountAfter, readBack } from './cy-apply.js';
import type { RenderedElement } from './cy-apply.js';
export type { RenderedElement };


export interface GraphHandlers {
  /** The user selected an element (or clicked the background: null); `extend`: with Shift, Ctrl or ⌘ held. */
  selected?: (id: string | null, extend: boolean) => void;
  /** After every applied diff: what the canvas now shows. */
  rendered?: (elements: RenderedElement[]) => void;
  /** In connect mode, a drag from one node let go over another: link them. */
  link?: (from: string, to: string) => void;
  /** Positions changed (a diff placed nodes, a layout ran, a drag ended): where every node now is, to keep. */
  placed?: (positions: Map<string, Point>) => void;
  /** A node was double-clicked (rename it in place). */
  edit?: (id: string) => void;
  /** A node was dragged and let go at `at` (model coordinates); `jail`/`fromJail`: the jail box under it now and when grabbed. */
  moved?: (id: string, at: Point, jail: string | null, fromJail: string | null) => void;
}

export interface GraphView {
  /** `positions`: where added nodes go (saved layout, drop points); they are not re-laid out. */
  applyDiff(diff: ElementDiff, positions?: Map<string, Point>): void;
  /** Merges data into elements by id (traffic levels): nothing else is touched; unknown ids are skipped. */
  mergeData(changes: Map<string, Record<string, string | number>>): void;
  /** Page coordinates → model coordinates (a palette drop). */
  toModel(clientX: number, clientY: number): Point;
  /** The jail whose box contains a model point (the innermost), or null. */
  jailAt(p: Point): string | null;
  /** A free spot (model coordinates) near the middle of what is in view: clear of nodes, edges and jail boxes. */
  freeSpot(): Point;
  fit(): void;
  /** Selects one element (null: none) without emitting `selected`. */
  select(id: string | null): void;
  /** Runs a full layout again (on request only), `name` or the current one; `pinned` nodes stay at the given positions and the rest is laid out around them. */
  relayout(pinned?: Map<string, Point>, name?: LayoutName): void;
  /** Focus mode: `id` and its neighbours as drawn, everything else faded (null: nothing faded). */
  setFocus(id: string | null): void;
  /** Marks the nodes find matched (highlighted until the next call). */
  setFound(ids: string[]): void;
  /** Draws the minimap into `canvas` (null: none); `shown` says whether the graph overflows the view. */
  minimap(canvas: HTMLCanvasElement | null, shown: (on: boolean) => void): void;
  /** What is drawn, measured on screen (see cy-measure.ts). */
  measure(): DrawnGeometry;
  /** Where every node that is not a compound box is drawn now (model coordinates). */
  positions(): Map<string, Point>;
  /** Moves existing nodes to the given positions (an opened design's layout); unknown ids are skipped. */
  setPositions(positions: Map<string, Point>): void;
  /** The canvas as a PNG data URL (`full`: the whole graph, not only what is in view). */
  png(full?: boolean): string;
  /** The whole graph as an SVG document (vector: every label, at any zoom). */
  svg(): string;
  /** Centres the view on one element, zooming in to a readable size if needed (search's jump-to). */
  centre(id: string): void;
  /** Zooms by `factor` about the centre of the canvas (keyboard and buttons). */
  zoomBy(factor: number): void;
  /** Connect mode: nodes stop moving when dragged, and a drag from one node to another reports `link`. */
  setConnecting(on: boolean): void;
  /** Where a node is drawn: its box in pixels from the canvas's top left corner, or null. */
  box(id: string): { x: number; y: number; w: number; h: number } | null;
  /** The view now: pan in pixels and zoom. */
  viewport(): { x: number; y: number; zoom: number };
  /** Puts the view back (an opened design's); the zoom is kept within the canvas's limits. */
  setViewport(v: { x: number; y: number; zoom: number }): void;
  destroy(): void;
}

/** How long the view must stay still before the element list re-reads screen positions. */
const VIEW_SETTLE_MS = 100;

const midpoint = (b: { x1: number; x2: number; y1: number; y2: number }): Point => ({ x: (b.x1 + b.x2) / 2, y: (b.y1 + b.y2) / 2 });

/** True when the element's drawn box lies inside the visible part of the canvas. */
function inView(cy: Core, id: string): boolean {
  const e = cy.getElementById(id);
  if (e.empty()) return true;
  const v = cy.extent();
  const b = e.boundingBox();
  return b.x1 >= v.x1 && b.x2 <= v.x2 && b.y1 >= v.y1 && b.y2 <= v.y2;
}

/** Creates the canvas in `container`. Call destroy() when the container goes away. */
export function createGraphView(container: HTMLElement, handlers: GraphHandlers = {}, opts: { layout?: LayoutName } = {}): GraphView {
  const dark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
  const cy = cytoscape({
    container,
    style: graphStyles(dark) as unknown as StylesheetJson,
    minZoom: 0.1,
    maxZoom: 4,
    boxSelectionEnabled: false,
    selectionType: 'single',
  });
  styleFirstTimeOnce(cy);
  const styles = styler(cy, dark);
  const marks = marker(cy);
  let layoutName: LayoutName = opts.layout ?? 'layered';
  let map: { destroy(): void } | null = null;
  // The measuring hook browser tests and tools read the drawn canvas through.
  (container as HTMLElement & { ngstudioGeometry?: () => DrawnGeometry }).ngstudioGeometry = () => measure(cy);
  // Exports paint the page's background: a transparent image is unreadable on dark viewers.
  const background = (): string => {
    const bg = getComputedStyle(container).backgroundColor;
    return bg && bg !== 'rgba(0, 0, 0, 0)' ? bg : '#ffffff';
  };
  let laidOut = false;
  let fitted = false;
  let destroyed = false;
  cy.on('tap', (ev: EventObject) => {
    const m = ev.originalEvent as MouseEvent | undefined;
    handlers.selected?.(ev.target === cy ? null : ev.target.id(), m !== undefined && (m.shiftKey || m.ctrlKey || m.metaKey));
  });
  cy.on('dbltap', 'node', (ev: EventObject) => handlers.edit?.(ev.target.id()));
  // Connect mode: press on the source, let go on the target (a plain click still picks, via tap).
  let connecting = false;
  let linkFrom: string | null = null;
  cy.on('tapstart', (ev: EventObject) => void (linkFrom = connecting && ev.target !== cy && ev.target.isNode() ? ev.target.id() : null));
  cy.on('tapend', (ev: EventObject) => {
    const from = linkFrom;
    linkFrom = null;
    if (from === null || ev.target === cy || !ev.target.isNode() || ev.target.id() === from) return;
    handlers.link?.(from, ev.target.id());
  });
  // Positions are part of what the canvas shows: report them after a drag too.
  cy.on('dragfree', () => report(true));
  // …and after the view moves (fit, zoom, pan): the element list gives screen
  // positions, which go stale otherwise. Once the view has settled, not every
  // frame: reading back every element while panning a large graph costs frames.
  let viewportTimer: ReturnType<typeof setTimeout> | undefined;
  cy.on('viewport resize', () => {
    if (!handlers.rendered) return;
    clearTimeout(viewportTimer);
    viewportTimer = setTimeout(() => void (destroyed || handlers.rendered?.(readBack(cy))), VIEW_SETTLE_MS);
  });
  // Cytoscape only notices window resizes: when a drawer opens and the
  // container shrinks, its cached size (drawing, hit-testing) goes stale.
  const resized = typeof ResizeObserver === 'function' ? new ResizeObserver(() => void (destroyed || cy.resize())) : null;
  resized?.observe(container);
  // Jail boxes as they were when the drag began: a box grows to follow a child dragged out of it.
  let boxes: { id: string; box: cytoscape.BoundingBox12 }[] = [];
  let fromJail: string | null = null;
  cy.on('grab', 'node', (ev: EventObject) => {
    boxes = cy.nodes('.jail').filter((j) => j.id() !== ev.target.id()).map((j) => ({ id: j.id(), box: j.boundingBox() }));
    fromJail = ev.target.data('parent') ?? null;
  });
  const hit = (p: Point, list: { id: string; box: cytoscape.BoundingBox12 }[]): string | null => {
    const inside = list.filter(({ box }) => p.x >= box.x1 && p.x <= box.x2 && p.y >= box.y1 && p.y <= box.y2);
    inside.sort((a, b) => (a.box.x2 - a.box.x1) * (a.box.y2 - a.box.y1) - (b.box.x2 - b.box.x1) * (b.box.y2 - b.box.y1));
    return inside[0]?.id ?? null;
  };
  cy.on('free', 'node', (ev: EventObject) => {
    const n = ev.target;
    if (n.isParent()) return;
    handlers.moved?.(n.id(), { ...n.position() }, hit(n.position(), boxes), fromJail);
  });
  const drawnPositions = (): Map<string, Point> => {
    const m = new Map<string, Point>();
    cy.nodes().forEach((n) => void (!n.isParent() && m.set(n.id(), { ...n.position() })));
    return m;
  };
  // What the canvas holds and where nodes are, reported right after the task
  // that changed them, once however many changes it made: reading back twelve
  // thousand elements is work the drawing itself does not need to wait for.
  let reportTimer: ReturnType<typeof setTimeout> | undefined;
  let reportPlaced = false;
  const report = (placed: boolean): void => {
    reportPlaced ||= placed;
    if (reportTimer !== undefined) return;
    reportTimer = setTimeout(() => {
      reportTimer = undefined;
      if (destroyed) return;
      handlers.rendered?.(readBack(cy));
      if (reportPlaced && handlers.placed) handlers.placed(drawnPositions());
      reportPlaced = false;
    }, 0);
  };
  return {
    applyDiff(diff, positions = new Map()) {
      if (destroyed) throw new Error('graph view used after destroy()');
      // Positions chosen by the user mean the layout is theirs: no full layout over it.
      if (diff.add.some((e) => positions.has(e.data.id))) laidOut = true;
      // The stylesheet for the size the graph is about to have, before adding:
      // swapping it afterwards restyles every element again (a quarter second at a thousand nodes).
      styles.large(nodeCountAfter(cy, diff));
      // Before the first layout there is nothing to place newcomers near.
      apply(cy, diff, laidOut, positions);
      styles.large(cy.nodes().length);
      // The full layout runs once, on the first load that brings nodes; later diffs only place newcomers.
      if (!fitted && cy.nodes().nonempty()) {
        // The first diff that brings nodes: laid out, or (positions kept from before) fitted.
        fitted = true;
        if (!laidOut) layOut(cy, new Map(), layoutName);
        else fitReadable(cy);
        laidOut = true;
      } else {
        // A newcomer placed off screen would go unseen: change the view (never the positions).
        const unseen = diff.add.find((e) => e.group === 'nodes' && !positions.has(e.data.id) && !inView(cy, e.data.id));
        if (unseen) reveal(cy, unseen.data.id);
      }
      marks.again();
      report(diff.add.length > 0 || diff.update.some((u) => u.parent !== undefined));
    },
    mergeData(changes) {
      if (destroyed) throw new Error('graph view used after destroy()');
      let any = false;
      cy.batch(() => {
        for (const [id, d] of changes) {
          const e = cy.getElementById(id);
          if (e.empty()) continue;
          e.data(d);
          any = true;
        }
      });
      if (any) report(false);
    },
    fit: () => fitCapped(cy),
    toModel(clientX, clientY) {
      const r = container.getBoundingClientRect();
      const pan = cy.pan();
      const z = cy.zoom();
      return { x: (clientX - r.left - pan.x) / z, y: (clientY - r.top - pan.y) / z };
    },
    jailAt: (p) => hit(p, cy.nodes('.jail').map((j) => ({ id: j.id(), box: j.boundingBox() }))),
    freeSpot() {
      const e = cy.extent();
      const taken: Point[] = [];
      cy.nodes().forEach((n) => void (!n.isParent() && taken.push({ ...n.position() })));
      const segments: [Point, Point][] = cy.edges().map((x) => [{ ...x.source().position() }, { ...x.target().position() }]);
      const boxes = cy.nodes('.jail').map((j) => ({ id: j.id(), ...j.boundingBox() }));
      return freeSpotNear({ x: (e.x1 + e.x2) / 2, y: (e.y1 + e.y2) / 2 }, taken, segments, boxes);
    },
    relayout(pinned, name) {
      if (name) layoutName = name;
      layOut(cy, pinned, layoutName);
      report(true);
    },
    setFocus(id) {
      marks.focus(id);
      report(false);
    },
    setFound(ids) {
      marks.found(ids);
      report(false);
    },
    minimap(canvas, shown) {
      map?.destroy();
      const colours = (): { node: string; jail: string; view: string } => {
        const s = getComputedStyle(container);
        const v = (name: string, fallback: string): string => s.getPropertyValue(name).trim() || fallback;
        return { node: v('--muted', '#6b7280'), jail: v('--border', '#94a3b8'), view: v('--accent', '#2563eb') };
      };
      map = canvas === null ? null : attachMinimap(cy, canvas, colours, shown);
    },
    measure: () => measure(cy),
    positions: drawnPositions,
    setPositions(positions) {
      cy.batch(() => {
        for (const [id, p] of positions) {
          const n = cy.getElementById(id);
          if (n.nonempty() && n.isNode() && !n.isParent()) n.position({ ...p });
        }
      });
      // Positions chosen by the user mean the layout is theirs.
      if (positions.size > 0) laidOut = true;
      report(true);
    },
    png(full = true) {
      return cy.png({ output: 'base64uri', full, scale: 2, bg: background() });
    },
    svg: () => canvasSvg(cy, background()),
    centre(id) {
      const e = cy.getElementById(id);
      if (e.empty()) return;
      // Names are readable from zoom 1 on; a closer view stays as close as it is.
      const zoom = Math.max(cy.zoom(), 1);
      const p = e.isNode() && !e.isParent() ? e.position() : midpoint(e.boundingBox());
      cy.viewport({ zoom, pan: { x: cy.width() / 2 - zoom * p.x, y: cy.height() / 2 - zoom * p.y } });
    },
    setConnecting(on) {
      connecting = on;
      linkFrom = null;
      // Neither the node nor (dragging an ungrabbable node pans) the view may follow the pointer.
      cy.autoungrabify(on);
      cy.userPanningEnabled(!on);
      container.style.cursor = on ? 'crosshair' : '';
    },
    box(id) {
      const n = cy.getElementById(id);
      if (n.empty() || !n.isNode()) return null;
      const b = n.renderedBoundingBox({ includeLabels: false, includeOverlays: false });
      return { x: b.x1, y: b.y1, w: b.w, h: b.h };
    },
    viewport: () => ({ ...cy.pan(), zoom: cy.zoom() }),
    setViewport(v) {
      cy.viewport({ zoom: Math.min(cy.maxZoom(), Math.max(cy.minZoom(), v.zoom)), pan: { x: v.x, y: v.y } });
    },
    zoomBy(factor) {
      const level = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), cy.zoom() * factor));
      cy.zoom({ level, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    },
    select(id) {
      cy.$(':selected').unselect();
      if (id !== null) cy.getElementById(id).select();
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      clearTimeout(viewportTimer);
      clearTimeout(reportTimer);
      map?.destroy();
      resized?.disconnect();
      styles.stop();
      cy.destroy();
    },
  };
}
