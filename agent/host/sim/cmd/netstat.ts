// Emulated netstat(1), interface display only (usr.bin/netstat if.c intpr,
// FreeBSD 14+): `netstat -i` / `-I IF` with -b (bytes), -d (output drops),
// -n, -W (wide), -f inet|inet6|link / -4 / -6, and `--libxo json`. One row
// per interface (its link-level address and counters) then one per
// address (that address's traffic, IP bytes; the other columns `-`); names
// truncated to five characters, a down interface starred.
import { addrStat, ifStat } from '../dataplane/counters.js';
import { inet6Ntop, inet6Pton, in6Masked, inetNtoa, inetPton4, isLinkLocal6, maskOf } from '../net/ipaddr.js';
import type { SimIfAddr, SimIfnet } from '../state.js';
import { getopt } from './getopt.js';
import { ifFlags } from './ifconfig/status.js';
import type { CmdResult, SimCommand } from './types.js';

const USAGE =
  'usage: netstat [-46AaLnRSTWx] [-f protocol_family | -p protocol]\n' +
  '               [-M core] [-N system]\n' +
  '       netstat -i | -I interface [-46abdhnW] [-f address_family]\n' +
  '               [-M core] [-N system]\n' +
  '       netstat -w wait [-I interface] [-46d] [-M core] [-N system]\n' +
  '               [-q howmany]\n' +
  '       netstat -s [-46sz] [-f protocol_family | -p protocol]\n' +
  '               [-M core] [-N system]\n' +
  '       netstat -i | -I interface -s [-46s]\n' +
  '               [-f protocol_family | -p protocol] [-M core] [-N system]\n' +
  '       netstat -m [-M core] [-N system]\n' +
  '       netstat -B [-z] [-I interface]\n' +
  '       netstat -r [-46AnW] [-F fibnum] [-f address_family]\n' +
  '               [-M core] [-N system]\n' +
  '       netstat -rs [-s] [-M core] [-N system]\n' +
  '       netstat -g [-46W] [-f address_family] [-M core] [-N system]\n' +
  '       netstat -gs [-46s] [-f address_family] [-M core] [-N system]\n' +
  '       netstat -Q\n';

type Af = 'inet' | 'inet6' | 'link' | null;

interface Cell {
  key: string | null;
  /** Text shown; value in JSON (number, or string). */
  text: string;
  json?: number | string;
}

/** netname(): the network and prefix length (`10.0.0.0/24`, `fe80::%lo0/64`, `::1/128`). */
function netname(ifp: SimIfnet, a: SimIfAddr): string {
  if (a.af === 'inet') {
    const net = ((inetPton4(a.addr) as number) & maskOf(a.plen)) >>> 0;
    return `${inetNtoa(net)}/${a.plen}`;
  }
  const g = inet6Pton(a.addr) ?? [];
  return `${inet6Ntop(in6Masked(g, a.plen))}${isLinkLocal6(g) ? `%${ifp.name}` : ''}/${a.plen}`;
}

/** routename(): the address, link-local IPv6 scoped to its interface. */
function routename(ifp: SimIfnet, a: SimIfAddr): string {
  return a.af === 'inet6' && isLinkLocal6(inet6Pton(a.addr) ?? []) ? `${a.addr}%${ifp.name}` : a.addr;
}

/** show_stat: `%<w>lu` or a dash, then a space (none after collisions; -d's column has it before). */
function stat(key: string, width: number, value: number, show: boolean): Cell {
  return show ? { key, text: String(value).padStart(width), json: value } : { key: null, text: '-'.padStart(width) };
}

/** Emulated netstat(1). */
export const netstat: SimCommand = (argv, ctx): CmdResult => {
  let json = false;
  const args = argv.filter((a, i) => {
    if (i > 0 && (a === '--libxo' || a.startsWith('--libxo=') || a.startsWith('--libxo:'))) {
      const fmt = a === '--libxo' ? (argv[i + 1] ?? '') : a.slice(8);
      json = fmt.split(/[,:]/).includes('json');
      return false;
    }
    return !(i > 0 && argv[i - 1] === '--libxo');
  });
  const g = getopt(args, '46AaBbdF:f:ghI:iLlM:mN:nPp:Qq:RrSTsuWw:xz');
  if (g.error !== null) return { stdout: '', stderr: `netstat: ${g.error}\n${USAGE}`, code: 1 };
  let iflag = false;
  let bflag = false;
  let dflag = false;
  let wide = false;
  let iface: string | null = null;
  let af: Af = null;
  for (const { opt, arg } of g.opts) {
    if (opt === 'i') iflag = true;
    else if (opt === 'I') (iflag = true), (iface = arg);
    else if (opt === 'b') bflag = true;
    else if (opt === 'd') dflag = true;
    else if (opt === 'W' || opt === 'l') wide = true;
    else if (opt === '4') af = 'inet';
    else if (opt === '6') af = 'inet6';
    else if (opt === 'f') {
      if (arg === 'inet' || arg === 'inet6' || arg === 'link') af = arg;
      else return { stdout: '', stderr: `netstat: ${arg}: unknown address family\n`, code: 1 };
    } else if (opt !== 'n') return { stdout: '', stderr: `netstat: -${opt}: not supported by ngstudio's emulated netstat (it shows the interface table: -i or -I)\n`, code: 1 };
  }
  if (!iflag) return { stdout: '', stderr: "netstat: ngstudio's emulated netstat shows only the interface table (-i or -I)\n", code: 1 };
  if (g.rest.length > 0) return { stdout: '', stderr: USAGE, code: 1 };
  const ifs = ctx.state.ifnets.filter((i) => i.vnet === ctx.vnet && (iface === null || i.name === iface));
  const rowsOf = (ifp: SimIfnet): (SimIfAddr | null)[] => [null, ...(ifp.addrs ?? [])].filter((a) => af === null || (a === null ? af === 'link' : a.af === af));
  // -W widens the name to the longest (plus the star) and the network/address columns.
  let nameW = 5;
  let netW = 13;
  let addrW = 17;
  if (wide) {
    let v6 = false;
    for (const ifp of ifs) {
      const rows = rowsOf(ifp);
      if (rows.length > 0) nameW = Math.max(nameW, ifp.name.length + (ifp.up ? 0 : 1));
      if (rows.some((a) => a?.af === 'inet6')) v6 = true;
    }
    [netW, addrW] = v6 ? [24, 39] : [18, 17];
  }
  const fit = (s: string, w: number): string => (wide ? s.padEnd(w) : s.slice(0, w).padEnd(w));
  let text = `${'Name'.padEnd(nameW).slice(0, nameW)} ${'Mtu'.padStart(5)} ${'Network'.padEnd(netW).slice(0, netW)} ${'Address'.padEnd(addrW).slice(0, addrW)} ${'Ipkts'.padStart(8)} ${'Ierrs'} ${'Idrop'}`;
  if (bflag) text += ` ${'Ibytes'.padStart(10)}`;
  text += ` ${'Opkts'.padStart(8)} Oerrs`;
  if (bflag) text += ` ${'Obytes'.padStart(10)}`;
  text += ' ' + 'Coll'.padStart(5);
  if (dflag) text += ' ' + 'Drop'.padStart(5);
  text += '\n';
  const objs: string[] = [];
  for (const ifp of ifs) {
    for (const a of rowsOf(ifp)) {
      const link = a === null;
      const flags = ifFlags(ctx.state, ifp) & ~0x1000000;
      const shown = ifp.up ? ifp.name : `${ifp.name}*`;
      const net = link ? `<Link#${ifp.id}>` : netname(ifp, a);
      const addr = link ? (ifp.mac ?? ifp.name) : routename(ifp, a);
      const n = (k: string): number => (link ? ifStat(ifp, k) : addrStat(a, k));
      const cells: Cell[] = [
        stat('received-packets', 8, n('ipackets'), true),
        stat('received-errors', 5, n('ierrors'), link),
        stat('dropped-packets', 5, n('iqdrops'), link),
        ...(bflag ? [stat('received-bytes', 10, n('ibytes'), true)] : []),
        stat('sent-packets', 8, n('opackets'), true),
        stat('send-errors', 5, n('oerrors'), link),
        ...(bflag ? [stat('sent-bytes', 10, n('obytes'), true)] : []),
        stat('collisions', 5, n('collisions'), link),
        ...(dflag ? [stat('dropped-packets', 5, n('oqdrops'), link)] : []),
      ];
      const mtu = link ? String(ifp.mtu).padStart(6) : '-'.padStart(6);
      // Every column but collisions ends with a space; -d's drop column starts and ends with one.
      text += `${(wide ? shown.padEnd(nameW) : shown.slice(0, nameW).padEnd(nameW))}${mtu} ${fit(net, netW)} ${fit(addr, addrW)} ${cells.map((c) => c.text).join(' ')}${dflag ? ' ' : ''}\n`;
      const parts = [`"name":"${ifp.name}"`, `"flags":"0x${flags.toString(16)}"`];
      if (link) parts.push(`"mtu":${ifp.mtu}`);
      parts.push(`"network":"${net}"`, `"address":"${addr}"`);
      for (const c of cells) if (c.key !== null) parts.push(`"${c.key}":${c.json}`);
      objs.push(`{${parts.join(',')}}`);
    }
  }
  if (json) return { stdout: `{"statistics": {"interface": [${objs.join(', ')}]}}\n`, stderr: '', code: 0 };
  return { stdout: text, stderr: '', code: 0 };
};
