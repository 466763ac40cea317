// ng_eiface: the ifnet's messages (getifname, set) and its data method: a
// frame arriving on `ether` is received by the interface, if it is up
// (ng_eiface_rcvdata: ENETDOWN otherwise), counting ipackets.
import type { RcvData } from '../../dataplane/frame.js';
import { ifCount } from '../../dataplane/counters.js';
import { asEnaddr, encodeString } from '../ngparse.js';
import { ifnetOf, type MsgDef } from './common.js';

export const EIFACE_MSGS: Record<string, MsgDef> = {
  getifname: { cmd: 1, run: (c, n) => encodeString(ifnetOf(c, n).name) },
  set: { cmd: 3, args: true, run: (c, n, a) => ((ifnetOf(c, n).mac = asEnaddr(a)), c.state.generation++, null) },
};

export const eifaceRcvdata: RcvData = (ctx, _vnet, node, _hook, f) => {
  const ifp = ctx.state.ifnets.find((i) => i.id === node.ifnet);
  if (ifp === undefined || !ifp.up) return 'ENETDOWN';
  ifCount(ctx.state, ifp, 'ipackets');
  ctx.ifInput(ifp, f);
  return null;
};
