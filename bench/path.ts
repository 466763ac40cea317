// Path tracing on a 5000-node host: 500 bridges with 9 eifaces each, the
// bridges chained one to the next. The UI traces again on every snapshot
// change while a path is shown, so a trace over the whole graph must stay
// as fast as planning a design of that size (goal < 200 ms, as plan's).
import { runCommand } from '../agent/host/sim/cmd/index.js';
import { newState } from '../agent/host/sim/new-state.js';
import { simSnapshot } from '../agent/host/sim/snapshot.js';
import type { HostSnapshot } from '../shared/model/snapshot.js';
import { tracePath } from '../shared/path/trace.js';
import type { BenchResult } from './support.js';

/** `bridges` persistent bridges of `per` eifaces each, bridge b linked to b+1 (unless `cut` is that b). */
async function chainedHost(bridges: number, per: number, cut: number | null): Promise<HostSnapshot> {
  const state = newState();
  const lines: string[] = [];
  for (let b = 0; b < bridges; b++) {
    lines.push(`mkpeer . bridge b${b} link0`, `name .:b${b} br${b}`, `msg br${b}: setpersistent`, `rmhook . b${b}`);
    for (let e = 1; e <= per; e++) lines.push(`mkpeer br${b}: eiface link${e} ether`);
    if (b > 0 && b !== cut) lines.push(`connect br${b - 1}: br${b}: link${per + 1} link${per + 2}`);
  }
  const r = await runCommand(state, ['ngctl', '-f', '-'], { readStdin: async () => lines.join('\n') + '\n' });
  if (r.code !== 0) throw new Error(`building the host failed: ${r.stderr}`);
  return simSnapshot(state);
}

/** Median of 7 runs of `fn`: wall time and this process's CPU time, in ms (on a shared machine the CPU time is what the trace costs). */
function median(fn: () => void): { wall: number; cpu: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 7; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    fn();
    wall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  const mid = (xs: number[]): number => xs.sort((a, b) => a - b)[3] as number;
  return { wall: mid(wall), cpu: mid(cpu) };
}

export async function benchPath(): Promise<BenchResult[]> {
  const whole = await chainedHost(500, 9, null);
  const split = await chainedHost(500, 9, 250);
  const seen: boolean[] = [];
  const run = (s: HostSnapshot) => (): void => void seen.push((tracePath(s, 'br0:', 'br499:') as { reachable: boolean }).reachable);
  const through = median(run(whole));
  const broken = median(run(split));
  const [r1, r2] = [seen[0], seen[seen.length - 1]];
  return [
    { name: 'host size', value: whole.netgraph.nodes.length, unit: 'netgraph nodes' },
    { name: 'tracePath end to end of the chain, CPU (median of 7)', value: Math.round(through.cpu), unit: `ms (wall ${Math.round(through.wall)} ms; reachable: ${r1})`, goal: '< 200 ms', ok: through.cpu < 200 },
    { name: 'tracePath across a cut chain, CPU (median of 7)', value: Math.round(broken.cpu), unit: `ms (wall ${Math.round(broken.wall)} ms; reachable: ${r2})`, goal: '< 200 ms', ok: broken.cpu < 200 },
  ];
}
