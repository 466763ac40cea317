// The emulated host's state file: JSON, shared by every emulated command
// process. A lock file (O_EXCL, pid + token inside) serialises invocations;
// a lock whose pid is gone is broken safely; writes go to a temp file that is
// fsynced and renamed over the state, so readers never see half a file.
// A child spawned while the lock is held (jexec j sh -c 'ifconfig') inherits
// the token in NGSTUDIO_SIM_LOCK_TOKEN and runs under its parent's lock.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { open, readFile, rename } from 'node:fs/promises';
import { readLock, tryLock } from '../../store/lockfile.js';
import { newState } from './new-state.js';
import type { SimState } from './state.js';

/** The environment variable carrying the lock token to nested invocations. */
export const LOCK_TOKEN_ENV = 'NGSTUDIO_SIM_LOCK_TOKEN';

const LOCK_TIMEOUT_MS = 60_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Parses and sanity-checks a state file's text; the error names the file. */
export function parseState(file: string, text: string): SimState {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new Error(`emulated host state file ${file} is corrupt (not valid JSON: ${(e as Error).message}); fix or delete it`);
  }
  const s = v as Partial<SimState> | null;
  const ok = typeof s === 'object' && s !== null && s.format === 1 && typeof s.vnets === 'object' && s.vnets !== null
    && Array.isArray(s.ifnets) && Array.isArray(s.jails) && Array.isArray(s.modules) && typeof s.generation === 'number';
  if (!ok) throw new Error(`emulated host state file ${file} is not an ngstudio emulated host state (format 1); fix or delete it`);
  return s as SimState;
}

/** Reads the state file; null when it does not exist. */
export async function loadState(file: string): Promise<SimState | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`emulated host state file ${file}: ${(e as Error).message}`);
  }
  return parseState(file, text);
}

/** Writes the state atomically: temp file in the same folder, fsync, rename. */
export async function saveState(file: string, state: SimState): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fh = await open(tmp, 'wx', 0o644);
  try {
    await fh.writeFile(JSON.stringify(state) + '\n');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
}

/** saveState for code that cannot await (the wire's delivery into another host). */
export function saveStateSync(file: string, state: SimState): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    writeSync(fd, JSON.stringify(state) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** loadState for code that cannot await; null when the file does not exist. */
export function loadStateSync(file: string): SimState | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`emulated host state file ${file}: ${(e as Error).message}`);
  }
  return parseState(file, text);
}

/** Takes the lock for `file` (retrying with backoff); returns its token and a release function. */
export async function acquireLock(file: string): Promise<{ token: string; release: () => Promise<void> }> {
  const lock = `${file}.lock`;
  const inherited = process.env[LOCK_TOKEN_ENV];
  if (inherited) {
    const held = await readLock(lock);
    if (held && held.token === inherited) return { token: inherited, release: async () => {} };
  }
  const started = Date.now();
  for (let delay = 1; ; delay = Math.min(delay * 2, 40)) {
    const got = await tryLock(lock);
    if (got.ok) return { token: got.token, release: got.release };
    if (Date.now() - started > LOCK_TIMEOUT_MS) throw new Error(`timed out waiting for the lock ${lock} (held by pid ${got.heldBy ?? '?'})`);
    await sleep(delay + Math.random() * delay);
  }
}

/** What withState's callback can do besides mutating the state. */
export interface StateSession {
  /** The lock token, for children that must run under this lock. */
  token: string;
  /** Writes the current state now (before a child process reads it). */
  flush(): Promise<void>;
  /** Re-reads the file into the same state object (after a child changed it). */
  reload(): Promise<void>;
}

/**
 * Runs fn on the state under the lock and saves it only if `generation`
 * changed. A missing file starts from newState() and is created, with
 * `opts.release` when given; an existing state of another release is refused
 * (a host does not change release under running commands).
 */
export async function withState<T>(file: string, fn: (state: SimState, session: StateSession) => Promise<T> | T, opts: { release?: string } = {}): Promise<T> {
  const lock = await acquireLock(file);
  try {
    const loaded = await loadState(file);
    if (loaded && opts.release !== undefined && loaded.release !== opts.release) {
      throw new Error(`emulated host state file ${file} is release ${loaded.release}, not ${opts.release}; the release is chosen when a state is created (use a new state file)`);
    }
    const state = loaded ?? newState(opts.release === undefined ? {} : { release: opts.release });
    let savedGen = loaded ? state.generation : -1;
    const session: StateSession = {
      token: lock.token,
      flush: async () => {
        await saveState(file, state);
        savedGen = state.generation;
      },
      reload: async () => {
        const fresh = (await loadState(file)) ?? newState();
        for (const k of Object.keys(state)) delete (state as unknown as Record<string, unknown>)[k];
        Object.assign(state, fresh);
        savedGen = state.generation;
      },
    };
    const result = await fn(state, session);
    if (state.generation !== savedGen) await saveState(file, state);
    return result;
  } finally {
    await lock.release();
  }
}
