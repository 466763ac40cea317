// Stored jail definitions: `<data-dir>/jail.conf.d/NAME.conf`, one jail.conf(5)
// block per file, the layout rc.d/jail reads from /etc/jail.conf.d, so a
// stopped jail still exists for the agent and an admin can read, copy or
// `.include` the file. Written atomically; names checked before any path is built.
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { validateJailName } from '../../shared/model/names.js';
import type { JailDef } from '../../shared/protocol/rpc.js';
import { defFromConf, defToConf } from '../engine/jails/def.js';
import { atomicWrite, isTempName } from './atomic.js';
import { StoreError } from './errors.js';

/** The definitions folder of a data folder. */
export function jailDefsDir(dataDir: string): string {
  return join(dataDir, 'jail.conf.d');
}

/** The definition file of a jail; a bad name is a `bad-name` StoreError. */
export function jailDefFile(dataDir: string, name: string): string {
  const why = typeof name === 'string' ? validateJailName(name) : 'a jail name must be a string';
  if (why !== null) throw new StoreError('bad-name', why);
  return join(jailDefsDir(dataDir), `${name}.conf`);
}

/** A definition read from its file, or why it could not be read. */
export type StoredJailDef = { name: string; file: string; def: JailDef | null; problem?: string };

/** Reads one definition; null when there is no file. */
export async function readJailDef(dataDir: string, name: string): Promise<StoredJailDef | null> {
  const file = jailDefFile(dataDir, name);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return { name, file, def: null, problem: `cannot read ${file}: ${(e as Error).message}` };
  }
  const r = defFromConf(text, file);
  if (!r.ok) return { name, file, def: null, problem: r.problems.join('; ') };
  // The block name is what jail(8) starts; a file renamed by hand would not start under its file name.
  if (r.def.name !== name) return { name, file, def: null, problem: `${file} defines jail "${r.def.name}", not "${name}"` };
  return { name, file, def: r.def };
}

/** Every stored definition, sorted by name (files that are not `NAME.conf` with a valid name are skipped). */
export async function listJailDefs(dataDir: string): Promise<StoredJailDef[]> {
  let entries: string[];
  try {
    entries = await readdir(jailDefsDir(dataDir));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const names = entries.filter((f) => !isTempName(f) && f.endsWith('.conf')).map((f) => f.slice(0, -5)).filter((n) => validateJailName(n) === null).sort();
  const out: StoredJailDef[] = [];
  for (const n of names) {
    const d = await readJailDef(dataDir, n);
    if (d) out.push(d);
  }
  return out;
}

/** Writes a definition (replacing the file atomically); returns the file. */
export async function writeJailDef(dataDir: string, def: JailDef): Promise<string> {
  const file = jailDefFile(dataDir, def.name);
  await mkdir(jailDefsDir(dataDir), { recursive: true, mode: 0o700 });
  // Readable like /etc/jail.conf.d files are; the folder above is private.
  await atomicWrite(file, defToConf(def), 0o644);
  return file;
}

/** Deletes a definition; false when there was none. */
export async function deleteJailDef(dataDir: string, name: string): Promise<boolean> {
  try {
    await unlink(jailDefFile(dataDir, name));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}
