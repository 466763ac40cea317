// The node types' methods by type name: ASCII control messages (cmdlist)
// and the data method (rcvdata), plus the newhook/disconnect side effects on
// traffic state. Types without a data method (socket, nat …) refuse
// what they receive; ng_echo sends it back, ng_hole swallows it.
import type { RcvData } from '../../dataplane/frame.js';
import { releaseMajor, type SimNode, type SimState } from '../../state.js';
import { BRIDGE_MSGS, BRIDGE_MSGS_12, bridgeHookAdded, bridgeHookRemoved, bridgeRcvdata } from './bridge.js';
import type { MsgDef } from './common.js';
import { EIFACE_MSGS, eifaceRcvdata } from './eiface.js';
import { ETHER_MSGS, etherRcvdata } from './ether.js';
import { HUB_MSGS, hubRcvdata } from './hub.js';
import { IFACE_MSGS, ifaceRcvdata } from './iface.js';
import { KSOCKET_MSGS, ksocketRcvdata } from './ksocket.js';
import { PIPE, pipeRcvdata } from './pipe.js';
import { ONE2MANY_MSGS, one2manyHookAdded, one2manyHookRemoved, one2manyRcvdata } from './one2many.js';
import { TEE_MSGS, teeRcvdata } from './tee.js';
import { VLAN_MSGS, vlanHookRemoved, vlanRcvdata } from './vlan.js';

export type { MsgDef } from './common.js';

/** A type's ASCII command list (ng_bridge gained movehost after 12.x). */
export function typeMsgs(state: SimState, type: string): Record<string, MsgDef> | undefined {
  switch (type) {
    case 'bridge':
      return releaseMajor(state) <= 12 ? BRIDGE_MSGS_12 : BRIDGE_MSGS;
    case 'eiface':
      return EIFACE_MSGS;
    case 'ether':
      return ETHER_MSGS;
    case 'hub':
      return HUB_MSGS;
    case 'vlan':
      return VLAN_MSGS;
    case 'iface':
      return IFACE_MSGS;
    case 'one2many':
      return ONE2MANY_MSGS;
    case 'tee':
      return TEE_MSGS;
    case 'pipe':
      return PIPE;
    case 'ksocket':
      return KSOCKET_MSGS;
    default:
      return undefined;
  }
}

const echoRcvdata: RcvData = (ctx, vnet, node, hook, f) => ctx.send(vnet, node, hook, f);
const holeRcvdata: RcvData = () => null;
/** ng_socket: a frame for a process's socket (nghook, ngctl) is queued to it (taps.ts hands it over). */
const socketRcvdata: RcvData = (_ctx, _vnet, node) => (node.pid !== undefined ? null : 'ENOTCONN');

const RCVDATA: Readonly<Record<string, RcvData>> = {
  bridge: bridgeRcvdata,
  eiface: eifaceRcvdata,
  ether: etherRcvdata,
  hub: hubRcvdata,
  vlan: vlanRcvdata,
  iface: ifaceRcvdata,
  one2many: one2manyRcvdata,
  tee: teeRcvdata,
  pipe: pipeRcvdata,
  ksocket: ksocketRcvdata,
  echo: echoRcvdata,
  hole: holeRcvdata,
  socket: socketRcvdata,
};

/** The data method of a type; types the emulator does not model for data refuse frames (EOPNOTSUPP). */
export function rcvdataOf(type: string): RcvData {
  return RCVDATA[type] ?? (() => 'EOPNOTSUPP');
}

/** A hook was connected to `n` (the type's newhook side effects on its traffic state). */
export function dataHookAdded(state: SimState, n: SimNode, hook: string): void {
  if (n.type === 'bridge') bridgeHookAdded(state, n, hook);
  else if (n.type === 'one2many') one2manyHookAdded(n, hook);
}

/** A hook of `n` was disconnected (the type's disconnect side effects). */
export function dataHookRemoved(state: SimState, n: SimNode, hook: string): void {
  if (n.type === 'bridge') bridgeHookRemoved(state, n, hook);
  else if (n.type === 'one2many') one2manyHookRemoved(n, hook);
  else if (n.type === 'vlan') vlanHookRemoved(n, hook);
  else if (n.type === 'tee') {
    if (n.stats) delete n.stats[hook];
  }
}
