// The reconnect delay both ends use (the UI to its agent, an agent to its
// peers): exponential, capped, jittered.

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 250, capMs: 8000 };

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential, capped,
 * with jitter in [half, full] so many tabs do not reconnect in lockstep after
 * an agent restart. `random` is in [0, 1).
 */
export function backoffDelay(attempt: number, random: number, o: BackoffOptions = DEFAULT_BACKOFF): number {
  // NaN fails every comparison, so it is mapped to 0 explicitly rather than clamped.
  const n = Number.isNaN(attempt) ? 0 : Math.max(0, Math.min(Math.floor(attempt), 30));
  const full = Math.min(o.capMs, o.baseMs * 2 ** n);
  const r = Number.isNaN(random) ? 0.5 : Math.min(Math.max(random, 0), 1);
  return Math.round(full / 2 + (full / 2) * r);
}
