// Emulated route(8) (sbin/route/route.c newroute), as far as the emulated
// IP layer has routes besides the connected ones: the IPv4 default route of
// the vnet it runs in. `route [-nq] add [-inet] default GATEWAY` and
// `route [-nq] delete [-inet] default [GATEWAY]` print what newroute prints
// (`add net default: gateway 10.0.2.2`, and on failure `: <error>` on the
// same line, stdout, exit 1); any other route is refused as not emulated.
import { inetAddrsIn } from '../net/ifaddr.js';
import { defaultGateway, ownsVnet, setDefaultRoute } from '../net/inet-conf.js';
import { inPrefix, inetPton4 } from '../net/ipaddr.js';
import { STRERROR, type ErrnoName } from '../errno.js';
import type { CmdResult, SimCommand } from './types.js';

const SUPPORTED = 'the emulated host has connected routes and one IPv4 default route: route [-nq] add|delete [-inet] default GATEWAY';

const notEmulated = (what: string): CmdResult => ({ stdout: '', stderr: `ngstudio sim: route ${what} is not emulated (${SUPPORTED})\n`, code: 2 });

/** route.c's route_strerror. */
function routeStrerror(e: ErrnoName): string {
  if (e === 'ESRCH') return 'not in table';
  if (e === 'EBUSY') return 'entry in use';
  if (e === 'ENOBUFS') return 'routing table overflow';
  return STRERROR[e];
}

/** Emulated route(8). */
export const route: SimCommand = (argv, ctx): CmdResult => {
  let i = 1;
  let quiet = false;
  for (; i < argv.length && /^-[a-z0-9]+$/.test(argv[i]!) && argv[i] !== '-inet'; i++) {
    for (const c of argv[i]!.slice(1)) {
      if (c === 'q') quiet = true;
      else if (c !== 'n') return notEmulated(`-${c}`);
    }
  }
  const cmd = argv[i++];
  if (cmd !== 'add' && cmd !== 'delete') return notEmulated(cmd === undefined ? 'without a command' : cmd);
  const args = argv.slice(i).filter((a) => a !== '-inet');
  const [dest, gateway, ...more] = args;
  if (dest !== 'default' || more.length > 0) return notEmulated(`${cmd} ${args.join(' ')}`.trimEnd());
  if (gateway !== undefined && inetPton4(gateway) === null) return notEmulated(`${cmd} default ${gateway} (a gateway that is not an IPv4 address)`);
  if (cmd === 'add' && gateway === undefined) return { stdout: '', stderr: 'route: missing gateway specification\n', code: 1 };
  let err: ErrnoName | null = null;
  const current = defaultGateway(ctx.state, ctx.vnet);
  if (!ownsVnet(ctx)) err = 'EPERM';
  else if (cmd === 'add') {
    const g = inetPton4(gateway as string) as number;
    // rt_getifa_fib: the gateway must be on a connected prefix of this vnet (ifa_ifwithroute).
    const via = inetAddrsIn(ctx.state, ctx.vnet).find((x) => x.ifp.kind !== 'loopback' && inPrefix(g, inetPton4(x.a.addr) as number, x.a.plen));
    if (current !== null) err = 'EEXIST';
    else if (via === undefined) err = 'ENETUNREACH';
    else setDefaultRoute(ctx.state, ctx.vnet, { gw: gateway as string, ifp: via.ifp });
  } else if (current === null || (gateway !== undefined && gateway !== current)) err = 'ESRCH';
  else setDefaultRoute(ctx.state, ctx.vnet, null);
  if (quiet) return { stdout: '', stderr: '', code: err === null ? 0 : 1 };
  const line = `${cmd} net default${gateway !== undefined ? `: gateway ${gateway}` : ''}`;
  return { stdout: `${line}${err === null ? '' : `: ${routeStrerror(err)}`}\n`, stderr: '', code: err === null ? 0 : 1 };
};
