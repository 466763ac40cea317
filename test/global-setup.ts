// Runs once before the suite: brings the emulated-command bundle up to
// date (a no-op when nothing changed; e2e tests build the UI themselves) and says plainly if Chromium is missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CHROMIUM = '/usr/bin/chromium';

export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const r = spawnSync(process.execPath, ['scripts/ensure.mjs'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('scripts/ensure.mjs failed: see its output above');
  if (!existsSync(CHROMIUM)) {
    const msg = `Chromium not found at ${CHROMIUM}: the browser tests cannot run. Install Debian's chromium (apt-get install chromium).`;
    if (process.env.CI === 'true') throw new Error(`${msg} Under CI this is a failure.`);
    console.warn(`\n*** ${msg} They are skipped. ***\n`);
  }
}
