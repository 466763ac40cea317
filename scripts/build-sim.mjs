#!/usr/bin/env node
// Bundles the emulated commands (agent/host/sim/cmd/main.ts) into
// dist/sim-cmd.mjs so each executable starts without compiling TypeScript,
// and records every input's mtime so the launcher can tell a stale bundle.
import { build } from 'esbuild';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const result = await build({
  entryPoints: [join(root, 'agent/host/sim/cmd/main.ts')],
  outfile: join(root, 'dist/sim-cmd.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  metafile: true,
  absWorkingDir: root,
  logLevel: 'warning',
});
const inputs = {};
for (const f of Object.keys(result.metafile.inputs)) inputs[f] = statSync(join(root, f)).mtimeMs;
writeFileSync(join(root, 'dist/sim-cmd.meta.json'), JSON.stringify({ inputs }, null, 1) + '\n');
