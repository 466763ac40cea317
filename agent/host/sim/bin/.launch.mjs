// Shared launcher of the emulated-command executables: runs the prebuilt
// bundle dist/sim-cmd.mjs when it is newer than every source it was built
// from (recorded by scripts/build-sim.mjs), else the TypeScript through tsx.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** True when dist/sim-cmd.mjs exists and no source recorded in its meta file changed since. */
function bundleFresh() {
  try {
    const meta = JSON.parse(readFileSync(root + 'dist/sim-cmd.meta.json', 'utf8'));
    for (const [file, mtime] of Object.entries(meta.inputs)) if (statSync(root + file).mtimeMs > mtime) return false;
    statSync(root + 'dist/sim-cmd.mjs');
    return true;
  } catch {
    return false;
  }
}

/** Runs emulated command `name` with this process's arguments and exits with its status. */
export async function launch(name) {
  let mod;
  if (bundleFresh()) mod = await import(root + 'dist/sim-cmd.mjs');
  else {
    const { register } = await import('tsx/esm/api');
    register();
    mod = await import(root + 'agent/host/sim/cmd/main.ts');
  }
  process.exitCode = await mod.simMain([name, ...process.argv.slice(2)]);
}
