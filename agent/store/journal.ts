// The write-ahead journal of applies: `journal/<id>.jsonl` in the data folder,
// one JSON record per line, each fsynced before the next host command runs.
//
//   begin    what the apply is about to do: the host before, the plan, the
//            design and the ledger it started from (written before the first
//            command; if it cannot be written, nothing runs)
//   steps    after each step (or netgraph phase): which steps completed and
//            the values captured so far (epair0a, ngeth3 …)
//   end      the ledger the apply leaves; then the ledger file is written and
//            the journal removed
//   adopted  appended by the process that found the journal unfinished (its
//            writer died) and took ownership of what the apply made
//
// A journal without `end` whose writer is gone is an interrupted apply. A
// last line cut short by a crash is reported (path and line) and the records
// before it are used; anything else unreadable is a corrupt journal, reported
// with its path and never dropped.
import { mkdir, open, readdir, readFile, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Design } from '../../shared/design/types.js';
import type { HostSnapshot } from '../../shared/model/snapshot.js';
import { parseLedger, type Ledger, type Owned } from '../../shared/plan/ledger.js';
import type { Plan } from '../../shared/plan/types.js';
import { StoreError } from './errors.js';

export const JOURNAL_FORMAT = 1;

export interface BeginRecord {
  rec: 'begin';
  format: 1;
  id: string;
  pid: number;
  /** What started it, in words (`ngstudio apply (pid 42)`, `agent apply against version 7`). */
  what: string;
  startedAt: string;
  design: Design;
  ledger: Ledger;
  before: HostSnapshot;
  plan: Plan;
}

export interface StepsRecord {
  rec: 'steps';
  /** 0-based indexes into plan.changes that completed. */
  done: number[];
  /** Values captured so far (`ifconfig epair create` → epair0a, `getifname` → ngeth3). */
  captured: Record<string, string>;
}

export interface EndRecord {
  rec: 'end';
  ok: boolean;
  ledger: Ledger;
}

export interface AdoptedRecord {
  rec: 'adopted';
  at: string;
  pid: number;
  /** What ngstudio now owns because the interrupted apply made it. */
  owned: Owned[];
  /** What appeared on the host since the apply began but no step of it names: left alone. */
  unclaimed: Owned[];
}

export type JournalRecord = BeginRecord | StepsRecord | EndRecord | AdoptedRecord;

/** A journal read back from disk. */
export interface Journal {
  file: string;
  begin: BeginRecord;
  /** Every completed step (0-based), in order. */
  done: number[];
  captured: Record<string, string>;
  end: EndRecord | null;
  adopted: AdoptedRecord | null;
  /** A last line cut short (a crash while writing it), reported, its record ignored. */
  truncatedAt: number | null;
}

/** Journal files of drills start with this (agent/store/drill-journal.ts); the rest are applies. */
export const DRILL_PREFIX = 'drill-';

/** The journal folder of a data folder. */
export const journalDir = (dir: string): string => join(dir, 'journal');

/** Appends fsynced JSON lines to one journal file. */
export interface JournalWriter {
  readonly file: string;
  append(rec: JournalRecord): Promise<void>;
  close(): Promise<void>;
}

/** Creates a new journal file (exclusively) and writes its begin record; a failure leaves no file behind. */
export async function createJournal(dir: string, begin: Omit<BeginRecord, 'rec' | 'format' | 'id' | 'pid' | 'startedAt'>): Promise<JournalWriter> {
  const jdir = journalDir(dir);
  await mkdir(jdir, { recursive: true, mode: 0o700 });
  const startedAt = new Date().toISOString();
  const id = `apply-${startedAt.replace(/[:.]/g, '-')}-${process.pid}`;
  const file = join(jdir, `${id}.jsonl`);
  const fh = await open(file, 'wx', 0o600);
  const writer = journalWriter(file, fh);
  try {
    await writer.append({ rec: 'begin', format: JOURNAL_FORMAT, id, pid: process.pid, startedAt, ...begin });
    await syncDir(jdir);
  } catch (e) {
    await fh.close().catch(() => {});
    await unlink(file).catch(() => {});
    throw e;
  }
  return writer;
}

/** A writer over an open file (also used to append `adopted` to someone else's journal). */
function journalWriter(file: string, fh: FileHandle): JournalWriter {
  return {
    file,
    async append(rec) {
      await fh.write(`${JSON.stringify(rec)}\n`);
      await fh.sync();
    },
    close: () => fh.close(),
  };
}

/** Opens an existing journal to append to it. */
export async function appendTo(file: string): Promise<JournalWriter> {
  return journalWriter(file, await open(file, 'a'));
}

export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r').catch(() => null);
  if (!fh) return;
  await fh.sync().catch(() => {});
  await fh.close();
}

/** Removes a journal (after its ledger was stored). */
export async function removeJournal(file: string): Promise<void> {
  await unlink(file).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
  });
}

const corrupt = (file: string, why: string): StoreError =>
  new StoreError('corrupt', `the apply journal ${file} is corrupt (${why}); it records an apply that may have changed the host: check the host, then move the file away`, file);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks one record's shape enough to rely on it. */
function checkRecord(v: unknown, line: number, file: string): JournalRecord {
  if (!isObj(v) || typeof v['rec'] !== 'string') throw corrupt(file, `line ${line} is not a journal record`);
  const bad = (what: string): never => {
    throw corrupt(file, `line ${line}: ${what}`);
  };
  switch (v['rec']) {
    case 'begin':
      if (v['format'] !== JOURNAL_FORMAT) bad(`format ${JSON.stringify(v['format'])}, expected ${JOURNAL_FORMAT}`);
      if (typeof v['id'] !== 'string' || typeof v['pid'] !== 'number' || typeof v['startedAt'] !== 'string') bad('begin record without id, pid or startedAt');
      if (!isObj(v['design']) || !isObj(v['before']) || !isObj(v['plan']) || !Array.isArray((v['plan'] as Record<string, unknown>)['changes'])) bad('begin record without design, before or plan');
      if (!parseLedger(v['ledger']).ok) bad('begin record with a broken ledger');
      return v as unknown as BeginRecord;
    case 'steps':
      if (!Array.isArray(v['done']) || !v['done'].every((i) => Number.isInteger(i) && i >= 0) || !isObj(v['captured'])) bad('steps record without done/captured');
      return v as unknown as StepsRecord;
    case 'end':
      if (typeof v['ok'] !== 'boolean' || !parseLedger(v['ledger']).ok) bad('end record without ok or ledger');
      return v as unknown as EndRecord;
    case 'adopted':
      if (!Array.isArray(v['owned']) || !Array.isArray(v['unclaimed'])) bad('adopted record without owned/unclaimed');
      return v as unknown as AdoptedRecord;
    default:
      return bad(`unknown record ${JSON.stringify(v['rec'])}`);
  }
}

/** Parses a journal's text; throws a StoreError('corrupt') naming the file and line. */
export function parseJournal(file: string, text: string): Journal {
  const endsClean = text.endsWith('\n');
  const lines = text.split('\n');
  if (endsClean) lines.pop();
  let truncatedAt: number | null = null;
  const recs: JournalRecord[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      // Only the last line may be cut short (the crash came while writing it).
      if (i === lines.length - 1 && !endsClean && i > 0) {
        truncatedAt = i + 1;
        break;
      }
      throw corrupt(file, `line ${i + 1} is not valid JSON: ${(e as Error).message}`);
    }
    recs.push(checkRecord(v, i + 1, file));
  }
  const begin = recs[0];
  if (!begin || begin.rec !== 'begin') throw corrupt(file, recs.length === 0 ? 'it is empty' : 'it does not start with a begin record');
  const j: Journal = { file, begin, done: [], captured: {}, end: null, adopted: null, truncatedAt };
  for (const r of recs.slice(1)) {
    if (r.rec === 'begin') throw corrupt(file, 'a second begin record');
    if (r.rec === 'steps') (j.done.push(...r.done.filter((i) => !j.done.includes(i))), Object.assign(j.captured, r.captured));
    if (r.rec === 'end') j.end = r;
    if (r.rec === 'adopted') j.adopted = r;
  }
  const n = begin.plan.changes.length;
  if (j.done.some((i) => i >= n)) throw corrupt(file, `a step past the plan's ${n} steps`);
  return j;
}

/** The journals of a data folder, oldest first; a corrupt one throws a StoreError naming it. */
export async function readJournals(dir: string): Promise<Journal[]> {
  const jdir = journalDir(dir);
  let entries: string[];
  try {
    entries = await readdir(jdir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new StoreError('corrupt', `cannot read the journal folder ${jdir}: ${(e as Error).message}`, jdir);
  }
  const out: Journal[] = [];
  // Drill journals (`drill-<id>.jsonl`) are read by drill-journal.ts.
  for (const name of entries.filter((e) => e.endsWith('.jsonl') && !e.startsWith('.') && !e.startsWith(DRILL_PREFIX)).sort()) {
    const file = join(jdir, name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw corrupt(file, `cannot be read: ${(e as Error).message}`);
    }
    out.push(parseJournal(file, text));
  }
  return out;
}
