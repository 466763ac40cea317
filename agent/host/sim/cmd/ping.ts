// Emulated ping(8) (sbin/ping main.c, ping.c of FreeBSD 15): IPv4 echo
// through the emulated data plane, printing what ping prints and exiting 0
// when a reply came, 2 when none. Time is simulated, not slept: packets go
// out `-i` seconds apart on the emulated clock (clock.ts), which the run
// advances, so `ping -c 3` takes no real seconds. Round-trip times are
// derived from how many deliveries the packet and its reply took (every
// netgraph hop and interface crossing), so they are small, realistic and
// the same on every run. Without -c or -t ping would run until
// interrupted, which an emulated run cannot be: that is refused.
import { advance } from '../clock.js';
import { strerror, type ErrnoName } from '../errno.js';
import { Transit } from '../dataplane/deliver.js';
import type { IcmpEcho, Ipv4Packet } from '../dataplane/frame.js';
import { sendEcho } from '../dataplane/ip.js';
import { inetAddrsIn } from '../net/ifaddr.js';
import { inet6Pton, inetAton, inetNtoa } from '../net/ipaddr.js';
import { getopt } from './getopt.js';
import type { CmdResult, SimCommand } from './types.js';

const USAGE =
  'usage:\n' +
  '\tping [-4AaDdfHnoQqRrv] [-C pcp] [-c count] [-G sweepmaxsize]\n' +
  '\t    [-g sweepminsize] [-h sweepincrsize] [-i wait] [-l preload]\n' +
  '\t    [-M mask | time] [-m ttl] [-P policy] [-p pattern] [-S src_addr] \n' +
  '\t    [-s packetsize] [-t timeout] [-W waittime] [-z tos] IPv4-host\n' +
  '\tping [-4AaDdfHLnoQqRrv] [-C pcp] [-c count] [-I iface] [-i wait]\n' +
  '\t    [-l preload] [-M mask | time] [-m ttl] [-P policy] [-p pattern]\n' +
  '\t    [-S src_addr] [-s packetsize] [-T ttl] [-t timeout] [-W waittime]\n' +
  '\t    [-z tos] IPv4-mcast-group\n' +
  '\tping [-6AaDdfHnNoOquvyY] [-b bufsiz] [-C pcp] [-c count] [-e gateway]\n' +
  '\t    [-I interface] [-i wait] [-k addrtype] [-l preload] [-m hoplimit]\n' +
  '\t    [-p pattern] [-P policy] [-S sourceaddr] [-s packetsize] [-t timeout]\n' +
  '\t    [-W waittime] [-z tclass] [IPv6-hops ...] IPv6-host\n';

/** PING4OPTS and PING6OPTS (main.h), for the first pass that only looks for -4/-6/-S. */
const PING4OPTS = '.::4AaC:c:DdfG:g:Hh:I:i:Ll:M:m:nop:QqRrS:s:T:t:vW:z:P:';
const ALLOPTS = '.::6Aab:C:c:Dde:fHI:i:k:l:m:nNoOp:qS:s:t:uvyYW:z:P:' + PING4OPTS;

/** Options the emulation implements; the others are valid FreeBSD options it does not model. */
const SUPPORTED = new Set(['4', 'A', 'a', 'c', 'H', 'i', 'm', 'n', 'o', 'q', 'S', 's', 't', 'v', 'W']);

const DEFDATALEN = 56;
const MAXWAIT_MS = 10000;
const MAXALARM = 3600;
/** IP_MAXPACKET - ip header - icmp header */
const MAXPAYLOAD = 65535 - 20 - 8;
/** An emulated run sends at most this many packets. */
const MAX_PACKETS = 10000;
const EX_USAGE = 64;
const EX_NOHOST = 68;

class Exit extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}
const errx = (code: number, msg: string): never => {
  throw new Exit(code, `ping: ${msg}\n`);
};

/** strtonum(s, min, max): decimal only, whole string. */
function strtonum(s: string, min: number, max: number): number | null {
  if (!/^\s*[+-]?\d+$/.test(s)) return null;
  const n = Number(s.trim());
  return n < min || n > max ? null : n;
}

/** strtod with the whole string consumed (`*ep == '\0'`). */
function strtod(s: string): number | null {
  return /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s.trim()) : null;
}

/** strtoul(s, &ep, 0) without an end check: the leading number, 0 when none, negatives wrap. */
function strtoulPrefix(s: string): number {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)/.exec(s);
  if (m === null) return 0;
  const body = m[2] as string;
  const v = /^0[xX]/.test(body) ? parseInt(body.slice(2), 16) : body.startsWith('0') ? parseInt(body, 8) : Number(body);
  return m[1] === '-' && v !== 0 ? Number.MAX_SAFE_INTEGER : v;
}

interface Opts {
  count: number;
  intervalMs: number;
  waitMs: number;
  alarmS: number;
  datalen: number;
  ttl: number;
  quiet: boolean;
  once: boolean;
  audible: boolean;
  missed: boolean;
  source: string | null;
  waittimeSet: boolean;
}

function parseOpts(argv: string[]): { o: Opts; target: string } {
  const g = getopt(argv, PING4OPTS);
  if (g.error !== null) throw new Exit(1, `ping: ${g.error}\n${USAGE}`);
  const o: Opts = { count: 0, intervalMs: 1000, waitMs: MAXWAIT_MS, alarmS: 0, datalen: DEFDATALEN, ttl: 64, quiet: false, once: false, audible: false, missed: false, source: null, waittimeSet: false };
  for (const { opt, arg } of g.opts) {
    const v = arg ?? '';
    if (!SUPPORTED.has(opt)) errx(EX_USAGE, `-${opt}: not supported by ngstudio's emulated ping`);
    switch (opt) {
      case 'c': {
        const n = strtonum(v, 1, Number.MAX_SAFE_INTEGER);
        if (n === null) errx(EX_USAGE, `invalid count of packets to transmit: \`${v}'`);
        o.count = n as number;
        break;
      }
      case 'i': {
        const t = strtod(v);
        if (t === null || t * 1000 > 0x7fffffff) errx(EX_USAGE, `invalid timing interval: \`${v}'`);
        o.intervalMs = Math.trunc((t as number) * 1000);
        break;
      }
      case 'm': {
        const n = strtonum(v, 0, 255);
        if (n === null) errx(EX_USAGE, `invalid TTL: \`${v}'`);
        o.ttl = n as number;
        break;
      }
      case 's': {
        const n = strtonum(v, 0, 0x7fffffff);
        if (n === null) errx(EX_USAGE, `invalid packet size: \`${v}'`);
        o.datalen = n as number;
        break;
      }
      case 't': {
        const n = strtoulPrefix(v);
        if (n < 1) errx(EX_USAGE, `invalid timeout: \`${v}'`);
        if (n > MAXALARM) errx(EX_USAGE, `invalid timeout: \`${v}' > ${MAXALARM}`);
        o.alarmS = n;
        break;
      }
      case 'W': {
        const t = strtod(v);
        if (t === null || t > 0x7fffffff) errx(EX_USAGE, `invalid timing interval: \`${v}'`);
        o.waitMs = Math.trunc(t as number);
        o.waittimeSet = true;
        break;
      }
      case 'S':
        o.source = v;
        break;
      case 'q':
        o.quiet = true;
        break;
      case 'o':
        o.once = true;
        break;
      case 'a':
        o.audible = true;
        break;
      case 'A':
        o.missed = true;
        break;
      default:
        break;
    }
  }
  if (g.rest.length !== 1) throw new Exit(1, USAGE);
  if (o.datalen > MAXPAYLOAD) errx(EX_USAGE, `packet size too large: ${o.datalen} > ${MAXPAYLOAD}`);
  return { o, target: g.rest[0] as string };
}

/** main.c: the family comes from -4/-6, a numeric -S, or resolving the target (IPv4 if it is one). */
function pickFamily(argv: string[]): 4 | 6 {
  const g = getopt(argv, ALLOPTS);
  for (const { opt, arg } of g.opts) {
    if (opt === '4') return 4;
    if (opt === '6') return 6;
    if (opt === 'S' && arg !== null) {
      if (inetAton(arg) !== null && /^[\d.]+$/.test(arg)) return 4;
      if (inet6Pton(arg) !== null) return 6;
    }
  }
  const target = argv[argv.length - 1] as string;
  if (argv.length < 2 || g.rest.length === 0) throw new Exit(1, USAGE);
  if (inetAton(target) !== null) return 4;
  // /etc/hosts lists ::1 localhost first.
  if (inet6Pton(target.replace(/%.*$/, '')) !== null || target === 'localhost') return 6;
  return errx(EX_NOHOST, `cannot resolve ${target}: hostname nor servname provided, or not known`);
}

/** Deterministic, realistic round trip in ms from the deliveries the exchange took. */
const tripMs = (steps: number, seq: number): number => 0.019 + steps * 0.0037 + ((seq * 7) % 5) * 0.0011;

/** Emulated ping(8). */
export const ping: SimCommand = (argv, ctx): CmdResult => {
  let stdout = '';
  let stderr = '';
  try {
    if (pickFamily(argv) === 6) errx(EX_USAGE, 'IPv6 (ping6) is not emulated by ngstudio');
    const { o, target } = parseOpts(argv);
    if (o.count === 0 && o.alarmS === 0) errx(EX_USAGE, 'ngstudio\'s emulated ping needs -c count or -t timeout (it cannot be interrupted)');
    const dst = inetAton(target);
    if (dst === null) return errx(EX_NOHOST, `cannot resolve ${target}: hostname nor servname provided, or not known`);
    const dstText = inetNtoa(dst);
    let src = '';
    if (o.source !== null) {
      const s = inetAton(o.source);
      if (s === null || !inetAddrsIn(ctx.state, ctx.vnet).some((x) => x.a.addr === inetNtoa(s))) throw new Exit(1, `ping: bind: ${strerror({ code: 'EADDRNOTAVAIL' })}\n`);
      src = inetNtoa(s as number);
    }
    const planned = o.count > 0 ? o.count : Math.ceil((o.alarmS * 1000) / Math.max(1, o.intervalMs));
    if (planned > MAX_PACKETS) errx(EX_USAGE, `ngstudio's emulated ping sends at most ${MAX_PACKETS} packets per run`);
    const ident = ctx.pid & 0xffff;
    const timing = o.datalen >= 8;
    stdout += `PING ${target} (${dstText})${o.source !== null ? ` from ${o.source}` : ''}: ${o.datalen} data bytes\n`;

    const tx = new Transit(ctx.state);
    const seen = new Set<number>();
    let nt = 0;
    let nr = 0;
    const finished = (): boolean => (o.once && nr > 0) || (o.count > 0 && nr >= o.count);
    let nrepeats = 0;
    let nrcvtimeout = 0;
    let tmin = 999999999;
    let tmax = 0;
    let tsum = 0;
    let tsumsq = 0;
    let nmissedmax = 0;
    let sentSteps = 0;
    const bell = '\x07';
    let t = 0;
    /** Replies on their way: delivered now, read when their round trip (pipes' delays included) has passed. */
    const pending: { p: Ipv4Packet; trip: number; at: number }[] = [];
    tx.sockets.push({
      vnet: ctx.vnet,
      onReply: (p: Ipv4Packet) => {
        if (p.icmp === undefined || p.icmp.id !== ident || p.src !== dstText) return;
        const trip = tripMs(tx.steps - sentSteps, p.icmp.seq) + tx.delayUs / 1000;
        const i = pending.findIndex((x) => x.at > t + trip);
        pending.splice(i < 0 ? pending.length : i, 0, { p, trip, at: t + trip });
      },
    });
    /** pr_pack for one reply read from the socket. */
    const receive = ({ p, trip }: { p: Ipv4Packet; trip: number }): void => {
      // After the reply that completes the count ping stops reading: later copies stay unread.
      if (finished()) return;
      nr++;
      if (timing) {
        tsum += trip;
        tsumsq += trip * trip;
        tmin = Math.min(tmin, trip);
        tmax = Math.max(tmax, trip);
      }
      const icmp = p.icmp as IcmpEcho;
      const seq = icmp.seq & 0xffff;
      const dup = seen.has(seq % 1024);
      if (dup) {
        nrepeats++;
        nr--;
      } else seen.add(seq % 1024);
      if (o.quiet) return;
      if (o.waittimeSet && trip > o.waitMs) {
        nrcvtimeout++;
        return;
      }
      stdout += `${8 + icmp.data} bytes from ${p.src}: icmp_seq=${seq} ttl=${p.ttl}${timing ? ` time=${trip.toFixed(3)} ms` : ''}${dup ? ' (DUP!)' : ''}${o.audible ? bell : ''}\n`;
    };

    // The emulated clock moves in whole ms; `t` (ms since the first send) keeps the fractions.
    const at = (ms: number): void => {
      advance(ctx.state, Math.floor(ms) - Math.floor(t));
      t = ms;
      tx.tick();
    };
    const pinger = (): void => {
      sentSteps = tx.steps;
      const err: ErrnoName | null = sendEcho(tx, ctx.vnet, { kind: 'ip', src, dst: dstText, ttl: o.ttl, icmp: { type: 8, id: ident, seq: nt & 0xffff, data: o.datalen } });
      if (err !== null) stderr += `ping: sendto: ${strerror({ code: err })}\n`;
      nt++;
    };
    const alarmMs = o.alarmS > 0 ? o.alarmS * 1000 : Infinity;

    pinger();
    let last = 0;
    let intvl = o.intervalMs;
    let almostDone = false;
    while (!finished()) {
      const next = last + intvl;
      const reply = pending[0]?.at ?? Infinity;
      if (alarmMs <= Math.min(next, reply)) {
        at(alarmMs);
        break;
      }
      // select() returns early for a reply; the interval still counts from the last send.
      if (reply <= next) {
        at(reply);
        receive(pending.shift()!);
        continue;
      }
      at(next);
      if (o.count === 0 || nt < o.count) pinger();
      else {
        if (almostDone) break;
        almostDone = true;
        intvl = nr > 0 ? Math.max(1, Math.trunc((2 * tmax) / 1000)) * 1000 : o.waitMs;
      }
      last = t;
      if (nt - nr - 1 > nmissedmax) {
        nmissedmax = nt - nr - 1;
        if (o.missed) stdout += bell;
      }
    }

    stdout += `\n--- ${target} ping statistics ---\n${nt} packets transmitted, ${nr} packets received, `;
    if (nrepeats) stdout += `+${nrepeats} duplicates, `;
    if (nt) stdout += nr > nt ? "-- somebody's duplicating packets!" : `${(((nt - nr) * 100) / nt).toFixed(1)}% packet loss`;
    if (nrcvtimeout) stdout += `, ${nrcvtimeout} packets out of wait time`;
    stdout += '\n';
    if (nr && timing) {
      const num = nr + nrepeats;
      const avg = tsum / num;
      const stddev = Math.sqrt(Math.max(0, tsumsq / num - avg * avg));
      stdout += `round-trip min/avg/max/stddev = ${tmin.toFixed(3)}/${avg.toFixed(3)}/${tmax.toFixed(3)}/${stddev.toFixed(3)} ms\n`;
    }
    return { stdout, stderr, code: nr ? 0 : 2 };
  } catch (e) {
    if (e instanceof Exit) return { stdout, stderr: stderr + e.message, code: e.code };
    throw e;
  }
};
