// An apply killed with SIGKILL in the middle, as a real process over an
// emulated-host state file: the scenario the write-ahead journal is for.
import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Design } from '../../../shared/design/types.js';
import { withState } from '../../../agent/host/sim/store.js';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const BIN = join(ROOT, 'bin/ngstudio.mjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the ngstudio CLI as a process. */
export function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NGSTUDIO_SIM_STATE: '', ...env }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** A bridge with `n` eifaces on it, each in a vnet jail of its own (the shape jng builds). */
export function bridgeWithJails(n: number): Design {
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  return {
    format: 1,
    nodes: [{ name: 'br0', type: 'bridge' }, ...ids.map((i) => ({ name: `ng_j${i}`, type: 'eiface' as const, ifname: `ng_j${i}` }))],
    links: ids.map((i) => ({ a: { node: 'br0', hook: `link${i}` }, b: { node: `ng_j${i}`, hook: 'ether' } })),
    epairs: [],
    bridges: [],
    jails: ids.map((i) => ({ name: `j${i}`, path: `/jails/j${i}`, vnet: true, interfaces: [`ng_j${i}`] })),
  };
}

/**
 * Starts `ngstudio apply DESIGN --yes` with the `nth` `jail -c` held for a
 * minute, and kills the process with SIGKILL once `killAfter` jails were
 * reported done (the next one is then under way). Clears the fault after, as
 * it outlives the killed process in the state file. Resolves with what the
 * apply printed before it died.
 */
export async function applyKilledMidway(o: { designFile: string; state: string; data: string; killAfter: number }): Promise<string> {
  await withState(o.state, (st) => {
    st.faults = [{ match: ['jail', '-c'], nth: o.killAfter + 1, code: 0, stderr: '', sleepMs: 120_000 }];
    st.generation++;
  });
  const child = spawn(process.execPath, [BIN, 'apply', o.designFile, '--yes', '--sim-state', o.state, '--data-dir', o.data], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const doneLines = (): number => (out.match(/\] done +create jail /g) ?? []).length;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the apply did not reach ${o.killAfter} jails in 60 s:\n${out}`)), 60_000);
    const onData = (b: Buffer): void => {
      out += b.toString();
      if (doneLines() >= o.killAfter) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', (code) => reject(new Error(`the apply exited (${code}) before it was killed:\n${out}`)));
  });
  // Let the next jail start (and hang in its slow `jail -c`), then pull the plug.
  await new Promise((r) => setTimeout(r, 300));
  child.removeAllListeners('exit');
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGKILL');
  await exited;
  await withState(o.state, (st) => {
    st.faults = [];
    st.generation++;
  });
  return out;
}
