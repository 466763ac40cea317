// Process entry of the emulated commands: `ngstudio sim [--state FILE] [--wire DIR] CMD …`
// and the executables in agent/host/sim/bin/ call simMain. It runs the
// command under the state file's lock and writes its output; programs that
// are not emulated (jexec j sh -c …, exec.* hooks) are spawned for real with
// the executables first on PATH, under the same lock.
import { spawn } from 'node:child_process';
import { delimiter } from 'node:path';
import { simBinDir } from '../bin-dir.js';
import type { SimState } from '../state.js';
import { releaseProblem } from '../new-state.js';
import { LOCK_TOKEN_ENV, withState, type StateSession } from '../store.js';
import { wireJoin, wireRegister } from '../dataplane/wire.js';
import { runCommand, type ExternalRunner } from './index.js';
import { nghookMain } from './nghook.js';
import type { CmdResult } from './types.js';

/** Reads all of this process's stdin (once). */
function stdinReader(): () => Promise<string> {
  let text: Promise<string> | null = null;
  return () => {
    text ??= new Promise((resolve, reject) => {
      if (process.stdin.isTTY) return resolve('');
      const chunks: Buffer[] = [];
      process.stdin.on('data', (c: Buffer) => chunks.push(c));
      process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      process.stdin.on('error', reject);
    });
    return text;
  };
}

/**
 * Spawns a real program under our lock: state saved first, re-read after.
 * With `track` (a jail's exec.start/command) the child leads its own process
 * group and we wait for the child itself to exit, not for its output pipes to
 * close: a daemon it started in the background keeps running (and keeps the
 * jail alive, see jails.ts) without holding jail(8) up. The group id is returned.
 */
export function spawner(file: string, session: StateSession): ExternalRunner {
  return async (argv, env, where, track) => {
    await session.flush();
    const childEnv: Record<string, string> = {};
    for (const [k, v] of Object.entries(env)) if (v !== undefined) childEnv[k] = v;
    childEnv.NGSTUDIO_SIM_STATE = file;
    childEnv[LOCK_TOKEN_ENV] = session.token;
    if (where.jid !== 0) childEnv.NGSTUDIO_SIM_JAIL = String(where.jid);
    else delete childEnv.NGSTUDIO_SIM_JAIL;
    const bin = simBinDir();
    const path = childEnv.PATH ?? '/usr/bin:/bin';
    if (!path.split(delimiter).includes(bin)) childEnv.PATH = `${bin}${delimiter}${path}`;
    const r = await new Promise<CmdResult | null>((resolve) => {
      const child = spawn(argv[0]!, argv.slice(1), { env: childEnv, stdio: [track ? 'ignore' : 'inherit', 'pipe', 'pipe'], detached: track === true });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      child.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ENOENT' ? null : { stdout, stderr: `${argv[0]}: ${e.message}\n`, code: 126 }));
      if (track) {
        child.on('exit', (code, signal) => {
          // Let background processes keep writing without holding us: stop reading.
          setImmediate(() => (child.stdout.destroy(), child.stderr.destroy()));
          child.unref();
          resolve({ stdout, stderr, code: code ?? (signal ? 128 : 1), ...(child.pid !== undefined ? { pgid: child.pid } : {}) });
        });
      } else child.on('close', (code, signal) => resolve({ stdout, stderr, code: code ?? (signal ? 128 : 1) }));
    });
    await session.reload();
    return r;
  };
}

/** The exit status a shell reports for a process killed by SIGPIPE (128 + 13). */
export const SIGPIPE_STATUS = 141;

const guarded = new WeakSet<NodeJS.WriteStream>();

/**
 * Writes a string to a stream and waits until it is handed to the OS; false
 * when the reader is gone (EPIPE). A real FreeBSD command writing into a
 * closed pipe dies of SIGPIPE silently, but Node ignores SIGPIPE and emits an
 * 'error' event instead, which would crash with a stack trace — so a
 * listener swallows it and the caller exits with SIGPIPE's status.
 */
function write(stream: NodeJS.WriteStream, s: string): Promise<boolean> {
  if (!guarded.has(stream)) {
    guarded.add(stream);
    stream.on('error', () => {});
  }
  return s === '' ? Promise.resolve(true) : new Promise((resolve) => stream.write(s, (err) => resolve(!err)));
}

/** Where and how `runSim` runs a command line. */
export interface SimRunOptions {
  /** A new state's release (`--release`). */
  release?: string;
  /** The wire folder to plug this host's em0 into (`--wire`), see dataplane/wire.ts. */
  wire?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  readStdin?: () => Promise<string>;
}

/**
 * Runs one emulated command line against a state file under its lock, the
 * host joined to (and registered on) its wire first when one is named;
 * returns what the command printed and its status. Errors reading or
 * writing the state throw.
 */
export async function runSim(file: string, argv: string[], opts: SimRunOptions = {}): Promise<CmdResult> {
  const env = opts.env ?? process.env;
  return withState(file, (state: SimState, session) => {
    if (opts.wire !== undefined) wireJoin(state, opts.wire);
    wireRegister(file, state);
    return runCommand(state, argv, { env, cwd: opts.cwd ?? process.cwd(), readStdin: opts.readStdin ?? (async () => ''), external: spawner(file, session) });
  }, opts.release === undefined ? {} : { release: opts.release });
}

/** Runs one emulated command line against a state file; returns the exit code. */
export async function simMain(argv: string[], opts: { stateFile?: string; release?: string; wire?: string } = {}): Promise<number> {
  const file = opts.stateFile ?? process.env.NGSTUDIO_SIM_STATE;
  if (!file) {
    await write(process.stderr, 'ngstudio sim: no emulated host state file: pass --state FILE or set NGSTUDIO_SIM_STATE\n');
    return 2;
  }
  const release = opts.release ?? (process.env.NGSTUDIO_SIM_RELEASE || undefined);
  const bad = release === undefined ? null : releaseProblem(release);
  if (bad !== null) {
    await write(process.stderr, `ngstudio sim: ${bad}\n`);
    return 2;
  }
  // nghook runs until killed: it takes the lock only to connect and to close.
  if (argv[0] === 'nghook') return nghookMain(argv.slice(1), file);
  const wire = opts.wire ?? (process.env.NGSTUDIO_SIM_WIRE || undefined);
  let r: CmdResult;
  try {
    r = await runSim(file, argv, { ...(release === undefined ? {} : { release }), ...(wire === undefined ? {} : { wire }), readStdin: stdinReader() });
  } catch (e) {
    await write(process.stderr, `ngstudio sim: ${(e as Error).message}\n`);
    return 1;
  }
  if (!(await write(process.stdout, r.stdout))) return SIGPIPE_STATUS;
  await write(process.stderr, r.stderr);
  return r.code;
}
