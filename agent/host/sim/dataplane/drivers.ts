// The interface side of the data plane: what each kind of ifnet does with a
// frame it transmits (its driver's if_transmit: ng_eiface hands it to its
// `ether` hook, epair to the other end, a NIC to its wire (dataplane/wire.ts),
// if_bridge to its members, vxlan to a UDP datagram (dataplane/vxlan.ts)),
// and ether_input / ether_demux for frames it receives (ng_ether
// diverting to `lower`, if_bridge members, the destination check, ARP and
// IPv4 to the vnet's stack, other ethertypes to ng_ether `orphans`).
import { graphOf, nodeById } from '../netgraph/base.js';
import type { SimIfnet, SimNode, SimState, VnetId } from '../state.js';
import { arpInput } from './arp.js';
import { ifCount } from './counters.js';
import type { Transit } from './deliver.js';
import { ETHERTYPE_ARP, ETHERTYPE_IP, frameLen, isMulticast, type Frame, type Sent } from './frame.js';
import { ifbridgeInput, ifbridgeOutput, memberBridge } from './ifbridge.js';
import { ipInput } from './ip.js';
import { onWire, wireTransmit } from './wire.js';
import { vxlanTransmit } from './vxlan.js';

/** The ng_ether node bound to an interface, with the vnet whose netgraph holds it. */
function etherNode(state: SimState, ifp: SimIfnet): { vnet: VnetId; node: SimNode } | null {
  const g = state.vnets[String(ifp.vnet)];
  const node = g?.nodes.find((n) => n.type === 'ether' && n.ifnet === ifp.id);
  return node === undefined ? null : { vnet: ifp.vnet, node };
}

const hooked = (n: SimNode, hook: string): boolean => n.hooks.some((h) => h.name === hook);

/** Output counters every driver keeps: packets, bytes, multicasts. */
function countOut(state: SimState, ifp: SimIfnet, f: Frame): void {
  ifCount(state, ifp, 'opackets');
  ifCount(state, ifp, 'obytes', frameLen(f));
  if (isMulticast(f.dst)) ifCount(state, ifp, 'omcasts');
}

/** The driver's if_transmit. Errors are what ether_output would return to the sender. */
export function driverTransmit(tx: Transit, ifp: SimIfnet, f: Frame): Sent {
  const { state } = tx;
  if (ifp.up || ifp.kind === 'eiface') tx.tapIf(ifp, f);
  switch (ifp.kind) {
    case 'eiface': {
      // IFQ_HANDOFF counts the bytes; ng_eiface_start2 the packet, or an error when `ether` is not connected.
      ifCount(state, ifp, 'obytes', frameLen(f));
      if (isMulticast(f.dst)) ifCount(state, ifp, 'omcasts');
      const node = ifp.ngNode === undefined ? undefined : nodeById(graphOf(state, ifp.home), ifp.ngNode);
      const err = node === undefined ? 'ENOTCONN' : tx.send(ifp.home, node, 'ether', f);
      ifCount(state, ifp, err === null ? 'opackets' : 'oerrors');
      return null;
    }
    case 'epair': {
      if (!ifp.up) {
        ifCount(state, ifp, 'oerrors');
        return 'ENETDOWN';
      }
      const peer = state.ifnets.find((i) => i.id === ifp.peer);
      if (peer === undefined || !peer.up) {
        ifCount(state, ifp, 'oerrors');
        return null;
      }
      countOut(state, ifp, f);
      ifCount(state, peer, 'ipackets');
      tx.ifInput(peer, f);
      return null;
    }
    case 'ether':
      // A NIC: the frame leaves on its wire; the NIC plugged into a shared wire reaches the other hosts there.
      if (!ifp.up) return 'ENETDOWN';
      countOut(state, ifp, f);
      if (onWire(state, ifp)) wireTransmit(tx, f);
      return null;
    case 'bridge':
      return ifbridgeOutput(tx, ifp, f);
    case 'vxlan':
      return vxlanTransmit(tx, ifp, f);
    default:
      return 'ENXIO';
  }
}

/** ether_output after the header is built: if_bridge output, ng_ether `upper` diversion, else the driver. */
export function stackTransmit(tx: Transit, ifp: SimIfnet, f: Frame): Sent {
  if (!ifp.up) return 'ENETDOWN';
  if (ifp.kind === 'bridge') return ifbridgeOutput(tx, ifp, f);
  if (memberBridge(tx.state, ifp) !== undefined) return ifbridgeOutput(tx, memberBridge(tx.state, ifp) as SimIfnet, f);
  const ng = etherNode(tx.state, ifp);
  if (ng !== null && hooked(ng.node, 'upper')) return tx.send(ng.vnet, ng.node, 'upper', f);
  return driverTransmit(tx, ifp, f);
}

/** ether_input: count, then ng_ether `lower`, if_bridge membership, or the interface's own demux. */
export function etherInput(tx: Transit, ifp: SimIfnet, f: Frame): void {
  if (!ifp.up) return;
  tx.tapIf(ifp, f);
  ifCount(tx.state, ifp, 'ibytes', frameLen(f));
  if (isMulticast(f.dst)) ifCount(tx.state, ifp, 'imcasts');
  const ng = etherNode(tx.state, ifp);
  if (ng !== null && hooked(ng.node, 'lower')) {
    tx.send(ng.vnet, ng.node, 'lower', f);
    return;
  }
  const br = memberBridge(tx.state, ifp);
  if (br !== undefined) {
    ifbridgeInput(tx, br, ifp, f);
    return;
  }
  etherDemux(tx, ifp, f, true);
}

/**
 * ether_demux: unicast for another MAC is dropped when `check` (frames the
 * NIC took in promiscuously); a tagged frame has no vlan(4) to go to; ARP
 * and IPv4 go to the stack; anything else to ng_ether `orphans`, if any.
 */
export function etherDemux(tx: Transit, ifp: SimIfnet, f: Frame, check: boolean): void {
  if (check && !isMulticast(f.dst) && f.dst !== ifp.mac) return;
  if (f.vlan !== undefined) return;
  if (f.type === ETHERTYPE_ARP && f.payload.kind === 'arp') return arpInput(tx, ifp, f.payload);
  if (f.type === ETHERTYPE_IP && f.payload.kind === 'ip') return ipInput(tx, ifp, f.payload);
  const ng = etherNode(tx.state, ifp);
  if (ng !== null && hooked(ng.node, 'orphans')) tx.send(ng.vnet, ng.node, 'orphans', f);
}
