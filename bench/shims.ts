// Counting shims over the emulated commands: a folder holding one executable
// per emulated command (ngctl, ifconfig, jls, jexec, kldstat, …) that appends
// its name to a log and then execs the emulated command, so the processes an
// agent in another process starts can be counted from outside
// (`serve --backend freebsd --bin-dir SHIMS`).
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simBinDir } from '../agent/host/sim/bin-dir.js';

/** A word for sh(1) in single quotes. */
const quoted = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export interface CountingShims {
  /** The folder to pass as --bin-dir. */
  dir: string;
  /** Processes started through the shims so far, in all. */
  count(): number;
  /** The same per command. */
  byCommand(): Record<string, number>;
}

/** Writes the shims into `dir` (created), logging to `dir/started.log`. */
export function countingShims(dir: string): CountingShims {
  mkdirSync(dir, { recursive: true });
  const log = join(dir, 'started.log');
  writeFileSync(log, '');
  for (const cmd of readdirSync(simBinDir()).filter((f) => !f.startsWith('.'))) {
    const file = join(dir, cmd);
    // One O_APPEND write per start: lines from concurrent shims never interleave.
    writeFileSync(file, `#!/bin/sh\necho ${cmd} >> ${quoted(log)}\nexec ${quoted(join(simBinDir(), cmd))} "$@"\n`);
    chmodSync(file, 0o755);
  }
  const lines = (): string[] => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l !== '') : []);
  return {
    dir,
    count: () => lines().length,
    byCommand() {
      const out: Record<string, number> = {};
      for (const l of lines()) out[l] = (out[l] ?? 0) + 1;
      return out;
    },
  };
}
