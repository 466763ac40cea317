// The journal of drills: `journal/drill-<id>.jsonl` beside the apply journals,
// one fsynced JSON record per line.
//
//   drill   what the drill acts on (both ends of the link, or the interface
//           and the jail it lives in), who runs it and its deadline; written
//           BEFORE the host is touched
//   end     the drill was restored (or could not be, and why); then the file
//           is removed
//
// The process running a drill holds `journal/drill-<id>.lock` (pid + token,
// agent/store/lockfile.ts) from before the record is written until the file
// is removed. A drill journal whose lock can be taken is orphaned: its writer
// died (kill -9, a crash) and nobody is counting down any more.
import { mkdir, open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DrillTarget } from '../../shared/drill.js';
import { StoreError } from './errors.js';
import { DRILL_PREFIX, journalDir, removeJournal, syncDir } from './journal.js';
import { tryLock } from './lockfile.js';

export const DRILL_FORMAT = 1;

export interface DrillRecord {
  rec: 'drill';
  format: 1;
  id: string;
  pid: number;
  /** Who runs it, in words. */
  what: string;
  /** As the user named it (`br0:link2`). */
  target: string;
  on: DrillTarget;
  startedAt: string;
  /** The deadline (ISO time). */
  until: string;
}

export interface DrillEndRecord {
  rec: 'end';
  at: string;
  ok: boolean;
  /** What restoring did, in words. */
  note: string;
}

/** A drill journal read back from disk. */
export interface DrillJournal {
  file: string;
  drill: DrillRecord;
  end: DrillEndRecord | null;
}

const lockOf = (file: string): string => file.replace(/\.jsonl$/, '.lock');

const corrupt = (file: string, why: string): StoreError =>
  new StoreError('corrupt', `the drill journal ${file} is corrupt (${why}); the drill it records may have left a link cut or an interface down: check the host, then move the file away`, file);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkTarget(v: unknown): boolean {
  if (!isObj(v)) return false;
  const end = (e: unknown): boolean => isObj(e) && (e['node'] === null || typeof e['node'] === 'string') && typeof e['id'] === 'string' && typeof e['hook'] === 'string' && typeof e['type'] === 'string';
  if (v['kind'] === 'cut') return end(v['a']) && end(v['b']);
  return v['kind'] === 'down' && typeof v['name'] === 'string' && (v['jail'] === null || typeof v['jail'] === 'string');
}

/** Parses a drill journal's text; a last line cut short by a crash is ignored. */
export function parseDrillJournal(file: string, text: string): DrillJournal {
  const lines = text.split('\n');
  const endsClean = text.endsWith('\n');
  if (endsClean) lines.pop();
  let drill: DrillRecord | null = null;
  let end: DrillEndRecord | null = null;
  for (let i = 0; i < lines.length; i++) {
    let v: unknown;
    try {
      v = JSON.parse(lines[i] as string);
    } catch (e) {
      if (i === lines.length - 1 && !endsClean && i > 0) break;
      throw corrupt(file, `line ${i + 1} is not valid JSON: ${(e as Error).message}`);
    }
    if (!isObj(v)) throw corrupt(file, `line ${i + 1} is not a journal record`);
    if (i === 0) {
      if (v['rec'] !== 'drill') throw corrupt(file, 'it does not start with a drill record');
      if (v['format'] !== DRILL_FORMAT) throw corrupt(file, `format ${JSON.stringify(v['format'])}, expected ${DRILL_FORMAT}`);
      if (typeof v['id'] !== 'string' || typeof v['pid'] !== 'number' || typeof v['until'] !== 'string' || typeof v['target'] !== 'string' || !checkTarget(v['on'])) {
        throw corrupt(file, 'line 1: drill record without id, pid, target or deadline');
      }
      drill = v as unknown as DrillRecord;
    } else if (v['rec'] === 'end' && typeof v['ok'] === 'boolean') end = v as unknown as DrillEndRecord;
    else throw corrupt(file, `line ${i + 1}: unknown record ${JSON.stringify(v['rec'])}`);
  }
  if (drill === null) throw corrupt(file, 'it is empty');
  return { file, drill, end };
}

/** The drill journals of a data folder, oldest first. */
export async function readDrills(dir: string): Promise<DrillJournal[]> {
  const jdir = journalDir(dir);
  const entries = await readdir(jdir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[];
    throw new StoreError('corrupt', `cannot read the journal folder ${jdir}: ${e.message}`, jdir);
  });
  const out: DrillJournal[] = [];
  for (const name of entries.filter((e) => e.startsWith(DRILL_PREFIX) && e.endsWith('.jsonl')).sort()) {
    const file = join(jdir, name);
    const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : Promise.reject(corrupt(file, `cannot be read: ${e.message}`))));
    if (text !== null) out.push(parseDrillJournal(file, text));
  }
  return out;
}

/** A running drill's hold on its journal. */
export interface DrillHold {
  file: string;
  /** Records how it ended, removes the journal and lets go of the lock. */
  close(end: Omit<DrillEndRecord, 'rec' | 'at'>): Promise<void>;
}

/** Takes the drill's lock and writes its record (fsynced) before anything is touched; a failure leaves nothing behind. */
export async function beginDrill(dir: string, rec: Omit<DrillRecord, 'rec' | 'format' | 'pid' | 'startedAt'> & { startedAt: string }): Promise<DrillHold> {
  const jdir = journalDir(dir);
  await mkdir(jdir, { recursive: true, mode: 0o700 });
  const file = join(jdir, `${DRILL_PREFIX}${rec.id}.jsonl`);
  const lock = await tryLock(lockOf(file));
  if (!lock.ok) throw new StoreError('invalid', `a drill ${rec.id} is already running (pid ${lock.heldBy ?? '?'})`, file);
  let fh;
  try {
    fh = await open(file, 'wx', 0o600);
    await fh.write(`${JSON.stringify({ rec: 'drill', format: DRILL_FORMAT, pid: process.pid, ...rec } satisfies DrillRecord)}\n`);
    await fh.sync();
    await syncDir(jdir);
  } catch (e) {
    await fh?.close().catch(() => {});
    if (fh) await removeJournal(file).catch(() => {});
    await lock.release();
    throw new StoreError('invalid', `cannot write the drill journal ${file}: ${(e as Error).message}; nothing was touched`, file);
  }
  const handle = fh;
  return {
    file,
    async close(end) {
      await handle.write(`${JSON.stringify({ rec: 'end', at: new Date().toISOString(), ...end } satisfies DrillEndRecord)}\n`).catch(() => {});
      await handle.sync().catch(() => {});
      await handle.close().catch(() => {});
      await removeJournal(file);
      await lock.release();
    },
  };
}

/** Takes over an orphaned drill's journal (its writer died); null when a live process still holds it. */
export async function takeOrphan(j: DrillJournal): Promise<DrillHold | null> {
  const lock = await tryLock(lockOf(j.file));
  if (!lock.ok) return null;
  const still = await readFile(j.file, 'utf8').catch(() => null);
  if (still === null) return (await lock.release(), null);
  return {
    file: j.file,
    async close(end) {
      const fh = await open(j.file, 'a').catch(() => null);
      if (fh) {
        await fh.write(`${JSON.stringify({ rec: 'end', at: new Date().toISOString(), ...end } satisfies DrillEndRecord)}\n`).catch(() => {});
        await fh.sync().catch(() => {});
        await fh.close().catch(() => {});
      }
      await removeJournal(j.file);
      await lock.release();
    },
  };
}
