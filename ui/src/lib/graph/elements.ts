// HostSnapshot → Cytoscape element JSON (pure: no Cytoscape, no DOM), so the
// mapping is tested on literal snapshots. Element ids are stable keys —
// `ng:<node id>`, `if:<interfaceKey>`, `jail:<name>`, edges named after both
// ends — so a later element diff touches only what changed. An ng_pipe spliced
// into a link is not drawn as a node (unless asked): the link is one edge
// between the pipe's two peers, labelled with the impairment, as the design
// shows it (from-snapshot.ts folds the same pipes).
import { interfaceKey } from '../../../../shared/model/snapshot.js';
import type { HostInfo, HostSnapshot, Interface, Jail, NgNode } from '../../../../shared/model/snapshot.js';
import type { PeerState } from '../../../../shared/protocol/rpc.js';
import { isDown, markTraffic } from './traffic.js';
import { foldedPipes } from '../../../../shared/design/from-snapshot.js';
import { impairSummary } from '../../../../shared/design/impair.js';

/** What a canvas node stands for; the inspector looks the object up by these keys. `host`: a host's region (several hosts). */
export type NodeKind = 'ng' | 'if' | 'jail' | 'host';
/** What a canvas edge stands for. */
export type EdgeKind = 'link' | 'cable' | 'member' | 'tunnel';

export interface NodeData {
  id: string;
  kind: NodeKind;
  label: string;
  /** Compound parent: `jail:<name>` for things living in a vnet jail. */
  parent?: string;
  /** kind 'ng': the netgraph node ID. */
  ngId?: string;
  /** The interface drawn by this element (kind 'if', or an ng node bound to one). */
  ifKey?: string;
  /** kind 'jail': the jail's name. */
  jail?: string;
}

export interface EdgeData {
  id: string;
  kind: EdgeKind;
  source: string;
  target: string;
  /** Hook names at each end (netgraph links only). */
  sourceLabel?: string;
  targetLabel?: string;
  /** The counters the edge's traffic is read from (traffic.ts `markTraffic`). */
  counters?: string;
  /** An impaired link: what its ng_pipe does (`50 ms · 1000 kbit/s`). */
  label?: string;
}

export interface NodeElement {
  group: 'nodes';
  data: NodeData;
  /** Sorted, so two mappings of the same object compare equal. */
  classes: string[];
}

export interface EdgeElement {
  group: 'edges';
  data: EdgeData;
  classes: string[];
}

export type GraphElement = NodeElement | EdgeElement;

export interface ElementOptions {
  /** ngctl's own socket nodes come and go with every command: hidden unless asked. */
  showSockets: boolean;
  /** Draw the ng_pipe of an impaired link as a node of its own (default: folded into the link). */
  showPipes?: boolean;
}

export const DEFAULT_ELEMENT_OPTIONS: ElementOptions = { showSockets: false };

/** Node types drawn with their own style; anything else is `ng-generic`. */
const STYLED_TYPES = new Set(['bridge', 'eiface', 'ether', 'socket', 'hub', 'vlan', 'one2many', 'tee', 'iface', 'pipe', 'ksocket']);

/** Interface kinds → class; `ether` interfaces are NICs (em0, igb0 …). */
const IF_CLASS: Record<Interface['kind'], string> = {
  ether: 'if-nic',
  loopback: 'if-loopback',
  epair: 'if-epair',
  bridge: 'if-bridge',
  eiface: 'if-eiface',
  iface: 'if-iface',
  vlan: 'if-vlan',
  other: 'if-other',
};

/** How an unnamed node is addressed in ngctl: `[2a]`. */
export function nodeDisplayName(n: Pick<NgNode, 'id' | 'name'>): string {
  return n.name ?? `[${n.id}]`;
}

const jailId = (name: string): string => `jail:${name}`;
const ngElementId = (id: string): string => `ng:${id}`;
const ifElementId = (key: string): string => `if:${key}`;

/** Classes an interface contributes (kind, down state: down or without carrier, traffic.ts). */
function interfaceClasses(i: Interface): string[] {
  const c = ['iface', IF_CLASS[i.kind] ?? 'if-other'];
  if (isDown(i)) c.push('down');
  return c;
}

/** An interface's IPv4 addresses as an extra label line (none: nothing). */
function addressLine(i: Interface): string {
  return i.inet !== undefined && i.inet.length > 0 ? `\n${i.inet.join(' ')}` : '';
}

/** Which interfaces are drawn inside a netgraph node's element (eiface/ether/iface). */
function boundInterfaces(s: HostSnapshot, visible: Set<string>): Map<string, Interface> {
  const m = new Map<string, Interface>();
  for (const i of s.interfaces) if (i.ngNode !== null && visible.has(i.ngNode)) m.set(i.ngNode, i);
  return m;
}

/** The element of a netgraph node, carrying its interface when it has one. */
function ngElement(n: NgNode, iface: Interface | undefined): NodeElement {
  const type = STYLED_TYPES.has(n.type) ? n.type : 'generic';
  const classes = ['ng', `ng-${type}`];
  const data: NodeData = { id: ngElementId(n.id), kind: 'ng', ngId: n.id, label: '' };
  let second = n.type;
  if (iface) {
    classes.push(...interfaceClasses(iface));
    data.ifKey = interfaceKey(iface);
    // An ng_ether node also sits on epairs and if_bridges: say what the interface is.
    const what = iface.kind === 'eiface' || iface.kind === 'ether' || iface.kind === 'iface' ? '' : ` (${kindLabel(iface)})`;
    // Named like its interface (the usual case): the name once, and for an
    // ng_ether node what it sits on (its glyph and double border say ng_ether),
    // so the label fits the node on two lines.
    if (iface.name !== n.name) second = `${n.type} · ${iface.name}${what}`;
    else second = n.type === 'ether' ? kindLabel(iface) : `${n.type}${what}`;
    if (iface.jail !== null) data.parent = jailId(iface.jail);
  }
  data.label = `${nodeDisplayName(n)}\n${second}${iface ? addressLine(iface) : ''}`;
  return { group: 'nodes', data, classes: classes.sort() };
}

/** The element of an interface without a netgraph node. */
function ifElement(i: Interface): NodeElement {
  const key = interfaceKey(i);
  const data: NodeData = { id: ifElementId(key), kind: 'if', ifKey: key, label: `${i.name}\n${kindLabel(i)}${addressLine(i)}` };
  if (i.jail !== null) data.parent = jailId(i.jail);
  return { group: 'nodes', data, classes: interfaceClasses(i).sort() };
}

/** What an interface is, in the words ifconfig users know. */
function kindLabel(i: Interface): string {
  switch (i.kind) {
    case 'ether':
      return 'NIC';
    case 'bridge':
      return 'if_bridge';
    default:
      return i.kind;
  }
}

/** A compound node for a jail; the interfaces in its vnet sit inside it. */
function jailElement(j: Jail): NodeElement {
  const classes = ['jail', j.vnet ? 'vnet' : 'novnet'];
  if (j.state === 'DYING') classes.push('dying');
  const label = `jail ${j.name} (jid ${j.jid})`;
  return { group: 'nodes', data: { id: jailId(j.name), kind: 'jail', jail: j.name, label }, classes: classes.sort() };
}

/** The id of the edge between `x.xHook` and `y.yHook` (the end that sorts first is the source), and its ends in that order. */
function linkId(x: string, xHook: string, y: string, yHook: string): [id: string, src: string, srcHook: string, dst: string, dstHook: string] {
  const [src, srcHook, dst, dstHook] = `${x}.${xHook}` <= `${y}.${yHook}` ? [x, xHook, y, yHook] : [y, yHook, x, xHook];
  return [`link:${src}.${srcHook}--${dst}.${dstHook}`, src, srcHook, dst, dstHook];
}

/** One edge per folded pipe, between its two peers, labelled with the impairment. */
function pipeEdges(nodes: NgNode[], folded: ReturnType<typeof foldedPipes>): EdgeElement[] {
  const out: EdgeElement[] = [];
  for (const [pid, l] of folded) {
    const p = nodes.find((n) => n.id === pid);
    const up = p?.hooks.find((h) => h.hook === 'upper');
    const low = p?.hooks.find((h) => h.hook === 'lower');
    if (!up || !low) continue;
    const [id, src, srcHook, dst, dstHook] = linkId(up.peerId, up.peerHook, low.peerId, low.peerHook);
    const label = impairSummary(l.impair ?? {}, l.a.node, l.b.node);
    const data: EdgeData = { id, kind: 'link', source: ngElementId(src), target: ngElementId(dst), sourceLabel: srcHook, targetLabel: dstHook, label };
    out.push({ group: 'edges', data, classes: ['impaired', 'link'] });
  }
  return out;
}

/** Netgraph links, one edge per link (seen from both ends, kept once). */
function linkEdges(nodes: NgNode[], visible: Set<string>): EdgeElement[] {
  const out = new Map<string, EdgeElement>();
  for (const n of nodes) {
    if (!visible.has(n.id)) continue;
    for (const h of n.hooks) {
      if (!visible.has(h.peerId)) continue;
      // The end that sorts first is the source, so both sides map to the same edge.
      const [id, src, srcHook, dst, dstHook] = linkId(n.id, h.hook, h.peerId, h.peerHook);
      if (out.has(id)) continue;
      const data: EdgeData = { id, kind: 'link', source: ngElementId(src), target: ngElementId(dst), sourceLabel: srcHook, targetLabel: dstHook };
      out.set(id, { group: 'edges', data, classes: ['link'] });
    }
  }
  return [...out.values()];
}

/** Epair cables and if_bridge membership edges between interface elements. */
function interfaceEdges(s: HostSnapshot, elementOf: Map<string, string>): EdgeElement[] {
  const out = new Map<string, EdgeElement>();
  const add = (kind: EdgeKind, x: string, y: string): void => {
    const [a, b] = kind === 'cable' && y < x ? [y, x] : [x, y];
    const id = `${kind}:${a}--${b}`;
    if (!out.has(id)) out.set(id, { group: 'edges', data: { id, kind, source: a, target: b }, classes: [kind] });
  };
  const byName = new Map<string, Interface[]>();
  for (const i of s.interfaces) byName.set(i.name, [...(byName.get(i.name) ?? []), i]);
  for (const i of s.interfaces) {
    const me = elementOf.get(interfaceKey(i));
    if (me === undefined) continue;
    if (i.kind === 'epair' && i.epairPeer !== null) {
      // The other end may live in another vnet; it is the epair whose peer is us.
      const peer = (byName.get(i.epairPeer) ?? []).find((p) => p.kind === 'epair' && p.epairPeer === i.name);
      const other = peer && elementOf.get(interfaceKey(peer));
      if (other !== undefined) add('cable', me, other);
    }
    for (const m of i.members) {
      // if_bridge members always live in the bridge's own vnet.
      const other = elementOf.get(interfaceKey({ name: m, jail: i.jail }));
      if (other !== undefined) add('member', me, other);
    }
  }
  return [...out.values()];
}

/**
 * Every element of the canvas for a snapshot: jails (compound parents),
 * netgraph nodes (an eiface/ether node together with its interface), the
 * remaining interfaces, links with hook labels, epair cables and bridge members.
 */
export function snapshotElements(s: HostSnapshot, opts: ElementOptions = DEFAULT_ELEMENT_OPTIONS): GraphElement[] {
  const folded = opts.showPipes ? new Map() : foldedPipes(s.netgraph.nodes.filter((n) => n.type !== 'socket'));
  const shown = s.netgraph.nodes.filter((n) => (opts.showSockets || n.type !== 'socket') && !folded.has(n.id));
  const visible = new Set(shown.map((n) => n.id));
  const bound = boundInterfaces(s, visible);
  const jails = new Set(s.jails.map((j) => j.name));
  const elementOf = new Map<string, string>();
  const nodes: NodeElement[] = s.jails.map(jailElement);
  for (const n of shown) {
    const el = ngElement(n, bound.get(n.id));
    if (el.data.ifKey !== undefined) elementOf.set(el.data.ifKey, el.data.id);
    nodes.push(el);
  }
  for (const i of s.interfaces) {
    const key = interfaceKey(i);
    if (elementOf.has(key)) continue;
    const el = ifElement(i);
    elementOf.set(key, el.data.id);
    nodes.push(el);
  }
  // A parent that is not drawn would make Cytoscape drop the child: keep it at top level.
  for (const n of nodes) if (n.data.parent !== undefined && !jails.has(n.data.parent.slice(5))) delete n.data.parent;
  const out: GraphElement[] = [...nodes, ...linkEdges(shown, visible), ...pipeEdges(s.netgraph.nodes, folded), ...interfaceEdges(s, elementOf)];
  markTraffic(s, out);
  return out;
}

// Several hosts: each host is a compound "host" region holding its elements;
// a peer's elements carry the peer id in front of theirs, so ids never collide.

/** One host drawn as a region: the local one (peer null) or a peer agent's. */
export interface HostRegionInput {
  /** null for this agent's own host, else the peer id (`peer1` …). */
  peer: string | null;
  host: HostInfo | null;
  /** A peer's connection state (a class on its region), null for the local host. */
  state: PeerState | null;
  /** What to call the host before its hello arrived (the peer's address). */
  fallback: string;
}

/** The region's element id: `host:local`, `host:peer1` … */
export const hostRegionId = (peer: string | null): string => `host:${peer ?? 'local'}`;

/** A peer element's id: the peer id, a slash, the id it has on its own host. */
export const peerElementId = (peer: string, id: string): string => `${peer}/${id}`;

/** The compound node of one host: hostname · release, and the emulated mark. */
export function hostRegionElement(r: HostRegionInput): NodeElement {
  const h = r.host;
  const label = h === null ? r.fallback : `${h.hostname} · ${h.release}${h.emulated ? ' · emulated' : ''}`;
  const classes = ['host-region', r.peer === null ? 'host-local' : 'host-peer'];
  if (h?.emulated) classes.push('emulated');
  if (r.state !== null) classes.push(`peer-${r.state}`);
  return { group: 'nodes', data: { id: hostRegionId(r.peer), kind: 'host', label }, classes: classes.sort() };
}

/** The elements of a peer's snapshot, ids prefixed with the peer id and parented (at top level) by its region. */
export function peerElements(peer: string, s: HostSnapshot, opts: ElementOptions = DEFAULT_ELEMENT_OPTIONS): GraphElement[] {
  const region = hostRegionId(peer);
  return snapshotElements(s, opts).map((e): GraphElement => {
    const classes = [...e.classes, 'peer-el'].sort();
    if (e.group === 'edges') {
      const d = e.data;
      return { group: 'edges', data: { ...d, id: peerElementId(peer, d.id), source: peerElementId(peer, d.source), target: peerElementId(peer, d.target) }, classes };
    }
    const parent = e.data.parent === undefined ? region : peerElementId(peer, e.data.parent);
    return { group: 'nodes', data: { ...e.data, id: peerElementId(peer, e.data.id), parent }, classes };
  });
}

/**
 * The canvas with several hosts: the local elements inside the local host's
 * region (only their top-level nodes change: they gain that parent), then
 * each peer's region and elements. Without peers the local elements are returned as they are.
 */
export function withHostRegions(
  local: GraphElement[],
  localHost: HostInfo | null,
  peers: { id: string; host: HostInfo | null; state: PeerState; address: string; snapshot: HostSnapshot | null }[],
  opts: ElementOptions = DEFAULT_ELEMENT_OPTIONS,
): GraphElement[] {
  if (peers.length === 0) return local;
  const localRegion = hostRegionElement({ peer: null, host: localHost, state: null, fallback: 'this host' });
  const out: GraphElement[] = [localRegion];
  for (const e of local) {
    out.push(e.group === 'nodes' && e.data.parent === undefined ? { ...e, data: { ...e.data, parent: localRegion.data.id } } : e);
  }
  for (const p of peers) {
    out.push(hostRegionElement({ peer: p.id, host: p.host, state: p.state, fallback: `${p.id} · ${p.address}` }));
    if (p.snapshot !== null) out.push(...peerElements(p.id, p.snapshot, opts));
  }
  return out;
}
