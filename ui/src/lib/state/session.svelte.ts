// The connection to the agent as a runes class: connects to /ws with the
// page's token, keeps the observed host current from `hello` and `patch`
// frames (resyncing with `snapshot` when a patch does not follow on), offers
// typed requests over AgentMethods and reconnects with capped, jittered backoff.
import { applyPatch, diffSnapshots } from '../../../../shared/model/diff.js';
import { isTrafficOnly } from '../../../../shared/model/traffic.js';
import type { HostSnapshot } from '../../../../shared/model/snapshot.js';
import type { HelloFrame, MethodName, ParamsOf, PatchFrame, PeerHelloFrame, PeerPatchFrame, PeerStateFrame, ResultOf, ServerFrame, WireError } from '../../../../shared/protocol/rpc.js';

/** The frames about peer agents that the agent relays. */
export type PeerFrame = PeerStateFrame | PeerHelloFrame | PeerPatchFrame;
import { backoffDelay, parseServerFrame, snapshotProblem, socketUrl, tokenFromSearch, DEFAULT_BACKOFF } from './frames.js';
import type { BackoffOptions } from './frames.js';

export type ConnectionState = 'connecting' | 'open' | 'closed' | 'refused';
export type ProbeResult = 'refused' | 'up' | 'down';

/** A request the agent answered with an error frame. */
export class AgentError extends Error {
  readonly code: string;
  readonly details: unknown;
  constructor(e: WireError) {
    super(e.message);
    this.name = 'AgentError';
    this.code = e.code;
    this.details = e.details;
  }
}

/** What the session needs from its surroundings; tests pass their own. */
export interface SessionEnv {
  /** The WebSocket URL, or null when the page has no token. */
  url: string | null;
  WebSocket: new (url: string) => WebSocket;
  random: () => number;
  now: () => number;
  /**
   * Asked after an upgrade failed before opening: does the agent answer HTTP
   * and reject our token ('refused'), answer and accept it ('up'), or not answer ('down')?
   */
  probe: () => Promise<ProbeResult>;
  backoff: BackoffOptions;
}

/** The browser's environment: token and host from `location`. */
export function browserEnv(): SessionEnv {
  const token = tokenFromSearch(location.search);
  return {
    url: token === null ? null : socketUrl(location, token),
    WebSocket,
    random: Math.random,
    now: Date.now,
    // The browser hides why an upgrade failed; the token-checked health API tells.
    probe: () =>
      token === null
        ? Promise.resolve('refused')
        : fetch(`/api/health?token=${encodeURIComponent(token)}`, { cache: 'no-store' }).then(
            (r): ProbeResult => (r.status === 401 ? 'refused' : 'up'),
            (): ProbeResult => 'down',
          ),
    backoff: DEFAULT_BACKOFF,
  };
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

/** Counts shown in the status bar. */
export interface HostCounts {
  nodes: number;
  links: number;
  interfaces: number;
  jails: number;
}

/** Counts of a snapshot: links are counted once although both ends list them. */
export function countSnapshot(s: HostSnapshot | null): HostCounts {
  if (s === null) return { nodes: 0, links: 0, interfaces: 0, jails: 0 };
  const hooks = s.netgraph.nodes.reduce((n, x) => n + x.hooks.length, 0);
  return { nodes: s.netgraph.nodes.length, links: Math.floor(hooks / 2), interfaces: s.interfaces.length, jails: s.jails.length };
}

/** One live connection to the agent, with the observed host it streams. */
export class Session {
  /** The observed host, counters and all: replaced by every patch. */
  snapshot = $state.raw<HostSnapshot | null>(null);
  /**
   * The host's shape: the snapshot as of its last change other than traffic.
   * A patch of counters and bridge tables alone (every poll while anything
   * moves) leaves it as it is, so what is derived from the shape — the design,
   * the canvas elements — is not derived again; its counters may be old.
   */
  shape = $state.raw<HostSnapshot | null>(null);
  hello = $state.raw<Omit<HelloFrame, 'snapshot'> | null>(null);
  connection = $state<ConnectionState>('connecting');
  /** Why the connection is not open, in words for the status bar. */
  problem = $state<string | null>(null);
  /** When the observed host last changed (ms since the epoch), null before any change. */
  lastChange = $state<number | null>(null);
  counts = $derived(countSnapshot(this.shape));

  #env: SessionEnv;
  #ws: WebSocket | null = null;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;
  #resyncing = false;
  #listeners = new Map<string, Set<(data: unknown) => void>>();
  #peerListeners = new Set<(f: PeerFrame) => void>();

  constructor(env: SessionEnv) {
    this.#env = env;
  }

  /** Listens to pushed `event` frames named `name` (e.g. apply.progress); returns the unsubscribe function. */
  onEvent(name: string, fn: (data: unknown) => void): () => void {
    const set = this.#listeners.get(name) ?? new Set();
    set.add(fn);
    this.#listeners.set(name, set);
    return () => void set.delete(fn);
  }

  /** Listens to the frames about peer agents; returns the unsubscribe function. */
  onPeerFrame(fn: (f: PeerFrame) => void): () => void {
    this.#peerListeners.add(fn);
    return () => void this.#peerListeners.delete(fn);
  }

  /** Opens the connection (and keeps reopening it until close()). */
  connect(): void {
    if (this.#ws !== null) return; // already connected or connecting
    this.#stopped = false;
    if (this.#env.url === null) {
      this.#refuse('the page address has no ?token=…; open the URL the agent printed');
      return;
    }
    this.connection = 'connecting';
    let opened = false;
    const ws = new this.#env.WebSocket(this.#env.url);
    this.#ws = ws;
    ws.onopen = () => {
      opened = true;
    };
    ws.onmessage = (ev: MessageEvent) => this.#onText(ev.data);
    ws.onclose = (ev: CloseEvent) => {
      if (this.#ws !== ws) return;
      this.#ws = null;
      this.#failPending('connection closed');
      void this.#afterClose(opened, ev.code, ev.reason);
    };
    ws.onerror = () => {
      // Always followed by close, which decides what to do.
    };
  }

  /** Closes the connection for good (no reconnect). */
  close(): void {
    this.#stopped = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const ws = this.#ws;
    this.#ws = null;
    ws?.close();
    this.#failPending('session closed');
    if (this.connection !== 'refused') this.connection = 'closed';
  }

  /** A typed request; rejects with AgentError on an error frame, Error when not connected. */
  request<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    return this.#send(method, params, undefined);
  }

  /** A typed request the agent forwards to its peer agent `peer` (an id from a peer-state frame). */
  requestPeer<M extends MethodName>(peer: string, method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    return this.#send(method, params, peer);
  }

  #send<M extends MethodName>(method: M, params: ParamsOf<M>, peer: string | undefined): Promise<ResultOf<M>> {
    const ws = this.#ws;
    if (ws === null || ws.readyState !== 1) return Promise.reject(new Error(`cannot send ${method}: not connected`));
    const id = this.#nextId++;
    return new Promise<ResultOf<M>>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      ws.send(JSON.stringify(peer === undefined ? { id, method, params } : { id, method, params, peer }));
    });
  }

  #refuse(why: string): void {
    this.connection = 'refused';
    this.problem = why;
  }

  /** After a close: refused (stop), or closed and a reconnect later. */
  async #afterClose(opened: boolean, code: number, reason: string): Promise<void> {
    if (this.#stopped) return;
    // 1008 = policy violation; 4401/4403 = an agent saying "bad token" in close-code form.
    if (code === 1008 || code === 4401 || code === 4403) {
      this.#refuse(`the agent refused the connection${reason ? `: ${reason}` : ''} (is the token current?)`);
      return;
    }
    if (!opened && (await this.#env.probe()) === 'refused') {
      this.#refuse('the agent refused the token in this address: it is wrong or from an earlier start; open the URL the agent printed');
      return;
    }
    if (this.#stopped) return;
    this.connection = 'closed';
    this.problem = opened ? 'connection to the agent lost; reconnecting' : 'agent not reachable; retrying';
    const delay = backoffDelay(this.#attempt++, this.#env.random(), this.#env.backoff);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (!this.#stopped) this.connect();
    }, delay);
  }

  #failPending(why: string): void {
    for (const p of this.#pending.values()) p.reject(new Error(why));
    this.#pending.clear();
  }

  #onText(data: unknown): void {
    const c = parseServerFrame(data);
    if (!c.ok) {
      // A broken frame is the agent's bug; show it, keep the connection.
      this.problem = `ignored a bad frame from the agent: ${c.error}`;
      return;
    }
    this.#onFrame(c.frame);
  }

  #onFrame(f: ServerFrame): void {
    switch (f.type) {
      case 'hello': {
        const { snapshot, ...rest } = f;
        this.hello = rest;
        this.#setSnapshot(snapshot);
        this.connection = 'open';
        this.problem = null;
        this.#attempt = 0;
        return;
      }
      case 'patch':
        return this.#onPatch(f);
      case 'result':
      case 'error': {
        const p = typeof f.id === 'number' ? this.#pending.get(f.id) : undefined;
        if (!p) return;
        this.#pending.delete(f.id as number);
        if (f.type === 'result') p.resolve(f.result);
        else p.reject(new AgentError(f.error));
        return;
      }
      case 'event':
        for (const fn of this.#listeners.get(f.event) ?? []) fn(f.data);
        return;
      case 'peer-state':
      case 'peer-hello':
      case 'peer-patch':
        for (const fn of this.#peerListeners) fn(f);
        return;
    }
  }

  #onPatch(f: PatchFrame): void {
    const cur = this.snapshot;
    if (this.#resyncing) return;
    if (cur === null || f.from !== cur.version) {
      void this.#resync();
      return;
    }
    try {
      this.#setSnapshot(applyPatch(cur, f.patch, f.to), isTrafficOnly(f.patch));
    } catch (e) {
      this.problem = `could not apply a patch (${String(e)}); resyncing`;
      void this.#resync();
    }
  }

  /** Replaces the snapshot after we lost track of versions. */
  async #resync(): Promise<void> {
    this.#resyncing = true;
    try {
      const s = await this.request('snapshot', {});
      const problem = snapshotProblem(s);
      if (problem !== null) throw new Error(problem);
      this.#setSnapshot(s);
    } catch (e) {
      this.problem = `resync failed: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      this.#resyncing = false;
    }
  }

  /**
   * Sets the snapshot; a change of the host (not the first snapshot, not a
   * same-content resync, not traffic alone: counters tick every poll) is stamped
   * and moves the shape. `trafficOnly`: the caller knows it is traffic alone.
   */
  #setSnapshot(s: HostSnapshot, trafficOnly = false): void {
    const prev = this.snapshot;
    this.snapshot = s;
    if (trafficOnly) return;
    const d = prev === null ? null : diffSnapshots(prev, s);
    if (d !== null && !isTrafficOnly(d)) this.lastChange = this.#env.now();
    if (prev === null || (d !== null && !isTrafficOnly(d))) this.shape = s;
  }
}
