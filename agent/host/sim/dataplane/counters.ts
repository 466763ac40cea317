// Traffic counters kept in the emulated state: an ifnet's if_data counters
// (ipackets, ibytes, opackets, obytes, ierrors, oerrors, iqdrops, oqdrops,
// imcasts, omcasts) and an address's (netstat -i address rows). Only
// non-zero counters are stored, to keep the state file small.
import type { SimIfAddr, SimIfnet, SimState } from '../state.js';

/** Adds to one of an interface's counters. */
export function ifCount(state: SimState, ifp: SimIfnet, key: string, by = 1): void {
  if (by === 0) return;
  const s = (ifp.stats ??= {});
  s[key] = (s[key] ?? 0) + by;
  state.generation++;
}

/** An interface counter (0 when never counted). */
export const ifStat = (ifp: SimIfnet, key: string): number => ifp.stats?.[key] ?? 0;

/** Adds to an address's counters (ipackets/ibytes on input, opackets/obytes on output). */
export function addrCount(state: SimState, a: SimIfAddr, key: string, by = 1): void {
  const s = (a.stats ??= {});
  s[key] = (s[key] ?? 0) + by;
  state.generation++;
}

/** An address counter (0 when never counted). */
export const addrStat = (a: SimIfAddr, key: string): number => a.stats?.[key] ?? 0;
