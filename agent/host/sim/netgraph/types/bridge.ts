// ng_bridge: the learning switch of sys/netgraph/ng_bridge.c. Its data
// method learns source addresses per link (not on uplinks), sends known
// unicast out one link and floods the rest (unknown unicast only to links
// that take it: uplinks once the first link was an uplink), drops frames on
// a muted link, and mutes a link for loopTimeout seconds when a host jumps
// to it within minStableAge seconds of its last move. Per-link counters and
// the host table are node state, answered by getstats/gettable below.
import { now as clockNow, secondsSince } from '../../clock.js';
import { castOf, frameLen, isMulticast, type DataCtx, type Frame, type RcvData } from '../../dataplane/frame.js';
import { SimErrno, type ErrnoName } from '../../errno.js';
import { releaseMajor, type SimBridgeHost, type SimNode, type SimState, type VnetId } from '../../state.js';
import { asEnaddr, asInt, asString, asStruct, num, str, unparseArray, unparseStruct, type NgValue } from '../ngparse.js';
import type { NgCaller } from '../ops.js';
import { cfg, cfgNum, hookClear, hookCount, hookStat, type MsgDef } from './common.js';

/** NG_BRIDGE_STATS_TYPE_INFO field names, in order (recvMulticast/recvBroadcast singular). */
export const BRIDGE_STATS = [
  'recvOctets', 'recvPackets', 'recvMulticast', 'recvBroadcast', 'recvUnknown', 'recvRunts', 'recvInvalid',
  'xmitOctets', 'xmitPackets', 'xmitMulticasts', 'xmitBroadcasts', 'loopDrops', 'loopDetects', 'memoryFailures',
] as const;

const BRIDGE_FIELDS = ['debugLevel', 'loopTimeout', 'maxStaleness', 'minStableAge'] as const;
const isUplink = (hook: string): boolean => hook.startsWith('u');

/** The host table after dropping hosts not heard from for maxStaleness seconds (ng_bridge_timeout). */
export function bridgeHosts(state: SimState, n: SimNode): SimBridgeHost[] {
  const max = cfgNum(n, 'maxStaleness', 900);
  const hosts = n.hosts ?? [];
  const live = hosts.filter((h) => secondsSince(state, h.seen) < max);
  if (live.length !== hosts.length) {
    if (live.length) n.hosts = live;
    else delete n.hosts;
    state.generation++;
  }
  return live;
}

const ageOf = (state: SimState, h: SimBridgeHost): number => Math.min(0xffff, secondsSince(state, h.born));
const stalenessOf = (state: SimState, h: SimBridgeHost): number => Math.min(0xffff, secondsSince(state, h.seen));

/** A learned host as the snapshot shows it. */
export function bridgeTableRows(state: SimState, n: SimNode): { mac: string; hook: string; age: number; staleness: number }[] {
  return bridgeHosts(state, n).map((h) => ({ mac: h.mac, hook: h.hook, age: ageOf(state, h), staleness: stalenessOf(state, h) }));
}

function removeHosts(state: SimState, n: SimNode, hook: string | null): void {
  if (n.hosts === undefined) return;
  n.hosts = n.hosts.filter((h) => hook !== null && h.hook !== hook);
  if (n.hosts.length === 0) delete n.hosts;
  state.generation++;
}

/**
 * ng_bridge_put (NGM_BRIDGE_MOVE_HOST): learn or move a host. A host that
 * moved less than minStableAge seconds ago and jumps again declares a loop:
 * the new link is muted, counts a loop detection and forgets its hosts.
 */
function put(state: SimState, n: SimNode, mac: string, hook: string, at: number): ErrnoName | null {
  const h = (n.hosts ?? []).find((x) => x.mac === mac);
  if (h !== undefined) {
    if (h.hook === hook) return null;
    if (ageOf(state, h) >= cfgNum(n, 'minStableAge', 1)) {
      h.hook = hook;
      h.born = at;
      state.generation++;
      return null;
    }
    (n.mute ??= {})[hook] = at + cfgNum(n, 'loopTimeout', 60) * 1000;
    hookCount(n, hook, 'loopDetects');
    removeHosts(state, n, hook);
    return 'ELOOP';
  }
  (n.hosts ??= []).push({ mac, hook, born: at, seen: at });
  state.generation++;
  return null;
}

const muted = (n: SimNode, hook: string, at: number): boolean => (n.mute?.[hook] ?? 0) > at;

/** ng_bridge_send_data: send, counting on the link only when the peer took it. */
function sendOut(ctx: DataCtx, vnet: VnetId, n: SimNode, hook: string, f: Frame, manycast: 0 | 1 | 2): ErrnoName | null {
  const err = ctx.send(vnet, n, hook, f);
  if (err !== null) return err;
  hookCount(n, hook, 'xmitPackets');
  hookCount(n, hook, 'xmitOctets', frameLen(f));
  if (manycast === 1) hookCount(n, hook, 'xmitMulticasts');
  if (manycast === 2) hookCount(n, hook, 'xmitBroadcasts');
  return null;
}

export const bridgeRcvdata: RcvData = (ctx, vnet, node, hook, f) => {
  const { state, now } = ctx;
  if (isMulticast(f.src)) {
    hookCount(node, hook, 'recvInvalid');
    return 'EINVAL';
  }
  if (muted(node, hook, now)) {
    hookCount(node, hook, 'loopDrops');
    return 'ELOOP';
  }
  hookCount(node, hook, 'recvPackets');
  hookCount(node, hook, 'recvOctets', frameLen(f));
  const manycast = castOf(f.dst);
  if (manycast === 2) hookCount(node, hook, 'recvBroadcast');
  if (manycast === 1) hookCount(node, hook, 'recvMulticast');
  const hosts = bridgeHosts(state, node);
  const src = hosts.find((h) => h.mac === f.src);
  if (src !== undefined && src.seen !== now) {
    src.seen = now;
    state.generation++;
  }
  // The kernel queues the move as a message to itself, which the node takes
  // before frames queued behind it: applied here before forwarding, with the
  // loop check below seeing the table as it was (as the kernel's does).
  const learn = (src === undefined && !isUplink(hook)) || (src !== undefined && src.hook !== hook);
  const unstable = src !== undefined && src.hook !== hook && ageOf(state, src) < cfgNum(node, 'minStableAge', 1);
  if (learn) put(state, node, f.src, hook, now);
  if (unstable) {
    hookCount(node, hook, 'loopDrops');
    return 'ELOOP';
  }
  if (manycast === 0) {
    const dst = bridgeHosts(state, node).find((h) => h.mac === f.dst);
    if (dst !== undefined) return dst.hook === hook ? null : sendOut(ctx, vnet, node, dst.hook, f, 0);
    hookCount(node, hook, 'recvUnknown');
  }
  const restricted = cfg(node).restricted === true;
  const targets = node.hooks.map((h) => h.name).filter((h) => h !== hook && (manycast !== 0 || isUplink(h) || !restricted));
  let err: ErrnoName | null = null;
  // The first usable link keeps the original, sent last; the others get copies first.
  for (const t of targets.slice(1)) err = sendOut(ctx, vnet, node, t, f, manycast) ?? err;
  if (targets[0] !== undefined) err = sendOut(ctx, vnet, node, targets[0], f, manycast) ?? err;
  return err;
};

/** newhook: a fresh link starts at zero; a first link that is an uplink makes the bridge restricted. */
export function bridgeHookAdded(state: SimState, n: SimNode, hook: string): void {
  hookClear(n, hook);
  if (isUplink(hook) && n.hooks.length === 1) cfg(n).restricted = true;
  state.generation++;
}

/** disconnect: the link's hosts, counters and mute go with it. */
export function bridgeHookRemoved(state: SimState, n: SimNode, hook: string): void {
  removeHosts(state, n, hook);
  hookClear(n, hook);
  if (n.mute) {
    delete n.mute[hook];
    if (Object.keys(n.mute).length === 0) delete n.mute;
  }
}

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

/** The hook `getstats N` names, which must be connected (12.x: N < 32 else EINVAL; 13+: -N names uplinkN). */
function statsHook(c: NgCaller, n: SimNode, a: NgValue | undefined): string {
  const old12 = releaseMajor(c.state) <= 12;
  const k = asInt(a, old12 ? 0 : -0x80000000, 0xffffffff);
  if (old12 && k >= 32) throw new SimErrno('EINVAL', 'link number too big');
  const hook = k < 0 ? `uplink${-k}` : `link${k}`;
  if (!n.hooks.some((h) => h.name === hook)) throw new SimErrno('ENOTCONN', `${hook} not connected`);
  return hook;
}

const statsText = (n: SimNode, hook: string): string => unparseStruct(BRIDGE_STATS.map((k) => [k, num(hookStat(n, hook, k))]));

function clearStats(c: NgCaller, n: SimNode, hook: string): void {
  hookClear(n, hook);
  c.state.generation++;
}

/**
 * gettable: hosts in hash-bucket order (HASH = the address's three 16-bit
 * words xor'ed, masked by the bucket count: 32, doubling while hosts
 * outnumber buckets), newest first within a bucket. 13+ names the hook
 * (UNCONFIRMED field order addr, age, staleness, hook: the 13+ header was
 * not at hand); 12.x gives the link number.
 */
function bridgeTable(c: NgCaller, n: SimNode): string {
  const hosts = bridgeHosts(c.state, n);
  let size = 32;
  while (hosts.length > size && size < 16384) size *= 2;
  const hash = (mac: string): number => {
    const b = mac.split(':').map((x) => parseInt(x, 16));
    const w = (i: number): number => (b[i] as number) | ((b[i + 1] as number) << 8);
    return (w(0) ^ w(2) ^ w(4)) & (size - 1);
  };
  const order = hosts.map((h, i) => ({ h, i, b: hash(h.mac) })).sort((x, y) => x.b - y.b || y.i - x.i);
  const old12 = releaseMajor(c.state) <= 12;
  const rows = order.map(({ h }) =>
    unparseStruct(
      old12
        ? [['addr', h.mac], ['linkNum', num(Number(h.hook.slice(4)))], ['age', num(ageOf(c.state, h))], ['staleness', num(stalenessOf(c.state, h))]]
        : [['addr', h.mac], ['age', num(ageOf(c.state, h))], ['staleness', num(stalenessOf(c.state, h))], ['hook', str(h.hook)]],
    ),
  );
  return unparseStruct([['numHosts', num(rows.length)], ['hosts', rows.length ? unparseArray(rows) : null]]);
}

function moveHost(c: NgCaller, n: SimNode, a: NgValue | undefined): null {
  const f = asStruct(a, ['addr', 'hook']);
  const mac = asEnaddr(f.get('addr') ?? { word: '00:00:00:00:00:00' });
  const hook = f.has('hook') ? asString(f.get('hook'), 32) : '';
  // From ngctl there is no incoming hook to fall back on.
  if (hook === '' || !n.hooks.some((h) => h.name === hook)) throw new SimErrno('ENOENT', `no hook ${hook}`);
  const err = put(c.state, n, mac, hook, clockNow(c.state));
  if (err !== null) throw new SimErrno(err, 'loop');
  return null;
}

const BASE: Record<string, MsgDef> = {
  setconfig: { cmd: 1, args: true, run: bridgeSetConfig },
  getconfig: { cmd: 2, run: bridgeConfig },
  reset: {
    cmd: 3,
    run: (c, n) => {
      removeHosts(c.state, n, null);
      delete n.mute;
      for (const h of n.hooks) hookClear(n, h.name);
      c.state.generation++;
      return null;
    },
  },
  getstats: { cmd: 4, args: true, run: (c, n, a) => statsText(n, statsHook(c, n, a)) },
  clrstats: { cmd: 5, args: true, run: (c, n, a) => (clearStats(c, n, statsHook(c, n, a)), null) },
  getclrstats: { cmd: 6, args: true, run: (c, n, a) => { const h = statsHook(c, n, a); const s = statsText(n, h); clearStats(c, n, h); return s; } },
  gettable: { cmd: 7, run: bridgeTable },
  setpersistent: { cmd: 8, run: (c, n) => ((n.persistent = true), c.state.generation++, null) },
};

/** 12.x's list, and 13+'s with movehost. */
export const BRIDGE_MSGS_12: Record<string, MsgDef> = BASE;
export const BRIDGE_MSGS: Record<string, MsgDef> = { ...BASE, movehost: { cmd: 9, args: true, run: moveHost } };
