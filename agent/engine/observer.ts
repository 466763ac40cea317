// The observe loop: polls a backend, numbers the snapshots (the version grows
// by one per change), keeps the current one and reports a patch only when
// something changed. A failed observation is reported and the loop goes on.
// It polls often only while someone watches (setActive), rarely otherwise,
// and observes at once when told the host changed (wake).
import type { HostBackend } from '../host/backend.js';
import type { HostSnapshot } from '../../shared/model/snapshot.js';
import type { SnapshotPatch } from '../../shared/model/patch.js';
import { diffSnapshots } from '../../shared/model/diff.js';

/** A change between two numbered snapshots. */
export interface ObservedChange {
  from: number;
  to: number;
  patch: SnapshotPatch;
  snapshot: HostSnapshot;
}

export interface ObserverOptions {
  backend: HostBackend;
  /** Delay between the end of one cycle and the start of the next while a client watches, in ms. */
  pollMs: number;
  /**
   * The same delay while no client watches (setActive(0)), only to keep
   * drift known. Absent: pollMs whether or not anyone watches.
   */
  idlePollMs?: number;
  onChange?: (c: ObservedChange) => void;
  /** Called once when observing starts failing and once per distinct message after that. */
  onError?: (e: Error) => void;
}

export interface Observer {
  /** The current snapshot (null before the first successful observation). */
  current(): HostSnapshot | null;
  /** Runs one observation now (waits for a running one instead of overlapping it). */
  cycle(): Promise<void>;
  /**
   * Observes in a cycle that starts after this call (a running cycle may have
   * read the host before the change that prompted it, so one more follows
   * it); wakes that arrive meanwhile share it. The poll timer restarts from
   * its end. Resolves when that cycle is done; never rejects.
   */
  wake(): Promise<void>;
  /** How many clients watch: from none to some observes at once; none switches to idlePollMs. */
  setActive(clients: number): void;
  /** Observes once (unless a snapshot is already there), then keeps polling until stop(). */
  start(): Promise<void>;
  stop(): void;
}

/** Turns a thrown value into an Error with a message. */
function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/** Creates an observe loop over `backend`; nothing runs until start(), cycle() or wake(). */
export function createObserver(opts: ObserverOptions): Observer {
  let snapshot: HostSnapshot | null = null;
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = true;
  let lastError: string | null = null;
  let clients = 0;

  async function observeOnce(): Promise<void> {
    let next: HostSnapshot;
    try {
      next = await opts.backend.observe();
    } catch (e) {
      const err = asError(e);
      // Report a persisting failure once, not every poll: it would flood the log.
      if (err.message !== lastError) opts.onError?.(err);
      lastError = err.message;
      return;
    }
    lastError = null;
    if (snapshot === null) {
      snapshot = { ...next, version: 1 };
      return;
    }
    const patch = diffSnapshots(snapshot, next);
    if (patch === null) return;
    const from = snapshot.version;
    snapshot = { ...next, version: from + 1 };
    try {
      opts.onChange?.({ from, to: from + 1, patch, snapshot });
    } catch (e) {
      // A listener's bug must not stop the loop; it is reported like a failed cycle.
      opts.onError?.(asError(e));
    }
  }

  function cycle(): Promise<void> {
    // Never two observations at once: a slow host must not pile up cycles.
    running ??= observeOnce().finally(() => {
      running = null;
    });
    return running;
  }

  const interval = (): number => (clients > 0 || opts.idlePollMs === undefined ? opts.pollMs : opts.idlePollMs);

  /** (Re)starts the wait before the next timed cycle, from now. */
  function arm(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (stopped) return;
    timer = setTimeout(() => {
      timer = null;
      void cycle().then(arm);
    }, interval());
  }

  function wake(): Promise<void> {
    if (running === null) return cycle().then(arm);
    queued ??= running.then(() => {
      queued = null;
      return cycle().then(arm);
    });
    return queued;
  }

  return {
    current: () => snapshot,
    cycle,
    wake,
    setActive(n) {
      const was = clients;
      clients = n;
      if (stopped) return;
      if (was === 0 && n > 0) void wake();
      else if (was > 0 && n === 0) arm();
    },
    async start() {
      if (!stopped) return;
      stopped = false;
      if (snapshot === null) await cycle();
      arm();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
