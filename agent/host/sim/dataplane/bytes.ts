// The bytes of an emulated frame as they would cross a FreeBSD wire or hook:
// Ethernet II header (with the 802.1Q tag when tagged), then ARP (28 bytes),
// or IPv4 (20-byte header, checksummed) carrying the ICMP echo header and
// ping's data (ping.c: an 8-byte timestamp, then bytes counting up from 8)
// or a UDP datagram (8-byte header, no checksum, as IPv4 allows) whose data
// is the mbuf a ksocket was given (after a VXLAN header for a vxlan's), or zeros for a payload the emulator does
// not decode. A bare IP packet (ng_iface's inet hook, a ksocket joined to
// one) gets an Ethernet header with zero addresses, so that every capture
// file stays LINKTYPE_ETHERNET.
import { ETHER_HDR, VLAN_ENCAP, VXLAN_HDR, ipLen, payloadLen, type Frame, type Ipv4Packet } from './frame.js';

const putMac = (b: Uint8Array, o: number, mac: string): void => {
  mac.split(':').forEach((x, i) => (b[o + i] = parseInt(x, 16)));
};
const putIp = (b: Uint8Array, o: number, ip: string): void => {
  ip.split('.').forEach((x, i) => (b[o + i] = Number(x)));
};
const put16 = (b: Uint8Array, o: number, v: number): void => {
  b[o] = (v >> 8) & 0xff;
  b[o + 1] = v & 0xff;
};

/** The Internet checksum (RFC 1071) of b[from, to). */
function cksum(b: Uint8Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i += 2) s += ((b[i] as number) << 8) | (i + 1 < to ? (b[i + 1] as number) : 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

function ipv4(b: Uint8Array, o: number, p: Ipv4Packet, ms: number): void {
  const len = ipLen(p);
  b[o] = 0x45;
  put16(b, o + 2, len);
  b[o + 8] = p.ttl;
  putIp(b, o + 12, p.src);
  putIp(b, o + 16, p.dst);
  const c = o + 20;
  if (p.udp !== undefined) {
    // ip_id: FreeBSD randomizes it; here it follows the ports so a run is repeatable.
    put16(b, o + 4, (p.udp.sport * 31 + p.udp.dport) & 0xffff);
    b[o + 9] = 17;
    put16(b, c, p.udp.sport);
    put16(b, c + 2, p.udp.dport);
    put16(b, c + 4, len - 20);
    let data = c + 8;
    if (p.udp.vni !== undefined) {
      // The VXLAN header: flags (I, a valid VNI), 3 reserved bytes, the VNI, 1 reserved byte.
      b[data] = 0x08;
      new DataView(b.buffer, b.byteOffset).setUint32(data + 4, (p.udp.vni << 8) >>> 0, false);
      data += VXLAN_HDR;
    }
    b.set(frameBytes(p.udp.data, ms, false), data);
  } else if (p.icmp !== undefined) {
    const e = p.icmp;
    // ip_id: FreeBSD randomizes it; here it follows the echo so a run is repeatable.
    put16(b, o + 4, (e.id * 31 + e.seq * 2 + e.type) & 0xffff);
    b[o + 9] = 1;
    b[c] = e.type;
    put16(b, c + 4, e.id);
    put16(b, c + 6, e.seq);
    const d = c + 8;
    if (e.data >= 8) {
      const sec = Math.floor(ms / 1000);
      new DataView(b.buffer, b.byteOffset).setUint32(d, sec >>> 0, false);
      new DataView(b.buffer, b.byteOffset).setUint32(d + 4, (ms - sec * 1000) * 1_000_000, false);
    }
    for (let i = 8; i < e.data; i++) b[d + i] = i & 0xff;
    put16(b, c + 2, cksum(b, c, o + len));
  }
  put16(b, o + 10, cksum(b, o, o + 20));
}

/**
 * The frame's bytes; `ms` is the emulated time that ping's timestamp
 * carries. A bare packet gets a zeroed Ethernet header unless `link` is
 * false (inside a UDP datagram it is carried as it is).
 */
export function frameBytes(f: Frame, ms = 0, link = true): Uint8Array {
  const hdr = f.bare ? (link ? ETHER_HDR : 0) : ETHER_HDR + (f.vlan !== undefined ? VLAN_ENCAP : 0);
  const b = new Uint8Array(hdr + payloadLen(f.payload));
  const p = f.payload;
  if (f.bare) {
    if (link) put16(b, 12, p.kind === 'arp' ? 0x0806 : 0x0800);
  } else {
    putMac(b, 0, f.dst);
    putMac(b, 6, f.src);
    if (f.vlan !== undefined) {
      put16(b, 12, 0x8100);
      put16(b, 14, (f.vlan.pcp << 13) | (f.vlan.cfi << 12) | f.vlan.vid);
    }
    put16(b, hdr - 2, f.type);
  }
  const o = hdr;
  if (p.kind === 'arp') {
    put16(b, o, 1);
    put16(b, o + 2, 0x0800);
    b[o + 4] = 6;
    b[o + 5] = 4;
    put16(b, o + 6, p.op);
    putMac(b, o + 8, p.sha);
    putIp(b, o + 14, p.spa);
    putMac(b, o + 18, p.tha);
    putIp(b, o + 24, p.tpa);
  } else if (p.kind === 'ip') ipv4(b, o, p, ms);
  return b;
}
