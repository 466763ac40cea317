// ng_one2many: frames from a `manyN` hook go out `one`; frames from `one`
// go to the active many links by xmitAlg (1 round-robin, 2 all, 3 failover:
// the first). A link is active while connected and enabled; connecting
// enables it (ng_one2many_newhook). Per-link counters answer getstats N
// (N = -1 is `one`); command numbers start at 0 (ng_one2many.h).
import { frameLen, type RcvData } from '../../dataplane/frame.js';
import { SimErrno } from '../../errno.js';
import type { SimNode } from '../../state.js';
import { asInt, asStruct, num, unparseArray, unparseStruct, type NgValue } from '../ngparse.js';
import { cfg, cfgNum, hookClear, hookCount, hookStat, type MsgDef } from './common.js';

const MAX_LINKS = 64;
const STATS = ['recvOctets', 'recvPackets', 'xmitOctets', 'xmitPackets', 'memoryFailures'] as const;

const enabled = (n: SimNode): number[] => ((cfg(n).enabledLinks as number[] | undefined) ?? (cfg(n).enabledLinks = []));

/** Link number of a hook: -1 for `one`, N for `manyN`. */
const linkNum = (hook: string): number => (hook === 'one' ? -1 : Number(hook.slice(4)));

/** The many links frames from `one` may take, by link number (ng_one2many_update_many). */
export function activeMany(n: SimNode): number[] {
  const on = enabled(n);
  const out: number[] = [];
  for (let i = 0; i < MAX_LINKS; i++) if (on[i] && n.hooks.some((h) => h.name === `many${i}`)) out.push(i);
  return out;
}

/** newhook: a many link is auto-enabled and its counters start from zero. */
export function one2manyHookAdded(n: SimNode, hook: string): void {
  hookClear(n, hook);
  if (hook !== 'one') enabled(n)[linkNum(hook)] = 1;
}

/** disconnect: a many link is disabled. */
export function one2manyHookRemoved(n: SimNode, hook: string): void {
  if (hook !== 'one') enabled(n)[linkNum(hook)] = 0;
}

function config(n: SimNode): string {
  const on = enabled(n);
  const links = Array.from({ length: MAX_LINKS }, (_, i) => (on[i] ? '1' : null));
  return unparseStruct([
    ['xmitAlg', num(cfgNum(n, 'xmitAlg', 1))],
    ['failAlg', num(cfgNum(n, 'failAlg', 1))],
    ['enabledLinks', links.some((x) => x !== null) ? unparseArray(links) : null],
  ]);
}

function setConfig(c: Parameters<MsgDef['run']>[0], n: SimNode, a: NgValue | undefined): null {
  const f = asStruct(a, ['xmitAlg', 'failAlg', 'enabledLinks']);
  const xmit = f.has('xmitAlg') ? asInt(f.get('xmitAlg'), 0, 0xffffffff) : 0;
  const fail = f.has('failAlg') ? asInt(f.get('failAlg'), 0, 0xffffffff) : 0;
  if (![1, 2, 3].includes(xmit) || ![1, 2].includes(fail)) throw new SimErrno('EINVAL', 'bad xmitAlg/failAlg');
  const v = f.get('enabledLinks');
  if (v !== undefined && !('items' in v)) throw new SimErrno('EINVAL', 'enabledLinks must be an array');
  const links = v && 'items' in v ? v.items.slice(0, MAX_LINKS).map((x) => (asInt(x, 0, 0xff) ? 1 : 0)) : [];
  cfg(n).xmitAlg = xmit;
  cfg(n).failAlg = fail;
  cfg(n).enabledLinks = links;
  c.state.generation++;
  return null;
}

/** The hook a getstats link number names: -1 → one, 0..63 → manyN; anything else EINVAL. */
function statsHook(a: NgValue | undefined): string {
  const k = asInt(a, -0x80000000, 0xffffffff);
  if (k === -1) return 'one';
  if (k < 0 || k >= MAX_LINKS) throw new SimErrno('EINVAL', `link ${k}`);
  return `many${k}`;
}

const stats = (n: SimNode, hook: string): string => unparseStruct(STATS.map((k) => [k, num(hookStat(n, hook, k))]));

export const ONE2MANY_MSGS: Record<string, MsgDef> = {
  setconfig: { cmd: 0, args: true, run: setConfig },
  getconfig: { cmd: 1, run: (_c, n) => config(n) },
  getstats: { cmd: 2, args: true, run: (_c, n, a) => stats(n, statsHook(a)) },
  clrstats: { cmd: 3, args: true, run: (c, n, a) => (hookClear(n, statsHook(a)), c.state.generation++, null) },
  getclrstats: { cmd: 4, args: true, run: (c, n, a) => { const h = statsHook(a); const s = stats(n, h); hookClear(n, h); c.state.generation++; return s; } },
};

export const one2manyRcvdata: RcvData = (ctx, vnet, node, hook, f) => {
  const len = frameLen(f);
  hookCount(node, hook, 'recvPackets');
  hookCount(node, hook, 'recvOctets', len);
  const out = (h: string): void => {
    hookCount(node, h, 'xmitPackets');
    hookCount(node, h, 'xmitOctets', len);
  };
  if (hook !== 'one') {
    out('one');
    return ctx.send(vnet, node, 'one', f);
  }
  const active = activeMany(node);
  if (active.length === 0) return 'ENOTCONN';
  const alg = cfgNum(node, 'xmitAlg', 1);
  if (alg === 2) {
    for (const k of active.slice(1)) {
      out(`many${k}`);
      ctx.send(vnet, node, `many${k}`, f);
    }
  }
  let first = active[0] as number;
  if (alg === 1) {
    const next = (node.rr ?? 0) % active.length;
    first = active[next] as number;
    node.rr = (next + 1) % active.length;
  }
  out(`many${first}`);
  return ctx.send(vnet, node, `many${first}`, f);
};
