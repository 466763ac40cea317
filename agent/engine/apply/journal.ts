// The apply engine's side of the write-ahead journal (agent/store/journal.ts):
// begin before the first command, the completed steps before each next one,
// and at the end the new ledger — recorded, stored in ledger.json, and only
// then the journal removed. A crash anywhere in between leaves a journal from
// which the next ngstudio process learns what the apply made (recovery.ts).
import type { Design } from '../../../shared/design/types.js';
import type { HostSnapshot } from '../../../shared/model/snapshot.js';
import type { Ledger } from '../../../shared/plan/ledger.js';
import type { Plan } from '../../../shared/plan/types.js';
import { createJournal, readJournals, removeJournal, type JournalWriter } from '../../store/journal.js';
import type { Store } from '../../store/index.js';

/** What the engine tells a journal. */
export interface ApplyJournal {
  /** Records what is about to happen; when it throws, nothing runs. */
  begin(b: { design: Design; ledger: Ledger; before: HostSnapshot; plan: Plan }): Promise<void>;
  /** Records completed steps (0-based) and the values captured so far. */
  completed(done: number[], captured: Record<string, string>): Promise<void>;
  /** Records the ledger the apply leaves, stores it, and closes the journal. */
  finish(ok: boolean, ledger: Ledger): Promise<void>;
}

/**
 * A journal in the store's data folder. `what` says in words who applies.
 * A successful apply also closes interrupted applies that were already
 * adopted: their objects are in the ledger, and the host has moved on.
 */
export function storeJournal(store: Store, what: string): ApplyJournal {
  let w: JournalWriter | null = null;
  return {
    async begin(b) {
      w = await createJournal(store.dir, { what, ...b });
    },
    async completed(done, captured) {
      if (!w) throw new Error('the journal was not begun');
      await w.append({ rec: 'steps', done, captured });
    },
    async finish(ok, ledger) {
      if (!w) throw new Error('the journal was not begun');
      const writer = w;
      // The end record may fail (disk full); the ledger must still be stored,
      // and the journal stays when it cannot be (the next start adopts from it).
      await writer.append({ rec: 'end', ok, ledger }).catch(() => {});
      await writer.close().catch(() => {});
      await store.saveLedger(ledger);
      await removeJournal(writer.file);
      w = null;
      if (ok) for (const j of await readJournals(store.dir).catch(() => [])) if (j.adopted && !j.end) await removeJournal(j.file);
    },
  };
}
