// Shared pieces of the per-type modules (types/*.ts): the shape of an ASCII
// control message, node settings and per-hook counters kept on the node, and
// the interface a node is bound to.
import { SimErrno } from '../../errno.js';
import type { SimIfnet, SimNode } from '../../state.js';
import type { NgValue } from '../ngparse.js';
import type { NgCaller } from '../ops.js';

/** One ASCII command: its number, whether it takes arguments, and its handler (null = no reply). */
export interface MsgDef {
  cmd: number;
  args?: boolean;
  run(c: NgCaller, n: SimNode, a: NgValue | undefined): string | null;
}

export const cfg = (n: SimNode): Record<string, unknown> => (n.config ??= {});
export const cfgNum = (n: SimNode, k: string, dflt: number): number => (typeof cfg(n)[k] === 'number' ? (cfg(n)[k] as number) : dflt);
export const INT32: [number, number] = [-0x80000000, 0x7fffffff];

/** The interface a node (eiface, iface, ether) is bound to; ENXIO when it is gone. */
export function ifnetOf(c: NgCaller, n: SimNode): SimIfnet {
  const i = c.state.ifnets.find((x) => x.id === n.ifnet);
  if (i === undefined) throw new SimErrno('ENXIO', 'node has no interface');
  return i;
}

/** Adds to one of a hook's counters (kept only when non-zero). */
export function hookCount(n: SimNode, hook: string, key: string, by = 1): void {
  if (by === 0) return;
  const h = ((n.stats ??= {})[hook] ??= {});
  h[key] = (h[key] ?? 0) + by;
}

/** A hook's counter (0 when never counted). */
export const hookStat = (n: SimNode, hook: string, key: string): number => n.stats?.[hook]?.[key] ?? 0;

/** Forgets a hook's counters (the link was freed, or clrstats). */
export function hookClear(n: SimNode, hook: string): void {
  if (n.stats === undefined) return;
  delete n.stats[hook];
  if (Object.keys(n.stats).length === 0) delete n.stats;
}
