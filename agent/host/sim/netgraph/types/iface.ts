// ng_iface: the point-to-point ifnet (ngN) and its messages. Its hooks carry
// bare IP packets, no link header: a packet routed out of ngN leaves on the
// `inet` hook (ng_iface_output), one arriving on `inet` is the interface's
// input to IP (ng_iface_rcvdata, netisr). inet6 and the other families'
// hooks exist but carry nothing the emulator models.
import type { Frame, Ipv4Packet, RcvData, Sent } from '../../dataplane/frame.js';
import { ETHERTYPE_IP, frameLen } from '../../dataplane/frame.js';
import { ifCount } from '../../dataplane/counters.js';
import type { Transit } from '../../dataplane/deliver.js';
import { ipInput } from '../../dataplane/ip.js';
import type { SimIfnet } from '../../state.js';
import { graphOf, nodeById } from '../base.js';
import { encodeString } from '../ngparse.js';
import { ifnetOf, type MsgDef } from './common.js';

export const IFACE_MSGS: Record<string, MsgDef> = {
  getifname: { cmd: 1, run: (c, n) => encodeString(ifnetOf(c, n).name) },
  point2point: { cmd: 2, run: () => null },
  broadcast: { cmd: 3, run: () => null },
  getifindex: { cmd: 4, run: (c, n) => String(ifnetOf(c, n).id) },
};

/** ng_iface_output for an IPv4 packet: out of the node's `inet` hook (ENOTCONN without one), counted as sent or as an output error. */
export function ifaceOutput(tx: Transit, ifp: SimIfnet, p: Ipv4Packet): Sent {
  const node = ifp.ngNode === undefined ? undefined : nodeById(graphOf(tx.state, ifp.home), ifp.ngNode);
  const m: Frame = { bare: true, dst: '', src: '', type: ETHERTYPE_IP, payload: p };
  const err = node === undefined ? 'ENOTCONN' : tx.send(ifp.home, node, 'inet', m);
  if (err !== null) {
    ifCount(tx.state, ifp, 'oerrors');
    return err;
  }
  ifCount(tx.state, ifp, 'opackets');
  ifCount(tx.state, ifp, 'obytes', frameLen(m));
  return null;
}

/**
 * ng_iface_rcvdata: ENETDOWN while the interface is down; an IPv4 packet on
 * `inet` is counted and goes to ip_input; anything else is dropped there.
 * A function declaration, as the type table reads it while ip.ts may still be loading.
 */
export function ifaceRcvdata(...[ctx, , node, hook, f]: Parameters<RcvData>): ReturnType<RcvData> {
  const ifp = ctx.state.ifnets.find((i) => i.id === node.ifnet);
  if (ifp === undefined || !ifp.up) return 'ENETDOWN';
  ifCount(ctx.state, ifp, 'ipackets');
  ifCount(ctx.state, ifp, 'ibytes', frameLen(f));
  if (hook === 'inet' && f.payload.kind === 'ip') ipInput(ctx as Transit, ifp, f.payload);
  return null;
}
