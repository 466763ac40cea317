// The rules of a link's `impair` (after its shape is known good): each number
// within what ng_pipe(4) can set (limits in impair.ts), at the resolution the
// kernel keeps (µs of delay, bits per second), and loss given once per level.
import type { DesignImpair, DesignLink, ImpairDirection, Problem } from './types.js';
import {
  BANDWIDTH_MAX_BPS, BANDWIDTH_MIN_BPS, BER_MAX, DELAY_MAX_US, DUPLICATE_MAX_PCT, OVERHEAD_MAX, QUEUE_MAX, QUEUE_MIN, berForLoss,
} from './impair.js';

type Add = (path: string, field: string, rule: string, message: string) => void;

/** A whole number within [min, max]; otherwise the problem in words. */
function wholeIn(x: number, min: number, max: number, what: string): string | null {
  if (!Number.isInteger(x)) return `must be a whole number of ${what}, not ${x}`;
  if (x < min || x > max) return `must be from ${min} to ${max} ${what}, not ${x}`;
  return null;
}

/** x·scale is a whole number (no finer than the kernel's unit). */
const resolutionOk = (x: number, scale: number): boolean => Math.abs(x * scale - Math.round(x * scale)) < 1e-6;

function checkDirection(d: ImpairDirection, path: string, overhead: number, add: Add): void {
  const at = (k: string): string => `${path}.${k}`;
  if (d.bandwidthKbit !== undefined) {
    const k = d.bandwidthKbit;
    if (k !== 0 && (k * 1000 < BANDWIDTH_MIN_BPS || k * 1000 > BANDWIDTH_MAX_BPS)) {
      add(at('bandwidthKbit'), 'bandwidthKbit', 'impair-range', `must be 0 (no limit) or from ${BANDWIDTH_MIN_BPS / 1000} to ${BANDWIDTH_MAX_BPS / 1000} kbit/s (ng_pipe takes 100 bits/s to 1 Gbit/s), not ${k}`);
    } else if (!resolutionOk(k, 1000)) {
      add(at('bandwidthKbit'), 'bandwidthKbit', 'impair-resolution', `is counted in whole bits per second by ng_pipe: use at most 3 decimals, not ${k}`);
    }
  }
  if (d.lossPct !== undefined) {
    const p = d.lossPct;
    if (p < 0 || p > 100) add(at('lossPct'), 'lossPct', 'impair-range', `must be from 0 to 100 %, not ${p}`);
    else if (p > 0 && berForLoss(p, overhead) > BER_MAX) {
      add(at('lossPct'), 'lossPct', 'impair-range', `${p} % is below the smallest loss ng_pipe can set (its BER stops at 1 in 10^12 bits)`);
    }
  }
  if (d.ber !== undefined) {
    const why = d.ber === 0 ? null : wholeIn(d.ber, 1, BER_MAX, 'bits');
    if (why) add(at('ber'), 'ber', 'impair-range', `(one bit in "ber" is wrong) ${why}; 0 means no bit errors`);
  }
  if (d.lossPct !== undefined && d.ber !== undefined) {
    add(at('ber'), 'ber', 'impair-loss-twice', 'sets loss twice: ng_pipe loses frames through its bit error rate, so give "lossPct" or "ber", not both');
  }
  if (d.queueLen !== undefined) {
    const why = wholeIn(d.queueLen, QUEUE_MIN, QUEUE_MAX, 'frames');
    if (why) add(at('queueLen'), 'queueLen', 'impair-range', `${why} (ng_pipe ignores a queue shorter than ${QUEUE_MIN})`);
  }
  if (d.duplicatePct !== undefined) {
    const why = wholeIn(d.duplicatePct, 0, DUPLICATE_MAX_PCT, '%');
    if (why) add(at('duplicatePct'), 'duplicatePct', 'impair-range', why);
  }
}

/** The problems of one impaired link (`links[i]`). */
export function impairProblems(l: DesignLink & { impair: DesignImpair }, i: number): Problem[] {
  const el = `link ${l.a.node}:${l.a.hook} ↔ ${l.b.node}:${l.b.hook}`;
  const out: Problem[] = [];
  const add: Add = (path, field, rule, message) => {
    const name = path.slice(`links[${i}].`.length);
    out.push({ severity: 'error', path, element: el, field, rule, message: `${el}: ${name} ${message}` });
  };
  const imp = l.impair;
  const path = `links[${i}].impair`;
  if (imp.delayMs !== undefined) {
    const ms = imp.delayMs;
    if (ms < 0 || ms * 1000 > DELAY_MAX_US) add(`${path}.delayMs`, 'delayMs', 'impair-range', `must be from 0 to ${DELAY_MAX_US / 1000} ms (ng_pipe delays less than 10 s), not ${ms}`);
    else if (!resolutionOk(ms, 1000)) add(`${path}.delayMs`, 'delayMs', 'impair-resolution', `is kept in whole microseconds by ng_pipe: use at most 3 decimals, not ${ms}`);
  }
  const overhead = imp.overheadBytes ?? 0;
  if (imp.overheadBytes !== undefined) {
    const why = wholeIn(imp.overheadBytes, 0, OVERHEAD_MAX, 'bytes');
    if (why) add(`${path}.overheadBytes`, 'overheadBytes', 'impair-range', why);
  }
  checkDirection(imp, path, overhead, add);
  for (const dir of ['downstream', 'upstream'] as const) {
    const d = imp[dir];
    if (d) checkDirection(d, `${path}.${dir}`, overhead, add);
  }
  return out;
}
