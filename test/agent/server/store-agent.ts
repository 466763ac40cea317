// A real agent with a data folder over a fresh emulated host (a state file),
// as the method tests over the WebSocket need it: clients that have had their
// hello, `sh` to change the host the way an admin would, and a cleanup that
// closes every client and agent and removes the folders after each test.
import { afterEach } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAgent, type RunningAgent } from '../../../agent/server/agent.js';
import { fileSimBackend } from '../../../agent/host/sim/backend.js';
import { newState } from '../../../agent/host/sim/new-state.js';
import { runCommand } from '../../../agent/host/sim/cmd/index.js';
import { withState } from '../../../agent/host/sim/store.js';
import type { SimState } from '../../../agent/host/sim/state.js';
import { openStore } from '../../../agent/store/index.js';
import type { ErrorFrame, ServerFrame } from '../../../shared/protocol/rpc.js';
import { connect, TOKEN, type Client } from './helpers.js';

export interface StoreAgent {
  agent: RunningAgent;
  port: number;
  stateFile: string;
  dataDir: string;
  /** A new client, after its hello. */
  client(): Promise<Client>;
  /** How many host commands the agent's backend has run. */
  runs(): number;
  /** Runs one emulated command on the host, as a shell would. */
  sh(argv: string[]): ReturnType<typeof runCommand>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** Starts the agent over `state` (an empty host by default) with a data folder; it is stopped after the test. */
export async function startStoreAgent(state: SimState = newState()): Promise<StoreAgent> {
  const dir = mkdtempSync(join(tmpdir(), 'ngstudio-store-agent-'));
  const stateFile = join(dir, 'state.json');
  writeFileSync(stateFile, JSON.stringify(state));
  const uiDir = join(dir, 'ui');
  mkdirSync(uiDir);
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html>');
  const dataDir = join(dir, 'data');
  const backend = fileSimBackend(stateFile);
  const agent = await startAgent({ backend, pollMs: 20, host: '127.0.0.1', port: 0, token: TOKEN, uiDir, log: () => {}, store: await openStore(dataDir) });
  const clients: Client[] = [];
  cleanups.push(async () => {
    for (const c of clients) c.ws.close();
    await agent.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    agent,
    port: agent.server.port,
    stateFile,
    dataDir,
    async client() {
      const c = await connect(agent.server.port);
      clients.push(c);
      await c.next((f) => f.type === 'hello');
      return c;
    },
    runs: () => backend.runCount(),
    sh: (argv) => withState(stateFile, (s) => runCommand(s, argv)),
  };
}

/** The result a frame carries; any other frame fails the test. */
export function resultOf<T = unknown>(f: ServerFrame): T {
  if (f.type !== 'result') throw new Error(`expected a result, got ${JSON.stringify(f)}`);
  return f.result as T;
}

/** The error a frame carries; any other frame fails the test. */
export function errorOf(f: ServerFrame): ErrorFrame['error'] {
  if (f.type !== 'error') throw new Error(`expected an error, got ${JSON.stringify(f)}`);
  return (f as ErrorFrame).error;
}
