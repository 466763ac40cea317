// Emulated route(8) (sbin/route/route.c newroute), as far as the emulated
// IP layer has routes besides the connected ones: the IPv4 default route
// of the vnet it runs in, and static routes to networks and hosts through a
// gateway on a connected prefix. `route [-nq] add [-inet] [-net|-host] DEST
// GATEWAY [-netmask MASK]` and `route [-nq] delete [-inet] DEST [GATEWAY]`:
// DEST is `default`, ADDR/LEN, or an address, a network when its host part
// is zero for its class (getaddr's inet_lnaof test) unless -host. They print
// what newroute prints (`add net default: gateway 10.0.2.2`, `add net
// 192.168.2.0: gateway 192.168.2.1`, and on failure `: <error>` on the same
// line, stdout, exit 1); anything else is refused as not emulated.
import { inetAddrsIn } from '../net/ifaddr.js';
import { defaultGateway, ownsVnet, setDefaultRoute } from '../net/inet-conf.js';
import { bitcount, classfulPlen, inPrefix, inetAton, inetNtoa, inetPton4, maskOf } from '../net/ipaddr.js';
import { graphOf } from '../netgraph/base.js';
import { STRERROR, type ErrnoName } from '../errno.js';
import type { SimIfnet } from '../state.js';
import type { CmdContext, CmdResult, SimCommand } from './types.js';

const SUPPORTED = 'the emulated host has connected routes, static IPv4 routes and one IPv4 default route: route [-nq] add|delete [-inet] [-net|-host] DEST GATEWAY';

const notEmulated = (what: string): CmdResult => ({ stdout: '', stderr: `ngstudio sim: route ${what} is not emulated (${SUPPORTED})\n`, code: 2 });

/** route.c's route_strerror. */
function routeStrerror(e: ErrnoName): string {
  if (e === 'ESRCH') return 'not in table';
  if (e === 'EBUSY') return 'entry in use';
  if (e === 'ENOBUFS') return 'routing table overflow';
  return STRERROR[e];
}

/** rt_getifa_fib: the interface whose connected prefix holds the gateway (ifa_ifwithroute), if any. */
function gatewayIf(ctx: CmdContext, gw: string): SimIfnet | undefined {
  const g = inetPton4(gw) as number;
  return inetAddrsIn(ctx.state, ctx.vnet).find((x) => x.ifp.kind !== 'loopback' && (x.a.dst !== undefined ? x.a.dst === gw : inPrefix(g, inetPton4(x.a.addr) as number, x.a.plen)))?.ifp;
}

/** getaddr(RTAX_DST) for a destination other than `default`: its network and prefix length, or null when it does not parse. */
function destination(word: string, forceHost: boolean, forceNet: boolean, mask: number | null): { dst: string; plen: number } | null {
  const slash = word.indexOf('/');
  const addr = inetAton(slash === -1 ? word : word.slice(0, slash));
  if (addr === null) return null;
  let plen: number;
  if (slash !== -1) {
    if (!/^\d+$/.test(word.slice(slash + 1)) || Number(word.slice(slash + 1)) > 32) return null;
    plen = Number(word.slice(slash + 1));
  } else if (mask !== null) plen = mask;
  else if (forceHost) plen = 32;
  else {
    const cl = classfulPlen(addr);
    plen = forceNet || (addr & ~maskOf(cl)) >>> 0 === 0 ? cl : 32;
  }
  return { dst: inetNtoa((addr & maskOf(plen)) >>> 0), plen };
}

/** Emulated route(8). */
export const route: SimCommand = (argv, ctx): CmdResult => {
  let i = 1;
  let quiet = false;
  for (; i < argv.length && /^-[a-z0-9]+$/.test(argv[i]!) && !['-inet', '-net', '-host', '-netmask'].includes(argv[i]!); i++) {
    for (const c of argv[i]!.slice(1)) {
      if (c === 'q') quiet = true;
      else if (c !== 'n') return notEmulated(`-${c}`);
    }
  }
  const cmd = argv[i++];
  if (cmd !== 'add' && cmd !== 'delete') return notEmulated(cmd === undefined ? 'without a command' : cmd);
  let forceHost = false;
  let forceNet = false;
  let mask: number | null = null;
  const args: string[] = [];
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-inet') continue;
    if (a === '-host') forceHost = true;
    else if (a === '-net') forceNet = true;
    else if (a === '-netmask') {
      const m = inetAton(argv[++i] ?? '');
      if (m === null) return notEmulated(`${cmd} -netmask ${argv[i] ?? ''}`.trimEnd());
      mask = bitcount(m);
    } else if (a.startsWith('-')) return notEmulated(`${cmd} ${a}`);
    else args.push(a);
  }
  const [dest, gateway, ...more] = args;
  if (dest === undefined || more.length > 0) return notEmulated(`${cmd} ${args.join(' ')}`.trimEnd());
  if (gateway !== undefined && inetPton4(gateway) === null) return notEmulated(`${cmd} ${dest} ${gateway} (a gateway that is not an IPv4 address)`);
  if (cmd === 'add' && gateway === undefined) return { stdout: '', stderr: 'route: missing gateway specification\n', code: 1 };
  const net = dest === 'default' ? null : destination(dest, forceHost, forceNet, mask);
  if (dest !== 'default' && net === null) return notEmulated(`${cmd} ${dest} (a destination that is not an IPv4 address or prefix)`);
  let err: ErrnoName | null = null;
  if (!ownsVnet(ctx)) err = 'EPERM';
  else if (net === null) {
    const current = defaultGateway(ctx.state, ctx.vnet);
    if (cmd === 'add') {
      const via = gatewayIf(ctx, gateway as string);
      if (current !== null) err = 'EEXIST';
      else if (via === undefined) err = 'ENETUNREACH';
      else setDefaultRoute(ctx.state, ctx.vnet, { gw: gateway as string, ifp: via });
    } else if (current === null || (gateway !== undefined && gateway !== current)) err = 'ESRCH';
    else setDefaultRoute(ctx.state, ctx.vnet, null);
  } else {
    const g = graphOf(ctx.state, ctx.vnet);
    const routes = g.routes ?? [];
    const at = routes.findIndex((r) => r.dst === net.dst && r.plen === net.plen);
    if (cmd === 'add') {
      const via = gatewayIf(ctx, gateway as string);
      if (at !== -1) err = 'EEXIST';
      else if (via === undefined) err = 'ENETUNREACH';
      else g.routes = [...routes, { dst: net.dst, plen: net.plen, gw: gateway as string, ifnet: via.id }];
    } else if (at === -1 || (gateway !== undefined && routes[at]!.gw !== gateway)) err = 'ESRCH';
    else {
      g.routes = routes.filter((_, k) => k !== at);
      if (g.routes.length === 0) delete g.routes;
    }
    if (err === null) ctx.state.generation++;
  }
  if (quiet) return { stdout: '', stderr: '', code: err === null ? 0 : 1 };
  const kind = net !== null && net.plen === 32 ? 'host' : 'net';
  const line = `${cmd} ${kind} ${dest}${gateway !== undefined ? `: gateway ${gateway}` : ''}`;
  return { stdout: `${line}${err === null ? '' : `: ${routeStrerror(err)}`}\n`, stderr: '', code: err === null ? 0 : 1 };
};
