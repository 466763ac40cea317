// The agent's server: one Node http server for the UI, the API and the
// WebSocket, wired to an observe loop whose changes it pushes as patch frames.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HostBackend } from '../host/backend.js';
import type { Observer } from '../engine/observer.js';
import type { HelloFrame } from '../../shared/protocol/rpc.js';
import { PROTOCOL_VERSION } from '../../shared/protocol/rpc.js';
import { allowedHosts, hostPort } from './auth.js';
import { createRequestHandler } from './http.js';
import { createHub, type Hub, type HubOptions } from './ws.js';
import { createHandlers } from './methods.js';
import { createCaptureService } from './capture-methods.js';
import type { Store } from '../store/index.js';
import type { Peers } from './peers.js';

export interface ServerOptions {
  backend: HostBackend;
  observer: Observer;
  host: string;
  /** 0 picks a free port (see `port` on the result). */
  port: number;
  token: string;
  uiDir: string;
  log?: (line: string) => void;
  /** The data folder (designs, ledger); without it plan/apply/designs.* are unavailable. */
  store?: Store;
  /** Peer agents whose frames are relayed to this server's clients. */
  peers?: Pick<Peers, 'frames' | 'call'>;
  /** Test knobs for the WebSocket limits. */
  limits?: Pick<HubOptions, 'maxPayload' | 'maxFrame' | 'maxBuffered' | 'heartbeatMs'>;
}

export interface RunningServer {
  port: number;
  /** `http://host:port/` (without the token). */
  url: string;
  hub: Hub;
  close(): Promise<void>;
}

/** Starts listening; resolves once the port is bound. Patches are pushed via `hub.broadcast`. */
export async function startServer(o: ServerOptions): Promise<RunningServer> {
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let hosts = new Set<string>();
  const hello = (): HelloFrame | null => {
    const snapshot = o.observer.current();
    if (snapshot === null) return null;
    const { kind: backend, capabilities } = o.backend;
    return { type: 'hello', protocol: PROTOCOL_VERSION, backend, host: snapshot.host, capabilities: [...capabilities], snapshot };
  };
  let hubRef: Hub | null = null;
  const design = o.store && {
    backend: o.backend,
    store: o.store,
    broadcast: (f: Parameters<Hub['broadcast']>[0]) => hubRef?.broadcast(f),
    // A cycle already under way may predate the change: wake runs one that starts after it.
    refresh: () => o.observer.wake(),
  };
  const closers: (() => Promise<void>)[] = [];
  const captures = o.backend.capture ? createCaptureService(o.backend) : null;
  if (captures) closers.push(() => captures.close());
  const handlers = createHandlers({ current: () => o.observer.current(), ...(design ? { design } : {}), onClose: (fn) => closers.push(fn), ...(captures ? { captures: captures.handlers } : {}) });
  // The observer polls often only while someone watches.
  const onClients = (n: number): void => o.observer.setActive(n);
  const hub = createHub({ token: o.token, hosts: () => hosts, hello, handlers, log, onClients, ...(o.peers ? { peers: o.peers } : {}), ...o.limits });
  hubRef = hub;
  const server: Server = createServer(
    createRequestHandler({
      token: o.token,
      hosts: () => hosts,
      uiDir: o.uiDir,
      log,
      pcap: (id) => captures?.pcap(id) ?? null,
      health: () => ({ ok: true, backend: o.backend.kind, version: o.observer.current()?.version ?? 0, clients: hub.clients() }),
    }),
  );
  server.on('upgrade', (req, socket, head) => hub.handleUpgrade(req, socket, head));
  server.on('clientError', (_e, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'EADDRINUSE' ? 'address already in use' : e.code === 'EADDRNOTAVAIL' ? 'no such local address' : e.message;
      hub.close();
      reject(new Error(`cannot listen on ${hostPort(o.host, o.port)}: ${why}`, { cause: e }));
    });
    server.listen(o.port, o.host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(o.host, port);
  return {
    port,
    url: `http://${hostPort(o.host, port)}/`,
    hub,
    close: async () => {
      // Drills under way are restored (and clients told) before the clients go.
      for (const fn of closers) await fn().catch((e: Error) => log(`ngstudio: on shutdown: ${e.message}`));
      await new Promise<void>((resolve) => {
        hub.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
