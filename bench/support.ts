// Shared pieces of the benchmarks: starting a real agent process and printing results.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  goal?: string;
  ok?: boolean;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Prints one benchmark's results as aligned lines. */
export function report(title: string, results: BenchResult[]): void {
  console.log(`\n## ${title}`);
  for (const r of results) {
    const verdict = r.ok === undefined ? '' : r.ok ? '  [meets goal]' : '  [MISSES goal]';
    console.log(`  ${r.name.padEnd(52)} ${String(r.value).padStart(9)} ${r.unit}${r.goal ? `  (goal: ${r.goal})` : ''}${verdict}`);
  }
}

export interface AgentProcess {
  child: ChildProcess;
  url: string;
  wsUrl: string;
  token: string;
  stop(): Promise<void>;
}

/** Starts `ngstudio serve` as a real process on a free loopback port and waits for its URL. */
export async function startAgentProcess(extra: string[]): Promise<AgentProcess> {
  const token = 'bench-token-0123456789abcdef';
  const child = spawn(process.execPath, ['bin/ngstudio.mjs', 'serve', '--backend', 'sim', '--listen', '127.0.0.1:0', '--token', token, ...extra], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)\?token=/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`agent exited (${code}) before printing its URL:\n${out}${err}`)));
  });
  return {
    child,
    url,
    token,
    wsUrl: `${url.replace('http:', 'ws:')}ws?token=${token}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
