// Per-type node behaviour of the emulated netgraph (the ng_<type>.c methods
// that matter for topology): which hook names a type accepts (newhook), what
// its constructor does, whether it dies with its last hook, what shutdown does.
import { SimErrno } from '../errno.js';
import { ifCreateForNode, ifDestroyOwned } from '../ifnet.js';
import { releaseMajor, type SimNode, type SimState, type VnetId } from '../state.js';
import { setNodeName } from './base.js';
import { ifnetEvent } from '../devctl.js';
import { ksocketNewHook } from './types/ksocket.js';
import { newPipe, pipeNewHook } from './types/pipe.js';

/**
 * Types whose node shuts itself down when its last hook goes (ng_*_disconnect → ng_rmnode_self).
 * tee: ng_tee(4) says it shuts down "when all hooks have been disconnected", so it is here
 * (and ops.ts splices its left/right peers together on NGM_SHUTDOWN, as ng_tee_close does).
 */
const DIE_WITH_LAST_HOOK = new Set(['bridge', 'hub', 'vlan', 'one2many', 'tee', 'nat', 'echo', 'hole', 'ksocket']);

/** Does this node shut itself down now that it has no hooks? (bridge/hub: unless persistent.) */
export function diesWhenUnhooked(node: SimNode): boolean {
  if (node.hooks.length > 0 || !DIE_WITH_LAST_HOOK.has(node.type)) return false;
  return !node.persistent;
}

/** `prefix` + canonical decimal (what snprintf("%s%u") reproduces): `link01`, `link`, `link1x` are not. */
function canonicalNumber(name: string, prefix: string): number | null {
  if (!name.startsWith(prefix)) return null;
  const digits = name.slice(prefix.length);
  if (!/^(0|[1-9][0-9]*)$/.test(digits)) return null;
  const n = Number(digits);
  return n <= 0xffffffff ? n : null;
}

/** ng_bridge_newhook: 12.x link0..31; 13+ any linkN and uplinkN (N ≥ 1). */
function bridgeHook(state: SimState, name: string): void {
  if (releaseMajor(state) <= 12) {
    const n = canonicalNumber(name, 'link');
    if (n === null || n >= 32) throw new SimErrno('EINVAL', `bridge hook ${name}`);
    return;
  }
  const up = name.startsWith('u');
  const n = canonicalNumber(name, up ? 'uplink' : 'link');
  if (n === null || (up && n === 0)) throw new SimErrno('EINVAL', `bridge hook ${name}`);
}

const ETHER_HOOKS: Record<string, string> = { lower: 'lower', divert: 'lower', upper: 'upper', orphans: 'orphans' };
const TEE_HOOKS = new Set(['left', 'right', 'left2right', 'right2left']);
const IFACE_HOOKS = new Set(['inet', 'inet6', 'ipx', 'atalk', 'ns', 'atm', 'natm']);

/** ng_ether: lower/divert share one slot; a used slot → EISCONN. */
function etherHook(node: SimNode, name: string): void {
  const slot = ETHER_HOOKS[name];
  if (slot === undefined) throw new SimErrno('EINVAL', `ether hook ${name}`);
  if (node.hooks.some((h) => ETHER_HOOKS[h.name] === slot)) throw new SimErrno('EISCONN', `ether ${slot} in use`);
}

/** The type's newhook method: throws the errno the kernel returns for a refused hook name. */
export function checkNewHook(state: SimState, node: SimNode, name: string): void {
  switch (node.type) {
    case 'eiface':
      if (name !== 'ether') throw new SimErrno('EPFNOSUPPORT', `eiface hook ${name}`);
      if (node.hooks.length > 0) throw new SimErrno('EISCONN', 'eiface ether in use');
      return;
    case 'bridge':
      return bridgeHook(state, name);
    case 'ether':
      return etherHook(node, name);
    case 'one2many':
      if (name !== 'one' && (canonicalNumber(name, 'many') ?? 64) >= 64) throw new SimErrno('EINVAL', `one2many hook ${name}`);
      return;
    case 'tee':
      if (!TEE_HOOKS.has(name)) throw new SimErrno('EINVAL', `tee hook ${name}`);
      return;
    case 'iface':
      if (!IFACE_HOOKS.has(name)) throw new SimErrno('EPFNOSUPPORT', `iface hook ${name}`);
      return;
    case 'nat':
      if (name !== 'in' && name !== 'out') throw new SimErrno('EINVAL', `nat hook ${name}`);
      return;
    case 'pipe':
      return pipeNewHook(node, name);
    case 'ksocket':
      return ksocketNewHook(node, name);
    default:
      return; // socket, hub, vlan and generic types take any hook name
  }
}

/** Interface types a node creates in its constructor (ng_eiface → ngethN, ng_iface → ngN). */
const IF_DRIVER: Record<string, 'ngeth' | 'ng'> = { eiface: 'ngeth', iface: 'ng' };

/**
 * The type's constructor, run right after the node got its ID. EINVAL for
 * types that cannot be made by mkpeer (ng_socket), EOPNOTSUPP for ng_ether.
 */
export function construct(state: SimState, vnet: VnetId, node: SimNode): void {
  if (node.type === 'socket') throw new SimErrno('EINVAL', 'socket nodes come from socket(2)');
  if (node.type === 'ether') throw new SimErrno('EOPNOTSUPP', 'ether nodes attach to interfaces');
  if (node.type === 'bridge') node.config = { debugLevel: 1, loopTimeout: 60, maxStaleness: 900, minStableAge: 1 };
  if (node.type === 'pipe') node.pipe = newPipe();
  const driver = IF_DRIVER[node.type];
  if (driver === undefined) return;
  const ifp = ifCreateForNode(state, vnet, driver, node.id);
  node.ifnet = ifp.id;
  // The node names itself after its interface (ng_name_node(node, ifp->if_xname)); a taken name is ignored.
  try {
    setNodeName(state, vnet, node, ifp.name);
  } catch {
    /* the kernel logs and goes on unnamed */
  }
}

/** Sets an eiface's link state when its `ether` hook connects or disconnects. */
export function linkState(state: SimState, node: SimNode, up: boolean): void {
  if (node.type !== 'eiface' || node.ifnet === undefined) return;
  const ifp = state.ifnets.find((i) => i.id === node.ifnet);
  if (ifp === undefined) return;
  const was = ifp.linkUp ?? false;
  ifp.linkUp = up;
  if (was !== up) ifnetEvent(state, ifp, up ? 'LINK_UP' : 'LINK_DOWN');
}

/** The type's shutdown method after its hooks were cut: destroys owned interfaces. */
export function destruct(state: SimState, node: SimNode): void {
  if (IF_DRIVER[node.type] !== undefined && node.ifnet !== undefined) ifDestroyOwned(state, node.ifnet);
}
