// A running agent: backend → observe loop → server, wired so every observed
// change is pushed to the connected clients as one patch frame. The loop
// polls often only while a client watches, and observes at once when the
// host's devd announces an interface change.
import { createObserver, type Observer } from '../engine/observer.js';
import { watchDevd, type DevdWatch } from '../engine/devd.js';
import { startServer, type RunningServer, type ServerOptions } from './index.js';
import type { Hub } from './ws.js';
import { startPeers, type PeerOptions, type PeerSpec, type Peers } from './peers.js';

export interface AgentOptions extends Omit<ServerOptions, 'observer' | 'log' | 'peers'> {
  /** Observe interval while a client is connected, in ms. */
  pollMs: number;
  /** Observe interval while none is; absent: pollMs either way. */
  idlePollMs?: number;
  log: (line: string) => void;
  /** Peer agents to connect to (their frames are relayed to this agent's clients). */
  peers?: PeerSpec[];
  /** Test knobs for the peer connections. */
  peerOptions?: Omit<PeerOptions, 'broadcast' | 'log'>;
}

export interface RunningAgent {
  server: RunningServer;
  observer: Observer;
  /** The devd event stream being read, or null when the backend has none. */
  devd: DevdWatch | null;
  /** Stops polling, closes the server and the backend. */
  close(): Promise<void>;
}

/** Observes the host once (a failure rejects: nothing to serve), then serves and polls. */
export async function startAgent(o: AgentOptions): Promise<RunningAgent> {
  let hub: Hub | null = null;
  let firstError: Error | null = null;
  const observer = createObserver({
    backend: o.backend,
    pollMs: o.pollMs,
    ...(o.idlePollMs !== undefined ? { idlePollMs: o.idlePollMs } : {}),
    onChange: (c) => hub?.broadcast({ type: 'patch', from: c.from, to: c.to, patch: c.patch }),
    onError: (e) => {
      if (hub === null) return void (firstError = e);
      o.log(`ngstudio: observing the host failed: ${e.message}`);
      // Clients keep the last good graph; the event tells them it may be stale.
      hub.broadcast({ type: 'event', event: 'observe-error', data: { message: e.message } });
    },
  });
  await observer.cycle();
  if (observer.current() === null) throw firstError ?? new Error('observing the host failed');
  const specs = o.peers ?? [];
  const peers: Peers | null = specs.length === 0 ? null : startPeers(specs, { ...o.peerOptions, broadcast: (f) => hub?.broadcast(f), log: o.log });
  let server;
  try {
    const { peers: _specs, peerOptions: _knobs, ...serverOptions } = o;
    server = await startServer({ ...serverOptions, observer, ...(peers ? { peers } : {}) });
  } catch (e) {
    peers?.close();
    throw e;
  }
  hub = server.hub;
  await observer.start();
  const devd = o.backend.devdSocket === undefined ? null : watchDevd({ path: o.backend.devdSocket, onEvent: () => void observer.wake(), log: o.log });
  return {
    server,
    observer,
    devd,
    async close() {
      devd?.close();
      observer.stop();
      peers?.close();
      await server.close();
      await o.backend.close();
    },
  };
}
