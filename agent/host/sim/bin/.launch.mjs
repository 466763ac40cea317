// Shared launcher of the emulated-command executables: runs the prebuilt
// bundle dist/sim-cmd.mjs (always in an installed package; in a checkout
// while it is newer than every source it was built from), else the
// TypeScript through tsx.
import { pathToFileURL } from 'node:url';
import { ROOT, freshBundle } from '../../../../bin/bundle.mjs';

/** Runs emulated command `name` with this process's arguments and exits with its status. */
export async function launch(name) {
  const bundle = freshBundle('dist/sim-cmd.mjs', 'dist/sim-cmd.meta.json', 'agent/host/sim/cmd/main.ts');
  let mod;
  if (bundle !== null) mod = await import(pathToFileURL(bundle).href);
  else {
    const { register } = await import('tsx/esm/api');
    register();
    mod = await import(pathToFileURL(ROOT + 'agent/host/sim/cmd/main.ts').href);
  }
  process.exitCode = await mod.simMain([name, ...process.argv.slice(2)]);
}
