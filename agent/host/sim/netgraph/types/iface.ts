// ng_iface: the point-to-point ifnet's messages. Its hooks carry bare IP
// packets, which the emulated data plane (Ethernet frames) does not model:
// frames written to them are dropped.
import type { RcvData } from '../../dataplane/frame.js';
import { encodeString } from '../ngparse.js';
import { ifnetOf, type MsgDef } from './common.js';

export const IFACE_MSGS: Record<string, MsgDef> = {
  getifname: { cmd: 1, run: (c, n) => encodeString(ifnetOf(c, n).name) },
  point2point: { cmd: 2, run: () => null },
  broadcast: { cmd: 3, run: () => null },
  getifindex: { cmd: 4, run: (c, n) => String(ifnetOf(c, n).id) },
};

export const ifaceRcvdata: RcvData = () => 'EAFNOSUPPORT';
