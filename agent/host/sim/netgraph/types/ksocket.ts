// ng_ksocket: a kernel socket as a netgraph node (sys/netgraph/ng_ksocket.c).
// Its one hook is named family/type/proto (aliases or socket(2)'s decimal
// numbers, `inet/dgram/udp` = `2/2/17`); connecting it opens the socket,
// losing it closes the socket and the node. Messages bind, connect,
// getname, getpeername, setopt and getopt work as the system calls do on a
// UDP socket (in_pcbbind / in_pcbconnect's errnos); listen and accept are
// refused as UDP refuses them. Data: an mbuf written into the hook leaves as
// a UDP datagram from the bound address to the connected one; a datagram
// arriving for the socket comes out of the hook (udpInput).
import { SimErrno } from '../../errno.js';
import { inetAddrsIn } from '../../net/ifaddr.js';
import type { SimKsock, SimNode, SimState, VnetId } from '../../state.js';
import type { Transit } from '../../dataplane/deliver.js';
import type { Ipv4Packet, RcvData } from '../../dataplane/frame.js';
import { ipOutput, IP_DEFTTL, route } from '../../dataplane/ip.js';
import { graphOf } from '../base.js';
import { asInt, asStruct, type NgValue } from '../ngparse.js';
import type { MsgDef } from './common.js';

const PF_LOCAL = 1;
const PF_INET = 2;
const PF_INET6 = 28;
const SOCK_STREAM = 1;
const SOCK_DGRAM = 2;
const SOCK_RAW = 3;
const SOCK_SEQPACKET = 5;
const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;
const ANY = '0.0.0.0';

/** ng_ksocket_families / _types (family-independent aliases). */
const FAMILIES: Record<string, number> = { local: PF_LOCAL, inet: PF_INET, inet6: PF_INET6, atalk: 16, ipx: 23, atm: 30 };
const TYPES: Record<string, number> = { stream: SOCK_STREAM, dgram: SOCK_DGRAM, raw: SOCK_RAW, rdm: 4, seqpacket: SOCK_SEQPACKET };
/** ng_ksocket_protos: PF_INET aliases only. */
const INET_PROTOS: Record<string, number> = { ip: 0, raw: 255, icmp: 1, igmp: 2, tcp: IPPROTO_TCP, udp: IPPROTO_UDP, gre: 47, esp: 50, ah: 51, swipe: 53, encap: 98, divert: 258 };

/** ng_ksocket_parse: an alias of `family` (0: the family-independent lists), else a whole decimal number (strtoul; "" is 0). */
function aliasOrNumber(aliases: Record<string, number>, s: string): number {
  if (Object.hasOwn(aliases, s)) return aliases[s] as number;
  if (!/^\d*$/.test(s)) return -1;
  const v = s === '' ? 0 : Number(s);
  return v > 0x7fffffff ? -1 : v;
}

/**
 * socreate's protocol lookup for the domains the emulated kernel has (local,
 * inet, inet6): EAFNOSUPPORT for another domain, EPROTOTYPE for a type it
 * has no protocol of, EPROTONOSUPPORT for a protocol the type does not carry.
 */
function socreate(family: number, type: number, proto: number): void {
  if (family !== PF_LOCAL && family !== PF_INET && family !== PF_INET6) throw new SimErrno('EAFNOSUPPORT', `domain ${family}`);
  if (family === PF_LOCAL) {
    if (![SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET].includes(type)) throw new SimErrno(proto === 0 ? 'EPROTOTYPE' : 'EPROTONOSUPPORT', `local type ${type}`);
    if (proto !== 0) throw new SimErrno('EPROTONOSUPPORT', `local proto ${proto}`);
    return;
  }
  if (type === SOCK_RAW) return; // raw IP takes any protocol number
  const own = type === SOCK_STREAM ? IPPROTO_TCP : type === SOCK_DGRAM ? IPPROTO_UDP : null;
  if (own === null) throw new SimErrno(proto === 0 ? 'EPROTOTYPE' : 'EPROTONOSUPPORT', `inet type ${type}`);
  if (proto !== 0 && proto !== own) throw new SimErrno('EPROTONOSUPPORT', `inet proto ${proto} for type ${type}`);
}

/** ng_ksocket_newhook: EISCONN once it has its hook, EINVAL for a name that is not family/type/proto, then socreate's errno. */
export function ksocketNewHook(node: SimNode, name: string): void {
  if (node.hooks.length > 0) throw new SimErrno('EISCONN', 'ksocket has its hook');
  const parts = name.split('/');
  if (parts.length < 3) throw new SimErrno('EINVAL', `ksocket hook ${name}`);
  const family = aliasOrNumber(FAMILIES, parts[0] as string);
  if (family === -1) throw new SimErrno('EINVAL', `ksocket family ${parts[0]}`);
  const type = aliasOrNumber(TYPES, parts[1] as string);
  if (type === -1) throw new SimErrno('EINVAL', `ksocket type ${parts[1]}`);
  // Everything after the second slash is the protocol (index() finds only two).
  const protoName = parts.slice(2).join('/');
  const proto = aliasOrNumber(family === PF_INET ? INET_PROTOS : {}, protoName);
  if (proto === -1) throw new SimErrno('EINVAL', `ksocket protocol ${protoName}`);
  socreate(family, type, proto);
  node.ksock = { family, type, proto, laddr: ANY, lport: 0, faddr: ANY, fport: 0, options: 0 };
}

/** A UDP socket the emulator carries data for. */
const isUdp = (k: SimKsock | undefined): k is SimKsock => k !== undefined && k.family === PF_INET && k.type === SOCK_DGRAM && (k.proto === 0 || k.proto === IPPROTO_UDP);

/** A struct sockaddr as ng_ksocket_sockaddr_parse builds it. */
interface Sockaddr {
  len: number;
  family: number;
  addr: string;
  port: number;
}

/** `inet/A.B.C.D[:PORT]` (ng_ksocket's own form; what follows the address is not looked at). */
function parseInetWord(rest: string): Sockaddr {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)(?::(\d+))?/.exec(rest);
  if (m === null) throw new SimErrno('EINVAL', `bad inet address ${rest}`);
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 0xff)) throw new SimErrno('EINVAL', `bad inet address ${rest}`);
  // A colon not followed by a number is an error; digits after the port are not.
  if (m[5] === undefined && rest.charAt(m[0].length) === ':') throw new SimErrno('EINVAL', `bad port in ${rest}`);
  const port = m[5] === undefined ? 0 : Number(m[5]);
  if (port > 0xffff) throw new SimErrno('EINVAL', `bad port in ${rest}`);
  return { len: 16, family: PF_INET, addr: octets.join('.'), port };
}

/**
 * A sockaddr argument: `family/address` (inet: `inet/192.168.1.1:4789`), or
 * the generic struct `{ len=16 family=2 data=[ PORT_HI PORT_LO A B C D ] }`.
 * Families ng_ksocket has no text form for (inet6, local here) are EINVAL.
 */
function asSockaddr(v: NgValue | undefined): Sockaddr {
  if (v !== undefined && 'fields' in v) {
    const f = asStruct(v, ['len', 'family', 'data']);
    const len = f.has('len') ? asInt(f.get('len'), 0, 255) : 0;
    const family = f.has('family') ? asInt(f.get('family'), 0, 255) : 0;
    const d = f.get('data');
    if (d !== undefined && !('items' in d)) throw new SimErrno('EINVAL', 'sockaddr data is not an array');
    const bytes = (d !== undefined && 'items' in d ? d.items : []).map((x) => asInt(x, -128, 255) & 0xff);
    const b = (i: number): number => bytes[i] ?? 0;
    return { len, family, port: (b(0) << 8) | b(1), addr: [b(2), b(3), b(4), b(5)].join('.') };
  }
  if (v === undefined || !('word' in v)) throw new SimErrno('EINVAL', 'not a sockaddr');
  const slash = v.word.indexOf('/');
  if (slash === -1 || slash > 31) throw new SimErrno('EINVAL', `bad sockaddr ${v.word}`);
  const family = aliasOrNumber(FAMILIES, v.word.slice(0, slash));
  if (family !== PF_INET) throw new SimErrno('EINVAL', `sockaddr family ${v.word.slice(0, slash)} has no text form`);
  return parseInetWord(v.word.slice(slash + 1));
}

/** ng_ksocket_sockaddr_unparse for PF_INET: the port only when set. */
const sockaddrText = (addr: string, port: number): string => `inet/${addr}${port !== 0 ? `:${port}` : ''}`;

/** The socket of a ksocket node; ENXIO without one (no hook yet). */
function sockOf(n: SimNode): SimKsock {
  if (n.ksock === undefined) throw new SimErrno('ENXIO', 'ksocket without socket');
  return n.ksock;
}

/** The UDP sockets of a vnet (its ksocket nodes'), with their nodes. */
function udpSockets(state: SimState, vnet: VnetId): { node: SimNode; so: SimKsock }[] {
  return graphOf(state, vnet).nodes.flatMap((node) => (isUdp(node.ksock) ? [{ node, so: node.ksock }] : []));
}

/** IPPORT_EPHEMERALFIRST..LAST; FreeBSD picks at random, the emulator the lowest free port so runs repeat. */
function ephemeralPort(state: SimState, vnet: VnetId): number {
  const used = new Set(udpSockets(state, vnet).map((x) => x.so.lport));
  for (let p = 10000; p <= 65535; p++) if (!used.has(p)) return p;
  throw new SimErrno('EADDRNOTAVAIL', 'no free port');
}

const SO_REUSEADDR = 0x4;
const SO_REUSEPORT = 0x200;

/** in_pcbbind_setup for UDP: EINVAL when bound, EADDRNOTAVAIL for an address the vnet does not have, EADDRINUSE for a taken port. */
function udpBind(state: SimState, vnet: VnetId, so: SimKsock, sa: Sockaddr): void {
  if (sa.family !== PF_INET) throw new SimErrno('EAFNOSUPPORT', `family ${sa.family}`);
  if (sa.len !== 16) throw new SimErrno('EINVAL', `sa_len ${sa.len}`);
  if (so.lport !== 0 || so.laddr !== ANY) throw new SimErrno('EINVAL', 'already bound');
  if (sa.addr !== ANY && !inetAddrsIn(state, vnet).some((x) => x.a.addr === sa.addr)) throw new SimErrno('EADDRNOTAVAIL', sa.addr);
  let port = sa.port;
  if (port === 0) port = ephemeralPort(state, vnet);
  else {
    // Without SO_REUSEADDR/REUSEPORT the lookup is a wildcard one: INADDR_ANY on either side conflicts too.
    const wild = (so.options & (SO_REUSEADDR | SO_REUSEPORT)) === 0;
    const clash = udpSockets(state, vnet).find(({ so: t }) => t !== so && t.lport === port && (t.laddr === sa.addr || (wild && (t.laddr === ANY || sa.addr === ANY))));
    if (clash !== undefined && (so.options & clash.so.options & SO_REUSEPORT) === 0) throw new SimErrno('EADDRINUSE', `${sa.addr}:${port}`);
  }
  so.laddr = sa.addr;
  so.lport = port;
  state.generation++;
}

/** udp_connect / in_pcbconnect: EISCONN when connected, EADDRNOTAVAIL for port 0, ENETUNREACH without a route; binds implicitly. */
function udpConnect(state: SimState, vnet: VnetId, so: SimKsock, sa: Sockaddr): void {
  if (sa.family !== PF_INET) throw new SimErrno('EAFNOSUPPORT', `family ${sa.family}`);
  if (sa.len !== 16) throw new SimErrno('EINVAL', `sa_len ${sa.len}`);
  if (so.faddr !== ANY) throw new SimErrno('EISCONN', 'already connected');
  if (sa.port === 0) throw new SimErrno('EADDRNOTAVAIL', 'port 0');
  let laddr = so.laddr;
  if (laddr === ANY) {
    const r = route(state, vnet, sa.addr);
    if (r === null) throw new SimErrno('ENETUNREACH', sa.addr);
    laddr = r.ia.addr;
  }
  const lport = so.lport !== 0 ? so.lport : ephemeralPort(state, vnet);
  if (udpSockets(state, vnet).some(({ so: t }) => t !== so && t.laddr === laddr && t.lport === lport && t.faddr === sa.addr && t.fport === sa.port)) {
    throw new SimErrno('EADDRINUSE', 'same four-tuple');
  }
  Object.assign(so, { laddr, lport, faddr: sa.addr, fport: sa.port });
  state.generation++;
}

/** struct ng_ksocket_sockopt: level, name, and the value bytes (a variable-length array is as long as its last given index). */
function asSockopt(v: NgValue | undefined): { level: number; name: number; value: number[] } {
  const f = asStruct(v, ['level', 'name', 'value']);
  const INT = [-0x80000000, 0xffffffff] as const;
  const level = f.has('level') ? asInt(f.get('level'), ...INT) | 0 : 0;
  const name = f.has('name') ? asInt(f.get('name'), ...INT) | 0 : 0;
  const val = f.get('value');
  if (val !== undefined && !('items' in val)) throw new SimErrno('EINVAL', 'sockopt value is not an array');
  const value = (val !== undefined && 'items' in val ? val.items : []).map((x) => asInt(x, -128, 255) & 0xff);
  return { level, name, value };
}

const SOL_SOCKET = 0xffff;
/** SOL_SOCKET int options kept as so_options bits (sosetopt's flag options). */
const FLAG_OPTS = new Set([0x1, 0x4, 0x8, 0x10, 0x20, 0x100, 0x200, 0x400, 0x10000]);
const SO_SETFIB = 0x1014;

/** sosetopt for SOL_SOCKET: flag options take an int (EINVAL if shorter), SO_SETFIB only fib 0 (one FIB); other levels and names ENOPROTOOPT. */
function setopt(state: SimState, so: SimKsock, o: { level: number; name: number; value: number[] }): void {
  if (o.level !== SOL_SOCKET) throw new SimErrno('ENOPROTOOPT', `level ${o.level}`);
  if (!FLAG_OPTS.has(o.name) && o.name !== SO_SETFIB) throw new SimErrno('ENOPROTOOPT', `option ${o.name}`);
  if (o.value.length < 4) throw new SimErrno('EINVAL', 'option value shorter than an int');
  const int = (o.value[0]! | (o.value[1]! << 8) | (o.value[2]! << 16) | (o.value[3]! << 24)) | 0;
  if (o.name === SO_SETFIB) {
    if (int !== 0) throw new SimErrno('EINVAL', `fib ${int} (net.fibs is 1)`);
    return;
  }
  so.options = int !== 0 ? so.options | o.name : so.options & ~o.name;
  state.generation++;
}

/** sogetopt for SOL_SOCKET flag options: the response struct, the value as 4 little-endian bytes (hint8; zero bytes are defaults, left out). */
function getopt(so: SimKsock, o: { level: number; name: number; value: number[] }): string {
  if (o.value.length !== 0) throw new SimErrno('EINVAL', 'getopt takes no value');
  if (o.level !== SOL_SOCKET) throw new SimErrno('ENOPROTOOPT', `level ${o.level}`);
  let int: number;
  if (FLAG_OPTS.has(o.name)) int = so.options & o.name;
  else if (o.name === SO_SETFIB) int = 0;
  else throw new SimErrno('ENOPROTOOPT', `option ${o.name}`);
  const bytes = [int & 0xff, (int >>> 8) & 0xff, (int >>> 16) & 0xff, (int >>> 24) & 0xff];
  let shown = '';
  let next = 0;
  bytes.forEach((b, i) => {
    if (b === 0) return;
    shown += ` ${i !== next ? `${i}=` : ''}0x${b.toString(16).padStart(2, '0')}`;
    next = i + 1;
  });
  return `{ level=${o.level} name=${o.name}${shown !== '' ? ` value=[${shown} ]` : ''} }`;
}

/** NGM_KSOCKET_* (ng_ksocket.h numbers them from 1). */
export const KSOCKET_MSGS: Record<string, MsgDef> = {
  bind: {
    cmd: 1,
    args: true,
    run: (c, n, a) => {
      const sa = asSockaddr(a);
      const so = sockOf(n);
      if (!isUdp(so)) throw new SimErrno('EOPNOTSUPP', 'the emulator binds UDP sockets only');
      udpBind(c.state, c.vnet, so, sa);
      return null;
    },
  },
  // UDP has no pru_listen: solisten gives EOPNOTSUPP.
  listen: { cmd: 2, args: true, run: (_c, n, a) => (asInt(a, -0x80000000, 0x7fffffff), sockOf(n), fail('EOPNOTSUPP')) },
  // accept needs SO_ACCEPTCONN, which only listen sets.
  accept: { cmd: 3, run: (_c, n) => (sockOf(n), fail('EINVAL')) },
  connect: {
    cmd: 4,
    args: true,
    run: (c, n, a) => {
      const sa = asSockaddr(a);
      const so = sockOf(n);
      if (!isUdp(so)) throw new SimErrno('EOPNOTSUPP', 'the emulator connects UDP sockets only');
      udpConnect(c.state, c.vnet, so, sa);
      return null;
    },
  },
  getname: { cmd: 5, run: (_c, n) => sockaddrText(sockOf(n).laddr, sockOf(n).lport) },
  getpeername: {
    cmd: 6,
    run: (_c, n) => {
      const so = sockOf(n);
      if (so.faddr === ANY) throw new SimErrno('ENOTCONN', 'not connected');
      return sockaddrText(so.faddr, so.fport);
    },
  },
  setopt: { cmd: 7, args: true, run: (c, n, a) => (setopt(c.state, sockOf(n), asSockopt(a)), null) },
  getopt: { cmd: 8, args: true, run: (_c, n, a) => getopt(sockOf(n), asSockopt(a)) },
};

function fail(errno: 'EOPNOTSUPP' | 'EINVAL'): never {
  throw new SimErrno(errno, 'not for UDP');
}

/** Nodes sending right now (KSF_SENDING): a send looping back into the same socket is refused with EDEADLK. */
const sending = new WeakSet<SimNode>();

/**
 * ng_ksocket_rcvdata: the mbuf leaves as a datagram to the connected peer
 * (ENOTCONN when not connected). A function declaration: the type table
 * reads it while ip.ts, which imports this module, may still be loading.
 */
export function ksocketRcvdata(...[ctx, vnet, node, , f]: Parameters<RcvData>): ReturnType<RcvData> {
  const so = node.ksock;
  if (!isUdp(so)) return 'EOPNOTSUPP';
  if (sending.has(node)) return 'EDEADLK';
  if (so.faddr === ANY) return 'ENOTCONN';
  const p: Ipv4Packet = { kind: 'ip', src: so.laddr === ANY ? '' : so.laddr, dst: so.faddr, ttl: IP_DEFTTL, udp: { sport: so.lport, dport: so.fport, data: f } };
  sending.add(node);
  try {
    return ipOutput(ctx as Transit, vnet, p);
  } finally {
    sending.delete(node);
  }
}

/**
 * udp_input: the socket for the datagram (a connected one whose four-tuple
 * matches first, then one bound to the port on that address or INADDR_ANY
 * and not connected) sends its data out of its hook; none: dropped.
 */
export function udpInput(tx: Transit, vnet: VnetId, p: Ipv4Packet): void {
  const u = p.udp;
  if (u === undefined) return;
  const all = udpSockets(tx.state, vnet);
  const exact = all.find(({ so }) => so.lport === u.dport && so.laddr === p.dst && so.faddr === p.src && so.fport === u.sport);
  const found = exact ?? all.find(({ so }) => so.lport === u.dport && so.faddr === ANY && (so.laddr === p.dst || so.laddr === ANY));
  const hook = found?.node.hooks[0];
  if (found === undefined || hook === undefined) return;
  tx.send(vnet, found.node, hook.name, u.data);
}
