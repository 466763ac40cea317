// Where the emulated-command executables live (put it first on PATH to run
// FreeBSD scripts such as jng/jib against the emulated host).
import { join } from 'node:path';
import { packageRoot } from '../../package-root.js';

/** Absolute path of agent/host/sim/bin in this checkout or installed package. */
export function simBinDir(): string {
  return join(packageRoot(), 'agent', 'host', 'sim', 'bin');
}
