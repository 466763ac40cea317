// Where the emulated-command executables live (put it first on PATH to run
// FreeBSD scripts such as jng/jib against the emulated host).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of agent/host/sim/bin (found from the source tree or from the dist/ bundle). */
export function simBinDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // In the source tree this file sits beside bin/; bundled into dist/, the repo root is one up.
  const beside = join(here, 'bin');
  if (existsSync(join(beside, 'ifconfig'))) return beside;
  return join(here, '..', 'agent', 'host', 'sim', 'bin');
}
