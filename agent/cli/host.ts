// Opens the host a CLI command works on: the emulated host over a state file
// (given, or a fresh one in a temporary folder) or in memory, or the real
// FreeBSD host through its commands (the freebsd backend; `serve` uses it).
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { HostBackend } from '../host/backend.js';
import { fileSimBackend, memorySimBackend } from '../host/sim/backend.js';
import { withState } from '../host/sim/store.js';
import { newState } from '../host/sim/new-state.js';
import { seedDemo } from '../host/sim/demo.js';
import { freebsdBackend } from '../host/freebsd/backend.js';
import { choice, UsageError } from './args.js';

export type BackendChoice = 'auto' | 'sim' | 'freebsd';

export interface OpenedHost {
  backend: HostBackend;
  /** The state file emulated commands can share, or null (in memory / freebsd). */
  stateFile: string | null;
  /** One-line notes for the user (e.g. an ignored --demo). */
  notes: string[];
  /** Closes the backend and removes a temporary state folder. */
  cleanup(): Promise<void>;
}

/** auto → freebsd on FreeBSD, sim elsewhere (commands that can open either backend use this). */
export function chooseBackend(choice: BackendChoice, platform: string = process.platform): 'sim' | 'freebsd' {
  return choice === 'auto' ? (platform === 'freebsd' ? 'freebsd' : 'sim') : choice;
}

/** How the freebsd backend is opened from the command line. */
export interface FreebsdHostOptions {
  binDir?: string;
  /** Read traffic counters and bridge tables (default true; `--no-counters` turns it off). */
  counters?: boolean;
  /** Where the backend's notes go (what the host could not tell, said once each). */
  onNote?: (note: string) => void;
  /** devd's stream socket, instead of /var/run/devd.pipe. */
  devdSocket?: string;
}

/** Opens the real host through its commands, found on PATH or in `binDir` (e.g. the emulated commands). */
export function openFreebsdHost(o: FreebsdHostOptions = {}): OpenedHost {
  const backend = freebsdBackend({
    ...(o.binDir !== undefined ? { binDir: resolve(o.binDir) } : {}),
    ...(o.counters === false ? { counters: false } : {}),
    ...(o.onNote ? { onNote: o.onNote } : {}),
    ...(o.devdSocket !== undefined ? { devdSocket: resolve(o.devdSocket) } : {}),
  });
  const notes = o.binDir !== undefined ? [`running the host commands from ${resolve(o.binDir)}`] : [];
  return { backend, stateFile: null, notes, cleanup: () => backend.close() };
}

/** Makes sure `file` holds a state: a new one (seeded with the demo if asked) when missing. */
async function ensureStateFile(file: string, demo: boolean, notes: string[]): Promise<void> {
  if (existsSync(file)) {
    if (demo) notes.push(`--demo ignored: ${file} already exists (the demo only seeds a new state)`);
    return;
  }
  if (demo) await seedDemo(file);
  else await withState(file, () => {});
}

export interface SimHostOptions {
  /** Use this state file (created when missing). */
  stateFile?: string;
  /** Without stateFile: make one in a temporary folder (true) or keep the state in memory (false). */
  tempFile: boolean;
  demo: boolean;
}

/** Opens the emulated host as the options say. */
export async function openSimHost(o: SimHostOptions): Promise<OpenedHost> {
  const notes: string[] = [];
  if (o.stateFile === undefined && !o.tempFile) {
    const state = newState();
    if (o.demo) await seedDemo(state);
    const backend = memorySimBackend(state);
    return { backend, stateFile: null, notes, cleanup: () => backend.close() };
  }
  const dir = o.stateFile === undefined ? await mkdtemp(join(tmpdir(), 'ngstudio-sim-')) : null;
  const file = dir === null ? resolve(o.stateFile as string) : join(dir, 'state.json');
  await ensureStateFile(file, o.demo, notes);
  const backend = fileSimBackend(file);
  return {
    backend,
    stateFile: file,
    notes,
    async cleanup() {
      await backend.close();
      if (dir !== null) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The host options every command that observes or changes the host accepts. */
export interface HostFlags {
  backend?: string;
  'sim-state'?: string;
  'bin-dir'?: string;
  demo?: boolean;
  'no-counters'?: boolean;
}

/**
 * Opens the host a command works on, sim or freebsd, as --backend says
 * (auto: freebsd on FreeBSD, sim elsewhere); refuses options of the other
 * backend. The sim's state file defaults to $NGSTUDIO_SIM_STATE.
 */
export async function openHost(cmd: string, v: HostFlags, o: { tempFile: boolean; env?: NodeJS.ProcessEnv; onNote?: (note: string) => void }): Promise<OpenedHost & { kind: 'sim' | 'freebsd' }> {
  const kind = chooseBackend(choice(cmd, 'backend', v.backend, ['auto', 'sim', 'freebsd'] as const, 'auto'));
  if (kind === 'freebsd') {
    if (v['sim-state'] !== undefined || v.demo) throw new UsageError(`${cmd}: --sim-state and --demo are for the emulated host (--backend sim), not --backend freebsd`);
    return { kind, ...openFreebsdHost({ binDir: v['bin-dir'], counters: !v['no-counters'], ...(o.onNote ? { onNote: o.onNote } : {}) }) };
  }
  if (v['bin-dir'] !== undefined) throw new UsageError(`${cmd}: --bin-dir names the commands of --backend freebsd; the sim backend runs none`);
  if (v['no-counters']) throw new UsageError(`${cmd}: --no-counters is for --backend freebsd (the sim backend runs no commands)`);
  const stateFile = v['sim-state'] ?? (o.env?.NGSTUDIO_SIM_STATE || undefined);
  return { kind, ...(await openSimHost({ stateFile, tempFile: o.tempFile, demo: v.demo ?? false })) };
}
