// The ownership ledger on disk: `ledger.json` in the data folder. Missing =
// owns nothing; corrupt = a clear error naming the file (never silently
// replaced: losing it would make ngstudio forget what it may remove).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emptyLedger, parseLedger, type Ledger } from '../../shared/plan/ledger.js';
import { atomicWrite } from './atomic.js';
import { StoreError } from './errors.js';

/** The ledger file of a data folder. */
export const ledgerFile = (dir: string): string => join(dir, 'ledger.json');

/** Reads the ledger (an empty one when the file does not exist). */
export async function loadLedger(dir: string): Promise<Ledger> {
  const file = ledgerFile(dir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyLedger();
    throw new StoreError('corrupt', `cannot read the ledger ${file}: ${(e as Error).message}`, file);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new StoreError('corrupt', `the ledger ${file} is corrupt (not valid JSON: ${(e as Error).message}); fix or move it away`, file);
  }
  const r = parseLedger(v);
  if (!r.ok) throw new StoreError('corrupt', `the ledger ${file} is corrupt (${r.message}); fix or move it away`, file);
  return r.ledger;
}

/** Writes the ledger atomically. */
export async function saveLedger(dir: string, ledger: Ledger): Promise<void> {
  await atomicWrite(ledgerFile(dir), `${JSON.stringify(ledger, null, 2)}\n`);
}
