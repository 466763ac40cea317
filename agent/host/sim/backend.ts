// The sim backend: the emulated FreeBSD host as a HostBackend, either over a
// SimState it holds in memory or over a state file that emulated commands in
// other processes change (read under the store's lock).
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { HostBackend, HostRunResult } from '../backend.js';
import type { HostSnapshot } from '../../../shared/model/snapshot.js';
import './kernel.js';
import type { SimState } from './state.js';
import { simSnapshot } from './snapshot.js';
import { runCommand } from './cmd/index.js';
import { spawner } from './cmd/main.js';
import { jailReap } from './jails.js';
import { withState } from './store.js';
import { acquireLock, loadState } from './store.js';
import { simCapture } from './capture.js';

export const SIM_CAPABILITIES: readonly string[] = ['observe', 'emulated', 'apply', 'capture'];

/** A sim backend that can run emulated commands, counting them (each stands for one process on FreeBSD). */
export interface RunningSimBackend extends HostBackend {
  run(argv: string[], opts?: { stdin?: string }): Promise<HostRunResult>;
  /** How many commands `run` started so far (tests and the bench read it). */
  runCount(): number;
}

/** A sim backend over a state held in memory; `state` is live (mutate it, bump generation). */
export interface MemorySimBackend extends RunningSimBackend {
  readonly state: SimState;
}

/** Runs one emulated command line on `state`; stdin feeds `ngctl -f -`. */
function runOn(state: SimState, argv: string[], stdin: string | undefined): Promise<HostRunResult> {
  return runCommand(state, argv, { readStdin: async () => stdin ?? '' });
}

/** Caches the snapshot of one generation so unchanged states are not converted again. */
function snapshotCache(): (s: SimState) => HostSnapshot {
  let gen: number | null = null;
  let snap: HostSnapshot | null = null;
  return (s) => {
    if (snap === null || s.generation !== gen) {
      snap = simSnapshot(s);
      gen = s.generation;
    }
    return snap;
  };
}

/**
 * Reads a state file under the store's lock, the way emulated commands do.
 * Never creates the file (withState would start a fresh host): a file that
 * vanished is an error the observer reports.
 */
export async function readLockedState(file: string): Promise<SimState> {
  const lock = await acquireLock(file);
  try {
    const state = await loadState(file);
    if (state === null) throw new Error(`emulated host state file ${file}: does not exist`);
    return state;
  } finally {
    await lock.release();
  }
}

/** A sim backend over an in-memory state. */
export function memorySimBackend(state: SimState): MemorySimBackend {
  const toSnapshot = snapshotCache();
  let runs = 0;
  return {
    kind: 'sim',
    capabilities: SIM_CAPABILITIES,
    state,
    observe: async () => toSnapshot(state),
    run: (argv, opts) => (runs++, runOn(state, argv, opts?.stdin)),
    runCount: () => runs,
    capture: (target, o) => simCapture(async (fn) => fn(state), target, o),
    close: async () => {},
  };
}

/**
 * A sim backend over a state file. A poll stats the file first and reads
 * nothing when it did not change; a read whose generation is unchanged reuses
 * the last snapshot. A missing or broken file fails the observation clearly.
 */
export function fileSimBackend(file: string, read: (file: string) => Promise<SimState> = readLockedState): RunningSimBackend {
  const toSnapshot = snapshotCache();
  let stamp = '';
  let last: HostSnapshot | null = null;
  let tracked = false;
  let runs = 0;
  return {
    kind: 'sim',
    capabilities: SIM_CAPABILITIES,
    // Under the state file's lock, like an emulated command run by another process.
    // Programs that are not emulated (exec.* hooks) run for real, as under `ngstudio sim`.
    run: (argv, opts) => (runs++, withState(file, (s, session) => runCommand(s, argv, { readStdin: async () => opts?.stdin ?? '', env: { PATH: process.env.PATH }, external: spawner(file, session) }))),
    runCount: () => runs,
    capture: (target, o) => simCapture((fn) => withState(file, (s) => fn(s)), target, o),
    async observe() {
      // A jail kept by real processes ends when they do, which changes no file: reap first.
      // (Only over an existing file: withState would start a fresh host on a missing one.)
      if (tracked && existsSync(file)) await withState(file, (s) => void jailReap(s));
      let now: string;
      try {
        const st = await stat(file, { bigint: true });
        now = `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new Error(`emulated host state file ${file}: ${code === 'ENOENT' ? 'does not exist' : String((e as Error).message)}`);
      }
      if (last !== null && now === stamp) return last;
      const state = await read(file);
      tracked = state.jails.some((j) => (j.procs?.length ?? 0) > 0);
      last = toSnapshot(state);
      stamp = now;
      return last;
    },
    close: async () => {},
  };
}
