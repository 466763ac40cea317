// Per-type control messages of the emulated netgraph (the `cmdlist` of
// ng_eiface, ng_ether, ng_bridge, ng_hub, ng_vlan, ng_iface; ng_pipe's in pipe.ts) with their
// command numbers from the FreeBSD headers. No traffic is emulated, so
// counters are zero and address tables empty.
import { SimErrno } from '../errno.js';
import { releaseMajor, type SimIfnet, type SimNode } from '../state.js';
import { asEnaddr, asInt, asString, asStruct, encodeString, num, str, unparseArray, unparseStruct, type NgValue } from './ngparse.js';
import { removeNode, type NgCaller } from './ops.js';
import { PIPE } from './pipe.js';

/** One ASCII command: its number, whether it takes arguments, and its handler (null = no reply). */
export interface MsgDef {
  cmd: number;
  args?: boolean;
  run(c: NgCaller, n: SimNode, a: NgValue | undefined): string | null;
}

function ifnetOf(c: NgCaller, n: SimNode): SimIfnet {
  const i = c.state.ifnets.find((x) => x.id === n.ifnet);
  if (i === undefined) throw new SimErrno('ENXIO', 'node has no interface');
  return i;
}

const cfg = (n: SimNode): Record<string, unknown> => (n.config ??= {});
const cfgNum = (n: SimNode, k: string, dflt: number): number => (typeof cfg(n)[k] === 'number' ? (cfg(n)[k] as number) : dflt);
const INT32: [number, number] = [-0x80000000, 0x7fffffff];
const ZERO_MAC = '00:00:00:00:00:00';

const EIFACE: Record<string, MsgDef> = {
  getifname: { cmd: 1, run: (c, n) => encodeString(ifnetOf(c, n).name) },
  set: { cmd: 3, args: true, run: (c, n, a) => ((ifnetOf(c, n).mac = asEnaddr(a)), c.state.generation++, null) },
};

const ETHER: Record<string, MsgDef> = {
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

const BRIDGE_FIELDS = ['debugLevel', 'loopTimeout', 'maxStaleness', 'minStableAge'] as const;

/** getconfig's text: 12.x carries the `ipfw` array first (all-zero, so omitted unless set). */
function bridgeConfig(c: NgCaller, n: SimNode): string {
  const fields: [string, string | null][] = [];
  if (releaseMajor(c.state) <= 12) {
    const ipfw = (cfg(n).ipfw as number[] | undefined) ?? [];
    fields.push(['ipfw', ipfw.some((x) => x) ? unparseArray(ipfw.map((x) => num(x))) : null]);
  }
  for (const k of BRIDGE_FIELDS) fields.push([k, num(cfgNum(n, k, 0))]);
  return unparseStruct(fields);
}

function bridgeSetConfig(c: NgCaller, n: SimNode, a: NgValue | undefined): null {
  const old12 = releaseMajor(c.state) <= 12;
  const f = asStruct(a, old12 ? ['ipfw', ...BRIDGE_FIELDS] : BRIDGE_FIELDS);
  const max: Record<string, number> = { debugLevel: 0xff };
  const next: Record<string, unknown> = {};
  // Fields not given take their zero default: the whole struct is replaced.
  for (const k of BRIDGE_FIELDS) next[k] = f.has(k) ? asInt(f.get(k), 0, max[k] ?? 0xffffffff) : 0;
  if (old12) {
    const v = f.get('ipfw');
    if (v !== undefined && !('items' in v)) throw new SimErrno('EINVAL', 'ipfw must be an array');
    next.ipfw = v && 'items' in v ? v.items.slice(0, 32).map((x) => asInt(x, 0, 0xff)) : [];
  }
  n.config = { ...cfg(n), ...next };
  c.state.generation++;
  return null;
}

/** getstats N: the link must be connected (12.x: N < 32 else EINVAL; 13+: -N names uplinkN). */
function bridgeStats(c: NgCaller, n: SimNode, a: NgValue | undefined): string {
  const old12 = releaseMajor(c.state) <= 12;
  const k = asInt(a, old12 ? 0 : -0x80000000, 0xffffffff);
  if (old12 && k >= 32) throw new SimErrno('EINVAL', 'link number too big');
  const hook = k < 0 ? `uplink${-k}` : `link${k}`;
  if (!n.hooks.some((h) => h.name === hook)) throw new SimErrno('ENOTCONN', `${hook} not connected`);
  return '{}';
}

const BRIDGE: Record<string, MsgDef> = {
  setconfig: { cmd: 1, args: true, run: bridgeSetConfig },
  getconfig: { cmd: 2, run: bridgeConfig },
  reset: { cmd: 3, run: () => null },
  getstats: { cmd: 4, args: true, run: bridgeStats },
  clrstats: { cmd: 5, args: true, run: (c, n, a) => (bridgeStats(c, n, a), null) },
  getclrstats: { cmd: 6, args: true, run: bridgeStats },
  gettable: { cmd: 7, run: () => '{}' },
  setpersistent: { cmd: 8, run: (c, n) => ((n.persistent = true), c.state.generation++, null) },
};

const HUB: Record<string, MsgDef> = {
  setpersistent: { cmd: 1, run: (c, n) => ((n.persistent = true), c.state.generation++, null) },
};

interface VlanFilter {
  hook: string;
  vid: number;
}
const filters = (n: SimNode): VlanFilter[] => ((cfg(n).filters as VlanFilter[] | undefined) ?? (cfg(n).filters = []));

function vlanAdd(c: NgCaller, n: SimNode, a: NgValue | undefined): null {
  const f = asStruct(a, ['hook', 'vlan', 'vid', 'pcp', 'cfi']);
  const hook = f.has('hook') ? asString(f.get('hook'), 32) : '';
  const vid = asInt(f.get('vid') ?? f.get('vlan') ?? { word: '0' }, 0, 0xfff);
  if (!n.hooks.some((h) => h.name === hook)) throw new SimErrno('ENOENT', `no hook ${hook}`);
  if (hook === 'downstream' || hook === 'nomatch') throw new SimErrno('EINVAL', `${hook} cannot filter`);
  if (filters(n).some((x) => x.vid === vid || x.hook === hook)) throw new SimErrno('EEXIST', 'filter exists');
  filters(n).push({ hook, vid });
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
  const rows = filters(n).map((f) => unparseStruct([['hook', str(f.hook)], ['vlan', num(f.vid)], ['vid', num(f.vid)]]));
  return unparseStruct([['n', num(rows.length)], ['filter', rows.length ? unparseArray(rows) : null]]);
}

const VLAN: Record<string, MsgDef> = {
  addfilter: { cmd: 1, args: true, run: vlanAdd },
  delfilter: { cmd: 2, args: true, run: vlanDel },
  gettable: { cmd: 3, run: vlanTable },
};

const IFACE: Record<string, MsgDef> = {
  getifname: { cmd: 1, run: (c, n) => encodeString(ifnetOf(c, n).name) },
  point2point: { cmd: 2, run: () => null },
  broadcast: { cmd: 3, run: () => null },
  getifindex: { cmd: 4, run: (c, n) => String(ifnetOf(c, n).id) },
};

/** Type name → its ASCII command list. */
export const TYPE_MSGS: Readonly<Record<string, Record<string, MsgDef>>> = {
  eiface: EIFACE,
  ether: ETHER,
  bridge: BRIDGE,
  hub: HUB,
  vlan: VLAN,
  iface: IFACE,
  pipe: PIPE,
};
