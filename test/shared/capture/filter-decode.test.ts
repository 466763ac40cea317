// The capture filter subset and the tcpdump-style decoder, on frames built
// by the emulator's wire encoder (ARP, ICMP echo) and by hand (UDP, TCP,
// 802.1Q): what each primitive matches, precedence, what is refused, and the
// lines tcpdump -n prints for them; the pcap writer read back by the reader.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFrame, packetLine } from '../../../shared/capture/decode.js';
import { parseFilter } from '../../../shared/capture/filter.js';
import { PcapReader, pcapHeader, pcapRecord } from '../../../shared/capture/pcap.js';
import { frameBytes } from '../../../agent/host/sim/dataplane/bytes.js';

const A = '58:9c:fc:00:00:01';
const B = '58:9c:fc:00:00:02';
const arpReq = frameBytes({ dst: 'ff:ff:ff:ff:ff:ff', src: A, type: 0x0806, payload: { kind: 'arp', op: 1, sha: A, spa: '10.0.0.1', tha: '00:00:00:00:00:00', tpa: '10.0.0.2' } });
const echo = frameBytes({ dst: B, src: A, type: 0x0800, payload: { kind: 'ip', src: '10.0.0.1', dst: '10.0.0.2', ttl: 64, icmp: { type: 8, id: 7, seq: 3, data: 56 } } });
const tagged = frameBytes({ dst: B, src: A, type: 0x0800, vlan: { vid: 42, pcp: 0, cfi: 0 }, payload: { kind: 'ip', src: '10.0.0.2', dst: '10.0.0.1', ttl: 64, icmp: { type: 0, id: 7, seq: 3, data: 56 } } });

/** An IPv4 frame with a UDP or TCP header (ports 5353 → 53). */
function l4(proto: 6 | 17): Uint8Array {
  const b = new Uint8Array(14 + 20 + 20);
  b.set([0x08, 0x00], 12);
  b[14] = 0x45;
  b[16] = 0;
  b[17] = 40;
  b[23] = proto;
  b.set([192, 168, 1, 5], 26);
  b.set([192, 168, 1, 1], 30);
  b.set([0x14, 0xe9, 0x00, 0x35], 34);
  if (proto === 17) b.set([0, 20], 38);
  else (b[46] = 0x50), (b[47] = 0x12);
  return b;
}
const [udp, tcp] = [l4(17), l4(6)];
const all = { arpReq, echo, tagged, udp, tcp };

const matching = (expr: string): string[] => {
  const f = parseFilter(expr);
  if (!f.ok) throw new Error(f.reason);
  return Object.entries(all).filter(([, b]) => f.match(decodeFrame(b))).map(([k]) => k);
};

describe('decodeFrame and packetLine', () => {
  it('print what tcpdump -n prints', () => {
    const ts = Date.UTC(2026, 0, 2, 3, 4, 5) * 1000 + 6;
    const line = (b: Uint8Array): string => packetLine({ tsUs: ts, data: b, origLen: b.length });
    expect(line(arpReq)).toBe('03:04:05.000006 ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28');
    expect(line(echo)).toBe('03:04:05.000006 IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 7, seq 3, length 64');
    expect(line(tagged)).toBe('03:04:05.000006 vlan 42, IP 10.0.0.2 > 10.0.0.1: ICMP echo reply, id 7, seq 3, length 64');
    expect(line(udp)).toBe('03:04:05.000006 IP 192.168.1.5.5353 > 192.168.1.1.53: UDP, length 12');
    expect(line(tcp)).toBe('03:04:05.000006 IP 192.168.1.5.5353 > 192.168.1.1.53: Flags [S.], length 0');
    expect(decodeFrame(echo)).toMatchObject({ src: '10.0.0.1', dst: '10.0.0.2', proto: 'icmp', length: 98 });
  });

  it('encode a tunnel\'s datagram (a ksocket carrying a whole frame) and a bare packet (ng_iface\'s inet hook) as Ethernet', () => {
    const ts = Date.UTC(2026, 0, 2, 3, 4, 5) * 1000 + 6;
    const line = (b: Uint8Array): string => packetLine({ tsUs: ts, data: b, origLen: b.length });
    const inner = { dst: B, src: A, type: 0x0800, payload: { kind: 'ip' as const, src: '10.9.0.1', dst: '10.9.0.2', ttl: 64, icmp: { type: 8 as const, id: 1, seq: 0, data: 56 } } };
    const tunnelled = frameBytes({ dst: B, src: A, type: 0x0800, payload: { kind: 'ip', src: '192.0.2.1', dst: '192.0.2.2', ttl: 64, udp: { sport: 4789, dport: 4789, data: inner } } });
    // 14 outer Ethernet + 20 IP + 8 UDP + the 98-byte frame it carries.
    expect(tunnelled.length).toBe(14 + 20 + 8 + 98);
    expect(line(tunnelled)).toBe('03:04:05.000006 IP 192.0.2.1.4789 > 192.0.2.2.4789: UDP, length 98');
    // The carried frame is the frame's own bytes.
    expect([...tunnelled.subarray(42)]).toEqual([...frameBytes(inner)]);
    // A vxlan's datagram: the VXLAN header (flags I, the VNI) comes between the UDP header and the frame.
    const vxlan = frameBytes({ dst: B, src: A, type: 0x0800, payload: { kind: 'ip', src: '192.0.2.1', dst: '192.0.2.2', ttl: 64, udp: { sport: 54321, dport: 4789, vni: 42, data: inner } } });
    expect(vxlan.length).toBe(14 + 20 + 8 + 8 + 98);
    expect(line(vxlan)).toBe('03:04:05.000006 IP 192.0.2.1.54321 > 192.0.2.2.4789: UDP, length 106');
    expect([...vxlan.subarray(42, 50)]).toEqual([0x08, 0, 0, 0, 0, 0, 42, 0]);
    expect([...vxlan.subarray(50)]).toEqual([...frameBytes(inner)]);
    if (existsSync('/usr/bin/tcpdump')) {
      // tcpdump decodes it as VXLAN on port 4789, and the frame inside.
      const dir = mkdtempSync(join(tmpdir(), 'ngstudio-vxlan-'));
      try {
        const file = join(dir, 'v.pcap');
        writeFileSync(file, Buffer.concat([pcapHeader(), pcapRecord({ tsUs: ts, data: vxlan, origLen: vxlan.length })]));
        const text = execFileSync('/usr/bin/tcpdump', ['-nr', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        expect(text).toContain('192.0.2.1.54321 > 192.0.2.2.4789: VXLAN, flags [I] (0x08), vni 42');
        expect(text).toContain('10.9.0.1 > 10.9.0.2: ICMP echo request, id 1, seq 0, length 64');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const bare = frameBytes({ bare: true, dst: '', src: '', type: 0x0800, payload: inner.payload });
    expect(bare.length).toBe(14 + 84);
    expect(line(bare)).toBe('03:04:05.000006 IP 10.9.0.1 > 10.9.0.2: ICMP echo request, id 1, seq 0, length 64');
  });
});

describe('parseFilter', () => {
  it('matches protocols, hosts, ports, and combines them left to right with not binding tightest', () => {
    expect(matching('')).toEqual(Object.keys(all));
    expect(matching('icmp')).toEqual(['echo', 'tagged']);
    expect(matching('arp')).toEqual(['arpReq']);
    expect(matching('ip')).toEqual(['echo', 'tagged', 'udp', 'tcp']);
    expect(matching('host 10.0.0.2')).toEqual(['arpReq', 'echo', 'tagged']);
    expect(matching('src host 10.0.0.2')).toEqual(['tagged']);
    expect(matching('dst host 10.0.0.2 and icmp')).toEqual(['echo']);
    expect(matching('port 53')).toEqual(['udp', 'tcp']);
    expect(matching('udp and dst port 53')).toEqual(['udp']);
    expect(matching('src port 53')).toEqual([]);
    expect(matching('not arp and not icmp')).toEqual(['udp', 'tcp']);
    expect(matching('! (icmp || arp)')).toEqual(['udp', 'tcp']);
    expect(matching('arp or udp and port 53')).toEqual(['udp']);
  });

  it.each([
    ['vrrp', '"vrrp" is not supported'],
    ['host', 'host needs a dotted IPv4 address, not nothing'],
    ['host 10.0.0.256', 'host needs a dotted IPv4 address, not "10.0.0.256"'],
    ['port 70000', 'port needs a number from 0 to 65535'],
    ['(icmp', 'missing )'],
    ['icmp arp', 'unexpected "arp"'],
    ['icmp and', 'ends where a primitive was expected'],
    ['ether host 1:2:3:4:5:6', '"ether" is not supported'],
  ])('refuses %j: %s', (expr, why) => {
    const f = parseFilter(expr);
    expect(f.ok).toBe(false);
    if (!f.ok) expect(f.reason).toContain(why);
    if (!f.ok) expect(f.reason).toContain('supported: icmp, arp');
  });
});

describe('pcap', () => {
  it('writes what the reader reads back, fed a byte at a time', () => {
    const parts = [pcapHeader(), pcapRecord({ tsUs: 1_700_000_000_123_456, data: echo, origLen: echo.length }), pcapRecord({ tsUs: 1_700_000_001_000_001, data: arpReq, origLen: 60 })];
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) (bytes.set(p, at), (at += p.length));
    expect(new DataView(bytes.buffer).getUint32(0, true)).toBe(0xa1b2c3d4);
    const r = new PcapReader();
    const got = [];
    for (let i = 0; i < bytes.length; i++) got.push(...r.push(bytes.subarray(i, i + 1)));
    expect(got.map((p) => [p.tsUs, p.origLen, Array.from(p.data)])).toEqual([
      [1_700_000_000_123_456, echo.length, Array.from(echo)],
      [1_700_000_001_000_001, 60, Array.from(arpReq)],
    ]);
  });

  it('refuses a stream that is not pcap, or not Ethernet', () => {
    expect(() => new PcapReader().push(new Uint8Array(24).fill(7))).toThrow(/not a pcap stream/);
    const h = pcapHeader();
    h[20] = 113;
    expect(() => new PcapReader().push(h)).toThrow(/link type 113 is not Ethernet/);
  });
});
