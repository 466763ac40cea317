// `ngstudio plan|apply DESIGN --peer URL …` for a design that spans hosts.
//
// The CLI itself coordinates: it talks to each peer's agent directly over
// its WebSocket (the same URL `serve --peer` takes) and applies the local
// host's part in process. That is the simplest sound arrangement: each
// host's part is planned, applied, journaled and undone by the agent that
// owns that host's ledger and data folder (so a crash mid-way is recovered
// per host, by that host's own journal, as for any apply), and nothing
// needs a second hop through a relaying agent. Hosts go in a fixed order,
// the local host first, then peers by hostname; when a host's part fails
// (that host undoes its own steps), the hosts already done are taken back
// to how they were, last first (the peers by their `revert` method).
import { shapeDiff } from '../../shared/model/diff.js';
import { validateForHosts } from '../../shared/design/validate.js';
import { LOCAL_HOST } from '../../shared/design/hosts.js';
import type { Design } from '../../shared/design/types.js';
import type { HostSnapshot } from '../../shared/model/snapshot.js';
import { plan as makePlan } from '../../shared/plan/plan.js';
import { spanParts } from '../../shared/plan/span.js';
import type { Plan } from '../../shared/plan/types.js';
import { planView } from '../../shared/plan/view.js';
import type { ApplyReport, PlanView } from '../../shared/protocol/rpc.js';
import { applyPlan, ApplyError, revertTo } from '../engine/apply.js';
import { isApplyError } from '../engine/apply/errors.js';
import { storeJournal } from '../engine/apply/journal.js';
import { firstProblems } from '../store/designs.js';
import { UsageError, type CliIO } from './args.js';
import { connectPeer, PeerCallError, type PeerClient } from './peer-client.js';
import type { PlanSession } from './plan.js';
import { peerSpecs } from './serve.js';
import { removeSpanRecord, unfinishedSpanLines, writeSpanRecord, type SpanRecord } from '../store/span-record.js';

/** One host of a spanning plan. */
export interface SpanHostPlan {
  /** LOCAL_HOST or the peer's hostname. */
  host: string;
  /** How the user knows it: `HOSTNAME (this host)` / `HOSTNAME (peer1 at 127.0.0.1:7879)`. */
  label: string;
  peer: PeerClient | null;
  design: Design;
  view: PlanView;
  /** The local host's plan (peers plan for themselves). */
  plan: Plan | null;
}

export interface Span {
  hosts: SpanHostPlan[];
  close(): void;
}

/** Connects to the peers, checks the design against the hosts, and plans every host's part. */
export async function openSpan(cmd: string, s: PlanSession, urls: string[], peersFile?: string, warn: (line: string) => void = () => {}): Promise<Span> {
  const specs = await peerSpecs(urls, peersFile, cmd);
  for (const l of await unfinishedSpanLines(s.store.dir)) warn(`ngstudio: ${l}`);
  const settled = await Promise.allSettled(specs.map((p) => connectPeer(p)));
  const peers = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const close = (): void => peers.forEach((p) => p.close());
  try {
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw new Error(`${cmd}: ${(failed.reason as Error).message}; nothing was planned or applied`);
    const localName = s.before.host.hostname;
    const names = new Map<string, string>([[localName, 'this host']]);
    for (const p of peers) {
      const n = p.hello.host.hostname;
      if (names.has(n)) throw new UsageError(`${cmd}: peer ${p.spec.id} (${p.spec.address}) has the hostname ${n}, as ${names.get(n)} does; hosts are told apart by hostname`);
      names.set(n, `${p.spec.id} at ${p.spec.address}`);
    }
    const checked = validateForHosts(s.design, localName, peers.map((p) => p.hello.host.hostname));
    const errors = checked.problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) throw new UsageError(`${cmd}: the design does not fit these hosts: ${firstProblems(errors)}`);
    const byHost = new Map<string, PeerClient>(peers.map((p) => [p.hello.host.hostname, p]));
    const snapshots = new Map<string, HostSnapshot>([[LOCAL_HOST, s.before], ...peers.map((p) => [p.hello.host.hostname, p.hello.snapshot] as const)]);
    const hosts: SpanHostPlan[] = [];
    for (const part of spanParts(checked.design, snapshots)) {
      const peer = byHost.get(part.host) ?? null;
      const label = peer === null ? `${localName} (this host)` : `${part.host} (${peer.spec.id} at ${peer.spec.address})`;
      if (peer === null) {
        const p = makePlan(s.before, part.design, s.ledger);
        const plan = { changes: p.changes, notes: [...part.notes, ...p.notes] };
        hosts.push({ host: part.host, label, peer, design: part.design, view: planView(plan, s.before.version), plan });
        continue;
      }
      const view = await peer.call('plan', { design: part.design }).catch((e: unknown) => {
        throw new Error(`${cmd}: planning on ${label} failed: ${e instanceof PeerCallError ? e.wire.message : (e as Error).message}`);
      });
      hosts.push({ host: part.host, label, peer, design: part.design, view: { ...view, notes: [...part.notes, ...view.notes] }, plan: null });
    }
    return { hosts, close };
  } catch (e) {
    close();
    throw e;
  }
}

/** A host's plan as lines: its notes, its steps with their commands, and the sh script that does the same. */
export function spanPlanLines(hosts: SpanHostPlan[]): string[] {
  const out: string[] = [];
  for (const h of hosts) {
    const v = h.view;
    out.push(`== ${h.label}: ${v.changes.length === 0 && v.notes.length === 0 ? 'nothing to do' : `${v.changes.length} change${v.changes.length === 1 ? '' : 's'}`}`);
    for (const n of v.notes) out.push(`${n.severity === 'blocker' ? 'BLOCKER' : 'warning'}: ${n.message}`);
    for (const c of v.changes) {
      out.push(`  ${c.step}. ${c.impact === 'destroy' ? 'DESTROY ' : ''}${c.describe}`);
      for (const cmd of c.commands) out.push(`       ${cmd}`);
    }
    if (v.changes.length > 0) out.push('', `  As an sh script, to run on ${h.label} as root:`, ...v.script.trimEnd().split('\n').map((l) => `    ${l}`));
    out.push('');
  }
  return out;
}

/** The blockers of every host, each with its host. */
export function spanBlockers(hosts: SpanHostPlan[]): string[] {
  return hosts.flatMap((h) => h.view.notes.filter((n) => n.severity === 'blocker').map((n) => `${h.label}: ${n.message}`));
}

/** One host's outcome in a spanning apply. */
export interface HostOutcome {
  label: string;
  report: ApplyReport | null;
  /** After a later host failed: the revert's report (null: not reverted). */
  reverted: ApplyReport | null;
  error?: string;
}

const reportOf = (e: unknown): ApplyReport | null => {
  const d = isApplyError(e) ? e.details : e instanceof PeerCallError ? e.wire.details : undefined;
  return typeof d === 'object' && d !== null && 'of' in d ? (d as ApplyReport) : null;
};
const messageOf = (e: unknown): string => (e instanceof PeerCallError ? e.wire.message : (e as Error).message);

/** Applies one host's part: in process for the local host, by the peer's own `apply` otherwise. */
async function applyHost(s: PlanSession, h: SpanHostPlan, log: (line: string) => void): Promise<ApplyReport> {
  if (h.peer !== null) return h.peer.call('apply', { design: h.design, basedOn: h.view.basedOn });
  const now = await s.opened.backend.observe();
  if (shapeDiff(s.before, now) !== null) throw new ApplyError('stale', 'the local host changed while waiting for confirmation; run apply again to see the new plan');
  const out = await applyPlan(s.opened.backend, h.plan as Plan, {
    design: h.design, ledger: s.ledger, before: now, journal: storeJournal(s.store, `ngstudio apply across hosts (pid ${process.pid})`),
    onProgress: (p) => p.status !== 'running' && log(`[${h.label} ${p.step}/${p.of}] ${p.status.padEnd(6)} ${p.change}`),
  });
  return out.report;
}

/** Takes a host whose part applied back to how it was. */
async function revertHost(s: PlanSession, h: SpanHostPlan): Promise<ApplyReport> {
  if (h.peer !== null) return h.peer.call('revert', { to: h.view.basedOn });
  const ledger = await s.store.loadLedger();
  return (await revertTo(s.opened.backend, s.before, { ledger, journal: storeJournal(s.store, `ngstudio apply across hosts, undo (pid ${process.pid})`) })).report;
}

/**
 * Applies every host's part in order; on a failure, reverts the hosts done
 * before it, last first. Resolves with each host's outcome and whether all applied.
 */
export async function applySpan(s: PlanSession, span: Span, log: (line: string) => void): Promise<{ ok: boolean; hosts: HostOutcome[] }> {
  const outcomes: HostOutcome[] = span.hosts.map((h) => ({ label: h.label, report: null, reverted: null }));
  const done: number[] = [];
  const record: SpanRecord = { pid: process.pid, startedAt: new Date().toISOString(), hosts: span.hosts.map((h) => h.label), done: [] };
  const note = (): Promise<void> => writeSpanRecord(s.store.dir, { ...record, done: done.map((k) => span.hosts[k]!.label) });
  await note();
  const r = await applyInOrder(s, span, log, outcomes, done, note);
  // Kept when an undo failed: the record then still says which hosts stay changed.
  if (!r.hosts.some((h) => h.error?.startsWith('the undo failed'))) await removeSpanRecord(s.store.dir);
  return r;
}

async function applyInOrder(s: PlanSession, span: Span, log: (line: string) => void, outcomes: HostOutcome[], done: number[], note: () => Promise<void>): Promise<{ ok: boolean; hosts: HostOutcome[] }> {
  for (const [i, h] of span.hosts.entries()) {
    const o = outcomes[i] as HostOutcome;
    if (h.view.changes.length === 0) {
      o.report = { ok: true, of: 0, applied: 0, mismatches: [] };
      continue;
    }
    log(`Applying on ${h.label} (${h.view.changes.length} changes) …`);
    try {
      o.report = await applyHost(s, h, log);
      done.push(i);
      await note();
      continue;
    } catch (e) {
      o.report = reportOf(e);
      o.error = messageOf(e);
    }
    for (const k of [...done].reverse()) {
      const d = span.hosts[k] as SpanHostPlan;
      log(`Undoing on ${d.label} …`);
      const r = outcomes[k] as HostOutcome;
      try {
        r.reverted = await revertHost(s, d);
        done.splice(done.indexOf(k), 1);
        await note();
      } catch (e) {
        r.reverted = reportOf(e);
        r.error = `the undo failed: ${messageOf(e)}`;
      }
    }
    return { ok: false, hosts: outcomes };
  }
  return { ok: true, hosts: outcomes };
}

/** The lines that say what a spanning apply did on each host. */
export function spanOutcomeLines(r: { ok: boolean; hosts: HostOutcome[] }): string[] {
  const out: string[] = [];
  for (const h of r.hosts) {
    const rep = h.report;
    if (rep === null && h.error === undefined) {
      out.push(`${h.label}: not applied (an earlier host failed)`);
      continue;
    }
    if (h.error !== undefined && h.reverted === null) {
      out.push(`${h.label}: FAILED: ${h.error}`);
      if (rep?.failure) out.push(`  step ${rep.failure.step}: ${rep.failure.change}`, ...rep.failure.stderr.trim().split('\n').filter(Boolean).map((l) => `  | ${l}`));
      const left = rep?.leftovers ?? [];
      out.push(left.length === 0 ? `  ${h.label} undid its own steps: it is as it was.` : `  NOT restored on ${h.label}: ${left.join('; ')}`);
      continue;
    }
    out.push(`${h.label}: applied ${rep?.applied ?? 0} of ${rep?.of ?? 0} changes`);
    if (h.reverted !== null || h.error !== undefined) {
      const left = h.reverted?.leftovers ?? h.reverted?.mismatches ?? [];
      out.push(h.error !== undefined ? `  ${h.error}` : left.length === 0 ? `  undone: ${h.label} is as it was.` : `  NOT restored on ${h.label}: ${left.join('; ')}`);
    } else if ((rep?.mismatches ?? []).length > 0) out.push(`  still differs from the design: ${rep!.mismatches.join('; ')}`);
  }
  return out;
}

/** Runs the whole spanning `plan` (print) and returns the exit code. */
export function printSpanPlan(span: Span, io: CliIO, json: boolean): number {
  const blocked = spanBlockers(span.hosts).length > 0;
  if (json) io.out(JSON.stringify({ hosts: span.hosts.map((h) => ({ host: h.host === LOCAL_HOST ? null : h.host, label: h.label, plan: h.view })) }, null, 2));
  else for (const l of spanPlanLines(span.hosts)) io.out(l);
  return blocked ? 1 : 0;
}
