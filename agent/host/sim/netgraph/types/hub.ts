// ng_hub: every frame goes out of every other hook (ng_hub_rcvdata); no
// counters. setpersistent keeps a hub without hooks alive.
import type { RcvData } from '../../dataplane/frame.js';
import type { MsgDef } from './common.js';

export const HUB_MSGS: Record<string, MsgDef> = {
  setpersistent: { cmd: 1, run: (c, n) => ((n.persistent = true), c.state.generation++, null) },
};

export const hubRcvdata: RcvData = (ctx, vnet, node, hook, f) => {
  let err: ReturnType<RcvData> = null;
  for (const h of [...node.hooks]) if (h.name !== hook) err = ctx.send(vnet, node, h.name, f) ?? err;
  return err;
};
