// The host contract against the freebsd backend, with the emulated FreeBSD
// commands (agent/host/sim/bin) as its commands and a state file in a temp dir.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freebsdBackend } from '../../agent/host/freebsd/backend.js';
import { simBinDir } from '../../agent/host/sim/bin-dir.js';
import { withState } from '../../agent/host/sim/store.js';
import { hostContract } from './suite.js';

hostContract('freebsd over the emulated commands', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ngstudio-contract-'));
  const file = join(dir, 'state.json');
  await withState(file, () => {});
  const backend = freebsdBackend({ binDir: simBinDir(), env: { NGSTUDIO_SIM_STATE: file }, timeoutMs: 30_000 });
  return {
    backend,
    fresh: true,
    async cleanup() {
      await backend.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
