// Test helpers: a real agent on port 0 over a sim state file, and a real
// `ws` client that queues frames and reports refused upgrades by status.
import { mkdtempSync, writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startAgent, type RunningAgent } from '../../../agent/server/agent.js';
import { fileSimBackend } from '../../../agent/host/sim/backend.js';
import type { ServerFrame } from '../../../shared/protocol/rpc.js';
import type { SimState } from '../../../agent/host/sim/state.js';
import { fixtureState } from '../engine/sim-fixture.js';

export const TOKEN = 'a'.repeat(20) + '0123456789abcdef0123456789abcdef01234567890';

export interface TestAgent {
  agent: RunningAgent;
  dir: string;
  stateFile: string;
  uiDir: string;
  port: number;
  /** Writes a new state (generation bumped) the way a command would. */
  write(mutate: (s: SimState) => void): void;
  logs: string[];
}

/** Starts an agent over a fresh fixture state file with a tiny built UI. */
export async function startTestAgent(limits?: Parameters<typeof startAgent>[0]['limits']): Promise<TestAgent> {
  const dir = mkdtempSync(join(tmpdir(), 'ngstudio-server-test-'));
  const stateFile = join(dir, 'state.json');
  let state = fixtureState();
  writeFileSync(stateFile, JSON.stringify(state));
  const uiDir = join(dir, 'ui');
  mkdirSync(join(uiDir, 'assets'), { recursive: true });
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>ngstudio</title>');
  writeFileSync(join(uiDir, 'assets', 'app.js'), 'console.log(1);');
  writeFileSync(join(dir, 'secret.txt'), 'do not serve');
  const logs: string[] = [];
  const agent = await startAgent({ backend: fileSimBackend(stateFile), pollMs: 10, host: '127.0.0.1', port: 0, token: TOKEN, uiDir, log: (l) => logs.push(l), limits });
  return {
    agent,
    dir,
    stateFile,
    uiDir,
    port: agent.server.port,
    logs,
    write(mutate) {
      state = structuredClone(state);
      mutate(state);
      state.generation++;
      // Atomically, as the store writes: the agent reads under the lock but must never see half a file.
      writeFileSync(`${stateFile}.tmp`, JSON.stringify(state));
      renameSync(`${stateFile}.tmp`, stateFile);
    },
  };
}

export interface Client {
  ws: WebSocket;
  /** The next frame satisfying `pred` (frames before it that do not match are dropped). */
  next(pred?: (f: ServerFrame) => boolean): Promise<ServerFrame>;
  request(id: number | string, method: string, params?: unknown): Promise<ServerFrame>;
  closed: Promise<number>;
}

/** Opens a WebSocket; rejects with `HTTP <status>` when the upgrade is refused. */
export function connect(port: number, opts: { token?: string | null; headers?: Record<string, string>; path?: string; autoPong?: boolean } = {}): Promise<Client> {
  const token = opts.token === undefined ? TOKEN : opts.token;
  const q = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  const ws = new WebSocket(`ws://127.0.0.1:${port}${opts.path ?? '/ws'}${q}`, { headers: opts.headers, autoPong: opts.autoPong ?? true });
  const queue: ServerFrame[] = [];
  let wake: (() => void) | null = null;
  ws.on('message', (d) => {
    queue.push(JSON.parse(String(d)) as ServerFrame);
    wake?.();
  });
  const closed = new Promise<number>((resolve) =>
    ws.on('close', (code) => {
      resolve(code);
      wake?.();
    }),
  );
  async function next(pred: (f: ServerFrame) => boolean = () => true): Promise<ServerFrame> {
    for (;;) {
      const i = queue.findIndex(pred);
      if (i >= 0) return queue.splice(i, 1)[0]!;
      if (ws.readyState === WebSocket.CLOSED) throw new Error('socket closed while waiting for a frame');
      await new Promise<void>((r) => {
        wake = r;
      });
    }
  }
  const client: Client = {
    ws,
    next,
    closed,
    request(id, method, params) {
      ws.send(JSON.stringify(params === undefined ? { id, method } : { id, method, params }));
      return next((f) => (f.type === 'result' || f.type === 'error') && f.id === id);
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`HTTP ${res.statusCode}`));
      ws.terminate();
    });
    ws.once('error', (e) => reject(e));
  });
}
