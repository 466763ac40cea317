// ng_vlan: filters bind a VLAN ID to a hook. A tagged frame from
// `downstream` whose tag has a filter leaves on that hook untagged; other
// frames from downstream go to `nomatch` unchanged. A frame from a filter
// hook is tagged with its VID and sent downstream; one from `nomatch` goes
// downstream unchanged (ng_vlan_rcvdata).
import type { RcvData } from '../../dataplane/frame.js';
import { SimErrno } from '../../errno.js';
import type { SimNode } from '../../state.js';
import { asInt, asString, asStruct, num, str, unparseArray, unparseStruct, type NgValue } from '../ngparse.js';
import type { NgCaller } from '../ops.js';
import { cfg, type MsgDef } from './common.js';

interface VlanFilter {
  hook: string;
  vid: number;
  pcp?: number;
  cfi?: number;
}
const filters = (n: SimNode): VlanFilter[] => ((cfg(n).filters as VlanFilter[] | undefined) ?? (cfg(n).filters = []));

function vlanAdd(c: NgCaller, n: SimNode, a: NgValue | undefined): null {
  const f = asStruct(a, ['hook', 'vlan', 'vid', 'pcp', 'cfi']);
  const hook = f.has('hook') ? asString(f.get('hook'), 32) : '';
  const vid = asInt(f.get('vid') ?? f.get('vlan') ?? { word: '0' }, 0, 0xfff);
  if (!n.hooks.some((h) => h.name === hook)) throw new SimErrno('ENOENT', `no hook ${hook}`);
  if (hook === 'downstream' || hook === 'nomatch') throw new SimErrno('EINVAL', `${hook} cannot filter`);
  if (filters(n).some((x) => x.vid === vid || x.hook === hook)) throw new SimErrno('EEXIST', 'filter exists');
  const filter: VlanFilter = { hook, vid };
  if (f.has('pcp')) filter.pcp = asInt(f.get('pcp'), 0, 7);
  if (f.has('cfi')) filter.cfi = asInt(f.get('cfi'), 0, 1);
  filters(n).push(filter);
  c.state.generation++;
  return null;
}

function vlanDel(c: NgCaller, n: SimNode, a: NgValue | undefined): null {
  const hook = asString(a, 32);
  const list = filters(n);
  const i = list.findIndex((x) => x.hook === hook);
  if (i === -1) throw new SimErrno('ENOENT', `no filter on ${hook}`);
  list.splice(i, 1);
  c.state.generation++;
  return null;
}

function vlanTable(_c: NgCaller, n: SimNode): string {
  const rows = filters(n).map((f) => unparseStruct([['hook', str(f.hook)], ['vlan', num(f.vid)], ['vid', num(f.vid)], ['pcp', num(f.pcp ?? 0)], ['cfi', num(f.cfi ?? 0)]]));
  return unparseStruct([['n', num(rows.length)], ['filter', rows.length ? unparseArray(rows) : null]]);
}

export const VLAN_MSGS: Record<string, MsgDef> = {
  addfilter: { cmd: 1, args: true, run: vlanAdd },
  delfilter: { cmd: 2, args: true, run: vlanDel },
  gettable: { cmd: 3, run: vlanTable },
};

/** A filter's hook went away: its filter goes with it (ng_vlan_disconnect). */
export function vlanHookRemoved(n: SimNode, hook: string): void {
  const list = filters(n);
  const i = list.findIndex((x) => x.hook === hook);
  if (i !== -1) list.splice(i, 1);
}

export const vlanRcvdata: RcvData = (ctx, vnet, node, hook, f) => {
  if (hook === 'downstream') {
    const tagged = f.vlan !== undefined;
    const match = tagged ? filters(node).find((x) => x.vid === f.vlan!.vid) : undefined;
    if (match !== undefined) {
      const { vlan: _tag, ...untagged } = f;
      return ctx.send(vnet, node, match.hook, untagged);
    }
    return ctx.send(vnet, node, 'nomatch', f);
  }
  if (hook === 'nomatch') return ctx.send(vnet, node, 'downstream', f);
  const filter = filters(node).find((x) => x.hook === hook);
  if (filter === undefined) return 'ENETDOWN';
  return ctx.send(vnet, node, 'downstream', { ...f, vlan: { vid: filter.vid, pcp: filter.pcp ?? 0, cfi: filter.cfi ?? 0 } });
};
