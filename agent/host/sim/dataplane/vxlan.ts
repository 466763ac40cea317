// The data path of if_vxlan (settings and init: net/vxlan.ts). vxlan_transmit
// wraps the frame in a VXLAN header and a UDP datagram to the remote address
// and port, from the local address (or the route's) and a source port from
// the range, and sends it with ip_output in the interface's vnet; the
// interface counts it out when ip_output took it. A datagram for a vxlan
// socket (a running vxlan's local address and port) is that socket's: with
// the VNI of a vxlan on it, its frame comes in on that interface
// (ether_input, so an if_bridge it is a member of gets it); without one
// it is dropped, as vxlan_rcv_udp_packet does.
import type { SimIfnet, VnetId } from '../state.js';
import { vxlanFor, vxlanListens, vxlanSourcePort } from '../net/vxlan.js';
import { ifCount } from './counters.js';
import type { Transit } from './deliver.js';
import { frameLen, isMulticast, type Frame, type Ipv4Packet, type Sent } from './frame.js';
import { ipOutput } from './ip.js';

/** vxlan_transmit: ENETDOWN unless running; else ip_output's answer. */
export function vxlanTransmit(tx: Transit, ifp: SimIfnet, f: Frame): Sent {
  const x = ifp.vxlan;
  if (x === undefined || !x.running || x.remote === null) return 'ENETDOWN';
  const pkt: Ipv4Packet = {
    kind: 'ip',
    src: x.local === null || x.local === '0.0.0.0' ? '' : x.local,
    dst: x.remote,
    ttl: x.ttl,
    udp: { sport: vxlanSourcePort(x, f.dst, f.src, f.type), dport: x.remotePort, vni: x.vni, data: f },
  };
  const err = ipOutput(tx, ifp.vnet, pkt);
  if (err !== null) {
    ifCount(tx.state, ifp, 'oerrors');
    return err;
  }
  ifCount(tx.state, ifp, 'opackets');
  ifCount(tx.state, ifp, 'obytes', frameLen(f));
  if (isMulticast(f.dst)) ifCount(tx.state, ifp, 'omcasts');
  return null;
}

/** A UDP datagram for one of the vnet's addresses: true when a vxlan socket took it (delivered or dropped), false for other sockets. */
export function vxlanInput(tx: Transit, vnet: VnetId, p: Ipv4Packet): boolean {
  const u = p.udp;
  if (u === undefined) return false;
  if (!tx.state.ifnets.some((i) => vxlanListens(i, vnet, p.dst, u.dport))) return false;
  const ifp = u.vni === undefined ? undefined : vxlanFor(tx.state, vnet, p.dst, u.dport, u.vni);
  if (ifp === undefined || !ifp.up) return true;
  ifCount(tx.state, ifp, 'ipackets');
  tx.ifInput(ifp, u.data);
  return true;
}
