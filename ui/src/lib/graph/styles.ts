// The canvas stylesheet as data: what each element class looks like, in a
// light and a dark palette (palette.ts). Behaviour (which classes an element
// gets) lives in elements.ts and view.ts; appearance lives only here, one
// section per concern (base, kinds, states, jails, links, decluttering,
// traffic, pending changes, traced paths, problems, selection), so each
// concern's rules are found and merged in one place (traffic's live in
// styles-traffic.ts).
import { trafficRules } from './styles-traffic.js';
import { FONT, HOOK_MIN_PX, JAIL_PADDING, NODE } from './geometry.js';
import { GLYPH_OF, glyphUri } from './glyphs.js';
import { DARK, LIGHT } from './palette.js';
import type { Palette } from './palette.js';

/** One Cytoscape style rule (kept as plain data so this file needs no cytoscape import). */
export interface StyleRule {
  selector: string;
  style: Record<string, string | number>;
}

/** Shapes per class, all with a straight left side where the glyph sits: kinds differ by outline, colour and glyph. */
const SHAPES: Record<string, string> = {
  'ng-bridge': 'octagon',
  'ng-eiface': 'round-rectangle',
  'ng-ether': 'cut-rectangle',
  'ng-socket': 'round-rectangle',
  'ng-hub': 'round-octagon',
  'ng-vlan': 'tag',
  'ng-one2many': 'rectangle',
  'ng-tee': 'bottom-round-rectangle',
  'ng-pipe': 'round-rectangle',
  'ng-ksocket': 'rectangle',
  'ng-iface': 'round-rectangle',
  'ng-generic': 'round-rectangle',
  'if-epair': 'round-tag',
  'if-bridge': 'barrel',
  'if-nic': 'cut-rectangle',
  'if-eiface': 'round-rectangle',
  'if-iface': 'round-rectangle',
  'if-vlan': 'tag',
  'if-loopback': 'round-rectangle',
  'if-other': 'rectangle',
};

/** Colours of a traced path: where frames get, and where they stop. */
export const PATH = { on: '#0ea5e9', break: '#dc2626' } as const;

/** The kinds the legend lists: element class and words. */
export const LEGEND: { cls: string; label: string }[] = [
  { cls: 'ng-ether', label: 'uplink (NIC, ng_ether)' },
  { cls: 'ng-bridge', label: 'ng_bridge' },
  { cls: 'if-bridge', label: 'if_bridge' },
  { cls: 'ng-hub', label: 'ng_hub' },
  { cls: 'ng-vlan', label: 'ng_vlan' },
  { cls: 'ng-one2many', label: 'ng_one2many' },
  { cls: 'ng-tee', label: 'ng_tee' },
  { cls: 'ng-pipe', label: 'ng_pipe' },
  { cls: 'ng-ksocket', label: 'ng_ksocket' },
  { cls: 'ng-eiface', label: 'ng_eiface' },
  { cls: 'if-epair', label: 'epair' },
  { cls: 'if-loopback', label: 'loopback' },
  { cls: 'jail', label: 'vnet jail' },
];

/** What the legend draws for a kind: glyph, fill, border and outline, in the given scheme. */
export function legendEntry(cls: string, dark: boolean): { glyph: string; fill: string; border: string } {
  const p = dark ? DARK : LIGHT;
  const glyph = GLYPH_OF.find(([c]) => c === cls)?.[1] ?? 'generic';
  return { glyph: glyphUri(glyph, p.glyph[cls] ?? p.text), fill: p.fill[cls] ?? p.jailFill, border: p.border[cls] ?? p.jailBorder };
}

/** Colours of pending changes (the legend uses the same). */
export const PENDING = { create: '#16a34a', update: '#d97706', destroy: '#dc2626', conflict: '#a855f7' } as const;

/**
 * On a large graph, labels smaller than this many screen pixels are not drawn
 * (Cytoscape's `min-zoomed-font-size`): zoomed out over a thousand nodes, text
 * is unreadable anyway and drawing it is most of the cost of a frame. Hook
 * names on links follow HOOK_MIN_PX on every graph.
 */
export const LABEL_MIN_PX = { node: 7, edge: HOOK_MIN_PX } as const;

// ── Base: every node and edge ────────────────────────────────────────────────
// Only what differs from Cytoscape's defaults: each property set is applied to
// every element it matches, and at 5000 nodes each one costs tens of milliseconds.

/** Where a node's glyph (its background image) sits: at the left, at its size. */
const GLYPH_PLACE = {
  'background-width': '18px',
  'background-height': '18px',
  'background-position-x': '9px',
  'background-position-y': '50%',
  'background-clip': 'none',
} as const;

function baseRules(p: Palette, large: boolean): StyleRule[] {
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'text-wrap': 'wrap',
        // Room on the left for the kind's glyph.
        'text-max-width': `${NODE.w - 38}px`,
        'text-margin-x': 10,
        'text-valign': 'center',
        'font-size': FONT.node,
        'min-zoomed-font-size': large ? LABEL_MIN_PX.node : 0,
        'font-family': 'system-ui, sans-serif',
        color: p.text,
        width: NODE.w,
        height: NODE.h,
        'border-width': 2,
        shape: 'round-rectangle',
        // Large graphs draw no glyphs (kindRules): every property set costs a little per element at the first draw.
        ...(large ? {} : GLYPH_PLACE),
      },
    },
    {
      selector: 'edge',
      style: {
        width: 2,
        'line-color': p.edge,
        // Haystack lines on large graphs: centre to centre, nothing to compute per edge while panning.
        'curve-style': large ? 'haystack' : 'bezier',
        'font-size': FONT.hook,
        'min-zoomed-font-size': LABEL_MIN_PX.edge,
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

// ── Kinds: outline, colour and glyph per kind ────────────────────────────────

/**
 * One rule per kind (few rules: Cytoscape matches every element against every
 * rule). Interface classes come after node types, so an epair's ng_ether node
 * looks like an epair, glyph included.
 */
function kindRules(p: Palette, large: boolean): StyleRule[] {
  return Object.keys(SHAPES).map((cls) => {
    const glyph = GLYPH_OF.find(([c]) => c === cls)?.[1] ?? 'generic';
    const style: StyleRule['style'] = { shape: SHAPES[cls] as string, 'background-color': p.fill[cls] as string, 'border-color': p.border[cls] as string };
    if (!large) style['background-image'] = glyphUri(glyph, p.glyph[cls] ?? p.text);
    return { selector: `node.${cls}`, style };
  });
}

// ── States: a node with its interface, down interfaces (links: styles-traffic.ts) ─

function stateRules(p: Palette): StyleRule[] {
  return [
    // A netgraph node bound to an interface: double border says "node + ifnet".
    { selector: 'node.ng.iface', style: { 'border-style': 'double', 'border-width': 4 } },
    { selector: 'node.ng-socket', style: { 'font-size': 11 } },
    // Administratively down (ifconfig … down): grey and dashed.
    { selector: 'node.down', style: { 'border-style': 'dashed', 'border-width': 2, 'border-color': p.downBorder, 'background-color': p.downFill, color: p.muted } },
  ];
}

// ── Jails: compound boxes, and a collapsed jail as one node ─────────────────

function jailRules(p: Palette): StyleRule[] {
  return [
    {
      selector: 'node.jail',
      style: {
        shape: 'round-rectangle',
        'background-color': p.jailFill,
        'background-opacity': 0.85,
        'border-color': p.jailBorder,
        'border-width': 2,
        'border-style': 'solid',
        // Under the box: links come in from above and would cross a name on top.
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-x': 0,
        'text-margin-y': 3,
        'text-max-width': '400px',
        'font-size': FONT.jail,
        'font-weight': 'bold',
        'text-background-color': p.jailFill,
        'text-background-opacity': 1,
        'text-background-padding': '2px',
        padding: `${JAIL_PADDING}px`,
      },
    },
    { selector: 'node.jail.novnet', style: { 'border-style': 'dotted' } },
    { selector: 'node.jail.dying', style: { 'border-style': 'dashed', opacity: 0.6 } },
    {
      selector: 'node.jail.collapsed',
      style: {
        'text-valign': 'center',
        'text-margin-x': 10,
        'text-max-width': `${NODE.w - 38}px`,
        'font-weight': 'normal',
        'text-background-opacity': 0,
        'border-width': 3,
        'border-style': 'double',
        'background-image': glyphUri('jail', p.glyph.jail ?? p.text),
        ...GLYPH_PLACE,
        'background-color': p.fill.jail ?? p.jailFill,
      },
    },
  ];
}

// ── Links of each kind ───────────────────────────────────────────────────────

function edgeRules(p: Palette, large: boolean): StyleRule[] {
  return [
    {
      selector: 'edge.link',
      style: {
        'source-label': 'data(sourceLabel)',
        'target-label': 'data(targetLabel)',
        // Close to the node, so a hook name stays inside the jail box of its node.
        'source-text-offset': 24,
        'target-text-offset': 24,
        // Along the edge: hook names of edges leaving one node side by side no longer pile up.
        'source-text-rotation': 'autorotate',
        'target-text-rotation': 'autorotate',
        // Parallel links (em0 lower/upper into a bridge) far enough apart for their labels (bezier only: large graphs draw haystacks).
        ...(large ? {} : { 'control-point-step-size': 60 }),
      },
    },
    // A link with an ng_pipe folded into it (impairments): its settings as a label.
    { selector: 'edge.impaired', style: { label: 'data(label)', 'text-rotation': 'autorotate', width: 3 } },
    { selector: 'edge.cable', style: { width: 4, 'line-color': p.border['if-epair'] as string, 'curve-style': 'straight' } },
    { selector: 'edge.member', style: { 'line-style': 'dashed', 'line-color': p.border['if-bridge'] as string } },
    // A tunnel between two hosts (tunnels.ts): long, between regions, named; dotted while it carries nothing.
    // It arcs over what lies between the two regions instead of running through it.
    { selector: 'edge.tunnel', style: { label: 'data(label)', 'line-style': 'dotted', 'curve-style': 'unbundled-bezier', 'control-point-distances': -160, 'control-point-weights': 0.5, width: 3 } },
    { selector: 'edge.tunnel[rate > 0]', style: { 'line-style': 'solid' } },
    // Layout-only edges (cy-layout's jail glue): never drawn.
    { selector: 'edge.glue', style: { display: 'none' } },
  ];
}

// ── Decluttering: filters, focus, find ───────────────────────────────────────

function declutterRules(p: Palette): StyleRule[] {
  return [
    // Filtered out (kind or jail): kept in place, not drawn; its links go with it.
    { selector: '.filtered', style: { display: 'none' } },
    // Focus mode: everything but the selection and its neighbours fades.
    { selector: '.dimmed', style: { opacity: 0.18 } },
    // Find: the nodes whose name matches.
    { selector: 'node.found', style: { 'underlay-color': p.found, 'underlay-opacity': 0.6, 'underlay-padding': 10, 'underlay-shape': 'round-rectangle' } },
  ];
}

// ── Pending changes of the design being edited (legend in the tool bar) ─────

function pendingRules(): StyleRule[] {
  return [
    { selector: 'node.plan-create', style: { 'border-color': PENDING.create, 'border-style': 'dashed', 'border-width': 4 } },
    { selector: 'edge.plan-create', style: { 'line-color': PENDING.create, 'line-style': 'dashed', width: 3 } },
    { selector: 'node.plan-update', style: { 'border-color': PENDING.update, 'border-width': 4 } },
    { selector: 'edge.plan-update', style: { 'line-color': PENDING.update, width: 3 } },
    { selector: 'node.plan-destroy', style: { 'border-color': PENDING.destroy, 'border-style': 'dotted', 'border-width': 4, opacity: 0.55 } },
    { selector: 'edge.plan-destroy', style: { 'line-color': PENDING.destroy, 'line-style': 'dotted', width: 3, opacity: 0.55 } },
  ];
}

// ── A traced path (graph/path-marks.ts) ─────────────────────────────────────

function pathRules(): StyleRule[] {
  return [
    // A glow under the hops, thick edges; past the break fainter and dashed; the break in red.
    { selector: 'node.path', style: { 'underlay-color': PATH.on, 'underlay-opacity': 0.45, 'underlay-padding': 9 } },
    { selector: 'edge.path', style: { 'line-color': PATH.on, width: 5 } },
    { selector: 'node.path-beyond', style: { 'underlay-color': PATH.on, 'underlay-opacity': 0.18, 'underlay-padding': 9 } },
    { selector: 'edge.path-beyond', style: { 'line-color': PATH.on, 'line-style': 'dashed', width: 3, opacity: 0.7 } },
    { selector: 'node.path-break', style: { 'underlay-color': PATH.break, 'underlay-opacity': 0.55, 'underlay-padding': 12, 'border-color': PATH.break, 'border-width': 4 } },
  ];
}

// ── Problems and conflicts of the design being edited ───────────────────────

function problemRules(): StyleRule[] {
  return [
    { selector: '.invalid', style: { 'underlay-color': PENDING.destroy, 'underlay-opacity': 0.25, 'underlay-padding': 6 } },
    { selector: '.conflict', style: { 'overlay-color': PENDING.conflict, 'overlay-opacity': 0.3, 'overlay-padding': 6 } },
  ];
}

// ── Selection: last, so it shows over every other state ─────────────────────

function selectionRules(p: Palette): StyleRule[] {
  return [{ selector: ':selected', style: { 'border-color': p.select, 'border-width': 4, 'line-color': p.select, opacity: 1 } }];
}

/** The whole stylesheet for a colour scheme; `large` hides labels too small to read and draws cheaper edges. */
export function graphStyles(dark: boolean, large = false): StyleRule[] {
  const p = dark ? DARK : LIGHT;
  // Traffic and link state (styles-traffic.ts) go over the kinds and links, under decluttering and the marks.
  return [
    ...baseRules(p, large),
    ...kindRules(p, large),
    ...hostRegionRules(p),
    ...stateRules(p),
    ...jailRules(p),
    ...edgeRules(p, large),
    ...trafficRules(dark),
    ...declutterRules(p),
    ...pendingRules(),
    ...pathRules(),
    ...problemRules(),
    ...selectionRules(p),
  ];
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
        'text-margin-x': 0,
        'text-margin-y': -6,
        'text-max-width': '600px',
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

