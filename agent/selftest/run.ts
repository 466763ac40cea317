// `ngstudio doctor --selftest`: proves the freebsd backend and the engine on
// this host without touching what is on it. Everything happens inside a
// throwaway persistent vnet jail, through the same backend with every command
// prefixed by `jexec JAIL`: build a small topology there by hand, observe it
// with the agent's parsers and check it node for node, turn it into a design
// and plan it (nothing to do), change the design and apply it through the
// engine, check the result, then remove everything and check that the host's
// snapshot is what it was before. Cleanup runs whatever failed.
import { freebsdBackend, type FreebsdBackend } from '../host/freebsd/backend.js';
import type { CommandRecorder } from '../host/freebsd/exec.js';
import { applyDesign } from '../engine/apply.js';
import { isApplyError } from '../engine/apply/errors.js';
import { captureValue } from '../engine/apply/run.js';
import type { HostSnapshot } from '../../shared/model/snapshot.js';
import type { Design } from '../../shared/design/types.js';
import { designFromSnapshot } from '../../shared/design/from-snapshot.js';
import { parseDesign } from '../../shared/design/parse.js';
import { plan } from '../../shared/plan/plan.js';
import { describe } from '../../shared/plan/describe.js';
import { emptyLedger } from '../../shared/plan/ledger.js';
import type { ApplyReport } from '../../shared/protocol/rpc.js';
import { cleanUp } from './cleanup.js';
import { hostDifference } from './compare.js';
import { Report, why, type SelftestCheck } from './report.js';
import { BUILD_SCRIPT, NAMES, expectBuilt, expectModified, expectModifiedPlan, modifiedDesign, type Built } from './topology.js';

export interface SelftestOptions {
  /** Where the host commands are taken from (default: PATH). */
  binDir?: string;
  /** The throwaway jail's name (default ngstudio_selftest_<pid>). */
  jail?: string;
  /** Told about every command run (the support bundle). */
  recorder?: CommandRecorder;
  timeoutMs?: number;
  /** Each check's line as it ends. */
  out: (line: string) => void;
}

export interface SelftestOutcome {
  ok: boolean;
  jail: string;
  /** Whether the nested jail could be made. */
  nested: boolean;
  checks: SelftestCheck[];
  /** What could not be cleaned up, in words. */
  leftovers: string[];
  /** The closing lines. */
  summary: string[];
  /** Every line printed (the bundle's report). */
  text: string;
}

/** Modules the jail needs: a jail cannot load kernel modules itself (kldload is refused there). */
export const SELFTEST_MODULES = ['ng_socket', 'ng_bridge', 'ng_eiface', 'if_epair'] as const;

/** What each stage is called, in order (the ones not reached are reported as skipped). */
const STAGES = ['build netgraph in the jail', 'make an epair in the jail', 'nested jail', 'observe inside the jail', 'round trip', 'plan the changed design', 'apply through the engine'] as const;

const firstLine = (s: string): string => s.trim().split('\n')[0] ?? '';

/** Are the modules loaded on the host? Loads the missing ones (saying so), since the jail cannot. */
async function modulesReady(host: FreebsdBackend, r: Report): Promise<boolean> {
  const missing: string[] = [];
  for (const m of SELFTEST_MODULES) if ((await host.run(['kldstat', '-q', '-m', m])).code !== 0) missing.push(m);
  if (missing.length === 0) {
    r.ok('kernel modules', `${SELFTEST_MODULES.join(', ')} loaded on the host`);
    return true;
  }
  const k = await host.run(['kldload', ...missing]);
  if (k.code === 0) {
    r.ok('kernel modules', `loaded ${missing.join(', ')} on the host (a jail cannot load modules); they stay loaded`);
    return true;
  }
  r.fail('kernel modules', `${missing.join(', ')} not loaded and kldload failed (${firstLine(k.stderr)}); a jail cannot load modules: kldload them on the host`);
  return false;
}

/** Makes the throwaway jail; true when it exists afterwards (so cleanup must remove it). */
async function makeJail(host: FreebsdBackend, jail: string, r: Report): Promise<boolean> {
  const argv = ['jail', '-c', `name=${jail}`, 'path=/', 'vnet', 'persist', 'children.max=1'];
  const c = await host.run(argv);
  if (c.code === 0) {
    r.ok('throwaway jail', `${jail} made (path=/ vnet persist children.max=1); everything below happens inside it`);
    return true;
  }
  r.fail('throwaway jail', `${argv.join(' ')} failed: ${firstLine(c.stderr)}`);
  return (await host.run(['jls', '-j', jail, 'jid'])).code === 0;
}

/** Builds the topology inside the jail by hand; null when a required part failed. */
async function build(inside: FreebsdBackend, r: Report): Promise<Built | null> {
  const ng = await inside.run(['ngctl', '-f', '-'], { stdin: BUILD_SCRIPT });
  if (ng.code !== 0) {
    r.fail(STAGES[0], `ngctl -f - exited ${ng.code}: ${firstLine(ng.stderr)}`);
    return null;
  }
  r.ok(STAGES[0], `bridge ${NAMES.bridge} (persistent) with eifaces ${NAMES.e1} on link1 and ${NAMES.e2} on link2`);
  const ep = await inside.run(['ifconfig', 'epair', 'create']);
  const a = ep.code === 0 ? captureValue('stdout-line', ep.stdout) : null;
  if (a === null || !a.endsWith('a')) {
    r.fail(STAGES[1], ep.code === 0 ? `ifconfig epair create printed ${JSON.stringify(ep.stdout)}, not an epair's a side` : `ifconfig epair create exited ${ep.code}: ${firstLine(ep.stderr)}`);
    return null;
  }
  const epair = { a, b: `${a.slice(0, -1)}b` };
  r.ok(STAGES[1], `${epair.a}/${epair.b}`);
  const gi = await inside.run(['ngctl', 'msg', `${NAMES.e2}:`, 'getifname']);
  const e2ifname = gi.code === 0 ? captureValue('getifname', gi.stdout) : null;
  if (e2ifname === null) {
    r.fail(STAGES[2], `ngctl msg ${NAMES.e2}: getifname gave no interface name (exit ${gi.code}: ${firstLine(gi.stderr)})`);
    return null;
  }
  const nj = await inside.run(['jail', '-c', `name=${NAMES.nested}`, 'path=/', 'vnet', 'persist', `vnet.interface=${e2ifname}`]);
  if (nj.code === 0) r.ok(STAGES[2], `${NAMES.nested} (vnet) made inside the jail, holding ${e2ifname}`);
  else r.skip(STAGES[2], `nesting not allowed, skipped (${firstLine(nj.stderr) || `exit ${nj.code}`})`);
  return { epair, e2ifname, nested: nj.code === 0 ? NAMES.nested : null };
}

/** The design made from what was seen is valid and plans nothing. */
function roundTrip(seen: HostSnapshot, r: Report): Design {
  const design = designFromSnapshot(seen);
  const parsed = parseDesign(JSON.stringify(design));
  if (!parsed.ok) {
    r.fail(STAGES[4], `the design made from the snapshot is refused: ${parsed.problems.map((p) => p.message).join('; ')}`);
    return design;
  }
  const p = plan(seen, design, emptyLedger());
  const size = `${design.nodes.length} nodes, ${design.links.length} links, ${design.epairs.length} epairs, ${design.jails.length} jails`;
  if (p.changes.length === 0) r.ok(STAGES[4], `the jail as a design (${size}) plans 0 changes`);
  else r.fail(STAGES[4], `the jail as a design (${size}) plans ${p.changes.length} changes: ${p.changes.map(describe).join('; ')}`);
  return design;
}

/** What a failed apply reports: the engine's message, what it undid and what it left. */
function applyFailure(e: unknown): string {
  if (!isApplyError(e)) return why(e);
  const rep = e.details as Partial<ApplyReport> | undefined;
  const undone = rep?.undone?.length ? `; undone: ${rep.undone.join(', ')}` : '';
  const left = rep?.leftovers?.length ? `; not restored: ${rep.leftovers.join(', ')}` : '';
  return `${e.message}${undone}${left}`;
}

/**
 * Plans the changed design against what was seen, applies it through the
 * engine, checks the host after. `engine` is the backend without the stop
 * guard: a stop cancels the apply through `signal`, and the engine's undo must still run.
 */
async function changeAndApply(engine: FreebsdBackend, seen: HostSnapshot, design: Design, b: Built, r: Report, signal: AbortSignal): Promise<void> {
  const mod = modifiedDesign(design, b);
  const p = plan(seen, mod, emptyLedger());
  const bad = expectModifiedPlan(p, b);
  if (bad !== null) {
    r.fail(STAGES[5], `${bad} (${p.changes.map(describe).join('; ')})`);
    r.skip(STAGES[6], 'not run: the plan is not what the change asks for');
    return;
  }
  r.ok(STAGES[5], `${p.changes.length} changes: ${p.changes.map(describe).join('; ')}`);
  try {
    const out = await applyDesign(engine, { design: mod, ledger: emptyLedger(), basedOn: seen, signal });
    r.ok(STAGES[6], `${out.report.applied} of ${out.report.of} steps, ${out.report.processes ?? '?'} processes`);
    // out.snapshot is the engine's own observe after the apply.
    const again = plan(out.snapshot, mod, out.ledger);
    const same = again.changes.length === 0 && out.report.mismatches.length === 0;
    r.add(same ? 'ok' : 'FAIL', 'host equals the design', same
      ? 'observed again after the apply: the re-plan is empty'
      : `observed again after the apply, still to do: ${[...again.changes.map(describe), ...out.report.mismatches].join('; ')}`);
    r.addAll(expectModified(out.snapshot, b));
  } catch (e) {
    r.fail(STAGES[6], applyFailure(e));
  }
}

/** Observations of the host after the test until it matches (a removed vnet jail can stay DYING a moment on FreeBSD). */
const SETTLE_TRIES = 3;
const SETTLE_MS = 1_000;

/** The host after the test, compared with the host before. */
async function compareHost(host: FreebsdBackend, before: HostSnapshot, r: Report): Promise<void> {
  try {
    let after = await host.observe();
    let diff = hostDifference(before, after);
    for (let k = 1; k < SETTLE_TRIES && diff !== null; k++) {
      await new Promise((res) => setTimeout(res, SETTLE_MS));
      after = await host.observe();
      diff = hostDifference(before, after);
    }
    if (diff === null) r.ok('host unchanged', `its snapshot after the test equals the one before (${after.netgraph.nodes.length} nodes, ${after.interfaces.length} interfaces, ${after.jails.length} jails)`);
    else r.fail('host unchanged', `the host differs from before: ${diff}`);
  } catch (e) {
    r.fail('host unchanged', `could not observe the host after the test: ${why(e)}`);
  }
}

/** The backend, refusing to start anything once `signal` is aborted (so the stages stop and cleanup begins). */
function guarded(be: FreebsdBackend, signal: AbortSignal): FreebsdBackend {
  const check = (): void => {
    if (signal.aborted) throw new Error(`interrupted by ${String(signal.reason)}`);
  };
  return {
    ...be,
    observe: () => (check(), be.observe()),
    run: (argv, o) => (check(), be.run(argv, o)),
  };
}

/** The stages inside the jail, in order; stops at the first one that leaves nothing to go on. */
async function inJail(engine: FreebsdBackend, jail: string, r: Report, signal: AbortSignal): Promise<Built | null> {
  const inside = guarded(engine, signal);
  const built = await build(inside, r);
  if (built === null) return null;
  let seen: HostSnapshot;
  try {
    seen = await inside.observe();
  } catch (e) {
    r.fail(STAGES[3], why(e));
    return built;
  }
  r.ok(STAGES[3], `through jexec ${jail} with the agent's own observer and parsers`);
  r.addAll(expectBuilt(seen, built));
  const design = roundTrip(seen, r);
  if (signal.aborted) throw new Error(`interrupted by ${String(signal.reason)}`);
  await changeAndApply(engine, seen, design, built, r, signal);
  return built;
}

/** Runs the self-test; never throws for a host problem (each is a FAIL line), and always cleans up. */
export async function runSelftest(o: SelftestOptions): Promise<SelftestOutcome> {
  const r = new Report(o.out);
  const jail = o.jail ?? `ngstudio_selftest_${process.pid}`;
  const base = { ...(o.binDir !== undefined ? { binDir: o.binDir } : {}), ...(o.recorder ? { recorder: o.recorder } : {}), ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}) };
  const host = freebsdBackend(base);
  const inside = freebsdBackend({ ...base, prefix: ['jexec', jail] });
  let before: HostSnapshot | null = null;
  let made = false;
  let built: Built | null = null;
  const leftovers: string[] = [];
  // SIGINT/SIGTERM: stop after the command under way, then clean up (a second signal ends the process).
  // A listener that stays registered while the test runs (execa's exit hook re-raises a signal nobody listens to).
  const stop = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    if (stop.signal.aborted) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.kill(process.pid, sig);
      return;
    }
    o.out(`selftest: ${sig}: stopping after the command under way, then cleaning up (${sig} again to quit at once)`);
    stop.abort(sig);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const steps = async (): Promise<void> => {
    if (!(await modulesReady(host, r))) return;
    const seen = await host.observe();
    r.ok('observe the host', `${seen.netgraph.nodes.length} netgraph nodes, ${seen.interfaces.length} interfaces, ${seen.jails.length} jails before the test`);
    if (seen.jails.some((j) => j.name === jail)) {
      r.fail('throwaway jail', `a jail named ${jail} exists already, so nothing is done (if an earlier self-test left it: jail -r ${jail})`);
      return;
    }
    before = seen;
    made = await makeJail(host, jail, r);
    if (made) built = await inJail(inside, jail, r, stop.signal);
  };
  try {
    await steps();
  } catch (e) {
    r.fail('self-test', `stopped: ${why(e)}`);
  } finally {
    if (made) leftovers.push(...(await cleanUp(host, inside, jail, r).catch((e: unknown) => [`cleanup stopped: ${why(e)}`])));
    if (before !== null) await compareHost(host, before, r);
    await host.close();
    await inside.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return finish();

  function finish(): SelftestOutcome {
    const reached = new Set(r.checks.map((c) => c.what));
    const failed = r.checks.filter((c) => c.status === 'FAIL');
    const nested = built?.nested != null;
    const summary: string[] = [];
    if (failed.length === 0 && made) {
      summary.push(`selftest: worked inside throwaway vnet jail ${jail}${nested ? ' and a jail nested in it' : ''}: built, observed, planned, applied and removed; the host is as it was (${r.count('ok')} ok, ${r.count('skip')} skipped)`);
    } else {
      const notReached = STAGES.filter((s) => !reached.has(s));
      summary.push(`selftest: ${failed.length} check(s) failed: ${failed.map((c) => c.what).join(', ') || 'none'}${notReached.length > 0 ? `; not reached: ${notReached.join(', ')}` : ''} (${r.count('ok')} ok, ${r.count('skip')} skipped)`);
    }
    if (leftovers.length > 0) summary.push(`selftest: could not clean up: ${leftovers.join('; ')}`);
    for (const l of summary) o.out(l);
    return { ok: failed.length === 0 && made, jail, nested, checks: [...r.checks], leftovers, summary, text: r.text() + summary.map((l) => `${l}\n`).join('') };
  }
}
