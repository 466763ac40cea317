// The per-vnet IPv4 knobs sysctl(8) and route(8) set on the emulated host:
// net.inet.ip.forwarding and net.inet6.ip6.forwarding (plain VNET integers,
// 0 at vnet creation), and the IPv4 default route, which goes when its
// interface leaves the vnet, as static routes (route add) do. They live in the vnet's SimVnet, so a vnet
// jail's go with it when the jail is removed.
import { onIfEvent } from '../ifevents.js';
import { graphOf } from '../netgraph/base.js';
import type { SimIfnet, SimState, VnetId } from '../state.js';

/** The sysctl OIDs the emulated kernel has: each a CTLFLAG_VNET | CTLFLAG_RW int. */
export const SYSCTL_INTS: readonly string[] = ['net.inet.ip.forwarding', 'net.inet6.ip6.forwarding'];

/** A sysctl's value in `vnet` (0 until set). */
export function sysctlGet(state: SimState, vnet: VnetId, name: string): number {
  return state.vnets[String(vnet)]?.sysctl?.[name] ?? 0;
}

/** Sets a sysctl in `vnet`. */
export function sysctlSet(state: SimState, vnet: VnetId, name: string, value: number): void {
  const g = graphOf(state, vnet);
  g.sysctl = { ...(g.sysctl ?? {}), [name]: value };
  if (value === 0) delete g.sysctl[name];
  if (Object.keys(g.sysctl).length === 0) delete g.sysctl;
  state.generation++;
}

/** net.inet.ip.forwarding is on in `vnet` (ip_input hands packets not for us to ip_forward). */
export const ipForwarding = (state: SimState, vnet: VnetId): boolean => sysctlGet(state, vnet, 'net.inet.ip.forwarding') !== 0;

/** The IPv4 default gateway of `vnet`, or null. */
export const defaultGateway = (state: SimState, vnet: VnetId): string | null => state.vnets[String(vnet)]?.defaultRoute?.gw ?? null;

/** Sets the IPv4 default route of `vnet` through `ifp`, or with null removes it. */
export function setDefaultRoute(state: SimState, vnet: VnetId, route: { gw: string; ifp: SimIfnet } | null): void {
  const g = graphOf(state, vnet);
  if (route === null) delete g.defaultRoute;
  else g.defaultRoute = { gw: route.gw, ifnet: route.ifp.id };
  state.generation++;
}

/** rt_flushifroutes: an interface leaving its vnet or destroyed takes the routes through it along. */
function flush(state: SimState, ifp: SimIfnet): void {
  const g = state.vnets[String(ifp.vnet)];
  if (g === undefined) return;
  if (g.routes?.some((r) => r.ifnet === ifp.id)) {
    g.routes = g.routes.filter((r) => r.ifnet !== ifp.id);
    if (g.routes.length === 0) delete g.routes;
    state.generation++;
  }
  if (g.defaultRoute?.ifnet !== ifp.id) return;
  delete g.defaultRoute;
  state.generation++;
}

onIfEvent('depart', flush);
onIfEvent('detach', flush);

/**
 * A process may change the vnet's network configuration: on the host, or
 * in a jail that owns its vnet (a vnet jail's vnet id is its jid); a jail
 * sharing its parent's vnet gets EPERM (PRIV_SYSCTL_WRITEJAIL, PRIV_NET_ROUTE).
 */
export const ownsVnet = (where: { vnet: VnetId; jid: number }): boolean => where.jid === 0 || where.vnet === where.jid;
