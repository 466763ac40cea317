// The CLI as a client of peer agents, for `plan` and `apply` of a design that
// spans hosts: one WebSocket to each peer's /ws, its hello (hostname and
// snapshot) awaited, requests answered one by one. Failing to reach a peer
// is an error naming its address (never its token); nothing is retried. A
// peer that stops answering WebSocket pings (its host hung, its agent
// stopped) is dropped, and every call waiting on it fails saying so: a long
// apply is never cut short, a dead peer never waits for ever.
import WebSocket, { type RawData } from 'ws';
import type { HelloFrame, MethodName, ParamsOf, ResultOf, WireError } from '../../shared/protocol/rpc.js';
import { statusMessage } from '../server/peers.js';
import type { PeerSpec } from '../server/peer-url.js';

/** A peer request answered with an error frame. */
export class PeerCallError extends Error {
  override name = 'PeerCallError';
  constructor(readonly peer: string, readonly wire: WireError) {
    super(`${peer}: ${wire.message}`);
  }
}

/** A connected peer agent. */
export interface PeerClient {
  spec: PeerSpec;
  hello: HelloFrame;
  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  close(): void;
}

const text = (d: RawData): string => (Array.isArray(d) ? Buffer.concat(d) : Buffer.from(d as ArrayBuffer)).toString('utf8');

/** Connects to a peer and waits for its hello; rejects with the reason in words. */
export function connectPeer(spec: PeerSpec, o: { timeoutMs?: number; heartbeatMs?: number } = {}): Promise<PeerClient> {
  const who = `peer ${spec.id} (${spec.address})`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(spec.url, { handshakeTimeout: o.timeoutMs ?? 10_000, maxPayload: 256 * 1024 * 1024, perMessageDeflate: false, followRedirects: false });
    const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
    let nextId = 1;
    let hello: HelloFrame | null = null;
    let why: string | null = null;
    const timer = setTimeout(() => ((why = `sent no hello within ${(o.timeoutMs ?? 10_000) / 1000} s`), ws.terminate()), o.timeoutMs ?? 10_000);
    ws.on('unexpected-response', (_req, res) => {
      why = statusMessage(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.on('error', (e) => void (why ??= e.message));
    // Ping on an interval; no pong since the last one: the peer is gone.
    let alive = true;
    const heartbeat = setInterval(() => {
      if (!alive) {
        why ??= `stopped answering pings for ${(2 * (o.heartbeatMs ?? 15_000)) / 1000} s`;
        ws.terminate();
        return;
      }
      alive = false;
      if (ws.readyState === WebSocket.OPEN) ws.ping();
    }, o.heartbeatMs ?? 15_000);
    heartbeat.unref();
    ws.on('pong', () => void (alive = true));
    ws.on('close', () => {
      clearTimeout(timer);
      clearInterval(heartbeat);
      const reason = `${who} is unreachable: ${why ?? 'the connection closed'}`;
      if (hello === null) return reject(new Error(reason));
      for (const p of pending.values()) p.reject(new Error(`${who}: ${why ?? 'the connection closed'} before it answered`));
      pending.clear();
    });
    ws.on('message', (data) => {
      let f: Record<string, unknown>;
      try {
        f = JSON.parse(text(data)) as Record<string, unknown>;
      } catch {
        return;
      }
      if (f.type === 'hello' && hello === null) {
        clearTimeout(timer);
        hello = f as unknown as HelloFrame;
        const h = hello;
        return resolve({
          spec, hello: h,
          call: (method, params) => new Promise((res, rej) => {
            if (ws.readyState !== WebSocket.OPEN) return rej(new Error(`${who} is not connected`));
            const id = nextId++;
            pending.set(id, { resolve: res as (v: unknown) => void, reject: rej });
            ws.send(JSON.stringify({ id, method, params }));
          }),
          close: () => ws.close(),
        });
      }
      if ((f.type === 'result' || f.type === 'error') && typeof f.id === 'number') {
        const p = pending.get(f.id);
        if (!p) return;
        pending.delete(f.id);
        if (f.type === 'result') p.resolve(f.result);
        else p.reject(new PeerCallError(who, f.error as WireError));
      }
    });
  });
}
