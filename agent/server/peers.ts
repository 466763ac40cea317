// This agent as a client of its peer agents: one WebSocket to each peer's /ws,
// its hello and patches relayed to this agent's browser clients tagged with
// the peer's id, requests addressed to a peer forwarded to it. Each peer is
// connecting, live, lost (retried with capped, jittered backoff) or refused
// (its agent rejected the token or our Host: not retried). One peer's trouble
// never touches another's or the local view. Tokens stay inside the URLs.
import WebSocket, { type RawData } from 'ws';
import { applyPatch } from '../../shared/model/diff.js';
import { backoffDelay, type BackoffOptions } from '../../shared/protocol/backoff.js';
import { patchProblem } from '../../shared/protocol/validate.js';
import type { HelloFrame, MethodName, PatchFrame, PeerState, PeerStateFrame, ServerFrame, WireError } from '../../shared/protocol/rpc.js';
import type { HostSnapshot } from '../../shared/model/snapshot.js';
import type { PeerSpec } from './peer-url.js';

export type { PeerSpec } from './peer-url.js';

export interface PeerOptions {
  /** Sends a frame to this agent's browser clients. */
  broadcast: (frame: ServerFrame) => void;
  log: (line: string) => void;
  backoff?: BackoffOptions;
  random?: () => number;
  /** Ping interval; a peer that did not pong since the last ping is dropped (and retried). */
  heartbeatMs?: number;
  /** How long an upgrade may take before the peer counts as lost. */
  handshakeMs?: number;
}

export type CallOutcome = { result: unknown } | { error: WireError };

export interface Peers {
  /** What a newly joined browser client needs: each peer's state, then the last hello (kept current) of each peer that had one. */
  frames(): ServerFrame[];
  /** Forwards a request to a peer and resolves with its answer (or why there is none). */
  call(peer: string, method: MethodName, params: unknown): Promise<CallOutcome>;
  close(): void;
}

/** Peers are slower to come back than a browser tab: start at 0.5 s, at most 30 s apart. */
export const PEER_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 30_000 };
/** Hellos of big hosts are big; a peer is trusted (the user gave its token), but not without bound. */
const MAX_PEER_FRAME = 256 * 1024 * 1024;

interface Link {
  spec: PeerSpec;
  state: PeerState;
  message: string | null;
  retryInMs: number | null;
  ws: WebSocket | null;
  hello: HelloFrame | null;
  attempt: number;
  timer: ReturnType<typeof setTimeout> | null;
  pending: Map<number, (o: CallOutcome) => void>;
  nextId: number;
  resyncing: boolean;
}

const unavailable = (message: string): CallOutcome => ({ error: { code: 'peer-unavailable', message } });

function rawText(d: RawData): string {
  if (Array.isArray(d)) return Buffer.concat(d).toString('utf8');
  return Buffer.from(d as ArrayBuffer).toString('utf8');
}

/** Why an upgrade was answered with an HTTP status instead. */
export function statusMessage(status: number): string {
  if (status === 401) return 'HTTP 401: the peer agent refused the token (wrong, or from an earlier start of that agent)';
  if (status === 403) return 'HTTP 403: the peer agent refused this address (its Host check; connect to the address it listens on)';
  if (status === 503) return 'HTTP 503: the peer agent is not ready';
  return `HTTP ${status}: not an ngstudio agent's /ws`;
}

/** Starts connecting to every peer; returns at once (nothing waits for a peer). */
export function startPeers(specs: PeerSpec[], o: PeerOptions): Peers {
  const backoff = o.backoff ?? PEER_BACKOFF;
  const random = o.random ?? Math.random;
  let closed = false;
  const links = new Map<string, Link>();
  for (const spec of specs) {
    links.set(spec.id, { spec, state: 'connecting', message: null, retryInMs: null, ws: null, hello: null, attempt: 0, timer: null, pending: new Map(), nextId: 1, resyncing: false });
  }

  const stateFrame = (l: Link): PeerStateFrame => ({ type: 'peer-state', peer: l.spec.id, address: l.spec.address, state: l.state, message: l.message, retryInMs: l.retryInMs });

  function setState(l: Link, state: PeerState, message: string | null, retryInMs: number | null): void {
    const changed = state !== l.state || message !== l.message;
    Object.assign(l, { state, message, retryInMs });
    if (changed) {
      const retry = retryInMs === null ? '' : `; retrying in ${(retryInMs / 1000).toFixed(1)} s`;
      o.log(`ngstudio: peer ${l.spec.id} (${l.spec.address}): ${state}${message ? ` (${message})` : ''}${retry}`);
    }
    o.broadcast(stateFrame(l));
  }

  function failPending(l: Link, why: string): void {
    for (const resolve of l.pending.values()) resolve(unavailable(why));
    l.pending.clear();
  }

  function send(l: Link, method: MethodName, params: unknown): Promise<CallOutcome> {
    const ws = l.ws;
    if (ws === null || ws.readyState !== WebSocket.OPEN) return Promise.resolve(unavailable(`peer ${l.spec.id} (${l.spec.address}) is not connected`));
    const id = l.nextId++;
    return new Promise((resolve) => {
      l.pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** The peer's patch did not follow on from what we hold: fetch its snapshot and hand clients a fresh hello. */
  async function resync(l: Link): Promise<void> {
    l.resyncing = true;
    try {
      const out = await send(l, 'snapshot', {});
      if ('result' in out && l.hello !== null) {
        l.hello = { ...l.hello, snapshot: out.result as HostSnapshot };
        o.broadcast({ type: 'peer-hello', peer: l.spec.id, hello: l.hello });
      }
    } finally {
      l.resyncing = false;
    }
  }

  function onPatch(l: Link, f: PatchFrame): void {
    const cur = l.hello;
    if (cur === null || l.resyncing) return;
    const problem = patchProblem(f.patch);
    if (problem !== null) {
      o.log(`ngstudio: peer ${l.spec.id} sent a bad patch (${problem}); resyncing`);
      return void resync(l);
    }
    if (f.from !== cur.snapshot.version) return void resync(l);
    try {
      l.hello = { ...cur, snapshot: applyPatch(cur.snapshot, f.patch, f.to) };
    } catch {
      return void resync(l);
    }
    o.broadcast({ type: 'peer-patch', peer: l.spec.id, frame: f });
  }

  function onMessage(l: Link, data: RawData): void {
    let f: Record<string, unknown>;
    try {
      f = JSON.parse(rawText(data)) as Record<string, unknown>;
    } catch {
      return;
    }
    if (typeof f !== 'object' || f === null) return;
    switch (f.type) {
      case 'hello': {
        const hello = f as unknown as HelloFrame;
        if (typeof hello.snapshot !== 'object' || hello.snapshot === null || typeof hello.host !== 'object') return;
        l.hello = hello;
        l.attempt = 0;
        o.broadcast({ type: 'peer-hello', peer: l.spec.id, hello });
        setState(l, 'live', null, null);
        return;
      }
      case 'patch':
        return onPatch(l, f as unknown as PatchFrame);
      case 'result':
      case 'error': {
        const resolve = typeof f.id === 'number' ? l.pending.get(f.id) : undefined;
        if (resolve === undefined) return;
        l.pending.delete(f.id as number);
        resolve(f.type === 'result' ? { result: f.result } : { error: f.error as WireError });
        return;
      }
      default:
        // Events and a peer's own peer-* frames are not relayed: peers of peers stay theirs.
        return;
    }
  }

  function retry(l: Link, why: string): void {
    const delay = backoffDelay(l.attempt++, random(), backoff);
    setState(l, 'lost', why, delay);
    l.timer = setTimeout(() => {
      l.timer = null;
      connect(l);
    }, delay);
    l.timer.unref?.();
  }

  function connect(l: Link): void {
    if (closed) return;
    if (l.state !== 'connecting') setState(l, 'connecting', l.message, null);
    const ws = new WebSocket(l.spec.url, { handshakeTimeout: o.handshakeMs ?? 10_000, maxPayload: MAX_PEER_FRAME, perMessageDeflate: false, followRedirects: false });
    l.ws = ws;
    let outcome: { state: 'refused' | 'lost'; why: string } | null = null;
    let lastError: string | null = null;
    let alive = true;
    const beat = setInterval(() => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (!alive) {
        outcome ??= { state: 'lost', why: 'the peer stopped answering pings' };
        return void ws.terminate();
      }
      alive = false;
      ws.ping();
    }, o.heartbeatMs ?? 15_000);
    beat.unref?.();
    ws.on('pong', () => (alive = true));
    ws.on('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      outcome = { state: status === 401 || status === 403 ? 'refused' : 'lost', why: statusMessage(status) };
      res.resume();
      ws.terminate();
    });
    // Node's connect errors name the address (ECONNREFUSED 127.0.0.1:7879), never the URL's query.
    ws.on('error', (e) => (lastError = e.message));
    ws.on('message', (data) => onMessage(l, data));
    ws.on('close', (code, reason) => {
      clearInterval(beat);
      if (l.ws === ws) l.ws = null;
      failPending(l, `the connection to peer ${l.spec.id} (${l.spec.address}) closed before it answered`);
      if (closed) return;
      const why = outcome?.why ?? lastError ?? `closed (${code}${reason.length > 0 ? `: ${reason.toString()}` : ''})`;
      if (outcome?.state === 'refused') return setState(l, 'refused', why, null);
      retry(l, why);
    });
  }

  for (const l of links.values()) connect(l);

  return {
    frames() {
      const out: ServerFrame[] = [...links.values()].map(stateFrame);
      // A lost peer's last graph is still shown (its state says it may be stale), as earlier clients keep showing it.
      for (const l of links.values()) if (l.hello !== null) out.push({ type: 'peer-hello', peer: l.spec.id, hello: l.hello });
      return out;
    },
    call(peer, method, params) {
      const l = links.get(peer);
      if (l === undefined) {
        const known = [...links.keys()];
        return Promise.resolve(unavailable(`no peer ${JSON.stringify(peer)} (${known.length > 0 ? `peers: ${known.join(', ')}` : 'this agent has no peers'})`));
      }
      if (l.state !== 'live') return Promise.resolve(unavailable(`peer ${peer} (${l.spec.address}) is ${l.state}${l.message ? `: ${l.message}` : ''}`));
      return send(l, method, params);
    },
    close() {
      closed = true;
      for (const l of links.values()) {
        if (l.timer !== null) clearTimeout(l.timer);
        l.ws?.terminate();
        failPending(l, 'this agent is stopping');
      }
    },
  };
}
