// The emulated data plane's cost: an emulated `jexec test1 ping -c 3` as a
// real process on the demo host (beside `ngctl list`, the start-up it shares),
// a long ping inside one process (frames through eifaces, ng_bridge, ARP and
// ICMP per second), and how much the state file grows with traffic (counters
// and tables are a few numbers per element, never per frame).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from '../agent/host/sim/cmd/index.js';
import { seedDemo } from '../agent/host/sim/demo.js';
import { loadState, saveState } from '../agent/host/sim/store.js';
import type { BenchResult } from './support.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 7;
const LONG = 5000;

/** Median wall time in ms of `ngstudio sim --state FILE ARGS`, after one warm-up run. */
function median(state: string, args: string[]): number {
  const once = (): number => {
    const t = performance.now();
    const r = spawnSync(process.execPath, ['bin/ngstudio.mjs', 'sim', '--state', state, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`sim ${args.join(' ')} failed (exit ${r.status}): ${r.stderr.toString()}`);
    return performance.now() - t;
  };
  once();
  const times = Array.from({ length: RUNS }, once).sort((a, b) => a - b);
  return Math.round(times[Math.floor(RUNS / 2)]!);
}

export async function benchDataplane(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ngstudio-bench-dataplane-'));
  try {
    const file = join(dir, 'state.json');
    await seedDemo(file);
    const seeded = statSync(file).size;
    const list = median(file, ['ngctl', 'list']);
    const ping = median(file, ['jexec', 'test1', 'ping', '-c', '3', '10.0.0.2']);

    const state = (await loadState(file))!;
    const t = performance.now();
    const r = await runCommand(state, ['jexec', 'test1', 'ping', '-q', '-c', String(LONG), '10.0.0.2']);
    const ms = performance.now() - t;
    if (r.code !== 0) throw new Error(`ping -c ${LONG} failed (exit ${r.code}): ${r.stderr}`);
    await saveState(file, state);
    const grown = statSync(file).size - seeded;
    return [
      { name: `sim ngctl list, process (median of ${RUNS})`, value: list, unit: 'ms' },
      { name: `sim jexec test1 ping -c 3, process (median of ${RUNS})`, value: ping, unit: 'ms', goal: '< 1000 ms: no real sleeping', ok: ping < 1000 },
      { name: `ping -q -c ${LONG} in one process`, value: Math.round(ms), unit: `ms (${Math.round((LONG * 1000) / ms)} echo round trips/s)` },
      { name: 'demo state file, seeded', value: seeded, unit: 'bytes' },
      { name: `state file growth after ${(RUNS + 1) * 3} + ${LONG} pings`, value: grown, unit: 'bytes', goal: '< 2048', ok: grown < 2048 },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
