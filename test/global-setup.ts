// Runs once before the suite, before any worker starts: brings the emulated-
// command bundle and the UI bundle up to date (a no-op when nothing changed)
// and says plainly if Chromium is missing. Building here, once, is what keeps
// parallel browser tests from racing a rebuild of dist/ui.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CHROMIUM = '/usr/bin/chromium';

export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const r = spawnSync(process.execPath, ['scripts/ensure.mjs', '--ui'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('scripts/ensure.mjs failed: see its output above');
  if (!existsSync(CHROMIUM)) {
    const msg = `Chromium not found at ${CHROMIUM}: the browser tests cannot run. Install Debian's chromium (apt-get install chromium).`;
    if (process.env.CI === 'true') throw new Error(`${msg} Under CI this is a failure.`);
    console.warn(`\n*** ${msg} They are skipped. ***\n`);
  }
}
