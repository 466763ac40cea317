// `ngstudio apply DESIGN [--yes] [--json]`: plan, show the plan (destroys first
// and marked), confirm on a terminal (without one, --yes is required), apply
// with progress, and report the result (with --json, as one JSON document on
// stdout). The apply is journaled (agent/store/journal.ts): the journal stores
// the ledger whatever happens, and a crash mid-way is recovered from.
import { createInterface } from 'node:readline/promises';
import { join } from 'node:path';
import { applyPlan, ApplyError, createApplyGate } from '../engine/apply.js';
import { isApplyError } from '../engine/apply/errors.js';
import { describe } from '../../shared/plan/describe.js';
import { shapeDiff } from '../../shared/model/diff.js';
import type { ApplyReport } from '../../shared/protocol/rpc.js';
import { parse, UsageError, type CliIO } from './args.js';
import { HOST_OPTIONS, openPlan, planLines, reportInterrupted, type PlanSession } from './plan.js';
import { storeJournal } from '../engine/apply/journal.js';
import { spansHosts } from '../../shared/design/hosts.js';
import { applySpan, openSpan, spanBlockers, spanOutcomeLines, spanPlanLines } from './span.js';

export interface ApplyIO extends CliIO {
  /** Whether stdin and stdout are a terminal (asking makes sense). */
  isTTY: boolean;
  /** Asks a yes/no question; true for yes. */
  ask(question: string): Promise<boolean>;
}

/** Asks on the process's terminal. */
async function askTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

const processIO = (io: CliIO): ApplyIO => ({ ...io, isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY), ask: askTerminal });

/** The lines saying what a failed apply did. */
function failureLines(r: ApplyReport): string[] {
  const out: string[] = [];
  if (r.failure) out.push(`Step ${r.failure.step} failed: ${r.failure.change}`, `  ${r.failure.message}`, ...r.failure.stderr.trim().split('\n').filter(Boolean).map((l) => `  | ${l}`));
  if (r.undone && r.undone.length > 0) out.push('Undone:', ...r.undone.map((u) => `  ${u}`));
  if (r.leftovers && r.leftovers.length > 0) out.push('NOT restored (check the host):', ...r.leftovers.map((u) => `  ${u}`));
  else out.push('The host is as it was before the apply.');
  return out;
}

/** Runs `ngstudio apply`. */
export async function applyCmd(argv: string[], cliIO: CliIO, env: NodeJS.ProcessEnv = process.env, ttyIO: ApplyIO = processIO(cliIO)): Promise<number> {
  const { values: v, positionals } = parse('apply', argv, { ...HOST_OPTIONS, yes: { type: 'boolean' }, json: { type: 'boolean' } }, true);
  if (positionals.length > 1) throw new UsageError(`apply: expected one DESIGN, got ${positionals.length}`);
  if (v.json && !v.yes) throw new UsageError('apply: --json never asks for confirmation; pass --yes too');
  // --json: stdout carries one JSON report ({ ok, report }) for scripts; what people read goes to stderr.
  const io: ApplyIO = v.json ? { ...ttyIO, out: ttyIO.err } : ttyIO;
  const report = (r: ApplyReport): void => void (v.json && ttyIO.out(JSON.stringify({ ok: r.ok && r.mismatches.length === 0, report: r }, null, 2)));
  const s = await openPlan('apply', v, positionals[0], env);
  try {
    for (const n of s.opened.notes) io.err(`ngstudio: ${n}`);
    reportInterrupted(s, io);
    if (s.opened.stateFile === null) io.err('ngstudio: note: no --sim-state given; applying to an emulated host in memory that ends with this command');
    if ((v.peer ?? []).length > 0 || v.peers !== undefined || spansHosts(s.design)) {
      return await applyAcross(s, { urls: v.peer ?? [], file: v.peers }, v.yes ?? false, io, (j) => void (v.json && ttyIO.out(JSON.stringify(j, null, 2))));
    }
    for (const line of planLines(s.plan)) io.out(line);
    const blockers = s.plan.notes.filter((n) => n.severity === 'blocker');
    if (blockers.length > 0) throw new UsageError(`apply: the plan has ${blockers.length} blocker(s); fix the design first: ${blockers[0]!.message}`);
    if (s.plan.changes.length === 0) return (report({ ok: true, of: 0, applied: 0, mismatches: [], processes: 0 }), 0);
    if (!v.yes) {
      if (!io.isTTY) throw new UsageError('apply: not a terminal, so no confirmation can be asked; pass --yes to apply');
      const destroys = s.plan.changes.filter((c) => c.impact === 'destroy').map(describe);
      const q = destroys.length > 0 ? `This DESTROYS:\n${destroys.map((d) => `  ${d}`).join('\n')}\nApply ${s.plan.changes.length} changes? [y/N] ` : `Apply ${s.plan.changes.length} changes? [y/N] `;
      if (!(await io.ask(q))) return (io.err('ngstudio: apply cancelled; nothing was changed'), 1);
    }
    return await createApplyGate(join(s.store.dir, 'apply.lock')).run(`ngstudio apply (pid ${process.pid})`, () => applyNow(s, io, report));
  } finally {
    await s.opened.cleanup();
  }
}

/** `apply` of a design spanning hosts: plan every host, refuse blockers anywhere, confirm, apply host by host (span.ts). */
async function applyAcross(s: PlanSession, peers: { urls: string[]; file: string | undefined }, yes: boolean, io: ApplyIO, json: (j: unknown) => void): Promise<number> {
  const span = await openSpan('apply', s, peers.urls, peers.file, io.err);
  try {
    for (const l of spanPlanLines(span.hosts)) io.out(l);
    const blockers = spanBlockers(span.hosts);
    if (blockers.length > 0) throw new UsageError(`apply: the plan has ${blockers.length} blocker(s); nothing was applied on any host: ${blockers[0]}`);
    const total = span.hosts.reduce((n, h) => n + h.view.changes.length, 0);
    if (total === 0) return (json({ ok: true, hosts: [] }), 0);
    if (!yes) {
      if (!io.isTTY) throw new UsageError('apply: not a terminal, so no confirmation can be asked; pass --yes to apply');
      if (!(await io.ask(`Apply ${total} changes on ${span.hosts.length} hosts? [y/N] `))) return (io.err('ngstudio: apply cancelled; nothing was changed'), 1);
    }
    const r = await createApplyGate(join(s.store.dir, 'apply.lock')).run(`ngstudio apply (pid ${process.pid})`, () => applySpan(s, span, io.out));
    json({ ok: r.ok, hosts: r.hosts });
    for (const l of spanOutcomeLines(r)) io.out(l);
    if (!r.ok) throw new Error(`apply failed on ${r.hosts.find((h) => h.error !== undefined && h.reverted === null)?.label ?? 'a host'}; the hosts done before it were undone`);
    return r.hosts.some((h) => (h.report?.mismatches ?? []).length > 0) ? 1 : 0;
  } finally {
    span.close();
  }
}

/** Applies the confirmed plan under the data folder's apply lock; returns the exit code. */
async function applyNow(s: PlanSession, io: ApplyIO, report: (r: ApplyReport) => void): Promise<number> {
  // The plan was made against `before`; refuse if the host moved while we asked.
  const now = await s.opened.backend.observe();
  if (shapeDiff(s.before, now) !== null) throw new ApplyError('stale', 'apply: the host changed while waiting for confirmation; run apply again to see the new plan');
  try {
    // The journal stores the ledger at the end, whatever happens.
    const out = await applyPlan(s.opened.backend, s.plan, {
      design: s.design, ledger: s.ledger, before: now, journal: storeJournal(s.store, `ngstudio apply (pid ${process.pid})`),
      onProgress: (p) => p.status !== 'running' && io.out(`[${p.step}/${p.of}] ${p.status.padEnd(6)} ${p.change}`),
    });
    report(out.report);
    io.out(`Applied ${out.report.applied} of ${out.report.of} changes (${out.report.processes ?? '?'} host commands).`);
    if (out.report.mismatches.length === 0) return 0;
    io.out('The host still differs from the design:');
    for (const m of out.report.mismatches) io.out(`  ${m}`);
    throw new Error(`apply: the host does not match the design after the apply (${out.report.mismatches.length} difference(s), listed above)`);
  } catch (e) {
    if (!isApplyError(e) || e.code !== 'host-error') throw e;
    report(e.details as ApplyReport);
    for (const l of failureLines(e.details as ApplyReport)) io.out(l);
    throw new Error(`apply failed: ${e.message.split('\n')[0]}`);
  }
}
