// The one place the project starts host processes (the only execa import):
// argument arrays only (never a shell), a timeout on every command, stdin for
// `ngctl -f -`, refusal of unsafe arguments before anything is spawned, and
// failures turned into HostCommandError with command, exit code and stderr.
// Optionally every command gets a prefix (`jexec JAIL`: the same backend run
// inside a jail) and every run is handed to a recorder (support bundles).
import { isAbsolute, join } from 'node:path';
import { execa } from 'execa';
import { isSafeArg } from '../../../shared/model/names.js';
import { hostCommandError, type HostCommandError, type HostRunResult } from '../backend.js';

/** How commands are found and how long they may run. */
export interface ExecOptions {
  /** Folder the commands are taken from (e.g. the emulated commands); default: PATH. */
  binDir?: string;
  /** Kill a command still running after this many ms (default 10 000). */
  timeoutMs?: number;
  /** Extra environment for every command (e.g. NGSTUDIO_SIM_STATE for the emulated commands). */
  env?: Record<string, string>;
  /** Words put before every command (`['jexec', 'j1']` runs each one inside jail j1). */
  prefix?: string[];
  /** Told about every command that was started, after it ended (or failed to run). */
  recorder?: CommandRecorder;
}

/** One command as it ran, with what it printed: what a support bundle keeps. */
export interface CommandRecord {
  /** The argv as run, prefix included. */
  argv: string[];
  stdin?: string;
  stdout: string;
  stderr: string;
  /** The exit status, or null when it did not exit (not found, timed out, killed). */
  code: number | null;
  /** Why it did not exit (with code null). */
  reason?: string;
  /** When it was started (ISO 8601). */
  startedAt: string;
  ms: number;
}

export type CommandRecorder = (r: CommandRecord) => void;

/** Per-run overrides. */
export interface RunOptions {
  stdin?: string;
  timeoutMs?: number;
}

/** Spawns so far: the total and per command name (argv[0] as given). */
export interface SpawnStats {
  total: number;
  byCommand: Record<string, number>;
}

/** A command runner bound to one set of options. */
export interface Exec {
  /** Runs argv; resolves with output and status even on a non-zero exit; throws HostCommandError when it could not run or was killed. */
  run(argv: string[], opts?: RunOptions): Promise<HostRunResult>;
  /** Like run, but a non-zero exit is a HostCommandError too; resolves with stdout. */
  check(argv: string[], opts?: RunOptions): Promise<string>;
  /** A copy of the spawn counters (tests and the bench read them). */
  stats(): SpawnStats;
  /**
   * Starts a long-running command (tcpdump, nghook) without a timeout, its
   * stdout handed over chunk by chunk; stop() ends it (SIGTERM, then SIGKILL).
   * Refused arguments throw as in run().
   */
  stream?(argv: string[], onStdout: (chunk: Uint8Array) => void): StreamingCommand;
}

/** A long-running command started by Exec.stream. */
export interface StreamingCommand {
  /** Resolves when it exited: its status (null when killed) and what it wrote on stderr (the last 4 KiB). */
  exited: Promise<{ code: number | null; signal: string | null; stderr: string }>;
  stop(): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
/** After the timeout's SIGTERM, SIGKILL follows this much later (a command ignoring SIGTERM still dies). */
const FORCE_KILL_MS = 2_000;

/** Why argv must not run, or null. Checked before any process starts. */
export function refuseReason(argv: unknown): string | null {
  if (!Array.isArray(argv) || argv.length === 0) return 'no command given (expected a non-empty argv array)';
  for (const [i, a] of argv.entries()) {
    if (typeof a !== 'string') return `argument ${i} is not a string`;
    // An empty word is never a valid command, name or option for the commands we drive.
    if (a === '') return i === 0 ? 'the command name is empty' : `argument ${i} is empty`;
    if (!isSafeArg(a)) return `argument ${i} contains a NUL, CR or LF character`;
  }
  return null;
}

/** The program to start: argv[0] inside binDir when one is given and argv[0] is a bare name. */
function program(cmd: string, binDir: string | undefined): string {
  if (binDir === undefined || cmd.includes('/')) return cmd;
  return isAbsolute(binDir) ? join(binDir, cmd) : join(process.cwd(), binDir, cmd);
}

/** Turns execa's non-exit outcomes (not found, timed out, killed) into a HostCommandError. */
function notExited(argv: string[], r: { timedOut?: boolean; signal?: string; code?: string; originalMessage?: string; stderr?: unknown }, timeoutMs: number, cause: unknown): HostCommandError {
  const stderr = typeof r.stderr === 'string' ? r.stderr : '';
  let reason: string;
  if (r.timedOut) reason = `timed out after ${timeoutMs} ms and was killed`;
  else if (r.code === 'ENOENT') reason = 'not found';
  else if (r.code === 'EACCES') reason = 'is not executable';
  else if (r.signal) reason = `was killed by ${r.signal}`;
  else reason = `could not run (${r.originalMessage ?? r.code ?? 'unknown error'})`;
  return hostCommandError({ command: argv, exitCode: null, stderr, reason, cause });
}

/** A runner over execa with the given options. */
export function createExec(opts: ExecOptions = {}): Exec {
  const stats: SpawnStats = { total: 0, byCommand: {} };
  const run = async (given: string[], o: RunOptions = {}): Promise<HostRunResult> => {
    const refused = refuseReason(given) ?? (opts.prefix ? refuseReason([...opts.prefix, ...given]) : null);
    if (refused !== null) {
      const shown = Array.isArray(given) ? given.map((a) => String(a).replace(/[\0\r\n]/g, '?')) : [];
      throw hostCommandError({ command: shown, exitCode: null, stderr: '', reason: `refused before running: ${refused}` });
    }
    const argv = opts.prefix ? [...opts.prefix, ...given] : given;
    const timeoutMs = o.timeoutMs ?? opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    stats.total++;
    stats.byCommand[argv[0]!] = (stats.byCommand[argv[0]!] ?? 0) + 1;
    const started = Date.now();
    const record = (rest: Pick<CommandRecord, 'stdout' | 'stderr' | 'code'> & { reason?: string }): void => {
      opts.recorder?.({ argv: [...argv], ...(o.stdin !== undefined ? { stdin: o.stdin } : {}), ...rest, startedAt: new Date(started).toISOString(), ms: Date.now() - started });
    };
    const r = await execa(program(argv[0]!, opts.binDir), argv.slice(1), {
      shell: false,
      reject: false,
      timeout: timeoutMs,
      forceKillAfterDelay: FORCE_KILL_MS,
      stripFinalNewline: false,
      env: opts.env,
      extendEnv: true,
      maxBuffer: 256 * 1024 * 1024,
      ...(o.stdin !== undefined ? { input: o.stdin } : { stdin: 'ignore' as const }),
    });
    if (typeof r.exitCode !== 'number' || r.timedOut) {
      const e = notExited(argv, r, timeoutMs, r);
      record({ stdout: typeof r.stdout === 'string' ? r.stdout : '', stderr: e.stderr, code: null, reason: e.shortMessage });
      throw e;
    }
    record({ stdout: String(r.stdout), stderr: String(r.stderr), code: r.exitCode });
    return { stdout: String(r.stdout), stderr: String(r.stderr), code: r.exitCode };
  };
  return {
    run,
    async check(argv, o) {
      const r = await run(argv, o);
      if (r.code !== 0) throw hostCommandError({ command: [...(opts.prefix ?? []), ...argv], exitCode: r.code, stderr: r.stderr });
      return r.stdout;
    },
    stats: () => ({ total: stats.total, byCommand: { ...stats.byCommand } }),
    stream(given, onStdout) {
      const refused = refuseReason(given) ?? (opts.prefix ? refuseReason([...opts.prefix, ...given]) : null);
      if (refused !== null) throw hostCommandError({ command: Array.isArray(given) ? given.map(String) : [], exitCode: null, stderr: '', reason: `refused before running: ${refused}` });
      const argv = opts.prefix ? [...opts.prefix, ...given] : given;
      stats.total++;
      stats.byCommand[argv[0]!] = (stats.byCommand[argv[0]!] ?? 0) + 1;
      const child = execa(program(argv[0]!, opts.binDir), argv.slice(1), {
        shell: false,
        reject: false,
        stdin: 'ignore',
        buffer: false,
        env: opts.env,
        extendEnv: true,
        forceKillAfterDelay: FORCE_KILL_MS,
      });
      let stderr = '';
      child.stdout?.on('data', (d: Buffer) => onStdout(new Uint8Array(d.buffer, d.byteOffset, d.length)));
      child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-4096)));
      const exited = child.then((r) => ({ code: typeof r.exitCode === 'number' ? r.exitCode : null, signal: r.signal ?? null, stderr: stderr || (r.code === 'ENOENT' ? `${argv[0]}: not found` : String(r.originalMessage ?? '')) }));
      return {
        exited,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      };
    },
  };
}
