// if_vxlan(4) of the emulated kernel: the softc's settings (VNI, local and
// remote address and port, source-port range, TTL), what init needs before
// the interface runs, and the data path: a frame the interface transmits
// leaves as a UDP datagram (an 8-byte VXLAN header with the VNI, then the
// frame) from the local address to the remote one; a datagram that arrives
// at a running vxlan's local address and port with its VNI comes out of
// that interface, as ether_input. As in sys/net/if_vxlan.c:
//   - settings change only while the interface is not running (EBUSY);
//   - the VNI starts unset (VXLAN_VNI_MAX), both ports at 4789;
//   - `up` runs init: a VNI and a remote address must be set, the local
//     address (when set) must be one of the vnet's (the socket binds it),
//     and one VNI is used once per local address and port; otherwise the
//     interface stays up but not RUNNING (the kernel prints why on the
//     console, ifconfig exits 0);
//   - the MTU is 1500 less the encapsulation (1450 with an IPv4 remote,
//     1470 with none) unless set by hand;
//   - the outer source port is picked from the range by a hash of the
//     inner Ethernet header.
// Not modelled: multicast groups, IPv6, learning remote addresses from
// what arrives (every frame goes to the one remote address).
import { SimErrno } from '../errno.js';
import type { SimIfnet, SimState, SimVxlan, VnetId } from '../state.js';
import { inetAddrsIn } from './ifaddr.js';

/** VXLAN_VNI_MAX: 2^24; a VNI at or above it is "not set". */
export const VXLAN_VNI_MAX = 1 << 24;
/** VXLAN_PORT (IANA). */
export const VXLAN_PORT = 4789;
/** ETHER_HDR_LEN + UDP + VXLAN headers (vxlan_setup_interface_hdrlen), plus the IPv4 header once the remote is IPv4. */
const HDR_NO_REMOTE = 14 + 8 + 8;
const HDR_V4 = HDR_NO_REMOTE + 20;

/** The defaults vxlan_set_default_config gives a new interface. */
export function vxlanDefaults(): SimVxlan {
  // net.inet.ip.portrange.first / last
  return { vni: VXLAN_VNI_MAX, local: null, localPort: VXLAN_PORT, remote: null, remotePort: VXLAN_PORT, minPort: 10000, maxPort: 65535, ttl: 64, running: false };
}

/** The MTU the driver sets for itself (until the user sets one). */
export function vxlanMtu(x: SimVxlan): number {
  return 1500 - (x.remote === null ? HDR_NO_REMOTE : HDR_V4);
}

/** The settings a `vxlan…` word changes: the names of ifvxlan.c's commands. */
export type VxlanSetting = 'vni' | 'local' | 'remote' | 'localPort' | 'remotePort' | 'portRange' | 'ttl';

/**
 * The VXLAN_CMD_SET_* ioctl on an existing interface: EBUSY while it runs
 * (vxlan_can_change_config), EINVAL for a value the kernel refuses.
 */
export function vxlanSet(state: SimState, ifp: SimIfnet, patch: Partial<SimVxlan>): void {
  const x = ifp.vxlan;
  if (x === undefined) throw new SimErrno('EINVAL', `${ifp.name} is not a vxlan interface`);
  // The TTL changes even while it runs (vxlan_ctrl_set_ttl does not ask vxlan_can_change_config).
  const ttlOnly = patch.ttl !== undefined && Object.keys(patch).length === 1;
  if (x.running && !ttlOnly) throw new SimErrno('EBUSY', ifp.name);
  if (patch.localPort === 0 || patch.remotePort === 0) throw new SimErrno('EINVAL', 'port 0');
  if (patch.ttl !== undefined && patch.ttl > 255) throw new SimErrno('EINVAL', 'ttl above MAXTTL');
  Object.assign(x, patch);
  if (!ifp.userMtu) ifp.mtu = vxlanMtu(x);
  state.generation++;
}

/** A vxlan in `vnet` other than `self` that runs with this local address, port and VNI (the socket's VNI table). */
function vniTaken(state: SimState, self: SimIfnet, x: SimVxlan): boolean {
  return state.ifnets.some((i) => i !== self && i.vnet === self.vnet && i.vxlan?.running === true && i.vxlan.vni === x.vni && i.vxlan.localPort === x.localPort && (i.vxlan.local ?? '0.0.0.0') === (x.local ?? '0.0.0.0'));
}

/**
 * vxlan_init when the interface goes up: running when the settings are
 * complete and the socket can be bound, else the reason the kernel prints
 * (the interface stays down in all but its UP flag).
 */
export function vxlanInit(state: SimState, ifp: SimIfnet): string | null {
  const x = ifp.vxlan;
  if (x === undefined || x.running) return null;
  let why: string | null = null;
  if (x.vni >= VXLAN_VNI_MAX) why = 'cannot init interface: no valid virtual network identifier specified';
  else if (x.remote === null || x.remote === '0.0.0.0') why = 'cannot init interface: no valid destination address specified';
  else if (x.localPort === 0) why = 'cannot init interface: local port not specified';
  else if (x.remotePort === 0) why = 'cannot init interface: remote port not specified';
  else if (x.local !== null && x.local !== '0.0.0.0' && !inetAddrsIn(state, ifp.vnet).some((a) => a.a.addr === x.local)) {
    why = 'vxlan_setup_socket: cannot create socket, and no existing socket found';
  } else if (vniTaken(state, ifp, x)) why = `network identifier ${x.vni} already exists in this socket`;
  if (why === null) {
    x.running = true;
    state.generation++;
  }
  return why;
}

/** vxlan_teardown when the interface goes down. */
export function vxlanStop(state: SimState, ifp: SimIfnet): void {
  if (ifp.vxlan?.running) {
    ifp.vxlan.running = false;
    state.generation++;
  }
}

/** `\tvxlan vni N local A:P remote B:Q` (vxlan_status; nothing while the VNI is unset; an unset address prints empty). */
export function vxlanStatusLine(x: SimVxlan): string | null {
  if (x.vni >= VXLAN_VNI_MAX) return null;
  const end = (a: string | null, port: number): string => (a === null ? ':' : `${a}:${port}`);
  return `\tvxlan vni ${x.vni} local ${end(x.local, x.localPort)} remote ${end(x.remote, x.remotePort)}`;
}

/** vxlan_pick_source_port without a flow hash: a hash of the inner Ethernet header, within the range. */
export function vxlanSourcePort(x: SimVxlan, dst: string, src: string, type: number): number {
  let h = 0x9e3779b9;
  for (const ch of `${dst}${src}${type}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return x.minPort + (h % (x.maxPort - x.minPort + 1));
}

/** Is `i` a running vxlan in `vnet` whose socket is bound where a datagram for `dst`:`dport` arrives (vxlan_socket_lookup)? */
export function vxlanListens(i: SimIfnet, vnet: VnetId, dst: string, dport: number): boolean {
  const x = i.vxlan;
  return i.vnet === vnet && x?.running === true && x.localPort === dport && (x.local === null || x.local === '0.0.0.0' || x.local === dst);
}

/** The running vxlan in `vnet` whose socket takes a datagram for `dst`:`dport` with VNI `vni` (the socket, then its VNI table). */
export function vxlanFor(state: SimState, vnet: VnetId, dst: string, dport: number, vni: number): SimIfnet | undefined {
  return state.ifnets.find((i) => vxlanListens(i, vnet, dst, dport) && i.vxlan?.vni === vni);
}
