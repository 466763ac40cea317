// Shared pieces of the benchmarks: starting a real agent process and printing results.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

/**
 * A folder with the emulated commands (symlinks) but a `netstat` that prints
 * a file: FAKE_NETSTAT on the host, FAKE_NETSTAT.<jid> inside a jail (the
 * emulated jexec sets NGSTUDIO_SIM_JAIL). It stands in for the emulated
 * netstat so the freebsd backend reads chosen counters (a captured host's,
 * large ones) through real processes. Put the folder first on PATH too, for jexec.
 */
export function binDirWithNetstat(dir: string, simBin: string): string {
  const bin = join(dir, 'bin-with-netstat');
  mkdirSync(bin, { recursive: true });
  for (const c of readdirSync(simBin).filter((f) => !f.startsWith('.') && f !== 'netstat')) symlinkSync(join(simBin, c), join(bin, c));
  writeFileSync(join(bin, 'netstat'), [
    '#!/usr/bin/env node',
    "const fs = require('node:fs');",
    "if (process.argv.slice(2).join(' ') !== '-i -b -n --libxo json') { process.stderr.write('netstat: unexpected arguments\\n'); process.exit(64); }",
    'const jail = process.env.NGSTUDIO_SIM_JAIL;',
    "process.stdout.write(fs.readFileSync(process.env.FAKE_NETSTAT + (jail ? '.' + jail : ''), 'utf8'));",
  ].join('\n') + '\n');
  chmodSync(join(bin, 'netstat'), 0o755);
  return bin;
}

/** One link-level row of `netstat -i -b -n --libxo json` (usr.bin/netstat/if.c field names). */
export function netstatRow(name: string, link: number, packets: number): Record<string, unknown> {
  return {
    name, flags: '0x8843', mtu: 1500, network: `<Link#${link}>`,
    'received-packets': packets, 'received-errors': 0, 'dropped-packets': 0, 'received-bytes': packets * 98,
    'sent-packets': packets + 1, 'send-errors': 0, 'sent-bytes': (packets + 1) * 98, collisions: 0,
  };
}
