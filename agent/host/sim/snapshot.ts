// SimState → HostSnapshot: what the agent observes of the emulated host. It
// sees what a root process on the host sees: the host vnet's netgraph (with
// ng_bridge link counters and learned hosts, as getstats/gettable give
// them), every interface (naming the vnet jail it lives in, with its
// addresses, link state and netstat counters) and every jail.
import type { Counters, HostSnapshot, Interface, InterfaceKind, Jail, NgHook, NgNode, NgType } from '../../../shared/model/snapshot.js';
import { normalizeSnapshot, compareStrings } from '../../../shared/model/normalize.js';
import type { SimIfnet, SimNode, SimState } from './state.js';
import { IFF, ifFlags, linkUp } from './cmd/ifconfig/status.js';
import { ifStat } from './dataplane/counters.js';
import { addrsOf } from './net/ifaddr.js';
import { pipeConfig } from './netgraph/types/pipe.js';
import { bridgeTableRows } from './netgraph/types/bridge.js';
import { hookStat } from './netgraph/types/common.js';

/** Netgraph node IDs go on the wire as lowercase hex without padding. */
const hex = (id: number): string => id.toString(16);

/**
 * A bridge link's getstats as counters seen from the bridge: what it
 * received on the link and sent there; loop drops are input drops, runts
 * and frames with a bad source address input errors.
 */
function bridgeHookCounters(n: SimNode, hook: string): Counters {
  const v = (k: string): number => hookStat(n, hook, k);
  return {
    inPackets: v('recvPackets'),
    outPackets: v('xmitPackets'),
    inBytes: v('recvOctets'),
    outBytes: v('xmitOctets'),
    inDrops: v('loopDrops'),
    inErrors: v('recvRunts') + v('recvInvalid'),
  };
}

function toNode(state: SimState, n: SimNode): NgNode {
  const bridge = n.type === 'bridge';
  const node: NgNode = {
    id: hex(n.id),
    name: n.name,
    type: n.type,
    hooks: n.hooks.map((h): NgHook => {
      const out: NgHook = { hook: h.name, peerId: hex(h.peer), peerHook: h.peerHook };
      if (bridge) out.counters = bridgeHookCounters(n, h.name);
      return out;
    }),
  };
  if (bridge) node.table = bridgeTableRows(state, n).sort((a, b) => compareStrings(a.mac, b.mac));
  if (n.type === 'pipe') node.pipe = pipeConfig(n);
  return node;
}

/** netstat -i's link-level row: the interface's counters. */
function ifCounters(i: SimIfnet): Counters {
  return {
    inPackets: ifStat(i, 'ipackets'),
    outPackets: ifStat(i, 'opackets'),
    inBytes: ifStat(i, 'ibytes'),
    outBytes: ifStat(i, 'obytes'),
    inDrops: ifStat(i, 'iqdrops'),
    inErrors: ifStat(i, 'ierrors'),
    outErrors: ifStat(i, 'oerrors'),
  };
}

/** Kinds whose ifconfig status has a `status:` line (an ifmedia driver). */
const HAS_MEDIA = new Set<SimIfnet['kind']>(['ether', 'epair', 'eiface', 'vxlan']);

/** Loaded types with the number of host-vnet nodes of each (as `ngctl types` counts them). */
function toTypes(types: string[], nodes: SimNode[]): NgType[] {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(n.type, (counts.get(n.type) ?? 0) + 1);
  return types.map((name) => ({ name, count: counts.get(name) ?? 0 }));
}

/** The flag names `ifconfig` shows for the interface (the flags word comes from the emulated ifconfig). */
export function ifnetFlags(state: SimState, i: SimIfnet): string[] {
  const f = ifFlags(state, i);
  return IFF.filter(([bit]) => (f & bit) !== 0).map(([, name]) => name);
}

interface Lookups {
  ifById: Map<number, SimIfnet>;
  jailByJid: Map<number, string>;
  /** ifnet id → ID of the host-vnet node bound to it (ng_ether nodes carry `ifnet`). */
  nodeByIfnet: Map<number, number>;
}

/** Addresses as `ADDR/PREFIXLEN`, a family left out when it has none (as an observed host gives them). */
function addresses(i: SimIfnet): Pick<Interface, 'inet' | 'inet6'> {
  const out: Pick<Interface, 'inet' | 'inet6'> = {};
  const v4 = addrsOf(i, 'inet');
  const v6 = addrsOf(i, 'inet6');
  if (v4.length > 0) out.inet = v4.map((a) => `${a.addr}/${a.plen}`);
  if (v6.length > 0) out.inet6 = v6.map((a) => `${a.addr}/${a.plen}`);
  return out;
}

function toInterface(state: SimState, i: SimIfnet, l: Lookups): Interface {
  const nameOf = (id: number): string | null => l.ifById.get(id)?.name ?? null;
  // ngNode on an eiface/iface names a node in its home vnet's netgraph; only the host's is observed.
  const bound = i.ngNode !== undefined && i.home === 0 ? i.ngNode : l.nodeByIfnet.get(i.id);
  return {
    name: i.name,
    // ifconfig shows nothing that names a vxlan's kind but its group: the parser's `other`.
    kind: (i.kind === 'vxlan' ? 'other' : i.kind) as InterfaceKind,
    mac: i.mac,
    up: i.up,
    jail: i.vnet === 0 ? null : (l.jailByJid.get(i.vnet) ?? String(i.vnet)),
    flags: ifnetFlags(state, i),
    mtu: i.mtu,
    groups: [...i.groups],
    epairPeer: i.peer === undefined ? null : nameOf(i.peer),
    members: (i.members ?? []).map(nameOf).filter((n): n is string => n !== null),
    ngNode: bound === undefined ? null : hex(bound),
    ...addresses(i),
    // What `status:` says: a vxlan's media is always active (its link state is in LOWER_UP).
    ...(HAS_MEDIA.has(i.kind) ? { linkUp: i.kind === 'vxlan' || linkUp(state, i) } : {}),
    counters: ifCounters(i),
  };
}

function toJail(j: SimState['jails'][number], byVnet: Map<number, string[]>): Jail {
  const inside = j.vnet ? [...(byVnet.get(j.jid) ?? [])].sort(compareStrings) : [];
  return {
    jid: j.jid,
    name: j.name,
    hostname: j.hostname,
    path: j.path,
    vnet: j.vnet,
    persist: j.persist,
    state: j.dying ? 'DYING' : 'ACTIVE',
    ip4: [...j.ip4],
    ip6: [...j.ip6],
    interfaces: inside,
  };
}

/** Interface names grouped by the vnet they live in now. */
function namesByVnet(ifnets: SimIfnet[]): Map<number, string[]> {
  const m = new Map<number, string[]>();
  for (const i of ifnets) {
    const list = m.get(i.vnet);
    if (list) list.push(i.name);
    else m.set(i.vnet, [i.name]);
  }
  return m;
}

/** The host as the agent observes it, in canonical order, version 0. */
export function simSnapshot(state: SimState): HostSnapshot {
  const host = state.vnets['0'] ?? { nextNodeId: 1, nodes: [], types: [] };
  const lookups: Lookups = {
    ifById: new Map(state.ifnets.map((i) => [i.id, i])),
    jailByJid: new Map(state.jails.map((j) => [j.jid, j.name])),
    nodeByIfnet: new Map(host.nodes.filter((n) => n.ifnet !== undefined).map((n) => [n.ifnet as number, n.id])),
  };
  const byVnet = namesByVnet(state.ifnets);
  return normalizeSnapshot({
    version: 0,
    host: { hostname: state.hostname, backend: 'sim', release: state.release, emulated: true },
    modules: state.modules.map((m) => m.name),
    netgraph: { nodes: host.nodes.map((n) => toNode(state, n)), types: toTypes(host.types, host.nodes) },
    interfaces: state.ifnets.map((i) => toInterface(state, i, lookups)),
    jails: state.jails.map((j) => toJail(j, byVnet)),
  });
}
