// The Ethernet frames of the emulated data plane: addresses, ethertype, an
// optional 802.1Q tag and a decoded payload (ARP, IPv4 with ICMP echo), with
// the sizes FreeBSD's counters add up (header included, no FCS, no padding:
// software interfaces count 42-byte ARP frames and 98-byte 56-data pings).
// Also the context a node type's or driver's receive function gets.
import type { ErrnoName } from '../errno.js';
import type { SimIfnet, SimNode, SimState, VnetId } from '../state.js';

export const BROADCAST = 'ff:ff:ff:ff:ff:ff';
export const ETHERTYPE_IP = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const ETHERTYPE_VLAN = 0x8100;

/** ETHER_HDR_LEN */
export const ETHER_HDR = 14;
/** ETHER_VLAN_ENCAP_LEN */
export const VLAN_ENCAP = 4;

export interface ArpPacket {
  kind: 'arp';
  /** 1 request, 2 reply */
  op: 1 | 2;
  sha: string;
  spa: string;
  tha: string;
  tpa: string;
}

export interface IcmpEcho {
  /** 8 echo request, 0 echo reply */
  type: 8 | 0;
  id: number;
  seq: number;
  /** Bytes after the 8-byte ICMP header (ping -s). */
  data: number;
}

/** A UDP datagram (8-byte header); its data is the mbuf a ksocket node was given (a frame, or a bare IP packet). */
export interface UdpDatagram {
  sport: number;
  dport: number;
  /** A VXLAN datagram: the 8-byte VXLAN header with this VNI comes before the frame. */
  vni?: number;
  data: Frame;
}

/** The VXLAN header's length (flags, VNI). */
export const VXLAN_HDR = 8;

/** An IPv4 packet carrying an ICMP echo (`icmp`) or a UDP datagram (`udp`). */
export interface Ipv4Packet {
  kind: 'ip';
  src: string;
  dst: string;
  ttl: number;
  icmp?: IcmpEcho;
  udp?: UdpDatagram;
}

/** A payload the emulator does not decode: only its length counts. */
export interface RawPayload {
  kind: 'raw';
  len: number;
}

export type Payload = ArpPacket | Ipv4Packet | RawPayload;

/**
 * An mbuf on a netgraph hook: an Ethernet frame, or with `bare` the payload
 * alone (no link header: ng_iface's inet hook carries bare IP packets, and
 * so does a ksocket hook joined to one); `dst`, `src` and `type` are then
 * unused ('' and the payload's ethertype).
 */
export interface Frame {
  bare?: true;
  dst: string;
  src: string;
  /** The ethertype after the tag, if any. */
  type: number;
  /** 802.1Q tag (ng_vlan downstream frames, vlan(4) trunks). */
  vlan?: { vid: number; pcp: number; cfi: number };
  payload: Payload;
}

/** The IP packet length: 20-byte header, then the 8-byte ICMP header and its data, or the 8-byte UDP header (and a VXLAN header) and its data. */
export const ipLen = (p: Ipv4Packet): number => 20 + 8 + (p.udp !== undefined ? (p.udp.vni !== undefined ? VXLAN_HDR : 0) + frameLen(p.udp.data) : (p.icmp?.data ?? 0));

/** Payload bytes after the Ethernet header (ARP is 28). */
export function payloadLen(p: Payload): number {
  if (p.kind === 'arp') return 28;
  if (p.kind === 'ip') return ipLen(p);
  return p.len;
}

/** The frame's length as m_pkthdr.len: header, tag, payload. */
export function frameLen(f: Frame): number {
  return (f.bare ? 0 : ETHER_HDR + (f.vlan ? VLAN_ENCAP : 0)) + payloadLen(f.payload);
}

/** Group bit of the first octet: multicast or broadcast. */
export const isMulticast = (mac: string): boolean => (parseInt(mac.slice(0, 2), 16) & 1) === 1;

/** 0 unicast, 1 multicast, 2 broadcast (ng_bridge's manycast). */
export function castOf(mac: string): 0 | 1 | 2 {
  if (mac === BROADCAST) return 2;
  return isMulticast(mac) ? 1 : 0;
}

/** A send's outcome: null when delivered, else the errno the receiver returned (ENOTCONN: nobody there). */
export type Sent = ErrnoName | null;

/**
 * What a node type's receive function (its rcvdata) may do: send a frame out
 * of one of the node's hooks, hand a frame to an interface, read the clock.
 * Sends are calls, as NG_SEND_DATA is: the receiver's errno comes back
 * (deliver.ts queues them instead once the chain gets deep).
 */
export interface DataCtx {
  state: SimState;
  /** Emulated ms at the start of this delivery run. */
  now: number;
  /** Sends `f` out of `node`'s hook `hook` (NG_SEND_DATA); ENOTCONN when the hook is not connected. */
  send(vnet: VnetId, node: SimNode, hook: string, f: Frame): Sent;
  /** A frame the interface's driver received (eiface from its ether hook): ether_input on `ifp`. */
  ifInput(ifp: SimIfnet, f: Frame): void;
  /** A frame for the wire of an interface (ng_ether lower): the driver transmits it. */
  ifTransmit(ifp: SimIfnet, f: Frame): void;
  /** A frame into the interface's protocol stack without the address check (ng_ether upper, ether_demux). */
  ifDemux(ifp: SimIfnet, f: Frame): void;
  /** Runs `fn` (a send) as if `us` microseconds later: the time is added to the path's (ng_pipe's delay). */
  after(us: number, fn: () => Sent): Sent;
}

/** A node type's data method: a frame arrived on `hook` of `node`; returns its errno (null: taken). */
export type RcvData = (ctx: DataCtx, vnet: VnetId, node: SimNode, hook: string, f: Frame) => Sent;
