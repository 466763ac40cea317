// What the data-folder tests share: a fresh folder per test under one
// temporary root removed after the file, and the StoreError a call rejects with.
import { afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStoreError } from '../../../agent/store/index.js';

/** A function giving a new, not yet created folder path on each call; the root goes after the file's tests. */
export function freshDirs(prefix: string): () => string {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  let n = 0;
  return () => join(tmp, `d${n++}`);
}

/** The StoreError `p` rejects with; anything else (or no rejection) fails the test. */
export async function storeError(p: Promise<unknown>): Promise<{ kind: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isStoreError(e)) return e;
    throw e;
  }
  throw new Error('expected a StoreError');
}
