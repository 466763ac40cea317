// The canvas stylesheet as data: what each element class looks like, in a
// light and a dark palette. Behaviour (which classes an element gets) lives in
// elements.ts; appearance lives only here (traffic's in styles-traffic.ts).
import { trafficRules } from './styles-traffic.js';

/** One Cytoscape style rule (kept as plain data so this file needs no cytoscape import). */
export interface StyleRule {
  selector: string;
  style: Record<string, string | number>;
}

interface Palette {
  text: string;
  edge: string;
  labelBg: string;
  jailFill: string;
  jailBorder: string;
  select: string;
  /** Fill per class: light tints in light mode, deep tones in dark mode. */
  fill: Record<string, string>;
  /** Border per class: the saturated hue of the kind. */
  border: Record<string, string>;
}

const HUES: Record<string, string> = {
  'ng-bridge': '#2563eb',
  'ng-eiface': '#16a34a',
  'ng-ether': '#ea580c',
  'ng-socket': '#6b7280',
  'ng-hub': '#9333ea',
  'ng-vlan': '#0d9488',
  'ng-one2many': '#db2777',
  'ng-tee': '#ca8a04',
  'ng-iface': '#0891b2',
  'ng-generic': '#64748b',
  'if-epair': '#d97706',
  'if-bridge': '#4f46e5',
  'if-nic': '#c2410c',
  'if-loopback': '#6b7280',
  'if-other': '#64748b',
};

const LIGHT_FILL: Record<string, string> = {
  'ng-bridge': '#dbeafe',
  'ng-eiface': '#dcfce7',
  'ng-ether': '#ffedd5',
  'ng-socket': '#f3f4f6',
  'ng-hub': '#f3e8ff',
  'ng-vlan': '#ccfbf1',
  'ng-one2many': '#fce7f3',
  'ng-tee': '#fef9c3',
  'ng-iface': '#cffafe',
  'ng-generic': '#f1f5f9',
  'if-epair': '#fef3c7',
  'if-bridge': '#e0e7ff',
  'if-nic': '#ffedd5',
  'if-loopback': '#f3f4f6',
  'if-other': '#f1f5f9',
};

const DARK_FILL: Record<string, string> = {
  'ng-bridge': '#1e3a8a',
  'ng-eiface': '#14532d',
  'ng-ether': '#7c2d12',
  'ng-socket': '#374151',
  'ng-hub': '#581c87',
  'ng-vlan': '#134e4a',
  'ng-one2many': '#831843',
  'ng-tee': '#713f12',
  'ng-iface': '#164e63',
  'ng-generic': '#334155',
  'if-epair': '#78350f',
  'if-bridge': '#312e81',
  'if-nic': '#7c2d12',
  'if-loopback': '#374151',
  'if-other': '#334155',
};

const LIGHT: Palette = {
  text: '#111827',
  edge: '#6b7280',
  labelBg: '#ffffff',
  jailFill: '#f8fafc',
  jailBorder: '#475569',
  select: '#db2777',
  fill: LIGHT_FILL,
  border: HUES,
};

const DARK: Palette = {
  text: '#f3f4f6',
  edge: '#9ca3af',
  labelBg: '#111827',
  jailFill: '#1f2937',
  jailBorder: '#94a3b8',
  select: '#f472b6',
  fill: DARK_FILL,
  border: { ...HUES, 'ng-socket': '#9ca3af', 'if-loopback': '#9ca3af' },
};

/** Shapes per class: distinct outlines so kinds differ even without colour. */
const SHAPES: Record<string, string> = {
  'ng-bridge': 'hexagon',
  'ng-eiface': 'round-rectangle',
  'ng-ether': 'cut-rectangle',
  'ng-socket': 'ellipse',
  'ng-hub': 'octagon',
  'ng-vlan': 'diamond',
  'ng-one2many': 'star',
  'ng-tee': 'triangle',
  'ng-iface': 'round-rectangle',
  'ng-generic': 'ellipse',
  'if-epair': 'round-tag',
  'if-bridge': 'barrel',
  'if-nic': 'cut-rectangle',
  'if-loopback': 'ellipse',
  'if-other': 'rectangle',
};

/** Colours of a traced path: where frames get, and where they stop. */
export const PATH = { on: '#0ea5e9', break: '#dc2626' } as const;

/** Colours of pending changes (the legend uses the same). */
export const PENDING = { create: '#16a34a', update: '#d97706', destroy: '#dc2626', conflict: '#a855f7' } as const;

/**
 * On a large graph, labels smaller than this many screen pixels are not drawn
 * (Cytoscape's `min-zoomed-font-size`): zoomed out over a thousand nodes, text
 * is unreadable anyway and drawing it is most of the cost of a frame. Small
 * graphs keep every label: there an admin reads names at any zoom.
 */
export const LABEL_MIN_PX = { node: 7, edge: 8 } as const;

/** The rules every element shares. */
function baseRules(p: Palette, large: boolean): StyleRule[] {
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'text-wrap': 'wrap',
        'text-max-width': '116px',
        'text-valign': 'center',
        'text-halign': 'center',
        'font-size': 12,
        'min-zoomed-font-size': large ? LABEL_MIN_PX.node : 0,
        'font-family': 'system-ui, sans-serif',
        color: p.text,
        width: 124,
        height: 46,
        'border-width': 2,
        shape: 'round-rectangle',
      },
    },
    {
      selector: 'edge',
      style: {
        width: 2,
        'line-color': p.edge,
        'curve-style': 'bezier',
        'font-size': 10,
        'min-zoomed-font-size': large ? LABEL_MIN_PX.edge : 0,
        'font-family': 'ui-monospace, monospace',
        color: p.text,
        'text-background-color': p.labelBg,
        'text-background-opacity': 0.9,
        'text-background-padding': '2px',
        'text-background-shape': 'round-rectangle',
      },
    },
  ];
}

/** Per-kind shape and colour; interface classes come after node types so an epair's ng_ether node looks like an epair. */
function kindRules(p: Palette): StyleRule[] {
  return Object.keys(SHAPES).map((cls) => ({
    selector: `node.${cls}`,
    style: { shape: SHAPES[cls] as string, 'background-color': p.fill[cls] as string, 'border-color': p.border[cls] as string },
  }));
}

/** Jails, edges of each kind, states and selection. */
function specialRules(p: Palette): StyleRule[] {
  return [
    // A netgraph node bound to an interface: double border says "node + ifnet".
    { selector: 'node.ng.iface', style: { 'border-style': 'double', 'border-width': 4 } },
    { selector: 'node.ng-socket', style: { width: 90, height: 34, 'font-size': 10 } },
    { selector: 'node.down', style: { 'border-style': 'dashed' } },
    {
      selector: 'node.jail',
      style: {
        shape: 'round-rectangle',
        'background-color': p.jailFill,
        'background-opacity': 0.85,
        'border-color': p.jailBorder,
        'border-width': 2,
        'border-style': 'solid',
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': -4,
        'font-size': 12,
        'font-weight': 'bold',
        'text-background-color': p.jailFill,
        'text-background-opacity': 1,
        'text-background-padding': '2px',
        padding: '26px',
      },
    },
    { selector: 'node.jail.novnet', style: { 'border-style': 'dotted' } },
    { selector: 'node.jail.dying', style: { 'border-style': 'dashed', opacity: 0.6 } },
    {
      selector: 'edge.link',
      style: {
        'source-label': 'data(sourceLabel)',
        'target-label': 'data(targetLabel)',
        // Close to the node, so a hook name stays inside the jail box of its node.
        'source-text-offset': 22,
        'target-text-offset': 22,
        // Along the edge: hook names of edges leaving one node side by side no longer pile up.
        'source-text-rotation': 'autorotate',
        'target-text-rotation': 'autorotate',
        // Parallel links (em0 lower/upper into a bridge) far enough apart for their labels.
        'control-point-step-size': 70,
      },
    },
    // An impaired link (its ng_pipe folded in): what the pipe does, along the edge.
    { selector: 'edge.impaired', style: { label: 'data(label)', 'text-rotation': 'autorotate', width: 3 } },
    { selector: 'edge.cable', style: { width: 4, 'line-color': p.border['if-epair'] as string, 'curve-style': 'straight' } },
    { selector: 'edge.member', style: { 'line-style': 'dashed', 'line-color': p.border['if-bridge'] as string } },
    // Layout-only edges (cy-adapter's jail glue): never drawn.
    { selector: 'edge.glue', style: { display: 'none' } },
    // Pending changes of the design being edited (legend in the designer's tool bar).
    { selector: 'node.plan-create', style: { 'border-color': PENDING.create, 'border-style': 'dashed', 'border-width': 4 } },
    { selector: 'edge.plan-create', style: { 'line-color': PENDING.create, 'line-style': 'dashed', width: 3 } },
    { selector: 'node.plan-update', style: { 'border-color': PENDING.update, 'border-width': 4 } },
    { selector: 'edge.plan-update', style: { 'line-color': PENDING.update, width: 3 } },
    { selector: 'node.plan-destroy', style: { 'border-color': PENDING.destroy, 'border-style': 'dotted', 'border-width': 4, opacity: 0.55 } },
    { selector: 'edge.plan-destroy', style: { 'line-color': PENDING.destroy, 'line-style': 'dotted', width: 3, opacity: 0.55 } },
    // A traced path (graph/path-marks.ts): a glow under the hops, thick edges; past the break fainter and dashed; the break in red.
    { selector: 'node.path', style: { 'underlay-color': PATH.on, 'underlay-opacity': 0.45, 'underlay-padding': 9 } },
    { selector: 'edge.path', style: { 'line-color': PATH.on, width: 5 } },
    { selector: 'node.path-beyond', style: { 'underlay-color': PATH.on, 'underlay-opacity': 0.18, 'underlay-padding': 9 } },
    { selector: 'edge.path-beyond', style: { 'line-color': PATH.on, 'line-style': 'dashed', width: 3, opacity: 0.7 } },
    { selector: 'node.path-break', style: { 'underlay-color': PATH.break, 'underlay-opacity': 0.55, 'underlay-padding': 12, 'border-color': PATH.break, 'border-width': 4 } },
    { selector: '.invalid', style: { 'underlay-color': PENDING.destroy, 'underlay-opacity': 0.25, 'underlay-padding': 6 } },
    { selector: '.conflict', style: { 'overlay-color': PENDING.conflict, 'overlay-opacity': 0.3, 'overlay-padding': 6 } },
    { selector: ':selected', style: { 'border-color': p.select, 'border-width': 4, 'line-color': p.select } },
  ];
}

/** Rules that mark an element over whatever it shows: pending changes, a traced path, problems, the selection. */
const isMark = (r: StyleRule): boolean => /plan-|\.path|\.invalid|\.conflict|:selected/.test(r.selector);

/** The whole stylesheet for a colour scheme; `large` hides labels too small to read. */
export function graphStyles(dark: boolean, large = false): StyleRule[] {
  const p = dark ? DARK : LIGHT;
  const special = specialRules(p);
  // Traffic and link state (styles-traffic.ts) go over the kinds, under the marks.
  return [...baseRules(p, large), ...kindRules(p), ...hostRegionRules(p), ...special.filter((r) => !isMark(r)), ...trafficRules(dark), ...special.filter(isMark)];
}

// Several hosts (elements.ts withHostRegions): each host a large box with its
// name on top; a peer's box follows its connection state.

/** Host regions and the elements of peer hosts. */
function hostRegionRules(p: Palette): StyleRule[] {
  return [
    {
      selector: 'node.host-region',
      style: {
        shape: 'round-rectangle',
        'background-opacity': 0.04,
        'background-color': p.text,
        'border-color': p.text,
        'border-width': 2,
        'border-style': 'solid',
        'border-opacity': 0.5,
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': -6,
        'font-size': 15,
        'font-weight': 'bold',
        'text-wrap': 'none',
        'text-background-color': p.labelBg,
        'text-background-opacity': 1,
        'text-background-padding': '3px',
        padding: '40px',
      },
    },
    { selector: 'node.host-region.emulated', style: { 'border-style': 'dashed' } },
    { selector: 'node.host-region.peer-lost, node.host-region.peer-connecting', style: { opacity: 0.55, 'border-color': PENDING.update } },
    { selector: 'node.host-region.peer-refused', style: { opacity: 0.55, 'border-color': PENDING.destroy } },
  ];
}
