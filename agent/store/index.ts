// The agent's data folder as one object: designs, the ownership ledger and
// the boot list.
import type { Design } from '../../shared/design/types.js';
import type { Ledger } from '../../shared/plan/ledger.js';
import { ensureDataDir } from './data-dir.js';
import { deleteDesign, getDesign, listDesigns, putDesign } from './designs.js';
import { loadLedger, saveLedger } from './ledger.js';
import { loadBootList, setBoot } from './boot.js';

export { StoreError, isStoreError } from './errors.js';
export { dataDirFor } from './data-dir.js';

export interface Store {
  readonly dir: string;
  listDesigns(): Promise<string[]>;
  getDesign(name: string): Promise<Design>;
  putDesign(name: string, design: unknown): Promise<Design>;
  deleteDesign(name: string): Promise<boolean>;
  loadLedger(): Promise<Ledger>;
  saveLedger(ledger: Ledger): Promise<void>;
  /** The designs `ngstudio boot` applies, in order. */
  bootList(): Promise<string[]>;
  /** Puts a stored design on the boot list (at the end) or takes it off; the new list. */
  setBoot(name: string, enabled: boolean): Promise<string[]>;
}

/** Opens the data folder `dir`; it is created on the first write (reading a missing one finds nothing). */
export async function openStore(dir: string): Promise<Store> {
  return {
    dir,
    listDesigns: () => listDesigns(dir),
    getDesign: (n) => getDesign(dir, n),
    putDesign: async (n, d) => (await ensureDataDir(dir), putDesign(dir, n, d)),
    deleteDesign: (n) => deleteDesign(dir, n),
    loadLedger: () => loadLedger(dir),
    saveLedger: async (l) => (await ensureDataDir(dir), saveLedger(dir, l)),
    bootList: () => loadBootList(dir),
    setBoot: (n, on) => setBoot(dir, n, on),
  };
}
