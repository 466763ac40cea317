// ng_tee: frames from `left` go out `right` with a copy out `left2right`,
// and the other way round; frames written to `right2left` go out `right`
// and to `left2right` out `left`. When only the copy hook is connected the
// frame itself goes there (ngt_rcvdata). Per-hook in/out octets and frames
// answer getstats (struct ng_tee_stats, ng_tee.h).
import { frameLen, type RcvData } from '../../dataplane/frame.js';
import { num, unparseStruct } from '../ngparse.js';
import { hookClear, hookCount, hookStat, type MsgDef } from './common.js';

const TEE_HOOKS = ['right', 'left', 'right2left', 'left2right'] as const;
const HOOKSTAT = ['inOctets', 'inFrames', 'outOctets', 'outFrames'] as const;

/** ng_tee_stats: { right={…} left={…} right2left={…} left2right={…} }. */
function teeStats(n: Parameters<MsgDef['run']>[1]): string {
  return unparseStruct(
    TEE_HOOKS.map((h) => {
      const s = unparseStruct(HOOKSTAT.map((k) => [k, num(hookStat(n, h, k))]));
      return [h, s === '{}' ? null : s] as const;
    }),
  );
}

function clear(n: Parameters<MsgDef['run']>[1]): void {
  for (const h of TEE_HOOKS) hookClear(n, h);
}

export const TEE_MSGS: Record<string, MsgDef> = {
  getstats: { cmd: 1, run: (_c, n) => teeStats(n) },
  clrstats: { cmd: 2, run: (c, n) => (clear(n), c.state.generation++, null) },
  getclrstats: { cmd: 3, run: (c, n) => { const s = teeStats(n); clear(n); c.state.generation++; return s; } },
};

const ROUTE: Record<string, [dest: string, dup: string | null]> = {
  left: ['right', 'left2right'],
  right: ['left', 'right2left'],
  right2left: ['right', null],
  left2right: ['left', null],
};

export const teeRcvdata: RcvData = (ctx, vnet, node, hook, f) => {
  const r = ROUTE[hook];
  if (r === undefined) return 'EINVAL';
  const len = frameLen(f);
  const has = (h: string | null): boolean => h !== null && node.hooks.some((x) => x.name === h);
  hookCount(node, hook, 'inOctets', len);
  hookCount(node, hook, 'inFrames');
  let [dest, dup] = r;
  if (has(dup) && !has(dest)) [dest, dup] = [dup as string, null];
  if (has(dup) && ctx.send(vnet, node, dup as string, f) === null) {
    hookCount(node, dup as string, 'outOctets', len);
    hookCount(node, dup as string, 'outFrames');
  }
  if (!has(dest)) return 'ENOTCONN';
  hookCount(node, dest, 'outOctets', len);
  hookCount(node, dest, 'outFrames');
  return ctx.send(vnet, node, dest, f);
};
