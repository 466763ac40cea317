// Event-driven observing where FreeBSD announces changes. devd(8) copies
// every kernel devctl event to the clients of its sockets, one event per
// line; an interface that attaches, detaches, is renamed or changes link
// state arrives as `!system=IFNET subsystem=em0 type=ATTACH` (devctl_notify(9)
// in sys/net/if.c). On such a line the agent observes at once instead of
// waiting for the next poll. Without devd (not running, no permission) it
// keeps retrying with backoff and the poll alone keeps the view current.
//
// devd offers the same stream on two sockets (sbin/devd/devd.cc):
// /var/run/devd.seqpacket.pipe (SOCK_SEQPACKET, one event per record) and
// /var/run/devd.pipe (SOCK_STREAM, events back to back, each ending in a
// newline). Node's net module can only connect to stream unix sockets, so
// this reads devd.pipe and splits it into lines itself.
import { createConnection, type Socket } from 'node:net';

/** True for a devd line that announces a network interface change (any IFNET notify event). */
export function isIfnetEvent(line: string): boolean {
  return /^!system=IFNET(\s|$)/.test(line);
}

export interface DevdWatchOptions {
  /** The devd stream socket to read. */
  path: string;
  /** Called once per burst of interface events (debounced), and after a reconnect (events may have been missed). */
  onEvent: () => void;
  log?: (line: string) => void;
  /** Wait after the first event of a burst before calling onEvent (default 50 ms). */
  debounceMs?: number;
  /** Reconnect delays: the first, doubled up to the most (default 1 s … 60 s). */
  retryMs?: { first: number; max: number };
}

export interface DevdWatch {
  /** True while connected to devd. */
  connected(): boolean;
  /** Disconnects and stops retrying. Idempotent. */
  close(): void;
}

/** A line longer than this is not a devctl event (the kernel's DEVCTL_MAXBUF is 8192): dropped. */
const MAX_LINE = 64 * 1024;

/** Connects to devd's stream socket and calls onEvent on interface events; never throws. */
export function watchDevd(o: DevdWatchOptions): DevdWatch {
  const debounceMs = o.debounceMs ?? 50;
  const retry = o.retryMs ?? { first: 1000, max: 60_000 };
  let socket: Socket | null = null;
  let isConnected = false;
  let everConnected = false;
  let closed = false;
  let delay = retry.first;
  let retryTimer: NodeJS.Timeout | null = null;
  let eventTimer: NodeJS.Timeout | null = null;
  let lastProblem: string | null = null;

  /** Fires onEvent `debounceMs` after the first event of a burst (a steady stream cannot starve it). */
  function event(): void {
    if (eventTimer !== null || closed) return;
    eventTimer = setTimeout(() => {
      eventTimer = null;
      if (!closed) o.onEvent();
    }, debounceMs);
  }

  function problem(why: string): void {
    if (why === lastProblem) return;
    lastProblem = why;
    o.log?.(`ngstudio: no devd events from ${o.path} (${why}); retrying, and observing on the poll interval meanwhile`);
  }

  function again(): void {
    if (closed || retryTimer !== null) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
    retryTimer.unref();
    delay = Math.min(delay * 2, retry.max);
  }

  function connect(): void {
    let rest = '';
    const s = createConnection({ path: o.path });
    socket = s;
    s.setEncoding('utf8');
    s.on('connect', () => {
      isConnected = true;
      delay = retry.first;
      lastProblem = null;
      o.log?.(`ngstudio: observing on devd interface events from ${o.path}`);
      if (everConnected) event();
      everConnected = true;
    });
    s.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      if (rest.length > MAX_LINE) rest = '';
      for (const line of lines) if (isIfnetEvent(line)) event();
    });
    s.on('error', (e: NodeJS.ErrnoException) => problem(e.code ?? e.message));
    s.on('close', () => {
      if (socket === s) socket = null;
      if (closed) return;
      if (isConnected) problem('devd closed the connection');
      isConnected = false;
      again();
    });
  }

  connect();
  return {
    connected: () => isConnected,
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (eventTimer) clearTimeout(eventTimer);
      retryTimer = eventTimer = null;
      socket?.destroy();
      socket = null;
    },
  };
}
