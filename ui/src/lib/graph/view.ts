// Decluttering as a pure step between the elements and the canvas: collapsed
// jails (a jail drawn as one node with a count, its members' links drawn to
// it), and filters by kind and by jail (elements kept in place, marked
// `filtered`, which the stylesheet does not draw). Tested on plain data.
import { GLYPH_OF } from './glyphs.js';
import type { EdgeElement, GraphElement, NodeElement } from './elements.js';

export interface ViewOptions {
  /** Jail element ids (`jail:<name>`) drawn as one node. */
  collapsed: ReadonlySet<string>;
  /** Kinds (see kindOf) not drawn. */
  hiddenKinds: ReadonlySet<string>;
  /** Jail element ids not drawn, with everything inside them. */
  hiddenJails: ReadonlySet<string>;
}

export const NO_VIEW_OPTIONS: ViewOptions = { collapsed: new Set(), hiddenKinds: new Set(), hiddenJails: new Set() };

/** The kind a node is filtered and listed by: its glyph's name (bridge, eiface, uplink, epair …). */
export function kindOf(classes: readonly string[]): string {
  return GLYPH_OF.find(([c]) => classes.includes(c))?.[1] ?? 'generic';
}

/** Words for each kind in the filter menu. */
export const KIND_WORDS: Record<string, string> = {
  uplink: 'uplinks (NIC, ng_ether)',
  bridge: 'ng_bridge',
  ifbridge: 'if_bridge',
  eiface: 'eiface',
  epair: 'epair',
  hub: 'hub',
  vlan: 'vlan',
  one2many: 'one2many',
  tee: 'tee',
  pipe: 'pipe',
  ksocket: 'ksocket',
  iface: 'ng_iface',
  loopback: 'loopback',
  socket: 'ngctl socket',
  jail: 'jail',
  generic: 'other',
};

const withClass = <T extends GraphElement>(e: T, cls: string): T => (e.classes.includes(cls) ? e : { ...e, classes: [...e.classes, cls].sort() });

/** The collapsed form of a jail: one node, its name and how many members it hides. */
function collapsedJail(j: NodeElement, members: number): NodeElement {
  const name = j.data.jail ?? j.data.id.replace(/^jail:/, '');
  const label = `${name}\njail · ${members} inside`;
  return { ...j, data: { ...j.data, label }, classes: [...j.classes, 'collapsed'].sort() };
}

/** The elements as drawn under `opts`; the input is never changed. */
export function viewElements(elements: GraphElement[], opts: ViewOptions): GraphElement[] {
  if (opts.collapsed.size === 0 && opts.hiddenKinds.size === 0 && opts.hiddenJails.size === 0) return elements;
  const jailOf = new Map<string, string>();
  const count = new Map<string, number>();
  for (const e of elements) {
    if (e.group !== 'nodes' || e.data.parent === undefined) continue;
    jailOf.set(e.data.id, e.data.parent);
    count.set(e.data.parent, (count.get(e.data.parent) ?? 0) + 1);
  }
  const folded = (id: string): string | undefined => {
    const j = jailOf.get(id);
    return j !== undefined && opts.collapsed.has(j) ? j : undefined;
  };
  const hiddenNode = (n: NodeElement): boolean => {
    const jail = n.data.kind === 'jail' ? n.data.id : n.data.parent;
    return (jail !== undefined && opts.hiddenJails.has(jail)) || (n.data.kind !== 'jail' && opts.hiddenKinds.has(kindOf(n.classes)));
  };
  const out: GraphElement[] = [];
  const seen = new Set<string>();
  for (const e of elements) {
    if (e.group === 'nodes') {
      if (folded(e.data.id) !== undefined) continue;
      let n: NodeElement = e.data.kind === 'jail' && opts.collapsed.has(e.data.id) ? collapsedJail(e, count.get(e.data.id) ?? 0) : e;
      if (hiddenNode(n)) n = withClass(n, 'filtered');
      out.push(n);
      continue;
    }
    const [s, t] = [folded(e.data.source) ?? e.data.source, folded(e.data.target) ?? e.data.target];
    if (s === e.data.source && t === e.data.target) {
      out.push(e);
      continue;
    }
    // A link of a member of a collapsed jail: drawn to the jail (links inside it are not drawn).
    if (s === t) continue;
    const id = `via:${e.data.id}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const moved: EdgeElement = { ...e, data: { ...e.data, id, source: s, target: t } };
    out.push(moved);
  }
  return out;
}
