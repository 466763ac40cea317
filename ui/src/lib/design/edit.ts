// Edits of a design as pure functions (design in, new design out, never
// mutated), so the editor's undo stack can keep every version and the rules
// are tested without a browser: add from the palette, delete, rename (with
// every reference following), connect two elements, move into or out of a jail.
import type { Design, DesignNode } from '../../../../shared/design/types.js';
import { checkIfName, checkJailName, checkNodeKey } from '../../../../shared/design/name-rules.js';
import { hookFor } from './hooks.js';
import { epairOf, interfaceOf, keyOfLink, linkKey, refKey } from './refs.js';
import type { DesignRef } from './refs.js';

/** The palette's kinds, in the palette's order. */
export const PALETTE_KINDS = ['bridge', 'eiface', 'uplink', 'epair', 'if_bridge', 'hub', 'vlan', 'one2many', 'tee', 'jail'] as const;
export type PaletteKind = (typeof PALETTE_KINDS)[number];

/** An edit's answer: the new design (and the object it concerns), or why it cannot be done. */
export type EditResult = { ok: true; design: Design; ref: DesignRef } | { ok: false; reason: string };

const NODE_PREFIX: Record<string, string> = { bridge: 'br', eiface: 'eiface', hub: 'hub', vlan: 'vlan', one2many: 'o2m', tee: 'tee' };

/** Every name in use (nodes, interfaces, jails): new names avoid all of them. */
function namesIn(d: Design): Set<string> {
  const s = new Set<string>();
  for (const n of d.nodes) (s.add(n.name), n.ifname && s.add(n.ifname));
  for (const e of d.epairs) (s.add(e.a.name), s.add(e.b.name));
  for (const b of d.bridges) s.add(b.name);
  for (const j of d.jails) s.add(j.name);
  return s;
}

/** `prefix0`, `prefix1`, … : the first name nobody uses (also checking `prefixNb` for epairs). */
function freshName(d: Design, prefix: string, suffixes: string[] = ['']): string {
  const used = namesIn(d);
  for (let n = 0; ; n++) if (suffixes.every((s) => !used.has(`${prefix}${n}${s}`))) return `${prefix}${n}`;
}

const clone = (d: Design): Design => structuredClone(d);

/**
 * Adds one object of a palette kind with a fresh name. `nics` are the host's
 * NICs (an uplink uses the first one the design does not use yet).
 */
export function addItem(d: Design, kind: PaletteKind, nics: string[] = []): EditResult {
  const out = clone(d);
  switch (kind) {
    case 'uplink': {
      const nic = nics.find((n) => !out.nodes.some((x) => x.name === n));
      if (nic === undefined) return { ok: false, reason: nics.length === 0 ? 'the host has no NIC to use as an uplink' : `every NIC of the host (${nics.join(', ')}) is already in the design` };
      out.nodes.push({ name: nic, type: 'ether' });
      return { ok: true, design: out, ref: { kind: 'node', name: nic } };
    }
    case 'epair': {
      const base = freshName(out, 'epair', ['a', 'b']);
      out.epairs.push({ a: { name: `${base}a` }, b: { name: `${base}b` } });
      return { ok: true, design: out, ref: { kind: 'epair', name: `${base}a` } };
    }
    case 'if_bridge': {
      const name = freshName(out, 'bridge');
      out.bridges.push({ name, members: [] });
      return { ok: true, design: out, ref: { kind: 'ifbridge', name } };
    }
    case 'jail': {
      const name = freshName(out, 'jail');
      out.jails.push({ name, path: '/', vnet: true, interfaces: [] });
      return { ok: true, design: out, ref: { kind: 'jail', name } };
    }
    default: {
      const name = freshName(out, NODE_PREFIX[kind] ?? kind);
      const node: DesignNode = { name, type: kind };
      if (kind === 'eiface') node.ifname = name;
      out.nodes.push(node);
      return { ok: true, design: out, ref: { kind: 'node', name } };
    }
  }
}

/** Takes interface `ifname` out of every jail and if_bridge. */
function forgetInterface(d: Design, ifname: string): void {
  for (const j of d.jails) j.interfaces = j.interfaces.filter((i) => i !== ifname);
  for (const b of d.bridges) b.members = b.members.filter((m) => m !== ifname);
}

/** Marks a host object for deletion when the host has it (`live`), since the planner only removes what it was told to. */
function markDelete(d: Design, live: Design | null, kind: 'node' | 'interface' | 'jail', name: string): void {
  const onHost = live !== null && (kind === 'node' ? live.nodes.some((n) => n.name === name) : kind === 'jail' ? live.jails.some((j) => j.name === name) : live.epairs.some((e) => e.a.name === name || e.b.name === name) || live.bridges.some((b) => b.name === name) || live.nodes.some((n) => n.ifname === name));
  if (!onHost || (d.delete ?? []).some((r) => r.kind === kind && r.name === name)) return;
  d.delete = [...(d.delete ?? []), { kind, name }];
}

/** Deletes an object and everything that refers to it; `live` is the host as a design. */
export function removeItem(d: Design, r: DesignRef, live: Design | null = null): EditResult {
  const out = clone(d);
  const ifname = interfaceOf(d, r);
  switch (r.kind) {
    case 'node': {
      const n = out.nodes.find((x) => x.name === r.name);
      if (!n) return { ok: false, reason: `there is no node ${r.name} in the design` };
      out.nodes = out.nodes.filter((x) => x !== n);
      out.links = out.links.filter((l) => l.a.node !== r.name && l.b.node !== r.name);
      // A NIC's ng_ether node is never destroyed: dropping it from the design only unlinks it.
      if (n.type !== 'ether') markDelete(out, live, 'node', r.name);
      break;
    }
    case 'link':
      if (!out.links.some((l) => keyOfLink(l) === r.key)) return { ok: false, reason: `there is no link ${r.key}` };
      out.links = out.links.filter((l) => keyOfLink(l) !== r.key);
      break;
    case 'epair': {
      const e = epairOf(out, r.name);
      if (!e) return { ok: false, reason: `there is no epair ${r.name}` };
      out.epairs = out.epairs.filter((x) => x !== e);
      for (const end of [e.a.name, e.b.name]) forgetInterface(out, end);
      markDelete(out, live, 'interface', e.a.name);
      break;
    }
    case 'ifbridge':
      out.bridges = out.bridges.filter((b) => b.name !== r.name);
      markDelete(out, live, 'interface', r.name);
      break;
    case 'jail':
      out.jails = out.jails.filter((j) => j.name !== r.name);
      markDelete(out, live, 'jail', r.name);
      break;
    case 'iface':
      return { ok: false, reason: `${r.name} is a host interface; it cannot be deleted here` };
  }
  if (ifname !== null && r.kind !== 'epair') forgetInterface(out, ifname);
  return { ok: true, design: out, ref: r };
}

/** Points every jail and if_bridge reference of interface `from` to `to` (in place). */
export function renameInterface(d: Design, from: string, to: string): void {
  for (const j of d.jails) j.interfaces = j.interfaces.map((i) => (i === from ? to : i));
  for (const b of d.bridges) b.members = b.members.map((m) => (m === from ? to : m));
}

/** Renames an object; links, jails, bridge members and its saved position follow. An eiface whose ifname was its name keeps them equal. */
export function renameItem(d: Design, r: DesignRef, to: string): EditResult {
  const res = renameOnly(d, r, to);
  const pos = d.layout?.positions?.[refKey(r)];
  if (!res.ok || pos === undefined || !res.design.layout?.positions) return res;
  delete res.design.layout.positions[refKey(r)];
  res.design.layout.positions[refKey(res.ref)] = pos;
  return res;
}

/** Interface names the design defines (eiface ifnames, epair ends, if_bridges). */
function interfaceNames(d: Design): Set<string> {
  const s = new Set<string>();
  for (const n of d.nodes) if (n.ifname) s.add(n.ifname);
  for (const e of d.epairs) (s.add(e.a.name), s.add(e.b.name));
  for (const b of d.bridges) s.add(b.name);
  return s;
}

/** Why `r` cannot be renamed `to` (FreeBSD's naming rules, names already taken), or null. */
export function renameProblem(d: Design, r: DesignRef, to: string): string | null {
  if (to === '') return 'a name cannot be empty';
  if (r.kind !== 'link' && r.kind !== 'iface' && to === r.name) return null;
  switch (r.kind) {
    case 'node': {
      const n = d.nodes.find((x) => x.name === r.name);
      const bad = checkNodeKey(to);
      if (bad !== null) return bad;
      if (d.nodes.some((x) => x.name === to)) return `there is already a node named ${to}`;
      // An eiface named after its interface keeps the two equal: the new name must suit an interface too.
      if (n?.type === 'eiface' && n.ifname === r.name) return checkIfName(to) ?? (interfaceNames(d).has(to) ? `there is already an interface named ${to}` : null);
      return null;
    }
    case 'epair':
    case 'ifbridge':
      return checkIfName(to) ?? (interfaceNames(d).has(to) ? `there is already an interface named ${to}` : null);
    case 'jail':
      return checkJailName(to) ?? (d.jails.some((j) => j.name === to) ? `there is already a jail named ${to}` : null);
    default:
      return 'this element cannot be renamed';
  }
}

function renameOnly(d: Design, r: DesignRef, to: string): EditResult {
  const problem = renameProblem(d, r, to);
  if (problem !== null) return { ok: false, reason: problem };
  const out = clone(d);
  switch (r.kind) {
    case 'node': {
      const n = out.nodes.find((x) => x.name === r.name);
      if (!n) return { ok: false, reason: `there is no node ${r.name}` };
      n.name = to;
      for (const l of out.links) for (const e of [l.a, l.b]) if (e.node === r.name) e.node = to;
      if (n.type === 'eiface' && n.ifname === r.name) (renameInterface(out, r.name, to), (n.ifname = to));
      return { ok: true, design: out, ref: { kind: 'node', name: to } };
    }
    case 'epair': {
      const e = epairOf(out, r.name);
      if (!e) return { ok: false, reason: `there is no epair ${r.name}` };
      (e.a.name === r.name ? e.a : e.b).name = to;
      renameInterface(out, r.name, to);
      return { ok: true, design: out, ref: { kind: 'epair', name: to } };
    }
    case 'ifbridge': {
      const b = out.bridges.find((x) => x.name === r.name);
      if (!b) return { ok: false, reason: `there is no if_bridge ${r.name}` };
      b.name = to;
      renameInterface(out, r.name, to);
      return { ok: true, design: out, ref: { kind: 'ifbridge', name: to } };
    }
    case 'jail': {
      const j = out.jails.find((x) => x.name === r.name);
      if (!j) return { ok: false, reason: `there is no jail ${r.name}` };
      j.name = to;
      return { ok: true, design: out, ref: { kind: 'jail', name: to } };
    }
    default:
      return { ok: false, reason: 'this element cannot be renamed' };
  }
}

/** Links two netgraph nodes with chosen hooks, or makes an interface a member of an if_bridge. */
export function connect(d: Design, from: DesignRef, to: DesignRef): EditResult {
  if (from.kind === 'node' && to.kind === 'node') {
    if (from.name === to.name) return { ok: false, reason: 'a node cannot be linked to itself' };
    const ha = hookFor(d, from.name);
    if (!ha.ok) return { ok: false, reason: `${from.name}: ${ha.reason}` };
    // The second end is chosen after the first, so two links to one node on the same hook cannot happen.
    const hb = hookFor(d, to.name);
    if (!hb.ok) return { ok: false, reason: `${to.name}: ${hb.reason}` };
    const out = clone(d);
    const a = { node: from.name, hook: ha.hook };
    const b = { node: to.name, hook: hb.hook };
    out.links.push({ a, b });
    return { ok: true, design: out, ref: { kind: 'link', key: linkKey(a, b) } };
  }
  const [br, other] = from.kind === 'ifbridge' ? [from, to] : to.kind === 'ifbridge' ? [to, from] : [null, null];
  if (br === null || other === null) return { ok: false, reason: 'only two netgraph nodes, or an interface and an if_bridge, can be connected' };
  const ifname = interfaceOf(d, other);
  if (ifname === null) return { ok: false, reason: 'this element has no interface to add to the if_bridge' };
  const out = clone(d);
  const b = out.bridges.find((x) => x.name === br.name);
  if (!b) return { ok: false, reason: `there is no if_bridge ${br.name}` };
  if (b.members.includes(ifname)) return { ok: false, reason: `${ifname} is already a member of ${b.name}` };
  b.members.push(ifname);
  return { ok: true, design: out, ref: br };
}

/** Puts the element's interface into vnet jail `jail` (null: back on the host). */
export function assignJail(d: Design, r: DesignRef, jail: string | null): EditResult {
  const ifname = interfaceOf(d, r);
  if (ifname === null) return { ok: false, reason: 'only an interface can move into a jail' };
  const out = clone(d);
  const target = jail === null ? null : out.jails.find((j) => j.name === jail);
  if (jail !== null && !target) return { ok: false, reason: `there is no jail ${jail}` };
  if (target && !target.vnet) return { ok: false, reason: `jail ${jail} has no vnet: it cannot take an interface` };
  for (const j of out.jails) j.interfaces = j.interfaces.filter((i) => i !== ifname);
  target?.interfaces.push(ifname);
  return { ok: true, design: out, ref: r };
}

/** Changes the hook at one end of a link. */
export function setLinkHook(d: Design, key: string, side: 'a' | 'b', hook: string): EditResult {
  const out = clone(d);
  const l = out.links.find((x) => keyOfLink(x) === key);
  if (!l) return { ok: false, reason: `there is no link ${key}` };
  l[side].hook = hook;
  return { ok: true, design: out, ref: { kind: 'link', key: keyOfLink(l) } };
}

/** Records where an element sits on the canvas (design.layout, ignored by the planner). */
export function setPosition(d: Design, key: string, p: { x: number; y: number }): Design {
  const out = clone(d);
  out.layout = { ...(out.layout ?? {}), positions: { ...(out.layout?.positions ?? {}), [key]: { x: Math.round(p.x), y: Math.round(p.y) } } };
  return out;
}
