// Parsed ifconfig output (the host's and each vnet jail's) + netgraph bindings
// → the snapshot's Interface[]: kind, the bound netgraph node, addresses, link
// state, counters (netstat, when read) and epair peers, which FreeBSD does not
// print and are paired here from MACs and names.
import type { Counters, Interface, NgNode } from '../../../shared/model/snapshot.js';
import { interfaceKindOf, type IfconfigInterface } from '../../../shared/parse/ifconfig.js';

/** The interfaces of one vnet: the host (jail null) or a vnet jail (its name). */
export interface VnetInterfaces {
  jail: string | null;
  list: IfconfigInterface[];
  /** Counters by interface name (netstat of that vnet); absent when not read. */
  counters?: Map<string, Counters>;
}

/** Node types whose node is bound to an interface and answers `getifname`. */
export const IFNET_NODE_TYPES: readonly string[] = ['eiface', 'iface', 'ether'];

type Located = { it: IfconfigInterface; jail: string | null; counters: Counters | undefined };

/**
 * Interface (by `jail/name` key) → bound node. ng_ether nodes live in the
 * host's netgraph for host interfaces only; an eiface/iface node stays in the
 * host's netgraph while its interface may sit in a jail, so a name is looked
 * up on the host first, then in the jails in order.
 */
function bindings(vnets: VnetInterfaces[], nodes: NgNode[], ifnames: Map<string, string>): Map<string, NgNode> {
  const out = new Map<string, NgNode>();
  for (const n of nodes) {
    const name = ifnames.get(n.id);
    if (name === undefined) continue;
    const where = n.type === 'ether' ? vnets.filter((v) => v.jail === null) : vnets;
    const hit = where.find((v) => v.list.some((i) => i.name === name));
    const key = `${hit?.jail ?? ''}/${name}`;
    if (hit && !out.has(key)) out.set(key, n);
  }
  return out;
}

/** epair(4) MACs: one locally administered address, last octet 0a on the a side and 0b on the b side. */
function macPartner(mac: string | null): string | null {
  if (mac === null || !/^02:/.test(mac)) return null;
  if (mac.endsWith(':0a')) return `${mac.slice(0, -2)}0b`;
  if (mac.endsWith(':0b')) return `${mac.slice(0, -2)}0a`;
  return null;
}

/** Names of one pair differ in exactly one position, `a` against `b` (epair0a/epair0b, jib's e0a_x/e0b_x). */
function namesPair(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (diff >= 0) return false;
    diff = i;
  }
  return diff >= 0 && ((a[diff] === 'a' && b[diff] === 'b') || (a[diff] === 'b' && b[diff] === 'a'));
}

/**
 * epair ends paired: first by MAC (if_epair's 0a/0b rule, unique matches
 * only), then by name for ends left over (MACs changed, e.g. by jib). A guess
 * by necessity: ifconfig does not print an epair's peer.
 */
function epairPeers(all: Located[]): Map<Located, Located> {
  const ends = all.filter((l) => l.it.groups.includes('epair'));
  const peer = new Map<Located, Located>();
  const link = (a: Located, b: Located): void => {
    peer.set(a, b);
    peer.set(b, a);
  };
  for (const e of ends) {
    const want = macPartner(e.it.ether);
    if (peer.has(e) || want === null) continue;
    const hits = ends.filter((o) => o !== e && !peer.has(o) && o.it.ether === want);
    if (hits.length === 1) link(e, hits[0]!);
  }
  for (const e of ends) {
    if (peer.has(e)) continue;
    const hits = ends.filter((o) => o !== e && !peer.has(o) && namesPair(e.it.name, o.it.name));
    if (hits.length === 1) link(e, hits[0]!);
  }
  return peer;
}

/**
 * Addresses as `ADDR/PREFIXLEN` (IPv6 without its `%scope`) and the link state
 * of the `status:` line (active / no carrier; other words say nothing about
 * the carrier). Fields with nothing to say are left out, not empty.
 */
function addressing(it: IfconfigInterface): Pick<Interface, 'inet' | 'inet6' | 'linkUp'> {
  const out: Pick<Interface, 'inet' | 'inet6' | 'linkUp'> = {};
  if (it.inet.length > 0) out.inet = it.inet.map((a) => `${a.addr}/${a.prefixLen}`);
  if (it.inet6.length > 0) out.inet6 = it.inet6.map((a) => `${a.addr.replace(/%.*$/, '')}/${a.prefixLen}`);
  if (it.status === 'active' || it.status === 'no carrier') out.linkUp = it.status === 'active';
  return out;
}

/** One interface as the snapshot shows it. */
function toInterface(l: Located, bound: NgNode | undefined, peer: Located | undefined): Interface {
  const it = l.it;
  const kind = bound?.type === 'eiface' ? 'eiface' : bound?.type === 'iface' ? 'iface' : interfaceKindOf(it);
  return {
    name: it.name,
    kind,
    mac: it.ether,
    up: it.up,
    jail: l.jail,
    flags: [...it.flags],
    mtu: it.mtu,
    groups: [...it.groups],
    epairPeer: peer ? peer.it.name : null,
    members: [...it.members],
    ngNode: bound ? bound.id : null,
    ...addressing(it),
    ...(l.counters ? { counters: { ...l.counters } } : {}),
  };
}

/** Every interface of the host and its vnet jails, with kinds, bindings and epair peers. */
export function buildInterfaces(vnets: VnetInterfaces[], nodes: NgNode[], ifnames: Map<string, string>): Interface[] {
  const bound = bindings(vnets, nodes, ifnames);
  const all: Located[] = vnets.flatMap((v) => v.list.map((it) => ({ it, jail: v.jail, counters: v.counters?.get(it.name) })));
  const peers = epairPeers(all);
  return all.map((l) => toInterface(l, bound.get(`${l.jail ?? ''}/${l.it.name}`), peers.get(l)));
}
