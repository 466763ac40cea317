// Interrupted applies: a journal without an end whose writer is gone (killed,
// power cut). Every entry point that opens the data folder calls
// `adoptInterrupted`: under the apply lock (a journal of a live apply is left
// alone), it observes the host and takes ownership of what the interrupted
// apply made — what exists now, did not exist before the apply, and is named
// by a step of its plan or a value it captured — so a later plan may remove
// it. The journal stays, marked adopted, until the user finishes the design
// (`recover --finish`), undoes the apply (`recover --undo`), or a later apply
// succeeds. What appeared meanwhile but no step names is reported, never claimed.
// It also restores drills whose process died (agent/engine/drill.ts), and
// tells `onDrill` what it restored.
import { join } from 'node:path';
import type { HostBackend } from '../host/backend.js';
import { designFromSnapshot } from '../../shared/design/from-snapshot.js';
import { emptyLedger, ledgerAfter, type Owned } from '../../shared/plan/ledger.js';
import { appendTo, readJournals, removeJournal, type Journal } from '../store/journal.js';
import type { Store } from '../store/index.js';
import type { InterruptedApply } from '../../shared/protocol/rpc.js';

export type { InterruptedApply };
import { tryLock } from '../store/lockfile.js';
import { applyDesign, ApplyError, type ApplyDesignOptions, type ApplyOutcome } from './apply.js';
import { createdSince, withOwned } from './apply/undo.js';
import { storeJournal } from './apply/journal.js';
import { restoreOrphanedDrills } from './drill.js';

const key = (o: Owned): string => `${o.kind}\u0000${o.name}`;

/** Everything the interrupted apply could have made, by ownership key. */
function claimable(j: Journal): Set<string> {
  const names = new Set(ledgerAfter(emptyLedger(), j.begin.plan).owned.map(key));
  for (const v of Object.values(j.captured)) {
    names.add(key({ kind: 'interface', name: v }));
    // `ifconfig epair create` captures the a end; the b end came with it.
    if (/a$/.test(v)) names.add(key({ kind: 'interface', name: v.replace(/a$/, 'b') }));
  }
  return names;
}

function describeJournal(j: Journal): InterruptedApply {
  const a = j.adopted;
  return {
    id: j.begin.id,
    file: j.file,
    what: j.begin.what,
    startedAt: j.begin.startedAt,
    of: j.begin.plan.changes.length,
    completed: j.done.length,
    owned: a?.owned ?? [],
    unclaimed: a?.unclaimed ?? [],
    truncatedAt: j.truncatedAt,
  };
}

/** The lines a person reads about an interrupted apply. */
export function interruptedLines(i: InterruptedApply): string[] {
  const names = (os: Owned[]): string => os.map((o) => `${o.kind} ${o.name}`).join(', ');
  const out = [`an apply was interrupted: ${i.what}, started ${i.startedAt}, ${i.completed} of ${i.of} steps recorded as done (journal ${i.file})`];
  if (i.truncatedAt !== null) out.push(`  the journal's line ${i.truncatedAt} was cut short by the crash; the lines before it were used`);
  out.push(i.owned.length > 0 ? `  ngstudio now owns what it made: ${names(i.owned)}` : '  it left nothing on the host');
  if (i.unclaimed.length > 0) out.push(`  appeared meanwhile but not made by it (left alone): ${names(i.unclaimed)}`);
  out.push("  'ngstudio recover --finish' completes its design, 'ngstudio recover --undo' returns the host to how it was before it");
  return out;
}

/** The apply lock of a data folder, or null when a live process holds it (an apply is running). */
async function lockData(store: Store): Promise<(() => Promise<void>) | null> {
  const got = await tryLock(join(store.dir, 'apply.lock'));
  return got.ok ? got.release : null;
}

/**
 * Finds unfinished journals and takes ownership of what they made; returns
 * the interrupted applies still awaiting a decision. A corrupt journal throws
 * a StoreError naming it. With an apply running elsewhere, returns [] (its
 * journal is live).
 */
export async function adoptInterrupted(store: Store, backend: HostBackend, o: { locked?: boolean; onDrill?: (line: string) => void } = {}): Promise<InterruptedApply[]> {
  // Drills whose process died: restored at once (agent/engine/drill.ts says why).
  for (const line of await restoreOrphanedDrills(store, backend)) o.onDrill?.(line);
  const journals = await readJournals(store.dir);
  if (journals.length === 0) return [];
  // `locked`: the caller holds the apply lock (it runs inside its apply gate).
  const release = o.locked ? async (): Promise<void> => {} : await lockData(store);
  if (release === null) return [];
  try {
    const out: InterruptedApply[] = [];
    // Read again under the lock: the writer may have finished meanwhile.
    for (const j of await readJournals(store.dir)) {
      if (j.end) {
        // Ended, but the process died before storing its ledger and removing the journal.
        await store.saveLedger(j.end.ledger);
        await removeJournal(j.file);
        continue;
      }
      if (!j.adopted) {
        const now = await backend.observe();
        const can = claimable(j);
        const made = createdSince(j.begin.before, now);
        const owned = made.filter((o) => can.has(key(o)));
        const unclaimed = made.filter((o) => !can.has(key(o)));
        await store.saveLedger(withOwned(await store.loadLedger(), owned));
        const w = await appendTo(j.file);
        try {
          await w.append({ rec: 'adopted', at: new Date().toISOString(), pid: process.pid, owned, unclaimed });
        } finally {
          await w.close();
        }
        j.adopted = { rec: 'adopted', at: '', pid: process.pid, owned, unclaimed };
      }
      out.push(describeJournal(j));
    }
    return out;
  } finally {
    await release();
  }
}

/** The interrupted applies awaiting a decision, without adopting anything (for a status line). */
export async function listInterrupted(store: Store): Promise<InterruptedApply[]> {
  return (await readJournals(store.dir)).filter((j) => j.adopted && !j.end).map(describeJournal);
}

export type RecoverAction = 'finish' | 'undo';

export interface RecoverOptions {
  action: RecoverAction;
  /** Which interrupted apply (its id); the newest when absent. */
  id?: string;
  onProgress?: ApplyDesignOptions['onProgress'];
}

/**
 * Finishes (applies its design again) or undoes (plans back to the host as
 * it was before it) an adopted interrupted apply, journaled like any apply;
 * on success its journal is closed. Call inside the caller's apply gate
 * (which holds the data folder's apply lock).
 */
export async function recoverInterrupted(store: Store, backend: HostBackend, o: RecoverOptions): Promise<{ apply: InterruptedApply; outcome: ApplyOutcome }> {
  await adoptInterrupted(store, backend, { locked: true });
  const all = (await readJournals(store.dir)).filter((j) => j.adopted && !j.end);
  const j = o.id === undefined ? all[all.length - 1] : all.find((x) => x.begin.id === o.id);
  if (!j) throw new ApplyError('bad-params', o.id === undefined ? 'there is no interrupted apply to recover' : `there is no interrupted apply ${o.id}`);
  const ledger = await store.loadLedger();
  const what = `recover --${o.action} of ${j.begin.id}`;
  const journal = storeJournal(store, what);
  const progress = o.onProgress ? { onProgress: o.onProgress } : {};
  // Undo: the host as it was before the apply, as a design, planned with a
  // ledger that owns what the apply made (and nothing that appeared meanwhile).
  const design = o.action === 'finish' ? j.begin.design : designFromSnapshot(j.begin.before);
  const outcome = await applyDesign(backend, { design, ledger, journal, ...progress });
  await removeJournal(j.file);
  return { apply: describeJournal(j), outcome };
}
