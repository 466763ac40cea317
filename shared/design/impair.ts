// Link impairments in design units (ms, kbit/s, %) ↔ the ng_pipe(4)
// configuration in the kernel's units (µs, bits/s, 1/BER), with the limits
// ng_pipe's NGM_PIPE_SET_CFG accepts (sys/netgraph/ng_pipe.c): a delay under
// 10 s, a bandwidth of 100 bits/s to 1 Gbit/s, a BER of 1 to 10^12, a queue of
// at least 5 frames, duplication up to 50 %, a framing overhead under 256 bytes.
//
// Loss: ng_pipe has no loss percentage. It drops a frame of N bytes when one
// of its bits is in error: with a bit error rate of 1/BER that happens with
// probability 1 - (1 - 1/BER)^(8 (N + overhead)). So `lossPct` is turned into
// the BER that loses that percentage of full-size Ethernet frames (1514 bytes:
// a 1500-byte MTU plus the 14-byte header, as an eiface hands them over).
// Smaller frames are lost less often (a 98-byte ping about 15 times less at
// 1 %); that is how ng_pipe works, and the README says so.
import type { PipeConfig, PipeHookConfig } from '../model/snapshot.js';
import type { DesignImpair, ImpairDirection } from './types.js';

/** ng_pipe takes a delay below 10 000 000 µs. */
export const DELAY_MAX_US = 9_999_999;
/** ng_pipe's bandwidth range in bits per second. */
export const BANDWIDTH_MIN_BPS = 100;
export const BANDWIDTH_MAX_BPS = 1_000_000_000;
/** ng_pipe's BER range (one bit in BER is in error). */
export const BER_MAX = 1_000_000_000_000;
/** ng_pipe ignores a queue length below 5; -1 (the largest u_int32) means 0. */
export const QUEUE_MIN = 5;
export const QUEUE_MAX = 4_294_967_294;
/** ng_pipe's default inbound queue length on a new hook. */
export const QUEUE_DEFAULT = 50;
export const DUPLICATE_MAX_PCT = 50;
export const OVERHEAD_MAX = 255;
/** The frame `lossPct` is exact for: 1500-byte MTU + 14-byte Ethernet header. */
export const FULL_FRAME_BYTES = 1514;

/** The per-direction fields, in the order they are read, shown and written. */
export const DIRECTION_FIELDS = ['bandwidthKbit', 'lossPct', 'ber', 'queueLen', 'duplicatePct'] as const;

/** The BER that loses `pct` % of full-size frames (each counted with `overhead` bytes of framing). */
export function berForLoss(pct: number, overhead = 0): number {
  if (pct >= 100) return 1;
  const bits = 8 * (FULL_FRAME_BYTES + overhead);
  const perBit = -Math.expm1(Math.log1p(-pct / 100) / bits);
  return Math.max(1, Math.round(1 / perBit));
}

/** The % of full-size frames a BER loses (the inverse of berForLoss, for labels). */
export function lossForBer(ber: number, overhead = 0): number {
  const bits = 8 * (FULL_FRAME_BYTES + overhead);
  return -Math.expm1(bits * Math.log1p(-1 / ber)) * 100;
}

/** One direction's fields: the direction block's, else the impairment's own (loss and BER count as one setting). */
export function directionOf(impair: DesignImpair, dir: 'downstream' | 'upstream'): ImpairDirection {
  const own = impair[dir] ?? {};
  const out: ImpairDirection = {};
  const pick = <K extends keyof ImpairDirection>(k: K): void => {
    const v = own[k] ?? impair[k];
    if (v !== undefined) out[k] = v;
  };
  pick('bandwidthKbit');
  pick('queueLen');
  pick('duplicatePct');
  const lossFrom = own.lossPct !== undefined || own.ber !== undefined ? own : impair;
  if (lossFrom.lossPct !== undefined) out.lossPct = lossFrom.lossPct;
  if (lossFrom.ber !== undefined) out.ber = lossFrom.ber;
  return out;
}

/** A new hook's configuration (ng_pipe newhook: queue 50, fifo, drop tail). */
export function defaultHookConfig(): PipeHookConfig {
  return { bandwidth: 0, ber: 0, qinSizeLimit: QUEUE_DEFAULT, qoutSizeLimit: 0, duplicate: 0, fifo: 1, drr: 0, wfq: 0, droptail: 1, drophead: 0 };
}

function hookConfigOf(d: ImpairDirection, overhead: number): PipeHookConfig {
  const c = defaultHookConfig();
  if (d.bandwidthKbit !== undefined) c.bandwidth = Math.round(d.bandwidthKbit * 1000);
  if (d.ber !== undefined) c.ber = d.ber;
  else if (d.lossPct !== undefined && d.lossPct > 0) c.ber = berForLoss(d.lossPct, overhead);
  if (d.queueLen !== undefined) c.qinSizeLimit = d.queueLen;
  if (d.duplicatePct !== undefined) c.duplicate = d.duplicatePct;
  return c;
}

/** The ng_pipe configuration an impairment asks for (downstream = frames from link end a to b). */
export function pipeConfigOf(impair: DesignImpair): PipeConfig {
  const overhead = impair.overheadBytes ?? 0;
  return {
    delay: impair.delayMs === undefined ? 0 : Math.round(impair.delayMs * 1000),
    overhead,
    headerOffset: 0,
    downstream: hookConfigOf(directionOf(impair, 'downstream'), overhead),
    upstream: hookConfigOf(directionOf(impair, 'upstream'), overhead),
  };
}

/** The configuration seen from the other side (upper and lower swapped). */
export function reversedConfig(c: PipeConfig): PipeConfig {
  return { ...c, downstream: c.upstream, upstream: c.downstream };
}

/** Whether a direction's settings are ones a design can say (fifo, drop tail, no delay-line limit …). */
function expressible(h: PipeHookConfig): boolean {
  return h.fifo === 1 && h.drr === 0 && h.wfq === 0 && h.droptail === 1 && h.drophead === 0 && h.qoutSizeLimit === 0
    && h.qinSizeLimit >= QUEUE_MIN && h.qinSizeLimit <= QUEUE_MAX && h.duplicate <= DUPLICATE_MAX_PCT
    && (h.bandwidth === 0 || (h.bandwidth >= BANDWIDTH_MIN_BPS && h.bandwidth <= BANDWIDTH_MAX_BPS)) && h.ber <= BER_MAX;
}

function directionFields(h: PipeHookConfig): ImpairDirection {
  const d: ImpairDirection = {};
  if (h.bandwidth !== 0) d.bandwidthKbit = h.bandwidth / 1000;
  if (h.ber !== 0) d.ber = h.ber;
  if (h.qinSizeLimit !== QUEUE_DEFAULT) d.queueLen = h.qinSizeLimit;
  if (h.duplicate !== 0) d.duplicatePct = h.duplicate;
  return d;
}

/**
 * The impairment an observed ng_pipe stands for, or null when its settings go
 * beyond what a design says (wfq/drr queues, drop head, a delay-line limit, an
 * IP header offset): such a pipe stays an ordinary node of the design.
 * Settings equal in both directions go to the top level, the rest per direction.
 */
export function impairOf(c: PipeConfig): DesignImpair | null {
  if (c.headerOffset !== 0 || c.delay > DELAY_MAX_US || c.overhead > OVERHEAD_MAX) return null;
  if (!expressible(c.downstream) || !expressible(c.upstream)) return null;
  const down = directionFields(c.downstream);
  const up = directionFields(c.upstream);
  const out: DesignImpair = {};
  if (c.delay !== 0) out.delayMs = c.delay / 1000;
  if (c.overhead !== 0) out.overheadBytes = c.overhead;
  const downOnly: ImpairDirection = {};
  const upOnly: ImpairDirection = {};
  for (const k of DIRECTION_FIELDS) {
    if (down[k] === up[k]) {
      if (down[k] !== undefined) out[k] = down[k];
      continue;
    }
    if (down[k] !== undefined) downOnly[k] = down[k];
    if (up[k] !== undefined) upOnly[k] = up[k];
  }
  if (Object.keys(downOnly).length > 0) out.downstream = downOnly;
  if (Object.keys(upOnly).length > 0) out.upstream = upOnly;
  return out;
}

/** Two configurations that make the kernel behave the same. */
export function sameConfig(a: PipeConfig, b: PipeConfig): boolean {
  const hook = (x: PipeHookConfig, y: PipeHookConfig): boolean => (Object.keys(x) as (keyof PipeHookConfig)[]).every((k) => x[k] === y[k]);
  return a.delay === b.delay && a.overhead === b.overhead && a.headerOffset === b.headerOffset
    && hook(a.downstream, b.downstream) && hook(a.upstream, b.upstream);
}

/** Two impairments (or none) that ask for the same pipe: `lossPct: 1` and the `ber` it maps to are the same. */
export function sameImpair(a: DesignImpair | undefined, b: DesignImpair | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return sameConfig(pipeConfigOf(a), pipeConfigOf(b));
}

const num = (n: number): string => String(Number(n.toPrecision(6)));

function directionWords(d: ImpairDirection, overhead: number): string[] {
  const w: string[] = [];
  if (d.bandwidthKbit !== undefined) w.push(d.bandwidthKbit === 0 ? 'no rate limit' : `${num(d.bandwidthKbit)} kbit/s`);
  if (d.lossPct !== undefined) w.push(`${num(d.lossPct)}% loss`);
  // A BER in the loss it means for full-size frames, the way lossPct is given.
  if (d.ber !== undefined) w.push(d.ber === 0 ? 'no bit errors' : `${num(lossForBer(d.ber, overhead))}% loss (BER 1/${d.ber})`);
  if (d.duplicatePct !== undefined) w.push(`${d.duplicatePct}% dup`);
  if (d.queueLen !== undefined) w.push(`queue ${d.queueLen}`);
  return w;
}

/** A short text for a link label and plan descriptions: `50 ms · 1000 kbit/s · br0→ng_test2 1% loss`. */
export function impairSummary(impair: DesignImpair, a = 'a', b = 'b'): string {
  const w: string[] = [];
  if (impair.delayMs !== undefined) w.push(`${num(impair.delayMs)} ms`);
  const overhead = impair.overheadBytes ?? 0;
  w.push(...directionWords(impair, overhead));
  if (impair.overheadBytes !== undefined) w.push(`+${impair.overheadBytes} B/frame`);
  const down = directionWords(impair.downstream ?? {}, overhead);
  const up = directionWords(impair.upstream ?? {}, overhead);
  if (down.length > 0) w.push(`${a}→${b} ${down.join(' ')}`);
  if (up.length > 0) w.push(`${b}→${a} ${up.join(' ')}`);
  return w.length === 0 ? 'pipe, no impairment' : w.join(' · ');
}
