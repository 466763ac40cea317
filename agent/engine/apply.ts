// Applying a design safely: refuse a plan made against a host that changed
// since (stale), run one apply at a time (busy), run the plan with progress,
// and on any failure stop, undo what was done (a plan back to the host as it
// was), observe again and report the failing command with its stderr. After
// success: observe again, re-plan, and report what still differs.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { tryLock } from '../store/lockfile.js';
import type { HostBackend } from '../host/backend.js';
import type { HostSnapshot } from '../../shared/model/snapshot.js';
import { shapeDiff } from '../../shared/model/diff.js';
import type { Design } from '../../shared/design/types.js';
import { plan as makePlan } from '../../shared/plan/plan.js';
import { describe } from '../../shared/plan/describe.js';
import { ledgerAfter, type Ledger } from '../../shared/plan/ledger.js';
import type { Plan } from '../../shared/plan/types.js';
import type { ApplyFailure, ApplyProgress, ApplyReport } from '../../shared/protocol/rpc.js';
import { runPlan, type RunFn, type RunOutcome } from './apply/run.js';
import { createdSince, existingOnly, undoPlan, withOwned } from './apply/undo.js';
import { ApplyError, staleMessage } from './apply/errors.js';
import type { ApplyJournal } from './apply/journal.js';

export { ApplyError } from './apply/errors.js';

export interface ApplyPlanOptions {
  /** What the plan was made for: the re-plan after success is checked against it. */
  design: Design;
  /** The ledger the plan was made with. */
  ledger: Ledger;
  /** The host the plan was made against (the undo goes back to it). */
  before: HostSnapshot;
  onProgress?: (p: ApplyProgress) => void;
  signal?: AbortSignal;
  /**
   * The write-ahead journal: begun before the first command (if it cannot be
   * written nothing runs), told each completed step, and finished with the
   * ledger, which it stores. Without one the caller stores the ledger.
   */
  journal?: ApplyJournal;
}

/** An apply's report plus the ledger to store (on failure the ApplyError carries it). */
export interface ApplyOutcome {
  report: ApplyReport;
  ledger: Ledger;
  snapshot: HostSnapshot;
}

/** The backend's `run`, counting processes; a backend that cannot run commands is refused. */
function counted(backend: HostBackend): { run: RunFn; count: () => number } {
  const run = backend.run?.bind(backend);
  if (!run) throw new ApplyError('host-error', `the ${backend.kind} backend can only observe; it cannot apply changes`);
  let n = 0;
  return { run: (argv, o) => (n++, run(argv, o)), count: () => n };
}

/** Words for what a re-plan still wants to change (and what it would not do). */
function differences(p: Plan): string[] {
  return [...p.changes.map(describe), ...p.notes.map((n) => `${n.severity}: ${n.message}`)];
}

function failureOf(p: Plan, out: RunOutcome): ApplyFailure {
  const f = out.failure!;
  const c = p.changes[f.step];
  return {
    step: f.step + 1,
    change: c ? describe(c) : '',
    command: f.error.command,
    exitCode: f.error.exitCode,
    stderr: f.error.stderr,
    message: f.error.shortMessage,
    ...(f.scriptLine !== undefined ? { scriptLine: f.scriptLine } : {}),
    ...(f.scriptText !== undefined ? { scriptText: f.scriptText } : {}),
  };
}

/** Begins the journal; when it cannot be written the apply fails before any command runs. */
async function beginJournal(journal: ApplyJournal, plan: Plan, o: ApplyPlanOptions): Promise<void> {
  try {
    await journal.begin({ design: o.design, ledger: o.ledger, before: o.before, plan });
  } catch (e) {
    const message = `cannot write the apply journal (${(e as Error).message}); nothing was run`;
    const failure: ApplyFailure = { step: 1, change: 'record the apply in the journal', command: [], exitCode: null, stderr: '', message };
    const report: ApplyReport = { ok: false, of: plan.changes.length, applied: 0, mismatches: [], failure, undone: [], leftovers: [], processes: 0 };
    throw new ApplyError('host-error', message, report);
  }
}

/** Runs `plan`; on failure undoes it and throws an ApplyError('host-error') whose details are the report. */
export async function applyPlan(backend: HostBackend, plan: Plan, o: ApplyPlanOptions): Promise<ApplyOutcome> {
  const { run, count } = counted(backend);
  const of = plan.changes.length;
  const progress = (i: number, status: ApplyProgress['status']): void => {
    const c = plan.changes[i];
    if (c) o.onProgress?.({ step: i + 1, of, change: describe(c), status });
  };
  if (o.journal) await beginJournal(o.journal, plan, o);
  const journal = o.journal ? { completed: o.journal.completed.bind(o.journal) } : {};
  const out = await runPlan(run, plan, { progress, ...(o.signal ? { signal: o.signal } : {}), ...journal });
  if (out.failure === null) {
    const snapshot = await backend.observe();
    const ledger = existingOnly(ledgerAfter(o.ledger, plan), snapshot);
    await o.journal?.finish(true, ledger);
    const mismatches = differences(makePlan(snapshot, o.design, ledger));
    return { report: { ok: true, of, applied: out.done.length, mismatches, processes: count() }, ledger, snapshot };
  }
  const failure = failureOf(plan, out);
  const now = await backend.observe();
  const undo = undoPlan(o.before, now, o.ledger);
  const undoOut = await runPlan(run, undo.plan);
  const after = await backend.observe();
  if (undoOut.failure === null) for (const i of [...out.done, ...out.partial].reverse()) progress(i, 'undone');
  const leftovers = differences(makePlan(after, undo.target, withOwned(undo.ledger, createdSince(o.before, after))));
  if (undoOut.failure) leftovers.unshift(`the undo failed too: ${undoOut.failure.error.message.split('\n').join(': ')}`);
  // The old entries, plus whatever this apply made that is still there (so a later plan may remove it).
  const ledger = withOwned(o.ledger, createdSince(o.before, after));
  await o.journal?.finish(false, ledger);
  const report: ApplyReport = {
    ok: false, of, applied: out.done.length, mismatches: [], failure,
    undone: undoOut.done.map((i) => describe(undo.plan.changes[i]!)), leftovers, processes: count(),
    ...(o.signal?.aborted && failure.exitCode === null ? { cancelled: true } : {}),
  };
  throw new ApplyError('host-error', `${failure.message}${failure.stderr.trim() ? `: ${failure.stderr.trim().split('\n')[0]}` : ''}`, report, ledger, after);
}

/**
 * Takes the host back to `before` (observed earlier): the undo plan from now
 * to then, with everything that appeared since owned, applied like any plan
 * (journaled, undone itself if a step fails).
 */
export async function revertTo(backend: HostBackend, before: HostSnapshot, o: { ledger: Ledger; journal?: ApplyJournal; onProgress?: (p: ApplyProgress) => void }): Promise<ApplyOutcome> {
  const now = await backend.observe();
  const u = undoPlan(before, now, o.ledger);
  const blockers = u.plan.notes.filter((n) => n.severity === 'blocker');
  if (blockers.length > 0) throw new ApplyError('bad-params', `the host cannot be taken back: ${blockers.map((b) => b.message).join('; ')}`, { notes: u.plan.notes });
  return applyPlan(backend, u.plan, { design: u.target, ledger: u.ledger, before: now, ...(o.journal ? { journal: o.journal } : {}), ...(o.onProgress ? { onProgress: o.onProgress } : {}) });
}

export interface ApplyDesignOptions {
  design: Design;
  ledger: Ledger;
  journal?: ApplyJournal;
  /** The snapshot the client planned against; the apply is refused (`stale`) if the host differs from it now. */
  basedOn?: HostSnapshot;
  onProgress?: (p: ApplyProgress) => void;
  signal?: AbortSignal;
}

/** Observes, checks staleness and blockers, plans and applies. */
export async function applyDesign(backend: HostBackend, o: ApplyDesignOptions): Promise<ApplyOutcome> {
  const before = await backend.observe();
  if (o.basedOn) {
    // Traffic moving since the plan was made does not make it stale.
    const patch = shapeDiff(o.basedOn, before);
    if (patch !== null) throw new ApplyError('stale', staleMessage(o.basedOn, patch), { changed: patch });
  }
  const p = makePlan(before, o.design, o.ledger);
  const blockers = p.notes.filter((n) => n.severity === 'blocker');
  if (blockers.length > 0) {
    throw new ApplyError('bad-params', `the plan has ${blockers.length} blocker(s): ${blockers.map((b) => b.message).join('; ')}`, { notes: p.notes });
  }
  return applyPlan(backend, p, { design: o.design, ledger: o.ledger, before, ...(o.onProgress ? { onProgress: o.onProgress } : {}), ...(o.signal ? { signal: o.signal } : {}), ...(o.journal ? { journal: o.journal } : {}) });
}

/** One apply at a time: a second one while the first runs is refused `busy`. */
export interface ApplyGate {
  run<T>(what: string, fn: () => Promise<T>): Promise<T>;
  busy(): boolean;
}

/**
 * Creates a gate (one per agent or CLI run). With `lockFile` (the data
 * folder's apply.lock) it also excludes applies in other processes on the
 * same data folder: the agent and an `ngstudio apply` in a terminal must not
 * change the host, and the ledger, at the same time.
 */
export function createApplyGate(lockFile?: string): ApplyGate {
  let current: string | null = null;
  return {
    busy: () => current !== null,
    async run(what, fn) {
      if (current !== null) throw new ApplyError('busy', `another apply is running (${current}); wait for it to finish and plan again`);
      current = what;
      let release: (() => Promise<void>) | null = null;
      try {
        if (lockFile !== undefined) {
          await mkdir(dirname(lockFile), { recursive: true, mode: 0o700 });
          const got = await tryLock(lockFile);
          if (!got.ok) throw new ApplyError('busy', `another apply is running in process ${got.heldBy ?? '?'} (lock ${lockFile}); wait for it to finish and plan again`);
          release = got.release;
        }
        return await fn();
      } finally {
        current = null;
        await release?.();
      }
    },
  };
}
