// The WebSocket side of the agent: upgrade checks before a client joins,
// hello + patch pushes, validated request dispatch, and the limits that keep
// one bad or slow client from hurting the agent (payload, buffer, heartbeat).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import type { HelloFrame, ServerFrame } from '../../shared/protocol/rpc.js';
import { errorFrame, parseRequest } from '../../shared/protocol/validate.js';
import { checkUpgrade, type Refusal } from './auth.js';
import { dispatch, type ClientRef, type Handlers } from './methods.js';
import type { Peers } from './peers.js';

export interface HubOptions {
  token: string;
  /** Host header values accepted (known once the server listens). */
  hosts: () => Set<string>;
  /** The first frame for a new client, or null while the host is not observed yet. */
  hello: () => HelloFrame | null;
  handlers: Handlers;
  /** Peer agents: their frames follow the hello, and requests naming a peer go to it. */
  peers?: Pick<Peers, 'frames' | 'call'>;
  log: (line: string) => void;
  /** Hard frame limit enforced by ws: a bigger frame closes the socket (1009). */
  maxPayload?: number;
  /** Frames above this (but under maxPayload) get a `too-large` error reply. */
  maxFrame?: number;
  /** A client whose unsent data exceeds this is dropped rather than buffered. */
  maxBuffered?: number;
  /** Ping interval; a client that did not pong since the last ping is dropped. */
  heartbeatMs?: number;
  /** Told the number of clients (after their hello) whenever it changes. */
  onClients?: (n: number) => void;
}

export interface Hub {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Sends a frame to every client that has had its hello. */
  broadcast(frame: ServerFrame): void;
  clients(): number;
  close(): void;
}

const STATUS_TEXT: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' };

/** Answers a refused upgrade with a plain HTTP response and closes the socket. */
function refuse(socket: Duplex, r: Refusal | { status: 503; reason: string }): void {
  const body = `${r.reason}\n`;
  socket.end(
    `HTTP/1.1 ${r.status} ${STATUS_TEXT[r.status]}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** Byte length of a received message whatever form ws hands it over in. */
function rawLength(d: RawData): number {
  if (Array.isArray(d)) return d.reduce((n, b) => n + b.length, 0);
  return d instanceof ArrayBuffer ? d.byteLength : d.length;
}

function rawText(d: RawData): string {
  if (Array.isArray(d)) return Buffer.concat(d).toString('utf8');
  return Buffer.from(d as ArrayBuffer).toString('utf8');
}

/** Creates the WebSocket hub (ws in noServer mode: refused clients never join). */
export function createHub(o: HubOptions): Hub {
  const maxFrame = o.maxFrame ?? 64 * 1024;
  const maxBuffered = o.maxBuffered ?? 8 * 1024 * 1024;
  const wss = new WebSocketServer({ noServer: true, maxPayload: o.maxPayload ?? 1024 * 1024, clientTracking: false });
  const clients = new Set<WebSocket>();
  const alive = new WeakMap<WebSocket, boolean>();
  let told = 0;
  const count = (): void => {
    if (clients.size === told) return;
    told = clients.size;
    o.onClients?.(told);
  };

  function sendText(ws: WebSocket, text: string): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > maxBuffered) {
      o.log(`ngstudio: dropping a client that does not read (${ws.bufferedAmount} bytes unsent)`);
      ws.terminate();
      return;
    }
    ws.send(text);
  }
  const send = (ws: WebSocket, frame: ServerFrame): void => sendText(ws, JSON.stringify(frame));

  async function onMessage(ws: WebSocket, client: ClientRef, data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) return send(ws, errorFrame(null, 'bad-frame', 'binary frames are not accepted; send JSON text'));
    const size = rawLength(data);
    if (size > maxFrame) return send(ws, errorFrame(null, 'too-large', `frame of ${size} bytes exceeds the ${maxFrame}-byte limit`));
    const check = parseRequest(rawText(data));
    if (!check.ok) return send(ws, check.frame);
    const { id, method, params, peer } = check.frame;
    const out =
      peer === undefined
        ? await dispatch(o.handlers, method, params, client)
        : o.peers
          ? await o.peers.call(peer, method, params)
          : { error: { code: 'peer-unavailable' as const, message: `no peer ${JSON.stringify(peer)} (this agent has no peers)` } };
    send(ws, 'result' in out ? { type: 'result', id, result: out.result } : { type: 'error', id, error: out.error });
  }

  function join(ws: WebSocket): void {
    ws.on('error', (e) => o.log(`ngstudio: client error: ${e.message}`));
    const hello = o.hello();
    if (hello === null) return void ws.close(1013, 'host not observed yet');
    alive.set(ws, true);
    clients.add(ws);
    const closers: (() => void)[] = [];
    const client: ClientRef = { send: (f) => send(ws, f), onClose: (fn) => void closers.push(fn) };
    ws.on('pong', () => alive.set(ws, true));
    ws.on('close', () => {
      clients.delete(ws);
      for (const fn of closers.splice(0)) fn();
      count();
    });
    ws.on('message', (data, isBinary) => {
      onMessage(ws, client, data, isBinary).catch((e: unknown) => o.log(`ngstudio: request failed: ${String(e)}`));
    });
    send(ws, hello);
    for (const f of o.peers?.frames() ?? []) send(ws, f);
    count();
  }

  const beat = setInterval(() => {
    for (const ws of clients) {
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, o.heartbeatMs ?? 30_000);
  beat.unref();

  return {
    handleUpgrade(req, socket, head) {
      socket.on('error', () => socket.destroy());
      const url = new URL(req.url ?? '/', 'http://agent.invalid');
      if (url.pathname !== '/ws') return refuse(socket, { status: 404, reason: 'no WebSocket endpoint here; use /ws' });
      const refusal = checkUpgrade(req, url, o.token, o.hosts());
      if (refusal) {
        o.log(`ngstudio: refused a WebSocket client: ${refusal.reason}`);
        return refuse(socket, refusal);
      }
      wss.handleUpgrade(req, socket, head, join);
    },
    broadcast(frame) {
      const text = JSON.stringify(frame);
      for (const ws of clients) sendText(ws, text);
    },
    clients: () => clients.size,
    close() {
      clearInterval(beat);
      for (const ws of clients) ws.terminate();
      clients.clear();
      count();
      wss.close();
    },
  };
}
