// The emulated host's clock: milliseconds of uptime, as the kernel's
// time_uptime and ticks would give. Wall time passes between commands;
// commands that wait (ping's interval, its final wait) advance the clock
// instead of sleeping. ARP expiry, bridge host ages and DAD read it.
import type { SimState } from './state.js';

/** The clock record, created on first use (older state files have none). */
function clockOf(state: SimState): NonNullable<SimState['clock']> {
  if (state.clock === undefined) {
    state.clock = { boot: Date.now(), skew: 0 };
    state.generation++;
  }
  return state.clock;
}

/** Emulated uptime in ms (never negative, never backwards for one state). */
export function now(state: SimState): number {
  const c = clockOf(state);
  return c.frozen ? c.skew : Math.max(0, Date.now() - c.boot) + c.skew;
}

/** Lets `ms` of emulated time pass without sleeping (a simulated wait). */
export function advance(state: SimState, ms: number): void {
  if (ms <= 0) return;
  clockOf(state).skew += ms;
  state.generation++;
}

/** Whole seconds since `then` (the kernel's once-per-second counters). */
export function secondsSince(state: SimState, then: number): number {
  return Math.max(0, Math.floor((now(state) - then) / 1000));
}
