// ng_ether: the NIC's messages and its data method. Frames written to
// `lower` (or `orphans`) are transmitted on the interface, with the
// interface's MAC as source while autosrc is on (ng_ether_rcv_lower);
// frames written to `upper` enter the host's stack as if received, without
// the destination check (ng_ether_rcv_upper → ether_demux). The interface
// side (diverting received frames to `lower`, the host's output to `upper`)
// is in dataplane/drivers.ts.
import type { RcvData } from '../../dataplane/frame.js';
import { removeNode } from '../ops.js';
import { asEnaddr, asInt, encodeString } from '../ngparse.js';
import type { SimNode, SimState } from '../../state.js';
import { cfg, cfgNum, ifnetOf, INT32, type MsgDef } from './common.js';

const ZERO_MAC = '00:00:00:00:00:00';

export const ETHER_MSGS: Record<string, MsgDef> = {
  getifname: { cmd: 1, run: (c, n) => encodeString(ifnetOf(c, n).name) },
  getifindex: { cmd: 2, run: (c, n) => String(ifnetOf(c, n).id) },
  getenaddr: { cmd: 3, run: (c, n) => ifnetOf(c, n).mac ?? ZERO_MAC },
  setenaddr: { cmd: 4, args: true, run: (c, n, a) => ((ifnetOf(c, n).mac = asEnaddr(a)), c.state.generation++, null) },
  getpromisc: { cmd: 5, run: (_c, n) => String(cfgNum(n, 'promisc', 0)) },
  setpromisc: {
    cmd: 6,
    args: true,
    run: (c, n, a) => {
      const v = asInt(a, ...INT32) !== 0 ? 1 : 0;
      cfg(n).promisc = v;
      ifnetOf(c, n).promisc = v === 1;
      c.state.generation++;
      return null;
    },
  },
  getautosrc: { cmd: 7, run: (_c, n) => String(cfgNum(n, 'autosrc', 1)) },
  setautosrc: { cmd: 8, args: true, run: (c, n, a) => ((cfg(n).autosrc = asInt(a, ...INT32) !== 0 ? 1 : 0), c.state.generation++, null) },
  addmulti: { cmd: 9, args: true, run: (_c, _n, a) => (asEnaddr(a), null) },
  delmulti: { cmd: 10, args: true, run: (_c, _n, a) => (asEnaddr(a), null) },
  detach: { cmd: 11, run: (c, n) => (removeNode(c.state, c.vnet, n), null) },
};

/**
 * ng_ether_shutdown without NGF_REALLY_DIE, also run when the node loses its
 * last hook (ng_ether_disconnect → ng_rmnode_self): promiscuous mode set by
 * setpromisc is turned off again; autosrc keeps its value (12.x on no longer
 * resets it).
 */
export function etherReset(state: SimState, node: SimNode): void {
  if (cfgNum(node, 'promisc', 0) === 0) return;
  delete cfg(node).promisc;
  const ifp = state.ifnets.find((i) => i.id === node.ifnet);
  if (ifp !== undefined) ifp.promisc = false;
  state.generation++;
}

export const etherRcvdata: RcvData = (ctx, _vnet, node, hook, f) => {
  const ifp = ctx.state.ifnets.find((i) => i.id === node.ifnet);
  if (ifp === undefined) return 'ENXIO';
  if (hook === 'upper') {
    ctx.ifDemux(ifp, f);
    return null;
  }
  if (!ifp.up) return 'ENETDOWN';
  const out = cfgNum(node, 'autosrc', 1) !== 0 && ifp.mac !== null ? { ...f, src: ifp.mac } : f;
  ctx.ifTransmit(ifp, out);
  return null;
};
