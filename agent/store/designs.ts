// Stored designs: `designs/<name>.json` in the data folder, written
// atomically, validated on the way in and on the way out (a broken file is
// an error naming the file and its first problems, never silently replaced).
import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDesign } from '../../shared/design/parse.js';
import type { Design, Problem } from '../../shared/design/types.js';
import { atomicWrite, isTempName } from './atomic.js';
import { StoreError } from './errors.js';

/** Letters, digits, `_`, `-`, `.`; starting with a letter or digit; at most 64 characters. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Why a design name is refused, or null when it is fine. */
export function checkDesignName(name: string): string | null {
  if (typeof name !== 'string' || name === '') return 'a design name must not be empty';
  if (name.includes('/') || name.includes('\\')) return `design name ${JSON.stringify(name)} must not contain a slash`;
  if (name.includes('..')) return `design name ${JSON.stringify(name)} must not contain ".."`;
  if (!NAME.test(name)) return `design name ${JSON.stringify(name.slice(0, 80))} must be 1-64 characters from A-Z a-z 0-9 . _ - starting with a letter or digit`;
  return null;
}

function fileOf(dir: string, name: string): string {
  const why = checkDesignName(name);
  if (why !== null) throw new StoreError('bad-name', why);
  return join(dir, 'designs', `${name}.json`);
}

/** The first few problems in one line. */
export function firstProblems(problems: Problem[], n = 3): string {
  const shown = problems.filter((p) => p.severity === 'error').slice(0, n).map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
  const more = problems.length > n ? ` (and ${problems.length - n} more)` : '';
  return `${shown.join('; ')}${more}`;
}

/** Names of the stored designs, sorted (temporary files and other entries are not designs). */
export async function listDesigns(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(join(dir, 'designs'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return entries
    .filter((f) => !isTempName(f) && f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .filter((n) => checkDesignName(n) === null)
    .sort();
}

/** Reads and validates one stored design. */
export async function getDesign(dir: string, name: string): Promise<Design> {
  const file = fileOf(dir, name);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new StoreError('not-found', `no design named ${JSON.stringify(name)}`, file);
    throw new StoreError('corrupt', `cannot read design file ${file}: ${(e as Error).message}`, file);
  }
  const r = parseDesign(text);
  if (!r.ok) throw new StoreError('corrupt', `design file ${file} is broken: ${firstProblems(r.problems)}`, file, { problems: r.problems });
  return r.design;
}

/** Validates and stores a design under `name` (replacing it atomically). */
export async function putDesign(dir: string, name: string, design: unknown): Promise<Design> {
  const file = fileOf(dir, name);
  const r = parseDesign(design);
  if (!r.ok) throw new StoreError('invalid', `design ${JSON.stringify(name)} is not valid: ${firstProblems(r.problems)}`, undefined, { problems: r.problems });
  await atomicWrite(file, `${JSON.stringify(r.design, null, 2)}\n`);
  return r.design;
}

/** Removes a stored design; false when there was none. */
export async function deleteDesign(dir: string, name: string): Promise<boolean> {
  const file = fileOf(dir, name);
  try {
    await unlink(file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}
