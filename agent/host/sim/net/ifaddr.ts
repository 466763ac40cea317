// Interface addresses of the emulated kernel (in.c / in6.c): adding and
// removing IPv4 and IPv6 addresses with the ioctls' rules and errnos, the
// automatic IPv6 addresses (::1 and fe80::1 on a loopback, an EUI-64
// link-local once IPv6 is enabled) when an interface comes up, DAD's
// tentative second, and the purge when an interface leaves its vnet.
import { now } from '../clock.js';
import { SimErrno } from '../errno.js';
import { onIfEvent } from '../ifevents.js';
import { ifSetUp } from '../ifnet.js';
import type { SimIfAddr, SimIfnet, SimState, VnetId } from '../state.js';
import { inet6Ntop, inet6Pton, inetNtoa, inetPton4, isLinkLocal6, linkLocalFromMac } from './ipaddr.js';

/** DAD: one neighbour solicitation, answered or not within RetransTimer (1 s). */
const DAD_MS = 1000;

/** The addresses of one family (or all), oldest first. */
export function addrsOf(ifp: SimIfnet, af?: SimIfAddr['af']): SimIfAddr[] {
  return (ifp.addrs ?? []).filter((a) => af === undefined || a.af === af);
}

/** nd6 ND6_IFF_AUTO_LINKLOCAL: every interface but if_bridge (nd6_ifattach). */
const autoLinkLocal = (ifp: SimIfnet): boolean => ifp.kind !== 'bridge';

/** Interfaces that have an Ethernet address and do ARP (IFF_BROADCAST). */
export const isEtherLike = (ifp: SimIfnet): boolean => ifp.mac !== null && ifp.kind !== 'loopback' && ifp.kind !== 'iface';

function push(state: SimState, ifp: SimIfnet, a: SimIfAddr): void {
  (ifp.addrs ??= []).push(a);
  state.generation++;
}

function remove(state: SimState, ifp: SimIfnet, a: SimIfAddr): void {
  ifp.addrs = (ifp.addrs ?? []).filter((x) => x !== a);
  if (ifp.addrs.length === 0) delete ifp.addrs;
  state.generation++;
}

/**
 * SIOCAIFADDR (in_aifaddr_ioctl): an address already on the interface is
 * replaced (the new one goes last); the interface is brought up as
 * SIOCSIFADDR does for Ethernet and loopback drivers. Returns the address.
 */
export function inAdd(state: SimState, ifp: SimIfnet, addr: number, plen: number, brd?: number): SimIfAddr {
  const text = inetNtoa(addr);
  const old = addrsOf(ifp, 'inet').find((a) => a.addr === text);
  if (old) remove(state, ifp, old);
  const a: SimIfAddr = { af: 'inet', addr: text, plen };
  // in_aliasreq's broadcast and destination address share one field: the other end on a point-to-point interface.
  if (brd !== undefined) {
    if (ifp.kind === 'iface') a.dst = inetNtoa(brd);
    else a.brd = inetNtoa(brd);
  }
  push(state, ifp, a);
  ifSetUp(state, ifp, true);
  return a;
}

/** SIOCDIFADDR for one address, or the interface's first IPv4 address when `addr` is null; EADDRNOTAVAIL when missing. */
export function inDelete(state: SimState, ifp: SimIfnet, addr: number | null): void {
  const list = addrsOf(ifp, 'inet');
  const a = addr === null ? list[0] : list.find((x) => x.addr === inetNtoa(addr));
  if (a === undefined) throw new SimErrno('EADDRNOTAVAIL', addr === null ? 'no IPv4 address' : inetNtoa(addr));
  remove(state, ifp, a);
}

/** The tentative mark of a new IPv6 address: none on a loopback (no DAD), 1 s from now if up, else from when it comes up (-1). */
function dadFor(state: SimState, ifp: SimIfnet): number | undefined {
  if (ifp.kind === 'loopback') return undefined;
  return ifp.up ? now(state) + DAD_MS : -1;
}

/**
 * SIOCAIFADDR_IN6 (in6_update_ifa): an existing address keeps its place but
 * cannot change its prefix length (EINVAL). A new address clears the
 * interface's IFDISABLED (in6_control), which attaches the link-local one.
 */
export function in6Add(state: SimState, ifp: SimIfnet, addr: string, plen: number): void {
  const old = addrsOf(ifp, 'inet6').find((a) => a.addr === addr);
  if (old) {
    if (old.plen !== plen) throw new SimErrno('EINVAL', `prefixlen of ${addr} cannot change`);
    return;
  }
  const a: SimIfAddr = { af: 'inet6', addr, plen };
  const dad = dadFor(state, ifp);
  if (dad !== undefined) a.dad = dad;
  push(state, ifp, a);
  if (!ifp.inet6On) {
    ifp.inet6On = true;
    state.generation++;
  }
  ifSetUp(state, ifp, true);
  in6IfUp(state, ifp);
}

/** SIOCDIFADDR_IN6; EADDRNOTAVAIL when the address is not on the interface. */
export function in6Delete(state: SimState, ifp: SimIfnet, addr: string): void {
  const a = addrsOf(ifp, 'inet6').find((x) => x.addr === addr);
  if (a === undefined) throw new SimErrno('EADDRNOTAVAIL', addr);
  remove(state, ifp, a);
}

/** Is the IPv6 address still tentative? (DAD running or waiting for the interface to come up.) */
export function isTentative(state: SimState, a: SimIfAddr): boolean {
  return a.dad !== undefined && (a.dad === -1 || now(state) < a.dad);
}

/**
 * in6_if_up → in6_ifattach: a loopback gets ::1 (once per vnet) and
 * fe80::1; an interface with IPv6 enabled and AUTO_LINKLOCAL gets its
 * EUI-64 link-local address. Addresses waiting to come up start DAD.
 */
function in6IfUp(state: SimState, ifp: SimIfnet): void {
  if (!ifp.up) return;
  for (const a of addrsOf(ifp, 'inet6')) if (a.dad === -1) a.dad = now(state) + DAD_MS;
  if (ifp.kind === 'loopback') {
    const taken = state.ifnets.some((i) => i.vnet === ifp.vnet && addrsOf(i, 'inet6').some((a) => a.addr === '::1'));
    if (!taken) push(state, ifp, { af: 'inet6', addr: '::1', plen: 128 });
    if (!addrsOf(ifp, 'inet6').some((a) => isLinkLocal6(inet6Pton(a.addr) ?? []))) push(state, ifp, { af: 'inet6', addr: 'fe80::1', plen: 64 });
    return;
  }
  if (!ifp.inet6On || !autoLinkLocal(ifp) || ifp.mac === null) return;
  if (addrsOf(ifp, 'inet6').some((a) => isLinkLocal6(inet6Pton(a.addr) ?? []))) return;
  const ll: SimIfAddr = { af: 'inet6', addr: linkLocalFromMac(ifp.mac), plen: 64 };
  const dad = dadFor(state, ifp);
  if (dad !== undefined) ll.dad = dad;
  push(state, ifp, ll);
}

/** The broadcast address of an IPv4 address (in_aifaddr: all ones on /31, else subnet | ~mask; an explicit one wins). */
export function broadcastOf(a: SimIfAddr): number {
  if (a.brd !== undefined) return inetPton4(a.brd) as number;
  const addr = inetPton4(a.addr) as number;
  if (a.plen === 31) return 0xffffffff;
  const mask = a.plen === 0 ? 0 : (0xffffffff << (32 - a.plen)) >>> 0;
  return ((addr & mask) | (~mask >>> 0)) >>> 0;
}

/** Canonical text of an IPv6 address (inet_ntop of inet_pton), or null when it does not parse. */
export function canon6(s: string): string | null {
  const a = inet6Pton(s);
  return a === null ? null : inet6Ntop(a);
}

/** Every ifnet of a vnet with its IPv4 addresses, in list order. */
export function inetAddrsIn(state: SimState, vnet: VnetId): { ifp: SimIfnet; a: SimIfAddr }[] {
  const out: { ifp: SimIfnet; a: SimIfAddr }[] = [];
  for (const ifp of state.ifnets) if (ifp.vnet === vnet) for (const a of addrsOf(ifp, 'inet')) out.push({ ifp, a });
  return out;
}

/** if_vmove / if_detach purge every address (if_purgeaddrs) and the vnet's nd6 state for it. */
function purge(state: SimState, ifp: SimIfnet): void {
  if (ifp.addrs !== undefined || ifp.inet6On !== undefined) state.generation++;
  delete ifp.addrs;
  delete ifp.inet6On;
}

onIfEvent('up', in6IfUp);
onIfEvent('depart', purge);
onIfEvent('detach', purge);
