// Runs a plan's commands on a host, step by step, and stops at the first
// failure. Each netgraph phase goes to ONE `ngctl -f -` process (its socket
// node `.` must live for the whole phase, and one process per phase is what
// keeps an apply cheap); every other command runs alone, with captured values
// (`ifconfig epair create` → epair0a, `getifname` → ngeth3) substituted into
// later arguments; consecutive getifname questions share one `ngctl -f -`.
// No rollback here: the caller decides what to undo.
import type { HostCommandError, HostRunResult } from '../../host/backend.js';
import { hostCommandError } from '../../host/backend.js';
import { parseNgctlMsg, parseNgAscii } from '../../../shared/parse/ngctl-msg.js';
import { render } from '../../../shared/plan/render.js';
import type { Arg, Change, Command, Plan } from '../../../shared/plan/types.js';
import { PHASES, isNetgraphPhase } from '../../../shared/plan/types.js';

/** The one host ability the runner needs. */
export type RunFn = (argv: string[], opts?: { stdin?: string }) => Promise<HostRunResult>;

export type StepStatus = 'running' | 'done' | 'failed';

/** Where and how a run stopped. `step` is a 0-based index into plan.changes. */
export interface StepFailure {
  step: number;
  error: HostCommandError;
  /** For a netgraph phase: the failing line of the script (1-based), when ngctl said which. */
  scriptLine?: number;
  scriptText?: string;
}

export interface RunOutcome {
  /** Steps that completed, in order. */
  done: number[];
  /** Steps that may have taken effect in part (the failing script's phase). */
  partial: number[];
  failure: StepFailure | null;
}

export interface RunHooks {
  progress?: (step: number, status: StepStatus) => void;
  signal?: AbortSignal;
  /**
   * Told, before the next host command starts, which steps completed since it
   * was last told and every value captured so far (the write-ahead journal).
   * If it throws, nothing more runs: the next step fails as not run.
   */
  completed?: (done: number[], captured: Record<string, string>) => Promise<void>;
}

/** A captured value from a command's output, or null when the output does not hold one. */
export function captureValue(from: 'stdout-line' | 'getifname', stdout: string): string | null {
  if (from === 'stdout-line') {
    const first = stdout.split('\n')[0]?.trim() ?? '';
    return /^[A-Za-z0-9_.-]+$/.test(first) ? first : null;
  }
  // The response is `Args:<TAB>"ngeth1"` (facts §1.4).
  const msg = parseNgctlMsg(stdout);
  if (!msg.ok || msg.value.args === null) return null;
  const v = parseNgAscii(msg.value.args);
  return v.ok && typeof v.value === 'string' && v.value !== '' ? v.value : null;
}

/** Substitutes captured values; null names the first missing one. */
function resolveArgv(argv: Arg[], vars: Map<string, string>): string[] | { missing: string } {
  const out: string[] = [];
  for (const a of argv) {
    if (typeof a === 'string') {
      out.push(a);
      continue;
    }
    const v = vars.get(a.ref);
    if (v === undefined) return { missing: a.ref };
    // `${v%a}b`: the b end of the epair whose a end was captured.
    out.push(a.epairB ? `${v.replace(/a$/, '')}b` : v);
  }
  return out;
}

const shown = (argv: Arg[]): string[] => argv.map((a) => (typeof a === 'string' ? a : `$${a.ref}`));

/** The error for a step that could not even be started. */
function notRun(argv: Arg[], reason: string): HostCommandError {
  return hostCommandError({ command: shown(argv), exitCode: null, stderr: '', reason });
}

/** Runs one non-netgraph command; a failure comes back as a HostCommandError. */
async function runOne(run: RunFn, cmd: Command, vars: Map<string, string>): Promise<HostCommandError | null> {
  const argv = resolveArgv(cmd.argv, vars);
  if (!Array.isArray(argv)) return notRun(cmd.argv, `was not run: no value was captured for $${argv.missing}`);
  let r: HostRunResult;
  try {
    r = await run(argv);
  } catch (e) {
    return hostCommandError({ command: argv, exitCode: null, stderr: '', reason: `could not be run (${(e as Error).message})`, cause: e });
  }
  if (r.code !== 0) return hostCommandError({ command: argv, exitCode: r.code, stderr: r.stderr });
  if (cmd.capture) {
    const v = captureValue(cmd.capture.from, r.stdout);
    if (v === null) {
      const what = cmd.capture.from === 'getifname' ? 'an interface name' : 'a name';
      return hostCommandError({ command: argv, exitCode: 0, stderr: r.stderr, reason: `printed no ${what} to capture (stdout: ${JSON.stringify(r.stdout.slice(0, 80))})` });
    }
    vars.set(cmd.capture.var, v);
  }
  return null;
}

/** The step a script line (1-based) belongs to, or -1 (a comment, or past the end). */
function ownerOfLine(steps: { i: number; c: Change }[], script: string, line: number): number {
  const flat = steps.flatMap(({ i, c }) => c.commands.map(() => i));
  const lines = script.split('\n');
  let k = 0;
  for (let n = 0; n < lines.length; n++) {
    const l = lines[n] as string;
    if (l.startsWith('#') || l.trim() === '') continue;
    if (n + 1 === line) return flat[k] ?? -1;
    k++;
  }
  return -1;
}

/** Runs one netgraph phase as a single `ngctl -f -` script. */
async function runScript(run: RunFn, steps: { i: number; c: Change }[], vars: Map<string, string>): Promise<StepFailure | null> {
  const resolved: Change[] = [];
  for (const { c } of steps) {
    const commands: Command[] = [];
    for (const cmd of c.commands) {
      const argv = resolveArgv(cmd.argv, vars);
      if (!Array.isArray(argv)) return { step: steps[0]!.i, error: notRun(cmd.argv, `was not run: no value was captured for $${argv.missing}`) };
      commands.push({ argv });
    }
    resolved.push({ ...c, commands });
  }
  const script = render({ changes: resolved, notes: [] }, 'ngctl');
  const argv = ['ngctl', '-f', '-'];
  let r: HostRunResult;
  try {
    r = await run(argv, { stdin: script });
  } catch (e) {
    return { step: steps[0]!.i, error: hostCommandError({ command: argv, exitCode: null, stderr: '', reason: `could not be run (${(e as Error).message})`, cause: e }) };
  }
  if (r.code === 0) return null;
  const m = /ngctl: line (\d+): error in file/.exec(r.stderr);
  const line = m ? Number(m[1]) : undefined;
  const owner = line === undefined ? -1 : ownerOfLine(steps, script, line);
  const step = owner >= 0 ? owner : steps[0]!.i;
  const text = line === undefined ? undefined : script.split('\n')[line - 1];
  const reason = text === undefined ? undefined : `failed at script line ${line} (${text}) with exit code ${r.code}`;
  const error = hostCommandError({ command: argv, exitCode: r.code, stderr: r.stderr, ...(reason ? { reason } : {}) });
  return { step, error, ...(line !== undefined ? { scriptLine: line } : {}), ...(text !== undefined ? { scriptText: text } : {}) };
}

/** A step that only asks a new eiface its interface name (`ngctl msg X: getifname`, captured). */
function isIfnameStep(c: Change): boolean {
  const cmd = c.commands[0];
  return c.type === 'get-ifname' && c.commands.length === 1 && cmd?.capture?.from === 'getifname' && cmd.argv.every((a) => typeof a === 'string') && cmd.argv[0] === 'ngctl';
}

/**
 * Consecutive getifname steps as ONE `ngctl -f -`: ngctl prints the responses
 * in script order, so an apply's ngctl processes stay constant however many
 * eifaces it creates (one process per eiface is what jng-style scripting costs).
 */
async function runIfnameBatch(run: RunFn, steps: { i: number; c: Change }[], vars: Map<string, string>, hooks: RunHooks, out: RunOutcome): Promise<StepFailure | null> {
  const script = steps.map(({ c }) => (c.commands[0]!.argv as string[]).slice(1).join(' ')).join('\n') + '\n';
  const argv = ['ngctl', '-f', '-'];
  for (const s of steps) hooks.progress?.(s.i, 'running');
  let r: HostRunResult;
  try {
    r = await run(argv, { stdin: script });
  } catch (e) {
    return { step: steps[0]!.i, error: hostCommandError({ command: argv, exitCode: null, stderr: '', reason: `could not be run (${(e as Error).message})`, cause: e }) };
  }
  const responses = r.stdout.split(/^(?=Rec'd )/m).filter((b) => b.startsWith("Rec'd "));
  const m = /ngctl: line (\d+): error in file/.exec(r.stderr);
  const failedAt = r.code === 0 ? steps.length : m ? Number(m[1]) - 1 : 0;
  for (let k = 0; k < steps.length; k++) {
    const { i, c } = steps[k]!;
    const value = k < failedAt ? captureValue('getifname', responses[k] ?? '') : null;
    if (value === null) {
      const text = script.split('\n')[k];
      const reason = k < failedAt ? `printed no interface name to capture for script line ${k + 1} (${text})` : `failed at script line ${k + 1} (${text}) with exit code ${r.code}`;
      out.partial.push(i);
      hooks.progress?.(i, 'failed');
      return { step: i, error: hostCommandError({ command: argv, exitCode: r.code, stderr: r.stderr, reason }), scriptLine: k + 1, ...(text !== undefined ? { scriptText: text } : {}) };
    }
    vars.set(c.commands[0]!.capture!.var, value);
    out.done.push(i);
    hooks.progress?.(i, 'done');
  }
  return null;
}

/** Runs the plan in phase order; stops at the first failure (or when `signal` aborts). */
export async function runPlan(run: RunFn, plan: Plan, hooks: RunHooks = {}): Promise<RunOutcome> {
  const vars = new Map<string, string>();
  const out: RunOutcome = { done: [], partial: [], failure: null };
  const indexed = plan.changes.map((c, i) => ({ i, c }));
  let told = 0;
  /** Tells `completed` what is new; the reason it could not, or null. */
  const tell = async (): Promise<string | null> => {
    if (!hooks.completed || out.done.length === told) return null;
    try {
      await hooks.completed(out.done.slice(told), Object.fromEntries(vars));
      told = out.done.length;
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  };
  /** Why step `c` must not start: the apply was cancelled, or the journal could not record what came before. */
  const blocked = async (c: Change): Promise<StepFailure | null> => {
    const step = plan.changes.indexOf(c);
    const argv = c.commands[0]?.argv ?? [];
    if (hooks.signal?.aborted) return { step, error: notRun(argv, 'was not run: the apply was cancelled') };
    const why = await tell();
    return why === null ? null : { step, error: notRun(argv, `was not run: the apply journal could not be written (${why})`) };
  };
  const stop = async (): Promise<RunOutcome> => (await tell(), out);
  for (const phase of PHASES) {
    const steps = indexed.filter((s) => s.c.phase === phase);
    if (steps.length === 0) continue;
    if (isNetgraphPhase(phase)) {
      out.failure = await blocked(steps[0]!.c);
      if (out.failure) return stop();
      for (const s of steps) hooks.progress?.(s.i, 'running');
      const f = await runScript(run, steps, vars);
      if (f) {
        // Lines before the failing one took effect (ngctl stops at the failing line).
        for (const s of steps.filter((x) => x.i < f.step)) (out.done.push(s.i), hooks.progress?.(s.i, 'done'));
        out.partial.push(f.step);
        hooks.progress?.(f.step, 'failed');
        out.failure = f;
        return stop();
      }
      for (const s of steps) (out.done.push(s.i), hooks.progress?.(s.i, 'done'));
      continue;
    }
    for (let k = 0; k < steps.length; k++) {
      const s = steps[k]!;
      out.failure = await blocked(s.c);
      if (out.failure) return stop();
      let run2 = k;
      while (run2 < steps.length && isIfnameStep(steps[run2]!.c)) run2++;
      if (run2 - k >= 2) {
        out.failure = await runIfnameBatch(run, steps.slice(k, run2), vars, hooks, out);
        if (out.failure) return stop();
        k = run2 - 1;
        continue;
      }
      hooks.progress?.(s.i, 'running');
      for (const cmd of s.c.commands) {
        const error = await runOne(run, cmd, vars);
        if (error) {
          hooks.progress?.(s.i, 'failed');
          out.partial.push(s.i);
          out.failure = { step: s.i, error };
          return stop();
        }
      }
      out.done.push(s.i);
      hooks.progress?.(s.i, 'done');
    }
  }
  return stop();
}
