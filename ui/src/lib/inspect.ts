// Everything known about the selected canvas element, as titled rows of text
// (pure): the Inspector only renders these, and tests read them on literal
// snapshots.
import { interfaceKey } from '../../../shared/model/snapshot.js';
import type { HostSnapshot, Interface, Jail, NgNode } from '../../../shared/model/snapshot.js';
import { nodeDisplayName } from './graph/elements.js';
import type { GraphElement } from './graph/elements.js';

export interface InspectorSection {
  title: string;
  rows: [label: string, value: string][];
}

const yesNo = (b: boolean): string => (b ? 'yes' : 'no');
const list = (xs: string[]): string => (xs.length === 0 ? '—' : xs.join(', '));

/** A node's hooks as `hook → peer:peerHook` rows, peers named as ngctl addresses them. */
function nodeSection(n: NgNode, byId: Map<string, NgNode>): InspectorSection {
  const rows: InspectorSection['rows'] = [
    ['ID', `[${n.id}]`],
    ['Name', n.name ?? '<unnamed>'],
    ['Type', n.type],
    ['Hooks', String(n.hooks.length)],
  ];
  for (const h of n.hooks) {
    const peer = byId.get(h.peerId);
    const peerName = peer ? nodeDisplayName(peer) : `[${h.peerId}]`;
    rows.push([`hook ${h.hook}`, `→ ${peerName}:${h.peerHook}${peer ? ` (${peer.type})` : ''}`]);
  }
  return { title: `Netgraph node ${nodeDisplayName(n)}`, rows };
}

function interfaceSection(i: Interface, s: HostSnapshot): InspectorSection {
  const rows: InspectorSection['rows'] = [
    ['Name', i.name],
    ['Kind', i.kind],
    ['Lives in', i.jail === null ? 'host' : `jail ${i.jail}`],
    ['MAC', i.mac ?? '—'],
    ['Up', yesNo(i.up)],
    ['Link', i.linkUp === undefined ? '—' : i.linkUp ? 'active' : 'no carrier'],
    ['IPv4', list(i.inet ?? [])],
    ['IPv6', list(i.inet6 ?? [])],
    ['MTU', i.mtu === null ? '—' : String(i.mtu)],
    ['Flags', list(i.flags)],
    ['Groups', list(i.groups)],
  ];
  if (i.kind === 'epair') rows.push(['Epair peer', i.epairPeer ?? '—']);
  if (i.kind === 'bridge') rows.push(['Members', list(i.members)]);
  if (i.ngNode !== null) {
    const n = s.netgraph.nodes.find((x) => x.id === i.ngNode);
    rows.push(['Netgraph node', n ? `${nodeDisplayName(n)} [${n.id}] (${n.type})` : `[${i.ngNode}]`]);
  }
  return { title: `Interface ${i.name}`, rows };
}

function jailSection(j: Jail): InspectorSection {
  return {
    title: `Jail ${j.name}`,
    rows: [
      ['JID', String(j.jid)],
      ['Name', j.name],
      ['Hostname', j.hostname || '—'],
      ['Path', j.path],
      ['VNET', yesNo(j.vnet)],
      ['Persist', yesNo(j.persist)],
      ['State', j.state],
      ['IPv4', list(j.ip4)],
      ['IPv6', list(j.ip6)],
      ['Interfaces', list(j.interfaces)],
    ],
  };
}

/** Sections for an edge: the link with its hooks, an epair cable, or a bridge membership. */
function edgeSections(e: GraphElement & { group: 'edges' }, describeEnd: (id: string) => string): InspectorSection[] {
  const d = e.data;
  const a = describeEnd(d.source);
  const b = describeEnd(d.target);
  if (d.kind === 'link') {
    const rows: [string, string][] = [['From', `${a}:${d.sourceLabel ?? ''}`], ['To', `${b}:${d.targetLabel ?? ''}`]];
    // A folded ng_pipe: what it does to the link's frames.
    if (d.label !== undefined) rows.push(['Impairment (ng_pipe)', d.label]);
    return [{ title: 'Netgraph link', rows }];
  }
  if (d.kind === 'cable') return [{ title: 'Epair cable', rows: [['End', a], ['End', b]] }];
  return [{ title: 'if_bridge membership', rows: [['Bridge', a], ['Member', b]] }];
}

/**
 * What the inspector shows for `el` on snapshot `s`; a title-only section
 * when the element is gone from the host.
 */
export function inspect(s: HostSnapshot, el: GraphElement): InspectorSection[] {
  const byId = new Map(s.netgraph.nodes.map((n) => [n.id, n]));
  const ifs = new Map(s.interfaces.map((i) => [interfaceKey(i), i]));
  if (el.group === 'edges') {
    const endName = (id: string): string => {
      const [kind, ...rest] = id.split(':');
      const key = rest.join(':');
      if (kind === 'ng') return byId.get(key) ? nodeDisplayName(byId.get(key) as NgNode) : `[${key}]`;
      return ifs.get(key)?.name ?? key;
    };
    return edgeSections(el, endName);
  }
  const out: InspectorSection[] = [];
  const d = el.data;
  if (d.kind === 'jail') {
    const j = s.jails.find((x) => x.name === d.jail);
    if (j) out.push(jailSection(j));
  }
  if (d.ngId !== undefined) {
    const n = byId.get(d.ngId);
    if (n) out.push(nodeSection(n, byId));
  }
  if (d.ifKey !== undefined) {
    const i = ifs.get(d.ifKey);
    if (i) out.push(interfaceSection(i, s));
  }
  return out.length > 0 ? out : [{ title: `${d.id} is no longer on the host`, rows: [] }];
}
