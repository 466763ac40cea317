// IPv4 of the emulated kernel, minimal but real: routes are the connected
// prefixes of the vnet's addresses (a point-to-point address: its other
// end, through ng_iface's hook), host routes for local addresses through
// lo0 (valid while lo0 is up), static routes `route add` sets through a
// gateway on a connected prefix, and the default route; with
// net.inet.ip.forwarding set, packets for others are forwarded (TTL down by
// one; what would earn an ICMP error is dropped). ip_output picks the route's address as source, refuses broadcast
// without SO_BROADCAST (EACCES, as ping gets), counts per address, and goes
// through ARP on Ethernet interfaces. ip_input answers ICMP echo requests
// (not broadcast ones: icmp.bmcastecho is 0) and hands echo replies to raw
// sockets; UDP datagrams go to the vnet's UDP sockets (vxlan interfaces,
// then ksocket nodes).
import type { ErrnoName } from '../errno.js';
import { addrsOf, broadcastOf, inetAddrsIn } from '../net/ifaddr.js';
import { defaultGateway, ipForwarding } from '../net/inet-conf.js';
import { inetPton4, inPrefix } from '../net/ipaddr.js';
import type { SimIfAddr, SimIfnet, SimState, VnetId } from '../state.js';
import { arpResolve } from './arp.js';
import { addrCount, ifCount } from './counters.js';
import type { Transit } from './deliver.js';
import { stackTransmit } from './drivers.js';
import { udpInput } from '../netgraph/types/ksocket.js';
import { vxlanInput } from './vxlan.js';
import { ifaceOutput } from '../netgraph/types/iface.js';
import { ETHERTYPE_IP, ipLen, type Ipv4Packet, type Sent } from './frame.js';

/** net.inet.ip.ttl */
export const IP_DEFTTL = 64;

export type Route =
  | { kind: 'local'; lo: SimIfnet; ia: SimIfAddr }
  | { kind: 'net'; ifp: SimIfnet; ia: SimIfAddr }
  | { kind: 'bcast'; ifp: SimIfnet; ia: SimIfAddr }
  /** Through a gateway: a static route's or the default route's. */
  | { kind: 'gw'; ifp: SimIfnet; ia: SimIfAddr; gw: string };

/** The vnet's lo0. */
const loopbackOf = (state: SimState, vnet: VnetId): SimIfnet | undefined =>
  state.ifnets.find((i) => i.vnet === vnet && i.kind === 'loopback' && i.unit === 0);

/** fib4_lookup for `dst` in the vnet, or null (no route, or its lo0 host route is down); `statics` false: connected routes only. */
export function route(state: SimState, vnet: VnetId, dst: string, statics = true): Route | null {
  const d = inetPton4(dst);
  if (d === null) return null;
  const all = inetAddrsIn(state, vnet);
  const local = all.find((x) => x.a.addr === dst);
  if (local !== undefined) {
    const lo = loopbackOf(state, vnet);
    return lo !== undefined && lo.up ? { kind: 'local', lo, ia: local.a } : null;
  }
  let best: { ifp: SimIfnet; a: SimIfAddr } | undefined;
  const plenOf = (a: SimIfAddr): number => (a.dst !== undefined ? 32 : a.plen);
  for (const x of all) {
    // A point-to-point address routes to its other end only.
    if (x.a.dst !== undefined ? x.a.dst !== dst : !inPrefix(d, inetPton4(x.a.addr) as number, x.a.plen)) continue;
    if (best === undefined || plenOf(x.a) > plenOf(best.a)) best = x;
  }
  // A static route wins over a shorter connected prefix; its gateway must be on a connected one.
  const fixed = !statics ? undefined : (state.vnets[String(vnet)]?.routes ?? []).filter((r) => inPrefix(d, inetPton4(r.dst) as number, r.plen)).sort((a, b) => b.plen - a.plen)[0];
  if (fixed !== undefined && (best === undefined || fixed.plen > plenOf(best.a))) {
    const via = route(state, vnet, fixed.gw, false);
    if (via !== null && via.kind === 'net') return { kind: 'gw', ifp: via.ifp, ia: via.ia, gw: fixed.gw };
  }
  if (best === undefined) {
    // The default route: through the interface the gateway is connected on.
    const gw = statics ? defaultGateway(state, vnet) : null;
    const via = gw === null || gw === dst ? null : route(state, vnet, gw, false);
    return via !== null && via.kind === 'net' && via.ifp.kind !== 'loopback' ? { kind: 'gw', ifp: via.ifp, ia: via.ia, gw: gw as string } : null;
  }
  const bcast = best.ifp.kind !== 'loopback' && best.a.dst === undefined && best.a.plen < 31 && d === broadcastOf(best.a);
  return { kind: bcast ? 'bcast' : 'net', ifp: best.ifp, ia: best.a };
}

/** if_simloop through lo0: counted out and in there (IP bytes), then ip_input from the netisr queue. */
function loopOutput(tx: Transit, lo: SimIfnet, p: Ipv4Packet): Sent {
  const len = ipLen(p);
  ifCount(tx.state, lo, 'opackets');
  ifCount(tx.state, lo, 'obytes', len);
  ifCount(tx.state, lo, 'ipackets');
  ifCount(tx.state, lo, 'ibytes', len);
  tx.defer(() => ipInput(tx, lo, p));
  return null;
}

/** ip_output for a packet whose `src` may be empty (the route's address is used). */
export function ipOutput(tx: Transit, vnet: VnetId, p: Ipv4Packet): Sent {
  const r = route(tx.state, vnet, p.dst);
  if (r === null) return 'EHOSTUNREACH';
  if (r.kind === 'bcast') return 'EACCES';
  const pkt: Ipv4Packet = p.src === '' ? { ...p, src: r.ia.addr } : p;
  addrCount(tx.state, r.ia, 'opackets');
  addrCount(tx.state, r.ia, 'obytes', ipLen(pkt));
  if (r.kind === 'local') return loopOutput(tx, r.lo, pkt);
  if (r.ifp.kind === 'loopback') return r.ifp.up ? loopOutput(tx, r.ifp, pkt) : 'ENETDOWN';
  return etherOutput(tx, r, pkt);
}

/** Out of an Ethernet interface to the next hop (the destination, or the route's gateway: EHOSTUNREACH when it does not answer). */
function etherOutput(tx: Transit, r: Route & { kind: 'net' | 'gw' }, pkt: Ipv4Packet): Sent {
  const ifp = r.ifp;
  if (!ifp.up) return 'ENETDOWN';
  if (ifp.kind === 'iface') return ifaceOutput(tx, ifp, pkt);
  if (ifp.mac === null) return 'ENETUNREACH';
  const sent = arpResolve(tx, ifp, r.kind === 'gw' ? r.gw : pkt.dst, (mac) => stackTransmit(tx, ifp, { dst: mac, src: ifp.mac as string, type: ETHERTYPE_IP, payload: pkt }));
  return sent === 'EHOSTDOWN' && r.kind === 'gw' ? 'EHOSTUNREACH' : sent;
}

/**
 * ip_forward: a packet for another host, in a vnet with forwarding on, goes
 * on with its TTL one less. One that would expire, or has no route, would
 * get an ICMP error back, which the emulation does not send: it is dropped.
 */
function ipForward(tx: Transit, vnet: VnetId, p: Ipv4Packet): void {
  if (p.ttl <= 1) return;
  const r = route(tx.state, vnet, p.dst);
  if (r === null || (r.kind !== 'net' && r.kind !== 'gw') || r.ifp.kind === 'loopback') return;
  etherOutput(tx, r, { ...p, ttl: p.ttl - 1 });
}

/** ip_input: ours (any address of the vnet, or this interface's broadcast) or dropped. */
export function ipInput(tx: Transit, ifp: SimIfnet, p: Ipv4Packet): void {
  const local = inetAddrsIn(tx.state, ifp.vnet).find((x) => x.a.addr === p.dst);
  const d = inetPton4(p.dst) as number;
  const bcast = d === 0xffffffff || addrsOf(ifp, 'inet').some((a) => a.plen < 31 && broadcastOf(a) === d);
  if (local === undefined && !bcast) {
    if (ipForwarding(tx.state, ifp.vnet)) ipForward(tx, ifp.vnet, p);
    return;
  }
  if (local !== undefined) {
    addrCount(tx.state, local.a, 'ipackets');
    addrCount(tx.state, local.a, 'ibytes', ipLen(p));
  }
  if (p.udp !== undefined) {
    if (local !== undefined && !vxlanInput(tx, ifp.vnet, p)) udpInput(tx, ifp.vnet, p);
    return;
  }
  if (p.icmp === undefined) return;
  if (p.icmp.type === 8) {
    if (bcast) return;
    // icmp_reflect: the reply comes from the address the request was sent to.
    const reply: Ipv4Packet = { kind: 'ip', src: p.dst, dst: p.src, ttl: IP_DEFTTL, icmp: { ...p.icmp, type: 0 } };
    ipOutput(tx, ifp.vnet, reply);
    return;
  }
  tx.deliverEcho(ifp.vnet, p);
}

/** Sends an ICMP echo request from a raw socket in `vnet` (ping): the errno send(2) returns. */
export function sendEcho(tx: Transit, vnet: VnetId, p: Ipv4Packet): ErrnoName | null {
  return tx.run(() => ipOutput(tx, vnet, p));
}
