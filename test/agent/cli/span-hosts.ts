// Test helpers for designs spanning hosts: emulated hosts, each with its own
// state file, data folder and real agent on a loopback port; the CLI run as
// a real process against them.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAgent, type RunningAgent } from '../../../agent/server/agent.js';
import { fileSimBackend } from '../../../agent/host/sim/backend.js';
import { withState } from '../../../agent/host/sim/store.js';
import { openStore } from '../../../agent/store/index.js';
import type { SimState } from '../../../agent/host/sim/state.js';
import { newState } from '../../../agent/host/sim/new-state.js';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = join(ROOT, 'bin/ngstudio.mjs');
const TOKEN = 'span0123456789abcdef0123456789abcdef';

export interface EmulatedHost {
  name: string;
  stateFile: string;
  dataDir: string;
  agent: RunningAgent | null;
  /** The agent's URL with its token, as `serve` prints it. */
  url: string;
  /** Runs an emulated command on this host. */
  sim(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  change(f: (s: SimState) => void): Promise<void>;
}

/** Runs `ngstudio ARGS` as a process; NGSTUDIO_SIM_STATE as given. */
export function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NGSTUDIO_SIM_STATE: '', ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** A new emulated host named `name` with em0 at `address`/24 on the wire in `dir`/wire; with `agent`, its agent is started. */
export async function emulatedHost(dir: string, name: string, address: string, agent: boolean): Promise<EmulatedHost> {
  const stateFile = join(dir, `${name}.json`);
  const dataDir = join(dir, `${name}-data`);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(stateFile, JSON.stringify(newState({ hostname: name })));
  const sim = (args: string[]): ReturnType<typeof cli> => cli(['sim', ...args], { NGSTUDIO_SIM_STATE: stateFile });
  const up = await cli(['sim', '--wire', join(dir, 'wire'), 'ifconfig', 'em0', 'inet', `${address}/24`], { NGSTUDIO_SIM_STATE: stateFile });
  if (up.code !== 0) throw new Error(up.stderr);
  const h: EmulatedHost = { name, stateFile, dataDir, agent: null, url: '', sim, change: (f) => withState(stateFile, (s) => void (f(s), s.generation++)) };
  if (agent) {
    const uiDir = join(dir, 'ui');
    mkdirSync(uiDir, { recursive: true });
    writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>ngstudio</title>');
    h.agent = await startAgent({ backend: fileSimBackend(stateFile), pollMs: 20, host: '127.0.0.1', port: 0, token: TOKEN, uiDir, log: () => {}, store: await openStore(dataDir) });
    h.url = `${h.agent.server.url}?token=${TOKEN}`;
  }
  return h;
}
