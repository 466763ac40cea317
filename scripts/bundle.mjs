#!/usr/bin/env node
// Compiles the agent to JavaScript with esbuild, so nothing is compiled at run
// time: `node scripts/bundle.mjs sim agent` (either or both).
//   sim    the emulated commands (agent/host/sim/cmd/main.ts) → dist/sim-cmd.mjs,
//          for the executables in agent/host/sim/bin/
//   agent  the CLI (agent/cli.ts) → dist/agent/cli.mjs, one chunk per
//          subcommand loaded on demand, for bin/ngstudio.mjs
// Each records its inputs' mtimes in a meta file, so the launchers can tell a
// stale bundle (bin/bundle.mjs). Packages (ws, execa) stay imports.
import { build } from 'esbuild';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', metafile: true, absWorkingDir: root, logLevel: 'warning' };

const BUNDLES = {
  sim: {
    meta: 'dist/sim-cmd.meta.json',
    options: { entryPoints: ['agent/host/sim/cmd/main.ts'], outfile: 'dist/sim-cmd.mjs' },
  },
  agent: {
    meta: 'dist/agent/meta.json',
    clean: 'dist/agent',
    options: { entryPoints: { cli: 'agent/cli.ts' }, outdir: 'dist/agent', splitting: true, outExtension: { '.js': '.mjs' }, chunkNames: '[name]-[hash]' },
  },
};

const which = process.argv.slice(2);
for (const w of which) if (!(w in BUNDLES)) {
  console.error(`bundle: unknown bundle '${w}' (sim, agent)`);
  process.exit(2);
}
for (const w of which.length > 0 ? which : Object.keys(BUNDLES)) {
  const b = BUNDLES[w];
  if (b.clean) rmSync(join(root, b.clean), { recursive: true, force: true });
  mkdirSync(join(root, 'dist'), { recursive: true });
  const result = await build({ ...common, ...b.options });
  const inputs = {};
  for (const f of Object.keys(result.metafile.inputs)) inputs[f] = statSync(join(root, f)).mtimeMs;
  writeFileSync(join(root, b.meta), JSON.stringify({ inputs }, null, 1) + '\n');
}
