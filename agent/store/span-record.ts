// The record of an apply across hosts, in the data folder of the host it is
// run from: which hosts it will change, in order, and which are done. Each
// host's own part is journaled by that host (its apply journal); this record
// adds what no single host knows — how far the whole went. It is written
// before the first host starts and after each host, and removed when the
// apply ends (applied, or taken back). One left behind by a process that died
// says which hosts were changed, so the user can finish or take it back.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWrite } from './atomic.js';
import { alive } from './lockfile.js';

export interface SpanRecord {
  pid: number;
  startedAt: string;
  /** Hosts in apply order, as the user knows them (hostname and peer address; never a token). */
  hosts: string[];
  /** Hosts whose part applied (reverted ones are taken off again). */
  done: string[];
}

const FILE = 'span-apply.json';

/** Writes the record (atomically). */
export async function writeSpanRecord(dir: string, r: SpanRecord): Promise<void> {
  await atomicWrite(join(dir, FILE), `${JSON.stringify(r, null, 2)}\n`);
}

/** Removes the record (the apply ended one way or the other). */
export async function removeSpanRecord(dir: string): Promise<void> {
  await rm(join(dir, FILE), { force: true });
}

/** A record left by a process that is gone, as lines for the user; none when there is none (or its process still runs). */
export async function unfinishedSpanLines(dir: string): Promise<string[]> {
  let r: SpanRecord;
  try {
    r = JSON.parse(await readFile(join(dir, FILE), 'utf8')) as SpanRecord;
  } catch {
    return [];
  }
  if (!Array.isArray(r.hosts) || !Array.isArray(r.done) || (typeof r.pid === 'number' && alive(r.pid))) return [];
  const rest = r.hosts.filter((h) => !r.done.includes(h));
  return [
    `an apply across hosts started ${r.startedAt} (pid ${r.pid}) did not finish: applied on ${r.done.length > 0 ? r.done.join(', ') : 'no host'}; not on ${rest.length > 0 ? rest.join(', ') : 'any other'}.`,
    'each host is consistent on its own (its own journal); apply the design again to finish it, or apply the earlier design to take those hosts back.',
  ];
}
