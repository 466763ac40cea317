// Decodes an Ethernet frame's bytes into what `tcpdump -n` prints for it:
// who sent it to whom, the protocol, and a one-line summary (ARP who-has and
// is-at, ICMP echo request/reply with id and seq, UDP and TCP ports). The
// fields a capture filter tests (addresses, protocol, ports) come with it.
import type { RawPacket } from './pcap.js';

export type PacketProto = 'arp' | 'icmp' | 'udp' | 'tcp' | 'ip' | 'ip6' | 'ether';

/** A decoded frame: addresses at the highest layer understood, and the summary. */
export interface DecodedPacket {
  /** `10.0.0.1`, or a MAC when there is no IPv4 header (ARP shows the sender's IP). */
  src: string;
  dst: string;
  proto: PacketProto;
  /** After the addresses, as tcpdump -n prints it: `ICMP echo request, id 7, seq 0, length 64`. */
  summary: string;
  /** Bytes on the wire. */
  length: number;
  /** Filter fields: IPv4 addresses involved (ARP: sender and target), ports (UDP/TCP). */
  hosts: string[];
  ports: number[];
  vlan?: number;
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');
const macAt = (b: Uint8Array, o: number): string => Array.from(b.subarray(o, o + 6), hex2).join(':');
const ipAt = (b: Uint8Array, o: number): string => `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
const u16 = (b: Uint8Array, o: number): number => ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);

const ICMP_TYPES: Record<number, string> = { 0: 'echo reply', 3: 'unreachable', 8: 'echo request', 11: 'time exceeded' };
const TCP_FLAGS: [number, string][] = [[0x02, 'S'], [0x01, 'F'], [0x04, 'R'], [0x08, 'P'], [0x10, '.'], [0x20, 'U']];

function ipv4(b: Uint8Array, o: number, length: number, vlan: number | undefined): DecodedPacket {
  const base = (proto: PacketProto, src: string, dst: string, summary: string, ports: number[] = []): DecodedPacket =>
    ({ src, dst, proto, summary, length, hosts: [src0, dst0], ports, ...(vlan !== undefined ? { vlan } : {}) });
  if (b.length < o + 20) return { src: '?', dst: '?', proto: 'ip', summary: 'truncated IP', length, hosts: [], ports: [] };
  const ihl = ((b[o] as number) & 0x0f) * 4;
  const total = u16(b, o + 2);
  const p = b[o + 9] as number;
  const src0 = ipAt(b, o + 12);
  const dst0 = ipAt(b, o + 16);
  const l4 = o + ihl;
  const payload = Math.max(0, total - ihl);
  if (p === 1 && b.length >= l4 + 8) {
    const type = b[l4] as number;
    const name = ICMP_TYPES[type] ?? `type ${type}`;
    const echo = type === 0 || type === 8 ? `, id ${u16(b, l4 + 4)}, seq ${u16(b, l4 + 6)}` : '';
    return base('icmp', src0, dst0, `ICMP ${name}${echo}, length ${payload}`);
  }
  if ((p === 17 || p === 6) && b.length >= l4 + 4) {
    const sp = u16(b, l4);
    const dp = u16(b, l4 + 2);
    const src = `${src0}.${sp}`;
    const dst = `${dst0}.${dp}`;
    if (p === 17) return base('udp', src, dst, `UDP, length ${Math.max(0, u16(b, l4 + 4) - 8)}`, [sp, dp]);
    const off = b.length >= l4 + 14 ? (((b[l4 + 12] as number) >> 4) * 4) : 20;
    const f = b[l4 + 13] ?? 0;
    const flags = TCP_FLAGS.filter(([m]) => (f & m) !== 0).map(([, c]) => c).join('') || 'none';
    return base('tcp', src, dst, `Flags [${flags}], length ${Math.max(0, payload - off)}`, [sp, dp]);
  }
  return base('ip', src0, dst0, `ip-proto-${p} ${payload}`);
}

function arp(b: Uint8Array, o: number, length: number, vlan: number | undefined): DecodedPacket {
  const v = vlan !== undefined ? { vlan } : {};
  if (b.length < o + 28) return { src: macAt(b, 6), dst: macAt(b, 0), proto: 'arp', summary: 'ARP, truncated', length, hosts: [], ports: [], ...v };
  const op = u16(b, o + 6);
  const sha = macAt(b, o + 8);
  const spa = ipAt(b, o + 14);
  const tpa = ipAt(b, o + 24);
  const summary = op === 1 ? `ARP, Request who-has ${tpa} tell ${spa}, length 28` : op === 2 ? `ARP, Reply ${spa} is-at ${sha}, length 28` : `ARP, op ${op}, length 28`;
  return { src: spa, dst: tpa, proto: 'arp', summary, length, hosts: [spa, tpa], ports: [], ...v };
}

/** Decodes one frame (Ethernet II, an optional 802.1Q tag, ARP, IPv4 with ICMP/UDP/TCP). */
export function decodeFrame(b: Uint8Array, length: number = b.length): DecodedPacket {
  if (b.length < 14) return { src: '?', dst: '?', proto: 'ether', summary: `truncated frame, length ${length}`, length, hosts: [], ports: [] };
  let o = 12;
  let type = u16(b, o);
  let vlan: number | undefined;
  if (type === 0x8100 && b.length >= 18) {
    vlan = u16(b, 14) & 0x0fff;
    o = 16;
    type = u16(b, o);
  }
  o += 2;
  if (type === 0x0800) return ipv4(b, o, length, vlan);
  if (type === 0x0806) return arp(b, o, length, vlan);
  const proto: PacketProto = type === 0x86dd ? 'ip6' : 'ether';
  return { src: macAt(b, 6), dst: macAt(b, 0), proto, summary: `ethertype 0x${type.toString(16).padStart(4, '0')}, length ${length}`, length, hosts: [], ports: [], ...(vlan !== undefined ? { vlan } : {}) };
}

/** `HH:MM:SS.uuuuuu` in UTC, as tcpdump prints a time (TZ=UTC). */
export function clockText(tsUs: number): string {
  const d = new Date(Math.floor(tsUs / 1000));
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(Math.floor(tsUs % 1e6), 6)}`;
}

/** The line `tcpdump -n` prints for a packet (times in UTC). */
export function packetLine(p: RawPacket, d: DecodedPacket = decodeFrame(p.data, p.origLen)): string {
  const vlan = d.vlan !== undefined ? `vlan ${d.vlan}, ` : '';
  if (d.proto === 'arp') return `${clockText(p.tsUs)} ${vlan}${d.summary}`;
  if (d.proto === 'ether' || d.proto === 'ip6') return `${clockText(p.tsUs)} ${vlan}${d.src} > ${d.dst}, ${d.summary}`;
  return `${clockText(p.tsUs)} ${vlan}IP ${d.src} > ${d.dst}: ${d.summary}`;
}
