// Traffic as the page sees it: every snapshot the session receives is a
// counter reading (rates.ts), and a clock ticking once a second moves `now`,
// so rates fall back to zero when the counters stop moving. What depends on
// rates reads `now` (and `readings`) to follow them.
import type { HostSnapshot } from '../../../../shared/model/snapshot.js';
import { RateTracker } from '../graph/rates.js';
import type { RateOptions } from '../graph/rates.js';

export class Traffic {
  readonly rates: RateTracker;
  /** The time rates are computed for (ms since the epoch). */
  now = $state(0);
  /** Grows by one with every snapshot read. */
  readings = $state(0);
  #clock: () => number;
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(clock: () => number = Date.now, options: Partial<RateOptions> = {}) {
    this.#clock = clock;
    this.rates = new RateTracker(options);
    this.now = clock();
  }

  /** Reads the counters of a snapshot as they arrive. */
  observe(s: HostSnapshot | null): void {
    if (s === null) return;
    const t = Math.max(this.#clock(), this.now);
    this.rates.observe(s, t);
    this.now = t;
    this.readings++;
  }

  /** Starts the once-a-second clock; returns the function that stops it. */
  start(everyMs = 1000): () => void {
    this.stop();
    this.#timer = setInterval(() => (this.now = Math.max(this.#clock(), this.now)), everyMs);
    return () => this.stop();
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }
}
