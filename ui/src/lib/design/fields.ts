// The design inspector's fields as data (pure): which design value an input
// edits, its JSON path (where the shared rules report problems), the value as
// text, a draft applied to a copy of the design, the problems the shared rules
// (shape + semantics, composed as parseDesign does) find for that draft, the
// rule in words, and how a valid draft becomes one edit of the design.
import type { BridgeConfig, Design, DesignImpair, DesignJail, DesignLink, DesignNode, EpairEnd, ImpairDirection, Problem } from '../../../../shared/design/types.js';
import { parseDesign } from '../../../../shared/design/parse.js';
import { IF_NAME_MAX, JAIL_NAME_MAX, NG_NAME_MAX } from '../../../../shared/model/names.js';
import { words } from '../state/jail-form.js';
import { renameInterface, renameItem, setLinkHook } from './edit.js';
import { epairOf, keyOfLink } from './refs.js';
import type { DesignRef } from './refs.js';

/** The ng_bridge settings (`setconfig`) the inspector offers, in display order. */
export const BRIDGE_KNOBS = ['loopTimeout', 'maxStaleness', 'minStableAge', 'debugLevel'] as const satisfies readonly (keyof BridgeConfig)[];
export type BridgeKnob = (typeof BRIDGE_KNOBS)[number];

/** The highest 802.1Q tag shared/design/validate.ts accepts (12 bits). */
export const VLAN_MAX = 4095;

/** An impaired link's numbers the inspector offers (`delayMs` and `overheadBytes` are for both directions only). */
export const IMPAIR_KNOBS = ['delayMs', 'bandwidthKbit', 'lossPct', 'ber', 'queueLen', 'duplicatePct', 'overheadBytes'] as const satisfies readonly (keyof DesignImpair)[];
export type ImpairKnob = (typeof IMPAIR_KNOBS)[number];
/** Both directions (the impairment's own fields), or one direction's override. */
export type ImpairDir = 'both' | 'downstream' | 'upstream';

/**
 * One input of the inspector. Elements are named as refs name them: a node,
 * an epair by either end (`side` says which end the field edits), an if_bridge,
 * a jail, a link by its key.
 */
export type Field =
  | { of: 'node'; node: string; key: 'name' | 'ifname' | 'mac' | 'up' | 'persistent' }
  | { of: 'node'; node: string; key: 'config'; knob: BridgeKnob }
  | { of: 'node'; node: string; key: 'filter'; index: number; part: 'vlan' | 'hook' }
  | { of: 'epair'; end: string; side: 'a' | 'b'; key: 'name' | 'mac' | 'up' }
  | { of: 'ifbridge'; bridge: string; key: 'name' | 'up' }
  | { of: 'jail'; jail: string; key: 'name' | 'path' | 'hostname' | 'vnet' | 'ip4' | 'ip6' | 'params' | 'state' }
  | { of: 'link'; link: string; side: 'a' | 'b'; key: 'hook' }
  | { of: 'link'; link: string; key: 'impaired' }
  | { of: 'link'; link: string; key: 'impair'; dir: ImpairDir; knob: ImpairKnob };

/** The index of the element a field belongs to, and its JSON path (`nodes[3]`), or null when the design lacks it. */
function elementOf(d: Design, f: Field): { i: number; path: string } | null {
  const at = (section: string, i: number) => (i < 0 ? null : { i, path: `${section}[${i}]` });
  switch (f.of) {
    case 'node': return at('nodes', d.nodes.findIndex((n) => n.name === f.node));
    case 'epair': return at('epairs', d.epairs.findIndex((e) => e.a.name === f.end || e.b.name === f.end));
    case 'ifbridge': return at('bridges', d.bridges.findIndex((b) => b.name === f.bridge));
    case 'jail': return at('jails', d.jails.findIndex((j) => j.name === f.jail));
    case 'link': return at('links', d.links.findIndex((l) => keyOfLink(l) === f.link));
  }
}

/** The JSON path of the value a field edits (`nodes[3].ifname`, `epairs[1].b.mac`, `nodes[2].filters[0].vlan`), or null. */
export function fieldPath(d: Design, f: Field): string | null {
  const e = elementOf(d, f);
  if (e === null) return null;
  if (f.of === 'node' && f.key === 'config') return `${e.path}.config.${f.knob}`;
  if (f.of === 'node' && f.key === 'filter') return `${e.path}.filters[${f.index}].${f.part}`;
  if (f.of === 'link' && f.key === 'impaired') return `${e.path}.impair`;
  if (f.of === 'link' && f.key === 'impair') return `${e.path}.impair${f.dir === 'both' ? '' : `.${f.dir}`}.${f.knob}`;
  if (f.of === 'epair' || f.of === 'link') return `${e.path}.${f.side}.${f.key}`;
  return `${e.path}.${f.key}`;
}

const upText = (up: boolean | undefined): string => (up === undefined ? '' : up ? 'up' : 'down');
const params = (p: Record<string, string> | undefined): string => Object.entries(p ?? {}).map(([k, v]) => `${k}=${v}`).join('\n');

/** The committed value of a field as the input shows it ('' when absent). */
export function valueOf(d: Design, f: Field): string {
  const e = elementOf(d, f);
  if (e === null) return '';
  switch (f.of) {
    case 'node': {
      const n = d.nodes[e.i] as DesignNode;
      if (f.key === 'config') return n.config?.[f.knob]?.toString() ?? '';
      if (f.key === 'filter') return n.filters?.[f.index]?.[f.part]?.toString() ?? '';
      if (f.key === 'up') return upText(n.up);
      if (f.key === 'persistent') return String(n.persistent === true);
      return n[f.key] ?? '';
    }
    case 'epair': {
      const end = (d.epairs[e.i] as Design['epairs'][number])[f.side];
      return f.key === 'up' ? upText(end.up) : (end[f.key] ?? '');
    }
    case 'ifbridge': {
      const b = d.bridges[e.i] as Design['bridges'][number];
      return f.key === 'up' ? upText(b.up) : b.name;
    }
    case 'jail': {
      const j = d.jails[e.i] as DesignJail;
      if (f.key === 'vnet') return String(j.vnet);
      if (f.key === 'ip4' || f.key === 'ip6') return (j[f.key] ?? []).join(', ');
      if (f.key === 'params') return params(j.params);
      if (f.key === 'state') return j.state ?? 'running';
      return j[f.key] ?? '';
    }
    case 'link': {
      const l = d.links[e.i] as DesignLink;
      if (f.key === 'impaired') return String(l.impair !== undefined);
      if (f.key === 'impair') return impairBlock(l, f.dir)?.[f.knob]?.toString() ?? '';
      return l[f.side].hook;
    }
  }
}

/** The impairment's own fields (`both`) or one direction's block; undefined when absent. */
function impairBlock(l: DesignLink, dir: ImpairDir): Partial<Record<ImpairKnob, number>> | undefined {
  return dir === 'both' ? l.impair : l.impair?.[dir];
}

/** Sets one impairment number (empty text: removes it, and a direction block left empty). */
function setImpair(l: DesignLink, dir: ImpairDir, knob: ImpairKnob, text: string): void {
  const imp: DesignImpair = l.impair ?? {};
  l.impair = imp;
  if (dir === 'both') return put(imp, knob, numberOf(text));
  const block: ImpairDirection = imp[dir] ?? {};
  put(block, knob, numberOf(text));
  put(imp, dir, Object.keys(block).length > 0 ? block : undefined);
}

/**
 * A number field's text as the design holds it: empty → absent, a number →
 * that number, anything else stays text so the shape check refuses it in its
 * own words ("must be a non-negative integer, not the string …").
 */
function numberOf(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return /^[+-]?\d+(\.\d*)?$/.test(t) ? Number(t) : t;
}

/** Sets `o[k] = v`, or deletes `o[k]` when `v` is undefined. */
function put<T extends object>(o: T, k: string, v: unknown): void {
  const r = o as Record<string, unknown>;
  if (v === undefined) delete r[k];
  else r[k] = v;
}

const upOf = (text: string): boolean | undefined => (text === 'up' ? true : text === 'down' ? false : undefined);

/** `key=value` lines → params; lines that are not key=value are reported by draftProblems. */
function paramsOf(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (line.trim() === '' || eq < 0) continue;
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Writes a draft into `d` in place (every field but names and hooks, which have edits of their own). */
function setIn(d: Design, f: Field, text: string): void {
  const e = elementOf(d, f);
  if (e === null) return;
  switch (f.of) {
    case 'node': {
      const n = d.nodes[e.i] as DesignNode;
      if (f.key === 'name') n.name = text.trim();
      else if (f.key === 'ifname') {
        const v = text.trim();
        if (n.ifname !== undefined && v !== '') renameInterface(d, n.ifname, v);
        put(n, 'ifname', v === '' ? undefined : v);
      } else if (f.key === 'mac') put(n, 'mac', text.trim() === '' ? undefined : text.trim());
      else if (f.key === 'up') put(n, 'up', upOf(text));
      else if (f.key === 'persistent') put(n, 'persistent', text === 'true' ? true : undefined);
      else if (f.key === 'config') {
        const c: BridgeConfig = { ...(n.config ?? {}) };
        put(c, f.knob, numberOf(text));
        put(n, 'config', Object.keys(c).length > 0 ? c : undefined);
      } else if (f.key === 'filter') {
        const row = n.filters?.[f.index];
        if (row) put(row, f.part, f.part === 'vlan' ? numberOf(text) : text.trim());
      }
      return;
    }
    case 'epair': {
      const end: EpairEnd = (d.epairs[e.i] as Design['epairs'][number])[f.side];
      if (f.key === 'name') end.name = text.trim();
      else if (f.key === 'mac') put(end, 'mac', text.trim() === '' ? undefined : text.trim());
      else put(end, 'up', upOf(text));
      return;
    }
    case 'ifbridge': {
      const b = d.bridges[e.i] as Design['bridges'][number];
      if (f.key === 'name') b.name = text.trim();
      else put(b, 'up', upOf(text));
      return;
    }
    case 'jail': {
      const j = d.jails[e.i] as DesignJail;
      if (f.key === 'name') j.name = text.trim();
      else if (f.key === 'path') j.path = text;
      else if (f.key === 'hostname') put(j, 'hostname', text === '' ? undefined : text);
      else if (f.key === 'vnet') j.vnet = text === 'true';
      else if (f.key === 'ip4' || f.key === 'ip6') put(j, f.key, words(text).length > 0 ? words(text) : undefined);
      else if (f.key === 'params') put(j, 'params', paramsOf(text));
      else put(j, 'state', text === 'stopped' ? 'stopped' : undefined);
      return;
    }
    case 'link': {
      const l = d.links[e.i] as DesignLink;
      if (f.key === 'impaired') put(l, 'impair', text === 'true' ? (l.impair ?? {}) : undefined);
      else if (f.key === 'impair') setImpair(l, f.dir, f.knob, text);
      else l[f.side].hook = text.trim();
    }
  }
}

/** The design element a name field renames (an epair end by its own name). */
function renamed(d: Design, f: Field): DesignRef | null {
  if (f.key !== 'name') return null;
  switch (f.of) {
    case 'node': return { kind: 'node', name: f.node };
    case 'ifbridge': return { kind: 'ifbridge', name: f.bridge };
    case 'jail': return { kind: 'jail', name: f.jail };
    case 'epair': {
      const e = epairOf(d, f.end);
      return e ? { kind: 'epair', name: e[f.side].name } : null;
    }
    default: return null;
  }
}

/**
 * The design with the draft applied, as committing it would leave it: a name
 * through the rename edit (references follow), a hook through the hook edit,
 * anything else set on a copy. When the rename edit refuses the name, the
 * copy has only the name changed, and `refused` says why.
 */
function applied(d: Design, f: Field, text: string): { design: Design; refused: string | null } {
  const ref = renamed(d, f);
  let refused: string | null = null;
  if (ref !== null) {
    const r = renameItem(d, ref, text.trim());
    if (r.ok) return { design: r.design, refused };
    refused = r.reason;
  }
  if (f.of === 'link' && f.key === 'hook') {
    const r = setLinkHook(d, f.link, f.side, text.trim());
    if (r.ok) return { design: r.design, refused };
  }
  const out = structuredClone(d);
  setIn(out, f, text);
  return { design: out, refused };
}

/** The design with the draft applied, as committing it would leave it (a copy: `d` is not changed). */
export function applyDraft(d: Design, f: Field, text: string): Design {
  return applied(d, f, text).design;
}

/** Every problem the shared rules find, composed as parseDesign does (shape first; semantics once the shape is good). */
export function checkDesign(d: Design): Problem[] {
  const r = parseDesign(d);
  return r.ok ? r.warnings : r.problems;
}

/** True when problem `p` belongs to the field at `path`: at the path or inside it, or about the field on its element. */
function owns(f: Field, path: string, p: Problem): boolean {
  // The impairment's on/off box owns what is said about the impairment as a whole; each number its own.
  if (f.key === 'impaired') return p.path === path;
  if (p.path === path || p.path.startsWith(`${path}.`) || p.path.startsWith(`${path}[`)) return true;
  const element = path.slice(0, path.lastIndexOf('.'));
  // Element-wide rules name the field they are about (a lonely bridge → persistent);
  // a jail's addresses are checked together at `jails[i].ip`.
  if (p.path === element && p.field === f.key) return true;
  return (f.key === 'ip4' || f.key === 'ip6') && p.path === `${element}.ip`;
}

/** The problems of `problems` (found on design `d`) that belong to field `f`. */
export function problemsAt(d: Design, problems: Problem[], f: Field): Problem[] {
  const path = fieldPath(d, f);
  return path === null ? [] : problems.filter((p) => owns(f, path, p));
}

/** Lines of a params text that are not `key=value`, and keys given twice, as problems at the params path. */
function paramsFormat(d: Design, f: Field, text: string): Problem[] {
  const path = fieldPath(d, f);
  if (f.key !== 'params' || path === null) return [];
  const el = `jail ${f.of === 'jail' ? f.jail : ''}`;
  const out: Problem[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((line, n) => {
    if (line.trim() === '') return;
    const eq = line.indexOf('=');
    const key = line.slice(0, eq).trim();
    if (eq < 0) out.push({ severity: 'error', path, element: el, field: 'params', rule: 'key-value', message: `${el}: line ${n + 1} ${JSON.stringify(line.trim())} is not key=value` });
    else if (seen.has(key)) out.push({ severity: 'error', path, element: el, field: 'params', rule: 'key-twice', message: `${el}: parameter ${key} is given twice` });
    seen.add(key);
  });
  return out;
}

const problemKey = (p: Problem): string => `${p.path}|${p.rule}`;

/**
 * What the shared rules say about a draft: the problems at the field; when it
 * has no error of its own, any error the draft would add elsewhere (a
 * duplicate is reported on the later of the two elements, maybe not this one;
 * a jail without vnet at each of its interfaces). `before` = checkDesign(d).
 */
export function draftProblems(d: Design, before: Problem[], f: Field, text: string): Problem[] {
  const path = fieldPath(d, f);
  if (path === null) return [];
  const { design, refused } = applied(d, f, text);
  const after = [...paramsFormat(d, f, text), ...checkDesign(design)];
  const here = after.filter((p) => owns(f, path, p));
  if (refused !== null) {
    // The rename edit refused the name: the copy has dangling references, so
    // only what is said at the field counts — or, if nothing is, the refusal.
    if (refuses(here)) return here;
    return [...here, { severity: 'error', path, element: '', field: 'name', rule: 'rename', message: refused }];
  }
  // A value wrong in itself is said once, at the field, not again at every reference to it.
  if (refuses(here)) return here;
  const had = new Set(before.map(problemKey));
  const elsewhere = after.filter((p) => p.severity === 'error' && !owns(f, path, p) && !had.has(problemKey(p)));
  return [...here, ...elsewhere];
}

/** True when the problems hold an error (a draft that must not be committed). */
export function refuses(problems: Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** How a valid draft is committed: a rename, a hook change, or an update of the design (each one undo step). */
export type Commit =
  | { how: 'rename'; ref: DesignRef; to: string }
  | { how: 'hook'; link: string; side: 'a' | 'b'; hook: string }
  | { how: 'update'; change: (d: Design) => void };

/** The edit that commits a draft, or null when it would change nothing. */
export function commitOf(d: Design, f: Field, text: string): Commit | null {
  const ref = renamed(d, f);
  if (ref !== null) return ref.kind !== 'link' && text.trim() === ref.name ? null : { how: 'rename', ref, to: text.trim() };
  if (JSON.stringify(applyDraft(d, f, text)) === JSON.stringify(d)) return null;
  if (f.of === 'link' && f.key === 'hook') return { how: 'hook', link: f.link, side: f.side, hook: text.trim() };
  return { how: 'update', change: (x) => setIn(x, f, text) };
}

/** An entry of a list the inspector shows with a remove button: a jail's interface, an if_bridge's member. */
export type ListItem = { of: 'jail'; jail: string; index: number } | { of: 'ifbridge'; bridge: string; index: number };

/** The JSON path of a list entry (`jails[0].interfaces[1]`, `bridges[2].members[0]`), or null. */
export function itemPath(d: Design, item: ListItem): string | null {
  if (item.of === 'jail') {
    const i = d.jails.findIndex((j) => j.name === item.jail);
    return i < 0 ? null : `jails[${i}].interfaces[${item.index}]`;
  }
  const i = d.bridges.findIndex((b) => b.name === item.bridge);
  return i < 0 ? null : `bridges[${i}].members[${item.index}]`;
}

/** The problems (found on design `d`) at a list entry. */
export function itemProblems(d: Design, problems: Problem[], item: ListItem): Problem[] {
  const path = itemPath(d, item);
  return path === null ? [] : problems.filter((p) => p.path === path);
}

/** Adds a vlan filter row: the first unused tag from 1, to hook `vlanN`. */
export function addFilter(node: string): (d: Design) => void {
  return (d) => {
    const n = d.nodes.find((x) => x.name === node);
    if (!n) return;
    const tags = new Set((n.filters ?? []).map((x) => x.vlan));
    let tag = 1;
    while (tags.has(tag)) tag++;
    n.filters = [...(n.filters ?? []), { vlan: tag, hook: `vlan${tag}` }];
  };
}

/** Removes vlan filter row `index` (and the filters list when it was the last). */
export function removeFilter(node: string, index: number): (d: Design) => void {
  return (d) => {
    const n = d.nodes.find((x) => x.name === node);
    if (!n?.filters) return;
    n.filters = n.filters.filter((_, k) => k !== index);
    if (n.filters.length === 0) delete n.filters;
  };
}

/** Takes interface number `index` out of jail `jail` (back on the host). */
export function removeJailInterface(jail: string, index: number): (d: Design) => void {
  return (d) => {
    const j = d.jails.find((x) => x.name === jail);
    if (j) j.interfaces = j.interfaces.filter((_, k) => k !== index);
  };
}

/** Takes member number `index` out of if_bridge `bridge`. */
export function removeMember(bridge: string, index: number): (d: Design) => void {
  return (d) => {
    const b = d.bridges.find((x) => x.name === bridge);
    if (b) b.members = b.members.filter((_, k) => k !== index);
  };
}
