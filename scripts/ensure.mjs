#!/usr/bin/env node
// Makes a fresh clone runnable: installs dependencies when they are missing or
// older than package-lock.json, and rebuilds the UI bundle (--ui) and the
// emulated-commands bundle when their sources are newer than the output.
// Uses only Node built-ins, because it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));

/** Runs a command in the repo root, inheriting stdio; exits on failure. */
function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`ngstudio: '${cmd} ${argv.join(' ')}' failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

/** Newest modification time under the given paths (files or folders). */
function newest(paths) {
  let t = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) {
      for (const e of readdirSync(p)) if (e !== 'node_modules') walk(join(p, e));
    } else if (s.mtimeMs > t) t = s.mtimeMs;
  };
  for (const p of paths) walk(join(root, p));
  return t;
}

function mtime(p) {
  const f = join(root, p);
  return existsSync(f) ? statSync(f).mtimeMs : 0;
}

// 1. Dependencies: reinstall when the lock file's hash differs from the one
//    recorded at the last install.
const lock = join(root, 'package-lock.json');
const stamp = join(root, 'node_modules', '.ngstudio-lock-hash');
const want = createHash('sha256').update(readFileSync(lock)).digest('hex');
const have = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
if (want !== have) {
  console.error('ngstudio: installing dependencies (npm ci) …');
  run('npm', ['ci', '--no-audit', '--no-fund']);
  writeFileSync(stamp, want + '\n');
}

// 2. The emulated commands' bundle (fast start-up for jng/jib-style scripts).
const simOut = 'dist/sim-cmd.mjs';
if (newest(['agent', 'shared', 'scripts/bundle.mjs']) > mtime(simOut)) {
  run(process.execPath, ['scripts/bundle.mjs', 'sim']);
}

// 3. The UI bundle, served by the agent.
if (args.has('--ui') && newest(['ui', 'shared', 'vite.config.ts', 'package-lock.json']) > mtime('dist/ui/index.html')) {
  console.error('ngstudio: building the UI (vite build) …');
  run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn']);
}
