// A running agent: backend → observe loop → server, wired so every observed
// change is pushed to the connected clients as one patch frame.
import { createObserver, type Observer } from '../engine/observer.js';
import { startServer, type RunningServer, type ServerOptions } from './index.js';
import type { Hub } from './ws.js';

export interface AgentOptions extends Omit<ServerOptions, 'observer' | 'log'> {
  pollMs: number;
  log: (line: string) => void;
}

export interface RunningAgent {
  server: RunningServer;
  observer: Observer;
  /** Stops polling, closes the server and the backend. */
  close(): Promise<void>;
}

/** Observes the host once (a failure rejects: nothing to serve), then serves and polls. */
export async function startAgent(o: AgentOptions): Promise<RunningAgent> {
  await o.backend.observe();
  let hub: Hub | null = null;
  const observer = createObserver({
    backend: o.backend,
    pollMs: o.pollMs,
    onChange: (c) => hub?.broadcast({ type: 'patch', from: c.from, to: c.to, patch: c.patch }),
    onError: (e) => {
      o.log(`ngstudio: observing the host failed: ${e.message}`);
      // Clients keep the last good graph; the event tells them it may be stale.
      hub?.broadcast({ type: 'event', event: 'observe-error', data: { message: e.message } });
    },
  });
  await observer.cycle();
  const server = await startServer({ ...o, observer });
  hub = server.hub;
  await observer.start();
  return {
    server,
    observer,
    async close() {
      observer.stop();
      await server.close();
      await o.backend.close();
    },
  };
}

