// The freebsd backend, driving the emulated FreeBSD commands as real
// processes, rebuilds the demo topology on a freshly booted host: plan and
// apply through backend.run, then observed through the commands' own output.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyDesign } from '../../../../agent/engine/apply.js';
import { freebsdBackend } from '../../../../agent/host/freebsd/backend.js';
import { simBinDir } from '../../../../agent/host/sim/bin-dir.js';
import { DEMO_EM1, seedDemo } from '../../../../agent/host/sim/demo.js';
import { DEFAULT_NICS, newState } from '../../../../agent/host/sim/new-state.js';
import { simSnapshot } from '../../../../agent/host/sim/snapshot.js';
import { saveState } from '../../../../agent/host/sim/store.js';
import { designFromSnapshot } from '../../../../shared/design/from-snapshot.js';
import { emptyLedger } from '../../../../shared/plan/ledger.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ngstudio-rebuild-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('rebuilds the demo topology on an empty host and observes it back', async () => {
  const demo = newState({ nics: [...DEFAULT_NICS, DEMO_EM1] });
  await seedDemo(demo);
  const design = designFromSnapshot(simSnapshot(demo));

  const file = join(dir, 'state.json');
  await saveState(file, newState({ nics: [...DEFAULT_NICS, DEMO_EM1] }));
  const backend = freebsdBackend({ binDir: simBinDir(), env: { NGSTUDIO_SIM_STATE: file }, timeoutMs: 30_000 });
  try {
    const out = await applyDesign(backend, { design, ledger: emptyLedger() });
    expect(out.report.ok).toBe(true);
    expect(out.report.mismatches).toEqual([]);
    const after = designFromSnapshot(await backend.observe());
    expect(after.nodes).toEqual(design.nodes);
    expect(after.links).toEqual(design.links);
    expect(after.epairs).toEqual(design.epairs);
    expect(after.bridges).toEqual(design.bridges);
    expect(after.jails).toEqual(design.jails);
  } finally {
    await backend.close();
  }
}, 300_000);
