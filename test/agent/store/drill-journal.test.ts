// The drill journal beside the apply journals: an apply's begin record still
// parses with a drill journal in the same folder (each reader takes its own
// files), the drill record is written before anything else and read back,
// its lock tells a live drill from an orphaned one, and a broken drill
// journal is named by its path.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJournal, journalDir, readJournals } from '../../../agent/store/journal.js';
import { beginDrill, readDrills, takeOrphan } from '../../../agent/store/drill-journal.js';
import { emptyLedger } from '../../../shared/plan/ledger.js';
import { memorySimBackend } from '../../../agent/host/sim/backend.js';
import { newState } from '../../../agent/host/sim/new-state.js';
import { plan } from '../../../shared/plan/plan.js';
import { wiki } from '../../shared/plan/helpers.js';
import { parseDuration, formatSeconds } from '../../../shared/drill.js';

const dir = mkdtempSync(join(tmpdir(), 'ngstudio-drill-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const on = { kind: 'cut' as const, a: { node: 'br0', id: '4', type: 'bridge', hook: 'link2' }, b: { node: 'ng_test2', id: 'c', type: 'eiface', hook: 'ether' } };

describe('the drill journal', () => {
  it('lives beside an apply journal: each reader reads its own', async () => {
    const data = join(dir, 'both');
    const backend = memorySimBackend(newState());
    const before = await backend.observe();
    const w = await createJournal(data, { what: 'apply', design: wiki, ledger: emptyLedger(), before, plan: plan(before, wiki, emptyLedger()) });
    await w.close();
    const hold = await beginDrill(data, { id: 'a1', what: 'test drill', target: 'br0:link2', on, startedAt: new Date().toISOString(), until: new Date(Date.now() + 4000).toISOString() });
    const applies = await readJournals(data);
    expect(applies.map((j) => j.begin.what)).toEqual(['apply']);
    const drills = await readDrills(data);
    expect(drills.map((d) => [d.drill.target, d.drill.pid, d.end])).toEqual([['br0:link2', process.pid, null]]);
    expect(drills[0]!.drill.on).toEqual(on);
    // This process holds it: not an orphan.
    expect(await takeOrphan(drills[0]!)).toBeNull();
    await hold.close({ ok: true, note: 'restored' });
    expect(await readDrills(data)).toEqual([]);
    expect(readdirSync(journalDir(data)).filter((f) => f.startsWith('drill-'))).toEqual([]);
  });

  it('a drill journal whose writer is gone can be taken over; a broken one is named', async () => {
    const data = join(dir, 'orphan');
    const hold = await beginDrill(data, { id: 'b2', what: 'test drill', target: 'br0:link2', on, startedAt: new Date().toISOString(), until: new Date().toISOString() });
    // A dead writer: its lock names a pid that cannot exist.
    writeFileSync(join(journalDir(data), 'drill-b2.lock'), '999999999 x\n');
    const [j] = await readDrills(data);
    const taken = await takeOrphan(j!);
    expect(taken).not.toBeNull();
    await taken!.close({ ok: true, note: 'restored' });
    await hold.close({ ok: true, note: 'late' }).catch(() => {});
    expect(await readDrills(data)).toEqual([]);
    writeFileSync(join(journalDir(data), 'drill-c3.jsonl'), '{"rec":"begin"}\n');
    await expect(readDrills(data)).rejects.toThrow(/the drill journal .*drill-c3\.jsonl is corrupt \(it does not start with a drill record\)/);
  });

  it('durations: 4s, 90s, 5m, 2h within 1 s..24 h', () => {
    expect(['4s', '90s', '5m', '2h', '30'].map((d) => parseDuration(d))).toEqual([4, 90, 300, 7200, 30].map((seconds) => ({ ok: true, seconds })));
    for (const bad of ['0s', '86401s', '25h', '-3s', '4 s x', '', '1.5m']) expect(parseDuration(bad).ok, bad).toBe(false);
    expect([4, 90, 3600, 3725].map(formatSeconds)).toEqual(['4s', '1m30s', '1h', '1h2m5s']);
  });
});
