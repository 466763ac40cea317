// Emulated arp(8) (usr.sbin/arp arp.c, arp_netlink.c of FreeBSD 14+): the
// vnet's ARP table with -a, one host, -i to one interface, -n (no names: the
// emulated host resolves none, so `?` either way), -d to delete, and
// `--libxo json`. Entries come in the kernel's dump order: interfaces newest
// first (V_lltables), then hash buckets (IN_LLTBL_HASH over 32 buckets),
// newest first within one; an interface's own addresses are permanent.
import { now } from '../clock.js';
import { strerror } from '../errno.js';
import { arpEntries } from '../dataplane/arp.js';
import { route } from '../dataplane/ip.js';
import { addrsOf, isEtherLike } from '../net/ifaddr.js';
import { inetAton, inetNtoa, inetPton4 } from '../net/ipaddr.js';
import { graphOf } from '../netgraph/base.js';
import type { SimIfnet, SimState, VnetId } from '../state.js';
import { getopt } from './getopt.js';
import type { CmdContext, CmdResult, SimCommand } from './types.js';

const USAGE =
  'usage: arp [-n] [-i interface] hostname\n' +
  '       arp [-n] [-i interface] -a\n' +
  '       arp -d hostname [pub]\n' +
  '       arp -d [-i interface] -a\n' +
  '       arp -s hostname ether_addr [temp] [reject | blackhole] [pub [only]]\n' +
  '       arp -S hostname ether_addr [temp] [reject | blackhole] [pub [only]]\n' +
  '       arp -f filename\n';

interface Row {
  ip: string;
  mac: string | null;
  ifp: SimIfnet;
  /** Seconds left; null = permanent. */
  expires: number | null;
  order: number;
}

/** IN_LLTBL_HASH(s_addr, 32) with s_addr as a little-endian word. */
function bucket(ip: string): number {
  const b = ip.split('.').map(Number);
  const k = ((b[0] as number) | ((b[1] as number) << 8) | ((b[2] as number) << 16) | ((b[3] as number) << 24)) >>> 0;
  return ((((((k >>> 8) ^ k) >>> 8) ^ k) >>> 8) ^ k) & 31;
}

const typeOf = (ifp: SimIfnet): string => (ifp.kind === 'bridge' ? 'bridge' : ifp.kind === 'vlan' ? 'vlan' : 'ethernet');

/** Every entry of the vnet in dump order. */
function rows(state: SimState, vnet: VnetId): Row[] {
  const at = now(state);
  const learned = arpEntries(state, vnet, at);
  const ifs = state.ifnets.filter((i) => i.vnet === vnet && isEtherLike(i)).reverse();
  const out: Row[] = [];
  for (const ifp of ifs) {
    const mine: Row[] = [];
    learned.forEach((e, i) => {
      if (e.ifnet !== ifp.id) return;
      const left = Math.floor(e.expire / 1000) - Math.floor(at / 1000);
      mine.push({ ip: e.ip, mac: e.mac, ifp, expires: e.mac === null ? 0 : left, order: 1000 + i });
    });
    addrsOf(ifp, 'inet').forEach((a, i) => mine.push({ ip: a.addr, mac: ifp.mac, ifp, expires: null, order: i }));
    mine.sort((x, y) => bucket(x.ip) - bucket(y.ip) || y.order - x.order);
    out.push(...mine);
  }
  return out;
}

function text(r: Row): string {
  const at = r.mac === null ? '(incomplete)' : r.mac;
  const when = r.expires === null ? ' permanent' : r.expires > 0 ? ` expires in ${r.expires} seconds` : ' expired';
  return `? (${r.ip}) at ${at} on ${r.ifp.name}${when} [${typeOf(r.ifp)}]\n`;
}

function json(r: Row): string {
  const parts = [`"hostname":"?"`, `"ip-address":"${r.ip}"`];
  if (r.mac === null) parts.push('"incomplete":true');
  else parts.push(`"mac-address":"${r.mac}"`);
  parts.push(`"interface":"${r.ifp.name}"`);
  if (r.expires === null) parts.push('"permanent":true');
  else if (r.expires > 0) parts.push(`"expires":${r.expires}`);
  else parts.push('"expired":true');
  parts.push(`"type":"${typeOf(r.ifp)}"`);
  return `{${parts.join(',')}}`;
}

const envelope = (items: string[]): string => `{"__version": "1", "arp": {"arp-cache": [${items.join(', ')}]}}\n`;

/** getaddr(): inet_addr, else localhost from /etc/hosts. */
const hostAddr = (h: string): number | null => (h === 'localhost' ? 0x7f000001 : /^[0-9.xXa-fA-F]+$/.test(h) ? inetAton(h) : null);

function del(ctx: CmdContext, host: string): CmdResult {
  const a = hostAddr(host);
  if (a === null) return { stdout: '', stderr: `arp: ${host}: Unknown host\n`, code: 1 };
  const ip = inetNtoa(a);
  const r = route(ctx.state, ctx.vnet, ip);
  if (r === null || r.kind === 'local' || r.kind === 'gw') return { stdout: '', stderr: `arp: delete: cannot locate ${host}\n`, code: 0 };
  const g = graphOf(ctx.state, ctx.vnet);
  const list = arpEntries(ctx.state, ctx.vnet, now(ctx.state));
  const e = list.find((x) => x.ip === ip);
  if (e === undefined) return { stdout: '', stderr: `arp: delete ${host}: ${strerror({ code: 'ENOENT' })}\n`, code: 1 };
  g.arp = list.filter((x) => x !== e);
  if (g.arp.length === 0) delete g.arp;
  ctx.state.generation++;
  return { stdout: `${host} (${ip}) deleted\n`, stderr: '', code: 0 };
}

/** Emulated arp(8). */
export const arp: SimCommand = (argv, ctx): CmdResult => {
  let json_ = false;
  const args = argv.filter((a, i) => {
    if (i > 0 && (a === '--libxo' || a.startsWith('--libxo=') || a.startsWith('--libxo:'))) {
      const fmt = a === '--libxo' ? (argv[i + 1] ?? '') : a.slice(8);
      json_ = fmt.split(/[,:]/).includes('json');
      return false;
    }
    return !(i > 0 && argv[i - 1] === '--libxo');
  });
  const g = getopt(args, 'andfsSi:');
  if (g.error !== null) return { stdout: '', stderr: `arp: ${g.error}\n${USAGE}`, code: 1 };
  const has = (c: string): boolean => g.opts.some((o) => o.opt === c);
  const ifname = g.opts.find((o) => o.opt === 'i')?.arg ?? null;
  const funcs = ['d', 's', 'S', 'f'].filter(has);
  if (funcs.length > 1) return { stdout: '', stderr: USAGE, code: 1 };
  if (funcs[0] === 's' || funcs[0] === 'S' || funcs[0] === 'f') return { stdout: '', stderr: `arp: -${funcs[0]}: not supported by ngstudio's emulated arp\n`, code: 1 };
  if (ifname !== null && funcs.length > 0 && !(funcs[0] === 'd' && has('a'))) return { stdout: '', stderr: 'arp: -i not applicable to this operation\n', code: 1 };
  const ifp = ifname === null ? null : ctx.state.ifnets.find((i) => i.vnet === ctx.vnet && i.name === ifname);
  if (ifname !== null && ifp === undefined) return { stdout: '', stderr: `arp: interface ${ifname} does not exist\n`, code: 1 };
  const all = rows(ctx.state, ctx.vnet).filter((r) => ifp === null || r.ifp === ifp);
  if (funcs[0] === 'd') {
    if (has('a')) {
      if (g.rest.length !== 0) return { stdout: '', stderr: USAGE, code: 1 };
      let out = '';
      for (const r of all) if (r.expires !== null) out += del(ctx, r.ip).stdout;
      return { stdout: out, stderr: '', code: 0 };
    }
    if (g.rest.length !== 1) return { stdout: '', stderr: USAGE, code: 1 };
    return del(ctx, g.rest[0] as string);
  }
  if (has('a')) {
    if (g.rest.length !== 0) return { stdout: '', stderr: USAGE, code: 1 };
    return { stdout: json_ ? envelope(all.map(json)) : all.map(text).join(''), stderr: '', code: 0 };
  }
  if (g.rest.length !== 1) return { stdout: '', stderr: USAGE, code: 1 };
  const host = g.rest[0] as string;
  const a = hostAddr(host);
  if (a === null) return { stdout: '', stderr: `arp: ${host}: Unknown host\n`, code: 1 };
  const found = all.filter((r) => inetPton4(r.ip) === a);
  if (json_) return { stdout: envelope(found.map(json)), stderr: '', code: found.length ? 0 : 1 };
  if (found.length === 0) return { stdout: `${host} (${inetNtoa(a)}) -- no entry${ifname !== null ? ` on ${ifname}` : ''}\n`, stderr: '', code: 1 };
  return { stdout: found.map(text).join(''), stderr: '', code: 0 };
};
