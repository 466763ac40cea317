// The capture filter: a small subset of pcap-filter(7) syntax, evaluated on
// decoded frames (the emulated host, and hook captures on FreeBSD) and passed
// unchanged to tcpdump for interface captures on FreeBSD, which reads it the
// same way. Supported:
//   protocols   icmp  arp  udp  tcp  ip
//   addresses   host A   src host A   dst host A      (A: dotted IPv4)
//   ports       port N   src port N   dst port N      (N: 0–65535; UDP/TCP)
//   combining   not / !   and / &&   or / ||   ( … )
// `and` and `or` have equal precedence and group left to right, `not` binds
// tightest, as in pcap-filter(7). Anything else is refused with its position.
import type { DecodedPacket } from './decode.js';

export type FilterResult = { ok: true; match: (p: DecodedPacket) => boolean } | { ok: false; reason: string };

/** What --filter accepts, in words (for errors and help). */
export const FILTER_HELP = 'icmp, arp, udp, tcp, ip, [src|dst] host A.B.C.D, [src|dst] port N, joined with and/or/not and parentheses';

type Pred = (p: DecodedPacket) => boolean;

const PROTOS: Record<string, Pred> = {
  icmp: (p) => p.proto === 'icmp',
  arp: (p) => p.proto === 'arp',
  udp: (p) => p.proto === 'udp',
  tcp: (p) => p.proto === 'tcp',
  ip: (p) => p.proto === 'icmp' || p.proto === 'udp' || p.proto === 'tcp' || p.proto === 'ip',
};

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

class FilterSyntax extends Error {}

function tokenize(s: string): string[] {
  return s.replace(/\(/g, ' ( ').replace(/\)/g, ' ) ').replace(/&&/g, ' and ').replace(/\|\|/g, ' or ').replace(/!/g, ' not ').trim().split(/\s+/).filter((t) => t !== '');
}

/** Parses a filter expression; an empty one matches everything. */
export function parseFilter(expr: string): FilterResult {
  const toks = tokenize(expr);
  if (toks.length === 0) return { ok: true, match: () => true };
  let i = 0;
  const peek = (): string | undefined => toks[i];
  const fail = (what: string): never => {
    throw new FilterSyntax(`filter ${JSON.stringify(expr)}: ${what}; supported: ${FILTER_HELP}`);
  };
  const primitive = (): Pred => {
    const t = toks[i++];
    if (t === undefined) return fail('ends where a primitive was expected');
    if (t === '(') {
      const e = orExpr();
      if (toks[i++] !== ')') fail('missing )');
      return e;
    }
    if (t === 'not') {
      const e = primitive();
      return (p) => !e(p);
    }
    const lower = t.toLowerCase();
    if (Object.hasOwn(PROTOS, lower)) return PROTOS[lower] as Pred;
    let dir: 'src' | 'dst' | null = null;
    let kw = lower;
    if (lower === 'src' || lower === 'dst') {
      dir = lower;
      kw = (toks[i++] ?? '').toLowerCase();
    }
    if (kw === 'host') {
      const a = toks[i++];
      if (a === undefined || !IPV4.test(a)) fail(`host needs a dotted IPv4 address, not ${a === undefined ? 'nothing' : JSON.stringify(a)}`);
      return (p) => (dir === 'src' ? p.hosts[0] === a : dir === 'dst' ? p.hosts[1] === a : p.hosts.includes(a as string));
    }
    if (kw === 'port') {
      const n = toks[i++];
      if (n === undefined || !/^\d{1,5}$/.test(n) || Number(n) > 65535) fail(`port needs a number from 0 to 65535, not ${n === undefined ? 'nothing' : JSON.stringify(n)}`);
      const port = Number(n);
      return (p) => (dir === 'src' ? p.ports[0] === port : dir === 'dst' ? p.ports[1] === port : p.ports.includes(port));
    }
    return fail(`${JSON.stringify(dir === null ? t : `${dir} ${kw}`)} is not supported`);
  };
  const orExpr = (): Pred => {
    let left = primitive();
    for (;;) {
      const op = peek();
      if (op !== 'and' && op !== 'or') return left;
      i++;
      const l = left;
      const r = primitive();
      left = op === 'and' ? (p) => l(p) && r(p) : (p) => l(p) || r(p);
    }
  };
  try {
    const match = orExpr();
    if (i < toks.length) fail(`unexpected ${JSON.stringify(toks[i])}`);
    return { ok: true, match };
  } catch (e) {
    if (e instanceof FilterSyntax) return { ok: false, reason: e.message };
    throw e;
  }
}
