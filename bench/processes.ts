// Processes per observe cycle of the freebsd backend (over the emulated
// commands) for hosts of 10, 100 and 1000 netgraph nodes, with traffic
// counters on and off, beside what a per-node `ngctl show` approach would
// start (N + 1: one list, one show each), and what a cycle takes; and
// processes per minute of a serving agent with and without a client.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freebsdBackend } from '../agent/host/freebsd/backend.js';
import { simBinDir } from '../agent/host/sim/bin-dir.js';
import { withState } from '../agent/host/sim/store.js';
import { seedDemo } from '../agent/host/sim/demo.js';
import { countingShims } from './shims.js';

/** An `ngctl -f -` script making `nodes` netgraph nodes: persistent bridges, each with one eiface. */
export function graphScript(nodes: number): string {
  let s = '';
  for (let i = 0; i < Math.floor(nodes / 2); i++) {
    s += `mkpeer . bridge b${i} link0\nname .:b${i} pb${i}\nmsg pb${i}: setpersistent\nmkpeer pb${i}: eiface link1 ether\n`;
  }
  return s;
}

/** Spawns of one cycle: total and jexec; and how long the second cycle took. */
export interface CycleCount {
  nodes: number;
  counters: boolean;
  first: number;
  firstJexec: number;
  second: number;
  secondJexec: number;
  secondMs: number;
}

/** Builds an emulated host of `nodes` nodes (plus one vnet jail) and counts two observe cycles' processes (traffic counters on unless told). */
export async function countCycle(nodes: number, o: { counters?: boolean } = {}): Promise<CycleCount> {
  const dir = await mkdtemp(join(tmpdir(), 'ngstudio-proc-'));
  const file = join(dir, 'state.json');
  try {
    await withState(file, () => {});
    const counters = o.counters ?? true;
    const b = freebsdBackend({ binDir: simBinDir(), env: { NGSTUDIO_SIM_STATE: file }, timeoutMs: 120_000, counters });
    const build = await b.run(['ngctl', '-f', '-'], { stdin: graphScript(nodes) });
    if (build.code !== 0) throw new Error(`building ${nodes} nodes failed: ${build.stderr.trim()}`);
    const jail = await b.run(['jail', '-c', 'name=pc', 'path=/', 'vnet', 'persist', 'vnet.interface=ngeth0']);
    if (jail.code !== 0) throw new Error(`jail -c failed: ${jail.stderr.trim()}`);
    const count = async (): Promise<[number, number, number]> => {
      const before = b.spawnStats();
      const t0 = performance.now();
      const snap = await b.observe();
      const ms = performance.now() - t0;
      if (snap.netgraph.nodes.length !== nodes) throw new Error(`observed ${snap.netgraph.nodes.length} nodes, built ${nodes}`);
      const after = b.spawnStats();
      return [after.total - before.total, (after.byCommand.jexec ?? 0) - (before.byCommand.jexec ?? 0), ms];
    };
    const [first, firstJexec] = await count();
    const [second, secondJexec, secondMs] = await count();
    return { nodes, counters, first, firstJexec, second, secondJexec, secondMs: Math.round(secondMs) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Prints the counts for 10, 100 and 1000 nodes, counters on and off; resolves with them. */
export async function benchProcesses(sizes: number[] = [10, 100, 1000]): Promise<CycleCount[]> {
  const rows: CycleCount[] = [];
  console.log('\nprocesses per observe cycle (freebsd backend over the emulated commands, 1 vnet jail)');
  console.log('  nodes  counters  1st cycle (jexec)  2nd cycle (jexec)  2nd cycle ms  per-node ngctl show (N+1)');
  for (const n of sizes) {
    for (const counters of [true, false]) {
      const r = await countCycle(n, { counters });
      rows.push(r);
      console.log(`  ${String(n).padStart(5)}  ${(counters ? 'on' : 'off').padStart(8)}  ${String(r.first).padStart(9)} (${r.firstJexec})  ${String(r.second).padStart(9)} (${r.secondJexec})  ${String(r.secondMs).padStart(12)}  ${String(n + 1).padStart(25)}`);
    }
  }
  return rows;
}

/** Processes per minute of a serving agent, idle (no client) and with one client. */
export interface PerMinute {
  idle: number;
  active: number;
  /** What they were measured over. */
  idleWindowS: number;
  activeWindowS: number;
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `ngstudio serve --backend freebsd` with its default intervals (poll
 * 1 s, idle poll 30 s) over counting shims of the emulated commands on the
 * demo host, and counts what it starts: idle over a 30 s window (one idle
 * period: a shorter one would hold no cycle or one by chance), then with a
 * WebSocket client over 10 s; both extrapolated to a minute.
 */
export async function processesPerMinute(): Promise<PerMinute> {
  const dir = await mkdtemp(join(tmpdir(), 'ngstudio-procmin-'));
  const state = join(dir, 'state.json');
  const idleWindowS = 30;
  const activeWindowS = 10;
  try {
    await seedDemo(state);
    const shims = countingShims(join(dir, 'shims'));
    const root = fileURLToPath(new URL('..', import.meta.url));
    const child = spawn(process.execPath, ['bin/ngstudio.mjs', 'serve', '--backend', 'freebsd', '--bin-dir', shims.dir, '--listen', '127.0.0.1:0', '--devd-socket', join(dir, 'no-devd.pipe')], {
      cwd: root,
      env: { ...process.env, NGSTUDIO_SIM_STATE: state },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`serve exited (${code}) before printing its URL`)));
      });
      const m = /http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\w+)/.exec(line);
      if (!m) throw new Error(`unexpected first line: ${line}`);
      // Past the start-up observation; the window then holds the one idle cycle due 30 s after it.
      await pause(5_000);
      let from = shims.count();
      await pause(idleWindowS * 1000);
      const idle = shims.count() - from;
      const ws = new WebSocket(`ws://127.0.0.1:${m[1]}/ws?token=${m[2]}`);
      await new Promise((resolve, reject) => (ws.once('message', resolve), ws.once('error', reject)));
      await pause(2_000);
      from = shims.count();
      await pause(activeWindowS * 1000);
      const active = shims.count() - from;
      ws.close();
      return { idle: Math.round((idle * 60) / idleWindowS), active: Math.round((active * 60) / activeWindowS), idleWindowS, activeWindowS };
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Prints processes per minute idle and with a client. */
export async function benchProcessesPerMinute(): Promise<PerMinute> {
  const r = await processesPerMinute();
  console.log('\nprocesses per minute of `serve --backend freebsd` (demo host, default --poll 1000 and --idle-poll 30000)');
  console.log(`  no client (measured over ${r.idleWindowS} s)   ${String(r.idle).padStart(5)}`);
  console.log(`  one client (measured over ${r.activeWindowS} s)  ${String(r.active).padStart(5)}   (without the idle interval this was also the cost with no client)`);
  return r;
}
