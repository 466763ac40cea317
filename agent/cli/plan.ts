// `ngstudio plan DESIGN`: read a design file (or a stored design by name),
// observe the host, and print what would change — each step in words with
// its exact commands, grouped by phase, teardown (destroys, marked) first.
import { readFile } from 'node:fs/promises';
import { parseDesign } from '../../shared/design/parse.js';
import type { Design } from '../../shared/design/types.js';
import type { HostSnapshot } from '../../shared/model/snapshot.js';
import { describe } from '../../shared/plan/describe.js';
import { plan as makePlan } from '../../shared/plan/plan.js';
import { isNetgraphPhase, PHASES, type Command, type Plan } from '../../shared/plan/types.js';
import { ngctlLine } from '../../shared/export/ngctl.js';
import { planView } from '../../shared/plan/view.js';
import { shBody, shCommand } from '../../shared/export/sh.js';
import type { Ledger } from '../../shared/plan/ledger.js';
import { checkDesignName, firstProblems } from '../store/designs.js';
import { dataDirFor, openStore, type Store } from '../store/index.js';
import { parse, UsageError, type CliIO } from './args.js';
import { openHost, type OpenedHost } from './host.js';
import { adoptInterrupted, interruptedLines, type InterruptedApply } from '../engine/recovery.js';
import { spansHosts } from '../../shared/design/hosts.js';
import { openSpan, printSpanPlan } from './span.js';

/** Options shared by plan and apply. */
export const HOST_OPTIONS = {
  backend: { type: 'string' },
  'sim-state': { type: 'string' },
  'bin-dir': { type: 'string' },
  'data-dir': { type: 'string' },
  peer: { type: 'string', multiple: true },
  peers: { type: 'string' },
} as const;

/** Reads a design: a file path, else a stored design of that name; a broken file is bad input (exit 2). */
export async function readDesignArg(cmd: string, arg: string | undefined, store: Store): Promise<Design> {
  if (arg === undefined) throw new UsageError(`${cmd}: missing DESIGN (a design JSON file, or the name of a stored design)`);
  let text: string;
  try {
    text = await readFile(arg, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && checkDesignName(arg) === null && (await store.listDesigns()).includes(arg)) return store.getDesign(arg);
    throw new UsageError(`${cmd}: cannot read design file ${arg}: ${code === 'ENOENT' ? 'no such file (nor a stored design of that name)' : (e as Error).message}`);
  }
  const r = parseDesign(text);
  if (!r.ok) throw new UsageError(`${cmd}: design file ${arg} is not valid: ${firstProblems(r.problems)}`);
  return r.design;
}

/** What plan and apply work on: the host, the store, the design, the ledger and the snapshot planned against. */
export interface PlanSession {
  opened: OpenedHost;
  /** Interrupted applies found (and adopted) when the data folder was opened. */
  interrupted: InterruptedApply[];
  /** Drills whose process died, restored when the data folder was opened, a line each. */
  restored: string[];
  store: Store;
  design: Design;
  ledger: Ledger;
  before: HostSnapshot;
  plan: Plan;
}

/** Opens the host and store named by the options and plans the design. Close `opened` after. */
export async function openPlan(cmd: string, v: { backend?: string; 'sim-state'?: string; 'bin-dir'?: string; 'data-dir'?: string; peer?: string[] }, arg: string | undefined, env: NodeJS.ProcessEnv): Promise<PlanSession> {
  const store = await openStore(dataDirFor(v['data-dir'], env));
  const design = await readDesignArg(cmd, arg, store);
  const opened = await openHost(cmd, { ...v, demo: false }, { tempFile: false, env });
  try {
    const restored: string[] = [];
    const interrupted = await adoptInterrupted(store, opened.backend, { onDrill: (l) => restored.push(l) });
    const ledger = await store.loadLedger();
    const before = { ...(await opened.backend.observe()), version: 1 };
    // A design spanning hosts is planned host by host (span.ts), not here.
    const p = spansHosts(design) ? { changes: [], notes: [] } : makePlan(before, design, ledger);
    return { opened, interrupted, restored, store, design, ledger, before, plan: p };
  } catch (e) {
    await opened.cleanup();
    throw e;
  }
}

/** Tells the user, on stderr, about interrupted applies and drills found when the data folder was opened. */
export function reportInterrupted(s: Pick<PlanSession, 'interrupted' | 'restored'>, io: CliIO): void {
  for (const l of s.restored) io.err(`ngstudio: ${l}`);
  for (const i of s.interrupted) for (const l of interruptedLines(i)) io.err(`ngstudio: ${l}`);
}

/** A command as a person reads it: captured values as `$var`, a capture shown as `→ $var`. */
function commandText(c: Command): string {
  const words = c.argv.map((a) => (typeof a === 'string' ? a : a.epairB ? `\${${a.ref}%a}b` : `$${a.ref}`)).join(' ');
  return c.capture ? `${words}   → $${c.capture.var}` : words;
}

/**
 * The plan as an sh script an admin can paste into a root shell: netgraph
 * phases as one `ngctl -f -` here-document each (ngctl's socket node must
 * live for the whole phase), captured names through `$(…)`.
 */
export function planScript(p: Plan): string[] {
  const phases = PHASES.map((phase) => ({ phase, commands: p.changes.filter((c) => c.phase === phase).flatMap((c) => c.commands) }));
  const modules = phases.find((x) => x.phase === 'modules')?.commands ?? [];
  return ['#!/bin/sh', 'set -eu', ...modules.map(shCommand), ...shBody(phases)];
}

/** The plan as text lines: notes, then each phase with its steps and exact commands (netgraph phases as script lines). */
export function planLines(p: Plan): string[] {
  if (p.changes.length === 0 && p.notes.length === 0) return ['Nothing to do: the host already matches the design.'];
  const destroys = p.changes.filter((c) => c.impact === 'destroy').length;
  const out = [`Plan: ${p.changes.length} change${p.changes.length === 1 ? '' : 's'}${destroys > 0 ? `, ${destroys} destroying something (marked DESTROY)` : ''}.`];
  for (const n of p.notes) out.push(`${n.severity === 'blocker' ? 'BLOCKER' : 'warning'}: ${n.message}`);
  for (const phase of PHASES) {
    const steps = p.changes.map((c, i) => ({ c, i })).filter((s) => s.c.phase === phase);
    if (steps.length === 0) continue;
    out.push('', `${phase}${isNetgraphPhase(phase) ? ' (one ngctl -f - script)' : ''}:`);
    for (const { c, i } of steps) {
      out.push(`  ${i + 1}. ${c.impact === 'destroy' ? 'DESTROY ' : ''}${describe(c)}`);
      for (const cmd of c.commands) out.push(`       ${isNetgraphPhase(phase) ? ngctlLine(cmd) : commandText(cmd)}`);
    }
  }
  return out;
}

/** Runs `ngstudio plan`. */
export async function planCmd(argv: string[], io: CliIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values: v, positionals } = parse('plan', argv, { ...HOST_OPTIONS, json: { type: 'boolean' } }, true);
  if (positionals.length > 1) throw new UsageError(`plan: expected one DESIGN, got ${positionals.length}`);
  const s = await openPlan('plan', v, positionals[0], env);
  try {
    for (const n of s.opened.notes) io.err(`ngstudio: ${n}`);
    reportInterrupted(s, io);
    if ((v.peer ?? []).length > 0 || v.peers !== undefined || spansHosts(s.design)) {
      const span = await openSpan('plan', s, v.peer ?? [], v.peers, io.err);
      try {
        return printSpanPlan(span, io, v.json ?? false);
      } finally {
        span.close();
      }
    }
    const blocked = s.plan.notes.some((n) => n.severity === 'blocker');
    // --json: the plan as the agent's `plan` method answers it, for scripts.
    if (v.json) return (io.out(JSON.stringify(planView(s.plan, s.before.version), null, 2)), blocked ? 1 : 0);
    for (const line of planLines(s.plan)) io.out(line);
    if (s.plan.changes.length > 0) {
      for (const line of ['', 'To run it by hand, as root (the same commands, as one sh script):', '', ...planScript(s.plan)]) io.out(line);
    }
    return blocked ? 1 : 0;
  } finally {
    await s.opened.cleanup();
  }
}
