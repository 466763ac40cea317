// The jail lifecycle on the agent side: definitions kept as jail.conf files
// in the data folder, and start/stop/restart/remove/exec through the real
// commands (`jail -f FILE -c|-r|-rc NAME`, `jexec NAME …`) via backend.run.
// Every name is checked before any command runs; one operation per jail at a time.
import type { HostBackend, HostRunResult } from '../host/backend.js';
import type { HostSnapshot } from '../../shared/model/snapshot.js';
import type { JailDef, JailEntry, JailOpResult } from '../../shared/protocol/rpc.js';
import { isSafeArg, validateJailName } from '../../shared/model/names.js';
import { deleteJailDef, jailDefFile, listJailDefs, readJailDef, writeJailDef } from '../store/jail-defs.js';
import { checkJailDef } from './jails/def.js';

/** Most bytes of stdout (and of stderr) `exec` returns. */
export const EXEC_OUTPUT_CAP = 1024 * 1024;

/** Why a jail operation failed: `kind` picks the wire code; a host failure carries the command's facts. */
export class JailOpError extends Error {
  override name = 'JailOpError';
  constructor(
    readonly kind: 'bad-params' | 'busy' | 'not-found' | 'exists' | 'host-error',
    message: string,
    readonly details?: { command: string[]; exitCode: number; stderr: string; stdout: string } | { problems: string[] },
  ) {
    super(message);
  }
}

/** What the engine needs from the agent. */
export interface JailEngineContext {
  backend: HostBackend;
  dataDir: string;
  current(): HostSnapshot | null;
  /** Observes the host now (so live state and clients' patches follow an operation at once). */
  refresh?(): Promise<void>;
}

export interface JailEngine {
  list(): Promise<JailEntry[]>;
  create(def: unknown, start: boolean): Promise<{ name: string; file: string; started: boolean }>;
  start(name: string): Promise<JailOpResult>;
  stop(name: string): Promise<JailOpResult>;
  restart(name: string): Promise<JailOpResult>;
  remove(name: string): Promise<{ name: string; stopped: boolean; removed: boolean }>;
  exec(name: string, argv: string[]): Promise<{ stdout: string; stderr: string; code: number; truncated: boolean }>;
}

/** The name, checked, or a bad-params error (before anything touches the host). */
function checkedName(name: unknown): string {
  const why = typeof name === 'string' ? validateJailName(name) : 'a jail name must be a string';
  if (why !== null) throw new JailOpError('bad-params', why);
  return name as string;
}

const cap = (s: string): [string, boolean] => (s.length > EXEC_OUTPUT_CAP ? [s.slice(0, EXEC_OUTPUT_CAP), true] : [s, false]);

/** The live state of a jail by name in a snapshot. */
function liveOf(s: HostSnapshot | null, name: string): { state: JailEntry['state']; jid: number | null } {
  const j = s?.jails.find((x) => x.name === name);
  if (!j) return { state: 'stopped', jid: null };
  return { state: j.state === 'DYING' ? 'dying' : 'running', jid: j.jid };
}

/** Creates the engine over a backend and a data folder. */
export function createJailEngine(ctx: JailEngineContext): JailEngine {
  const busy = new Set<string>();
  const run = async (argv: string[]): Promise<HostRunResult> => {
    if (!ctx.backend.run) throw new JailOpError('host-error', `the ${ctx.backend.kind} backend cannot run commands`);
    return ctx.backend.run(argv);
  };
  /** Runs `jail` (or any lifecycle command); a non-zero exit is a host-error with the facts. */
  const must = async (argv: string[]): Promise<HostRunResult> => {
    const r = await run(argv);
    if (r.code !== 0) {
      const first = r.stderr.trim().split('\n')[0] ?? '';
      throw new JailOpError('host-error', `${argv.join(' ')} failed with exit code ${r.code}${first ? `: ${first}` : ''}`, { command: argv, exitCode: r.code, stderr: r.stderr, stdout: r.stdout });
    }
    return r;
  };
  /** One operation per jail: a second one while the first runs is refused as busy. */
  async function exclusive<T>(name: string, what: string, fn: () => Promise<T>): Promise<T> {
    if (busy.has(name)) throw new JailOpError('busy', `jail "${name}" is busy with another operation; try again when it finishes (${what} refused)`);
    busy.add(name);
    try {
      return await fn();
    } finally {
      busy.delete(name);
      await ctx.refresh?.().catch(() => {});
    }
  }
  /** The stored definition file, or not-found. */
  async function defFile(name: string): Promise<string> {
    const d = await readJailDef(ctx.dataDir, name);
    if (!d) throw new JailOpError('not-found', `no jail definition named "${name}" (create it first)`);
    if (!d.def) throw new JailOpError('bad-params', `the definition of "${name}" cannot be used: ${d.problem ?? 'unreadable'}`);
    return d.file;
  }
  const lifecycle = (flag: string, what: string) => async (n: string): Promise<JailOpResult> => {
    const name = checkedName(n);
    return exclusive(name, what, async () => {
      const command = ['jail', '-f', await defFile(name), flag, name];
      const r = await must(command);
      return { name, command, stdout: r.stdout, stderr: r.stderr };
    });
  };
  const start = lifecycle('-c', 'start');
  const stop = lifecycle('-r', 'stop');
  return {
    async list() {
      const snap = ctx.current();
      const defs = await listJailDefs(ctx.dataDir);
      const out: JailEntry[] = defs.map((d) => ({ name: d.name, def: d.def, file: d.file, ...liveOf(snap, d.name), ...(d.problem ? { problem: d.problem } : {}) }));
      for (const j of snap?.jails ?? []) if (!defs.some((d) => d.name === j.name)) out.push({ name: j.name, def: null, file: null, ...liveOf(snap, j.name) });
      return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    async create(raw, doStart) {
      const c = checkJailDef(raw);
      if (!c.ok) throw new JailOpError('bad-params', `the jail definition is not valid: ${c.problems.slice(0, 3).join('; ')}`, { problems: c.problems });
      const def: JailDef = c.def;
      const file = await exclusive(def.name, 'create', async () => {
        if (await readJailDef(ctx.dataDir, def.name)) throw new JailOpError('exists', `a jail definition named "${def.name}" already exists (${jailDefFile(ctx.dataDir, def.name)})`);
        return writeJailDef(ctx.dataDir, def);
      });
      if (doStart) await start(def.name);
      return { name: def.name, file, started: doStart };
    },
    start,
    stop,
    restart: lifecycle('-rc', 'restart'),
    async remove(n) {
      const name = checkedName(n);
      return exclusive(name, 'remove', async () => {
        const d = await readJailDef(ctx.dataDir, name);
        await ctx.refresh?.();
        const live = liveOf(ctx.current(), name).state === 'running';
        let stopped = false;
        if (live) {
          // With a usable definition its exec.prestop/stop/poststop hooks run; otherwise plain jail -r.
          await must(d?.def ? ['jail', '-f', d.file, '-r', name] : ['jail', '-r', name]);
          stopped = true;
        }
        const removed = await deleteJailDef(ctx.dataDir, name);
        if (!removed && !stopped) throw new JailOpError('not-found', `no jail named "${name}" (neither defined nor running)`);
        return { name, stopped, removed };
      });
    },
    async exec(n, argv) {
      const name = checkedName(n);
      if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === 'string' && isSafeArg(a))) {
        throw new JailOpError('bad-params', 'argv must be a non-empty list of strings without NUL or line breaks');
      }
      const r = await run(['jexec', name, ...argv]);
      const [stdout, t1] = cap(r.stdout);
      const [stderr, t2] = cap(r.stderr);
      return { stdout, stderr, code: r.code, truncated: t1 || t2 };
    },
  };
}
