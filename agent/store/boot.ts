// The boot list: the stored designs `ngstudio boot` applies, in order, kept
// as `boot.json` in the data folder ({"format":1,"designs":[…]}), written
// atomically under a lock (the agent and a terminal may change it at once).
// Missing = nothing at boot; corrupt = a clear error naming the file, never
// silently replaced.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWrite } from './atomic.js';
import { ensureDataDir } from './data-dir.js';
import { checkDesignName, getDesign } from './designs.js';
import { StoreError } from './errors.js';
import { tryLock } from './lockfile.js';

/** The boot list file of a data folder. */
export const bootFile = (dir: string): string => join(dir, 'boot.json');

/** Reads the boot list (empty when the file does not exist). */
export async function loadBootList(dir: string): Promise<string[]> {
  const file = bootFile(dir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new StoreError('corrupt', `cannot read the boot list ${file}: ${(e as Error).message}`, file);
  }
  const corrupt = (why: string): StoreError => new StoreError('corrupt', `the boot list ${file} is corrupt (${why}); fix or move it away`, file);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw corrupt(`not valid JSON: ${(e as Error).message}`);
  }
  const o = v as { format?: unknown; designs?: unknown } | null;
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw corrupt('not a JSON object');
  if (o.format !== 1) throw corrupt(`"format" must be 1, got ${JSON.stringify(o.format) ?? 'nothing'}`);
  if (!Array.isArray(o.designs)) throw corrupt('"designs" must be an array of design names');
  const seen = new Set<string>();
  for (const [i, n] of o.designs.entries()) {
    const why = typeof n === 'string' ? checkDesignName(n) : 'not a string';
    if (why !== null) throw corrupt(`designs[${i}]: ${why}`);
    if (seen.has(n as string)) throw corrupt(`designs[${i}]: ${JSON.stringify(n)} is listed twice`);
    seen.add(n as string);
  }
  return o.designs as string[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs `fn` holding the boot list's lock (waiting up to a few seconds for another writer). */
async function locked<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  await ensureDataDir(dir);
  const lock = `${bootFile(dir)}.lock`;
  for (let delay = 5, waited = 0; ; waited += delay, delay = Math.min(delay * 2, 200)) {
    const got = await tryLock(lock);
    if (got.ok) {
      try {
        return await fn();
      } finally {
        await got.release();
      }
    }
    if (waited > 5000) throw new Error(`the boot list is locked by process ${got.heldBy ?? '?'} (${lock}); try again`);
    await sleep(delay);
  }
}

/**
 * Adds `name` at the end of the boot list (a stored design that validates;
 * already listed = left where it is) or removes it; returns the new list.
 */
export async function setBoot(dir: string, name: string, enabled: boolean): Promise<string[]> {
  const why = checkDesignName(name);
  if (why !== null) throw new StoreError('bad-name', why);
  // A design that is missing or broken is refused here rather than at the next boot.
  if (enabled) await getDesign(dir, name);
  return locked(dir, async () => {
    const list = await loadBootList(dir);
    const next = enabled ? (list.includes(name) ? list : [...list, name]) : list.filter((n) => n !== name);
    if (next.length !== list.length) await atomicWrite(bootFile(dir), `${JSON.stringify({ format: 1, designs: next }, null, 2)}\n`);
    return next;
  });
}
