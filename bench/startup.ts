// Start-up time of the `ngstudio` command as a real process: the agent
// compiled by scripts/bundle.mjs (what the package ships) beside the
// TypeScript sources through tsx (a checkout without a fresh build), for a
// command that loads only the CLI (--version) and one that loads the emulated
// host (sim ngctl list, as scripts run it).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { report, type BenchResult } from './support.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 9;

/** Median wall time in ms of `node bin/ngstudio.mjs ARGS`, after one warm-up run. */
function startup(args: string[], env: NodeJS.ProcessEnv): number {
  const once = (): number => {
    const t = performance.now();
    const r = spawnSync(process.execPath, ['bin/ngstudio.mjs', ...args], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`ngstudio ${args.join(' ')} failed (exit ${r.status}): ${r.stderr.toString()}`);
    return performance.now() - t;
  };
  once();
  const times = Array.from({ length: RUNS }, once).sort((a, b) => a - b);
  return Math.round(times[Math.floor(RUNS / 2)]!);
}

export function benchStartup(): BenchResult[] {
  execFileSync(process.execPath, ['scripts/bundle.mjs', 'agent'], { cwd: ROOT, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'ngstudio-bench-startup-'));
  try {
    const state = join(dir, 'state.json');
    execFileSync(process.execPath, ['bin/ngstudio.mjs', 'snapshot', '--demo', '--sim-state', state], { cwd: ROOT, stdio: 'ignore' });
    const compiled = { ...process.env, NGSTUDIO_FROM_SOURCE: '' };
    const tsx = { ...process.env, NGSTUDIO_FROM_SOURCE: '1' };
    const results: BenchResult[] = [];
    for (const [what, args] of [
      ['--version', ['--version']],
      ['sim ngctl list', ['sim', '--state', state, 'ngctl', 'list']],
    ] as const) {
      const c = startup([...args], compiled);
      const s = startup([...args], tsx);
      results.push({ name: `${what}: compiled (median of ${RUNS})`, value: c, unit: 'ms' });
      results.push({ name: `${what}: sources through tsx (median of ${RUNS})`, value: s, unit: `ms (compiled: ${(s / c).toFixed(1)}× faster)` });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
