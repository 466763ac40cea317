// The emulated ng_pipe(4) (sys/netgraph/ng_pipe.c): hooks `upper` and
// `lower`, its private data (delay and framing for the node, settings,
// counters and queues per hook), and its messages with their ng_parse types
// (ng_pipe.h: the ASCII field names differ from the C ones — `BER`,
// `queuelen`, `delaylen`, `FwdOctets` …). setcfg follows ngp_rcvmsg and
// parse_cfg exactly: 0 keeps a field, -1 sets it to 0, out-of-range values
// are ignored. Its data method (ngp_rcvdata/pipe_dequeue) passes frames
// between the hooks: at once when nothing is configured, else each frame
// (and the duplicates the `duplicate` chance makes) meets the BER loss and
// reaches the far side after its serialization time at `bandwidth` plus
// `delay`, which the delivery adds to the path's time. random() is a draw
// derived from the node and its counters, so a run is repeatable.
//
// ng_pipe(4) says the node shuts down when all hooks are gone; ngp_disconnect
// does not do that (no ng_rmnode_self), so a pipe outlives its hooks, as here.
import type { PipeHookConfig } from '../../../../../shared/model/snapshot.js';
import { frameLen, type RcvData, type Sent } from '../../dataplane/frame.js';
import { SimErrno } from '../../errno.js';
import type { SimNode, SimPipe, SimPipeHook } from '../../state.js';
import { asStruct, num, unparseStruct, type NgValue } from '../ngparse.js';
import type { NgCaller } from '../ops.js';
import type { MsgDef } from './common.js';

const zeroCfg = (): PipeHookConfig => ({ bandwidth: 0, ber: 0, qinSizeLimit: 0, qoutSizeLimit: 0, duplicate: 0, fifo: 0, drr: 0, wfq: 0, droptail: 0, drophead: 0 });
const zeroHook = (): SimPipeHook => ({
  cfg: zeroCfg(),
  stats: { fwdOctets: 0, fwdFrames: 0, inDiscOctets: 0, inDiscFrames: 0, outDiscOctets: 0, outDiscFrames: 0 },
  run: { fifoQueues: 0, qinOctets: 0, qinFrames: 0, qoutOctets: 0, qoutFrames: 0 },
});

/** ngp_constructor: everything zero (M_ZERO). */
export function newPipe(): SimPipe {
  return { delay: 0, overhead: 0, headerOffset: 0, upper: zeroHook(), lower: zeroHook() };
}

/** The node's pipe data (a pipe from a state file written before it was kept gets a fresh one). */
function pipeOf(n: SimNode): SimPipe {
  return (n.pipe ??= newPipe());
}

/** ngp_newhook: only `upper` and `lower`; the hook's record is cleared and gets queue 50, fifo, drop tail. */
export function pipeNewHook(n: SimNode, name: string): void {
  if (name !== 'upper' && name !== 'lower') throw new SimErrno('EINVAL', `pipe hook ${name}`);
  const h = zeroHook();
  Object.assign(h.cfg, { qinSizeLimit: 50, fifo: 1, droptail: 1 });
  pipeOf(n)[name] = h;
}

/** ngp_rcvdata: a frame entering on one hook leaves by the other. */
export const pipeRcvdata: RcvData = (ctx, vnet, n, hook, f) => {
  if (hook !== 'upper' && hook !== 'lower') return 'EINVAL';
  const p = pipeOf(n);
  const h = p[hook];
  const dest = hook === 'upper' ? 'lower' : 'upper';
  const len = frameLen(f);
  /** Forwarded, or discarded on the way out (BER, or the far side refused it). */
  const count = (err: Sent | 'ber'): void => {
    if (err === null) (h.stats.fwdFrames++, (h.stats.fwdOctets += len));
    else (h.stats.outDiscFrames++, (h.stats.outDiscOctets += len));
    ctx.state.generation++;
  };
  if (!(h.cfg.bandwidth || p.delay || h.cfg.duplicate || h.cfg.ber)) {
    // The shortcut: straight through, the far side's errno back to the sender.
    const err = ctx.send(vnet, n, dest, f);
    count(err);
    return err;
  }
  const survive = h.cfg.ber ? (1 - 1 / h.cfg.ber) ** (8 * (p.overhead + len)) : 1;
  let busyUs = 0;
  let draws = 0;
  let more = true;
  while (more) {
    // Either a duplicate goes on and the original stays at the head, or the original goes.
    more = h.cfg.duplicate > 0 && Math.floor(draw(n, hook, draws++) * 100) <= h.cfg.duplicate;
    if (h.cfg.bandwidth) busyUs += ((len + p.overhead) * 8_000_000) / h.cfg.bandwidth;
    if (h.cfg.ber && draw(n, hook, draws++) >= survive) {
      count('ber');
      continue;
    }
    count(ctx.after(busyUs + p.delay, () => ctx.send(vnet, n, dest, f)));
  }
  // Queued frames are the pipe's: the sender sees success whatever happens to them.
  return null;
};

/** random() for the pipe: a uniform draw in [0, 1) from the node, the hook, what it has counted and the draw's number. */
function draw(n: SimNode, hook: 'upper' | 'lower', k: number): number {
  const s = pipeOf(n)[hook].stats;
  let x = Math.imul(n.id, 0x9e3779b1) ^ Math.imul(s.fwdFrames + 1, 0x85ebca6b) ^ Math.imul(s.outDiscFrames + 7, 0xc2b2ae35) ^ Math.imul(k + (hook === 'upper' ? 11 : 13), 0x27d4eb2f);
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
}

/** What a frame entering the pipe on `hook` meets: the node's delay and framing, that hook's settings. */
export function pipeParams(n: SimNode, hook: 'upper' | 'lower'): { delayUs: number; overheadBytes: number; cfg: PipeHookConfig } {
  const p = pipeOf(n);
  return { delayUs: p.delay, overheadBytes: p.overhead, cfg: { ...p[hook].cfg } };
}

/** The configuration as a snapshot reports it (downstream = the upper hook's settings). */
export function pipeConfig(n: SimNode): { delay: number; overhead: number; headerOffset: number; downstream: PipeHookConfig; upstream: PipeHookConfig } {
  const p = n.pipe ?? newPipe();
  return { delay: p.delay, overhead: p.overhead, headerOffset: p.headerOffset, downstream: { ...p.upper.cfg }, upstream: { ...p.lower.cfg } };
}

const U64 = 2n ** 64n;
const MINUS_ONE_64 = U64 - 1n;
const MINUS_ONE_32 = 0xffffffff;
const NUMBER = /^([-+]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/;

function word(v: NgValue | undefined): { neg: boolean; body: bigint } {
  const w = v !== undefined && 'word' in v ? v.word : '';
  const m = NUMBER.exec(w);
  if (m === null) throw new SimErrno('EINVAL', `bad number ${w}`);
  const b = m[2] as string;
  const body = /^0[xX]/.test(b) ? BigInt(b) : b.length > 1 && b.startsWith('0') ? BigInt(`0o${b.slice(1)}`) : BigInt(b);
  return { neg: m[1] === '-', body };
}

/** ng_parse_uint64_type: strtoq (clamped to the int64 range), kept as the unsigned 64-bit value. */
function u64(v: NgValue | undefined): bigint {
  const { neg, body } = word(v);
  const max = 2n ** 63n - 1n;
  const s = neg ? (body > max + 1n ? -(max + 1n) : -body) : body > max ? max : body;
  return BigInt.asUintN(64, s);
}

/** ng_parse_uint32_type: strtoul into a long, refused outside [-2^31, 2^32-1], kept as the unsigned 32-bit value. */
function u32(v: NgValue | undefined): number {
  const { neg, body } = word(v);
  const s = neg ? -body : body;
  if (s < -(2n ** 31n) || s > 0xffffffffn) throw new SimErrno('EINVAL', 'out of range');
  return Number(BigInt.asUintN(32, s));
}

const TOP = ['bandwidth', 'delay', 'header_offset', 'overhead', 'downstream', 'upstream'] as const;
const HOOK = ['bandwidth', 'BER', 'queuelen', 'delaylen', 'duplicate', 'fifo', 'drr', 'wfq', 'droptail', 'drophead'] as const;

/** A hook config struct from the message: every field, absent ones 0 (ng_parse fills defaults). */
function hookArgs(v: NgValue | undefined): Record<(typeof HOOK)[number], bigint> {
  const f = v === undefined ? new Map<string, NgValue>() : asStruct(v, HOOK);
  const get = (k: (typeof HOOK)[number], wide: boolean): bigint => (f.has(k) ? (wide ? u64(f.get(k)) : BigInt(u32(f.get(k)))) : 0n);
  return Object.fromEntries(HOOK.map((k) => [k, get(k, k === 'bandwidth' || k === 'BER')])) as Record<(typeof HOOK)[number], bigint>;
}

/** parse_cfg: one hook's settings. */
function parseCfg(cur: PipeHookConfig, nw: ReturnType<typeof hookArgs>): void {
  const m32 = BigInt(MINUS_ONE_32);
  if (nw.BER === MINUS_ONE_64) cur.ber = 0;
  else if (nw.BER >= 1n && nw.BER <= 1_000_000_000_000n) cur.ber = Number(nw.BER);
  if (nw.queuelen === m32) cur.qinSizeLimit = 0;
  else if (nw.queuelen >= 5n) cur.qinSizeLimit = Number(nw.queuelen);
  if (nw.delaylen === m32) cur.qoutSizeLimit = 0;
  else if (nw.delaylen >= 5n) cur.qoutSizeLimit = Number(nw.delaylen);
  if (nw.duplicate === m32) cur.duplicate = 0;
  else if (nw.duplicate > 0n && nw.duplicate <= 50n) cur.duplicate = Number(nw.duplicate);
  if (nw.fifo !== 0n) Object.assign(cur, { fifo: 1, wfq: 0, drr: 0 });
  if (nw.wfq !== 0n) Object.assign(cur, { fifo: 0, wfq: 1, drr: 0 });
  if (nw.drr !== 0n) Object.assign(cur, { fifo: 0, wfq: 0, drr: nw.drr >= 32n ? Number(nw.drr) : 2048 });
  if (nw.droptail !== 0n) Object.assign(cur, { droptail: 1, drophead: 0 });
  if (nw.drophead !== 0n) Object.assign(cur, { droptail: 0, drophead: 1 });
  if (nw.bandwidth === MINUS_ONE_64) Object.assign(cur, { bandwidth: 0, fifo: 1, wfq: 0, drr: 0 });
  else if (nw.bandwidth >= 100n && nw.bandwidth <= 1_000_000_000n) cur.bandwidth = Number(nw.bandwidth);
}

/** NGM_PIPE_SET_CFG. */
function setcfg(c: NgCaller, n: SimNode, a: NgValue | undefined): null {
  const f = asStruct(a, TOP);
  const p = pipeOf(n);
  const delay = f.has('delay') ? u64(f.get('delay')) : 0n;
  const bw = f.has('bandwidth') ? u64(f.get('bandwidth')) : 0n;
  const overhead = f.has('overhead') ? u32(f.get('overhead')) : 0;
  const offset = f.has('header_offset') ? u32(f.get('header_offset')) : 0;
  const down = hookArgs(f.get('downstream'));
  const up = hookArgs(f.get('upstream'));
  if (delay === MINUS_ONE_64) p.delay = 0;
  else if (delay > 0n && delay < 10_000_000n) p.delay = Number(delay);
  if (bw === MINUS_ONE_64) {
    p.upper.cfg.bandwidth = 0;
    p.lower.cfg.bandwidth = 0;
    p.overhead = 0;
  } else if (bw >= 100n && bw <= 1_000_000_000n) {
    p.upper.cfg.bandwidth = Number(bw);
    p.lower.cfg.bandwidth = Number(bw);
    p.overhead = bw >= 10_000_000n ? 8 + 4 + 12 : 10; // Ethernet, else HDLC framing
  }
  if (overhead === MINUS_ONE_32) p.overhead = 0;
  else if (overhead > 0 && overhead < 256) p.overhead = overhead;
  if (offset === MINUS_ONE_32) p.headerOffset = 0;
  else if (offset > 0 && offset < 64) p.headerOffset = offset;
  parseCfg(p.upper.cfg, down);
  parseCfg(p.lower.cfg, up);
  c.state.generation++;
  return null;
}

/** A hook config as ng_unparse prints it; null (omitted) when every field is 0. */
function hookText(h: PipeHookConfig, bandwidth: number): string | null {
  const fields: [string, string | null][] = [
    ['bandwidth', num(bandwidth)], ['BER', num(h.ber)], ['queuelen', num(h.qinSizeLimit)], ['delaylen', num(h.qoutSizeLimit)],
    ['duplicate', num(h.duplicate)], ['fifo', num(h.fifo)], ['drr', num(h.drr)], ['wfq', num(h.wfq)],
    ['droptail', num(h.droptail)], ['drophead', num(h.drophead)],
  ];
  return fields.some(([, v]) => v !== null) ? unparseStruct(fields) : null;
}

/** NGM_PIPE_GET_CFG: equal bandwidths are reported once, at the top. */
function getcfg(_c: NgCaller, n: SimNode): string {
  const p = pipeOf(n);
  const same = p.upper.cfg.bandwidth === p.lower.cfg.bandwidth;
  return unparseStruct([
    ['bandwidth', num(same ? p.upper.cfg.bandwidth : 0)],
    ['delay', num(p.delay)],
    ['header_offset', num(p.headerOffset)],
    ['overhead', num(p.overhead)],
    ['downstream', hookText(p.upper.cfg, same ? 0 : p.upper.cfg.bandwidth)],
    ['upstream', hookText(p.lower.cfg, same ? 0 : p.lower.cfg.bandwidth)],
  ]);
}

/** A struct of numbers under ng_pipe.h's ASCII names; null when all are 0. */
function numbers(pairs: [string, number][]): string | null {
  return pairs.some(([, v]) => v !== 0) ? unparseStruct(pairs.map(([k, v]) => [k, num(v)])) : null;
}

function statsText(n: SimNode): string {
  const p = pipeOf(n);
  const one = (h: SimPipeHook): string | null => numbers([
    ['FwdOctets', h.stats.fwdOctets], ['FwdFrames', h.stats.fwdFrames], ['queueDropOctets', h.stats.inDiscOctets],
    ['queueDropFrames', h.stats.inDiscFrames], ['delayDropOctets', h.stats.outDiscOctets], ['delayDropFrames', h.stats.outDiscFrames],
  ]);
  return unparseStruct([['downstream', one(p.upper)], ['upstream', one(p.lower)]]);
}

function clearStats(c: NgCaller, n: SimNode): void {
  const p = pipeOf(n);
  p.upper.stats = zeroHook().stats;
  p.lower.stats = zeroHook().stats;
  c.state.generation++;
}

function runText(_c: NgCaller, n: SimNode): string {
  const p = pipeOf(n);
  const one = (h: SimPipeHook): string | null => numbers([
    ['queues', h.run.fifoQueues], ['queuedOctets', h.run.qinOctets], ['queuedFrames', h.run.qinFrames],
    ['delayedOctets', h.run.qoutOctets], ['delayedFrames', h.run.qoutFrames],
  ]);
  return unparseStruct([['downstream', one(p.upper)], ['upstream', one(p.lower)]]);
}

/** ngp_cmds, with NGM_PIPE_* numbers from ng_pipe.h. */
export const PIPE: Record<string, MsgDef> = {
  getstats: { cmd: 1, run: (_c, n) => statsText(n) },
  clrstats: { cmd: 2, run: (c, n) => (clearStats(c, n), null) },
  getclrstats: { cmd: 3, run: (c, n) => { const t = statsText(n); clearStats(c, n); return t; } },
  getrun: { cmd: 4, run: runText },
  getcfg: { cmd: 5, run: getcfg },
  setcfg: { cmd: 6, args: true, run: setcfg },
};
