// Drills: cut a netgraph link or take an interface down for a while, then
// restore it. Agent operations with a journal entry (agent/store/drill-journal.ts),
// not planner steps: the target is checked against a fresh observation, the
// drill is recorded BEFORE the one command that acts runs, and restoring
// observes again and runs the one command that puts back exactly what was
// recorded (`ngctl connect A: B: hookA hookB`, `ifconfig IF up`, through
// `jexec JAIL` for an interface in a vnet jail). Nothing else is touched.
//
// A drill whose process died (kill -9, a crash) is restored by the next
// ngstudio process that opens the data folder at once, whether or not its
// deadline has passed: nobody is counting down any more, and an admin who
// killed a drill wants the link back, not a cut that outlives its process.
import { randomBytes } from 'node:crypto';
import type { HostBackend } from '../host/backend.js';
import { actArgv, checkSeconds, linkPresent, resolveCut, resolveDown, restoreStep, targetText, type DrillKind, type DrillTarget, type DrillView } from '../../shared/drill.js';
import { beginDrill, readDrills, takeOrphan, type DrillHold, type DrillJournal } from '../store/drill-journal.js';
import type { Store } from '../store/index.js';

/** Why a drill could not start: a bad target or duration (`bad-target`), or the host refused. */
export class DrillError extends Error {
  override name = 'DrillError';
  constructor(
    readonly code: 'bad-target' | 'host-error',
    message: string,
  ) {
    super(message);
  }
}

export const isDrillError = (e: unknown): e is DrillError => e instanceof Error && e.name === 'DrillError';

/** A drill under way in this process. */
export interface RunningDrill {
  view: DrillView;
  hold: DrillHold;
}

export interface DrillRequest {
  kind: DrillKind;
  target: string;
  seconds: number;
  /** Who runs it, in words. */
  what: string;
}

const runOf = (backend: HostBackend): NonNullable<HostBackend['run']> => {
  if (!backend.run) throw new DrillError('host-error', 'this host can only be observed; drills need a backend that runs commands');
  return backend.run.bind(backend);
};

const oneLine = (s: string): string => s.trim().split('\n')[0] ?? '';

/** Checks the target on the host, journals the drill, and cuts the link (or takes the interface down). */
export async function startDrill(store: Store, backend: HostBackend, r: DrillRequest): Promise<RunningDrill> {
  const run = runOf(backend);
  const secs = checkSeconds(r.seconds);
  if (!secs.ok) throw new DrillError('bad-target', secs.reason);
  const checked = r.kind === 'cut' ? resolveCut(await backend.observe(), r.target) : resolveDown(await backend.observe(), r.target);
  if (!checked.ok) throw new DrillError('bad-target', checked.reason);
  const on: DrillTarget = checked.target;
  const now = Date.now();
  const id = `${now.toString(36)}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const startedAt = new Date(now).toISOString();
  const until = new Date(now + secs.seconds * 1000).toISOString();
  const hold = await beginDrill(store.dir, { id, what: r.what, target: r.target, on, startedAt, until });
  const argv = actArgv(on);
  const res = await run(argv).catch((e: Error) => ({ code: -1, stdout: '', stderr: e.message }));
  if (res.code !== 0) {
    const why = `${argv.join(' ')} failed${res.code >= 0 ? ` (exit ${res.code})` : ''}: ${oneLine(res.stderr) || 'no message'}`;
    // The command may have taken effect in part: put back what is missing.
    const back = await restoreDrill(backend, on).catch((e: Error) => ({ ok: false, note: e.message }));
    await hold.close({ ok: back.ok, note: `did not start: ${why}; ${back.note}` });
    throw new DrillError('host-error', why);
  }
  if (on.kind === 'cut' && linkPresent(await backend.observe(), on)) {
    await hold.close({ ok: true, note: 'the link was still there after rmhook' });
    throw new DrillError('host-error', `${argv.join(' ')} ran but the ${targetText(on)} is still there`);
  }
  return { view: { id, kind: r.kind, target: r.target, on, startedAt, until, by: r.what }, hold };
}

/** Puts the drill's target back as recorded, if it is missing; says what it did. */
export async function restoreDrill(backend: HostBackend, on: DrillTarget): Promise<{ ok: boolean; note: string }> {
  const step = restoreStep(await backend.observe(), on);
  if (step.kind === 'already') return { ok: true, note: `the ${targetText(on)} was already back` };
  if (step.kind === 'cannot') return { ok: false, note: `could not restore the ${targetText(on)}: ${step.reason}` };
  const res = await runOf(backend)(step.argv);
  if (res.code !== 0) return { ok: false, note: `could not restore the ${targetText(on)}: ${step.argv.join(' ')} failed (exit ${res.code}): ${oneLine(res.stderr) || 'no message'}` };
  // A link to an ng_pipe: its re-made hook starts from ng_pipe's defaults; the recorded settings go back.
  for (const argv of step.then ?? []) {
    const r = await runOf(backend)(argv);
    if (r.code !== 0) return { ok: false, note: `restored the ${targetText(on)} but not its pipe's settings: ${argv.join(' ')} failed (exit ${r.code}): ${oneLine(r.stderr) || 'no message'}` };
  }
  const ran = [step.argv, ...(step.then ?? [])].map((a) => a.join(' ')).join('; ');
  return { ok: true, note: `restored the ${targetText(on)} (${ran})` };
}

/** Restores a running drill and closes its journal. */
export async function endDrill(backend: HostBackend, d: RunningDrill): Promise<{ ok: boolean; note: string }> {
  const out = await restoreDrill(backend, d.view.on).catch((e: Error) => ({ ok: false, note: `could not restore the ${targetText(d.view.on)}: ${e.message}` }));
  await d.hold.close(out);
  return out;
}

/** The drill as the agent lists it, from its journal. */
export const drillView = (j: DrillJournal): DrillView => ({ id: j.drill.id, kind: j.drill.on.kind, target: j.drill.target, on: j.drill.on, startedAt: j.drill.startedAt, until: j.drill.until, by: j.drill.what });

/**
 * Restores the drills whose process died (their journal's lock is free),
 * at once; returns what it did, a line each. Drills of live processes are
 * left to them.
 */
export async function restoreOrphanedDrills(store: Store, backend: HostBackend): Promise<string[]> {
  const lines: string[] = [];
  for (const j of await readDrills(store.dir)) {
    const hold = await takeOrphan(j);
    if (hold === null) continue;
    if (j.end) {
      await hold.close({ ok: j.end.ok, note: j.end.note });
      continue;
    }
    const late = Date.parse(j.drill.until) <= Date.now() ? 'past its deadline' : `before its deadline ${j.drill.until}`;
    const out = backend.run
      ? await restoreDrill(backend, j.drill.on).catch((e: Error) => ({ ok: false, note: `could not restore the ${targetText(j.drill.on)}: ${e.message}` }))
      : { ok: false, note: `could not restore the ${targetText(j.drill.on)}: this host can only be observed` };
    await hold.close(out);
    lines.push(`a drill on ${j.drill.target} was interrupted (${j.drill.what} died, ${late}): ${out.note}`);
  }
  return lines;
}
