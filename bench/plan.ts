// Benchmarks of the planner and of apply's process economy:
// - plan() for a 5000-node design against a 5000-node host (goal < 200 ms),
//   and the same design with 500 links impaired (500 ng_pipes to splice in);
// - the processes an apply of a 100-jail netgraph topology starts (the ngctl
//   part one process per phase, whatever the size), beside what jng-style
//   scripting (FreeBSD's share/examples/jails/jng, facts §6.1) starts for
//   the same topology, both counted over the emulated commands.
import { runCommand } from '../agent/host/sim/cmd/index.js';
import { memorySimBackend } from '../agent/host/sim/backend.js';
import { newState } from '../agent/host/sim/new-state.js';
import { simSnapshot } from '../agent/host/sim/snapshot.js';
import type { SimState } from '../agent/host/sim/state.js';
import { applyPlan } from '../agent/engine/apply.js';
import { designFromSnapshot } from '../shared/design/from-snapshot.js';
import type { Design } from '../shared/design/types.js';
import { emptyLedger } from '../shared/plan/ledger.js';
import { plan } from '../shared/plan/plan.js';
import { report, type BenchResult } from './support.js';

/** A host of `bridges` persistent bridges with `per` eifaces each, built by one ngctl -f script. */
async function bridgedHost(bridges: number, per: number): Promise<SimState> {
  const state = newState();
  const lines: string[] = [];
  for (let b = 0; b < bridges; b++) {
    lines.push(`mkpeer . bridge b${b} link0`, `name .:b${b} br${b}`, `msg br${b}: setpersistent`, `rmhook . b${b}`);
    for (let e = 1; e <= per; e++) lines.push(`mkpeer br${b}: eiface link${e} ether`);
  }
  const r = await runCommand(state, ['ngctl', '-f', '-'], { readStdin: async () => lines.join('\n') + '\n' });
  if (r.code !== 0) throw new Error(`building the host failed: ${r.stderr}`);
  return state;
}

async function benchPlanTime(): Promise<BenchResult[]> {
  const host = simSnapshot(await bridgedHost(500, 9)); // 500 × (1 + 9) = 5000 nodes
  const design: Design = designFromSnapshot(host);
  // A realistic edit on a big design: one more eiface on one bridge, one bridge removed.
  design.nodes.push({ name: 'ng_new', type: 'eiface', ifname: 'ng_new' });
  design.links.push({ a: { node: 'br7', hook: 'link10' }, b: { node: 'ng_new', hook: 'ether' } });
  const ledger = emptyLedger();
  const times: number[] = [];
  let changes = 0;
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    changes = plan(host, design, ledger).changes.length;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  // Every bridge's link1 impaired: 500 pipes, each a rmhook, mkpeer, name, connect and setcfg.
  const impaired: Design = { ...design, links: design.links.map((l) => (l.a.hook === 'link1' && l.a.node.startsWith('br') ? { ...l, impair: { delayMs: 20, lossPct: 0.5 } } : l)) };
  const itimes: number[] = [];
  let ichanges = 0;
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    ichanges = plan(host, impaired, ledger).changes.length;
    itimes.push(performance.now() - t);
  }
  itimes.sort((a, b) => a - b);
  const imedian = itimes[Math.floor(itimes.length / 2)]!;
  return [
    { name: 'host and design size', value: host.netgraph.nodes.length, unit: 'netgraph nodes' },
    { name: 'plan() of a 5000-node design (median of 7)', value: Math.round(median), unit: `ms (${changes} changes)`, goal: '< 200 ms', ok: median < 200 },
    { name: 'plan() of it with 500 links impaired (median of 7)', value: Math.round(imedian), unit: `ms (${ichanges} changes)`, goal: '< 200 ms', ok: imedian < 200 },
  ];
}

/** The wiki-style topology with `n` jails: bridge br0, one eiface and one vnet jail per jail. */
function jailsDesign(n: number): Design {
  const names = Array.from({ length: n }, (_, i) => `j${i}`);
  return {
    format: 1,
    nodes: [{ name: 'br0', type: 'bridge' }, ...names.map((j) => ({ name: `ng0_${j}`, type: 'eiface', ifname: `ng0_${j}` }))],
    links: names.map((j, i) => ({ a: { node: 'br0', hook: `link${i}` }, b: { node: `ng0_${j}`, hook: 'ether' } })),
    epairs: [],
    bridges: [],
    jails: names.map((j) => ({ name: j, path: `/jails/${j}`, vnet: true, interfaces: [`ng0_${j}`] })),
  } as Design;
}

/** Runs jng's `bridge NAME em0` command sequence (facts §6.1) for each jail, then jail -c; counts processes. */
async function jngStyleProcesses(n: number): Promise<{ total: number; ngctl: number }> {
  const state = newState();
  let total = 0;
  let ngctl = 0;
  const run = async (argv: string[]) => {
    total++;
    if (argv[0] === 'ngctl') ngctl++;
    return runCommand(state, argv);
  };
  await run(['kldload', 'ng_ether']);
  for (let i = 0; i < n; i++) {
    const name = `j${i}`;
    const eiface = `ng0_${name}`;
    await run(['ngctl', 'msg', `${eiface}:`, 'getifname']);
    await run(['ifconfig', 'em0', 'up']);
    await run(['ngctl', 'msg', 'em0:', 'setpromisc', '1']);
    await run(['ngctl', 'msg', 'em0:', 'setautosrc', '0']);
    if ((await run(['ngctl', 'info', 'em0bridge:'])).code !== 0) {
      await run(['ngctl', 'mkpeer', 'em0:', 'bridge', 'lower', 'link0']);
      await run(['ngctl', 'connect', 'em0:', 'em0:lower', 'upper', 'link1']);
      await run(['ngctl', 'name', 'em0:lower', 'em0bridge']);
    }
    let num = 2;
    while ((await run(['ngctl', 'msg', 'em0bridge:', 'getstats', String(num)])).code === 0) num++;
    await run(['ngctl', 'mkpeer', 'em0bridge:', 'eiface', `link${num}`, 'ether']);
    const shown = await run(['ngctl', 'show', '-n', `em0bridge:link${num}`]);
    const auto = shown.stdout.trim().split(/\s+/)[1]!;
    await run(['ngctl', 'name', `em0bridge:link${num}`, eiface]);
    await run(['ifconfig', auto, 'name', eiface]);
    await run(['ifconfig', eiface, 'up']);
    await run(['ifconfig', 'em0', 'ether']); // derive_mac reads the parent's MAC
    await run(['ifconfig', eiface, 'ether', `02:00:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`]);
    await run(['jail', '-c', `name=${name}`, `path=/jails/${name}`, 'vnet', 'persist', `vnet.interface=${eiface}`]);
  }
  return { total, ngctl };
}

async function benchApplyProcesses(): Promise<BenchResult[]> {
  const n = 100;
  const backend = memorySimBackend(newState());
  const before = await backend.observe();
  const design = jailsDesign(n);
  const ledger = emptyLedger();
  const p = plan(before, design, ledger);
  let ngctlRuns = 0;
  const counting = { ...backend, run: async (argv: string[], o?: { stdin?: string }) => { if (argv[0] === 'ngctl') ngctlRuns++; return backend.run(argv, o); } };
  const out = await applyPlan(counting, p, { design, ledger, before });
  if (!out.report.ok) throw new Error('the 100-jail apply failed');
  const jng = await jngStyleProcesses(n);
  const netgraphPhases = new Set(p.changes.filter((c) => c.phase.endsWith('netgraph')).map((c) => c.phase)).size;
  return [
    { name: `apply of ${n} jails: processes in all`, value: out.report.processes ?? backend.runCount(), unit: 'processes' },
    { name: `apply of ${n} jails: ngctl processes`, value: ngctlRuns, unit: `processes (${netgraphPhases} netgraph script + 1 script of getifname questions)` },
    { name: `apply of ${n} jails: ngctl -f scripts (netgraph phases)`, value: netgraphPhases, unit: 'processes', goal: 'one per phase, whatever the size', ok: netgraphPhases <= 2 },
    { name: `jng-style scripting of ${n} jails: processes in all`, value: jng.total, unit: 'processes' },
    { name: `jng-style scripting of ${n} jails: ngctl processes`, value: jng.ngctl, unit: 'processes' },
  ];
}

export async function benchPlan(): Promise<void> {
  report('planner, 5000-node design against a 5000-node host', await benchPlanTime());
  report('apply of a 100-jail netgraph topology: processes started', await benchApplyProcesses());
}

if (import.meta.url === `file://${process.argv[1]}`) await benchPlan();
