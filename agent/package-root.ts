// The package's root folder (package.json, dist/, agent/host/sim/bin/), found
// from this module's location: the same answer from the TypeScript sources
// (agent/), from the compiled bundles (dist/, dist/agent/) and from an
// installed package (node_modules/ngstudio/).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | null = null;

/** The nearest folder at or above this module holding package.json. */
export function packageRoot(): string {
  if (root !== null) return root;
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return (root = dir);
    if (dirname(dir) === dir) throw new Error(`no package.json at or above ${start}`);
  }
}
