// Interface counters of one vnet from ONE `netstat -i -b -n --libxo json`
// (the host's, or a vnet jail's through jexec). A netstat that is missing,
// fails or prints what we cannot read costs the counters, never the cycle.
import type { Counters } from '../../../shared/model/snapshot.js';
import { parseNetstatInterfaces } from '../../../shared/parse/netstat.js';
import { isHostCommandError } from '../backend.js';
import type { Exec } from './exec.js';
import { parseProblem } from './parse.js';

/** netstat's interface table with byte counts, numeric, as libxo JSON. */
export const NETSTAT_ARGV = ['netstat', '-i', '-b', '-n', '--libxo', 'json'];

/** Counters by interface name, or why there are none (a note for the log). */
export type NetstatRead = { counters: Map<string, Counters> } | { note: string };

/** Runs `prefix… netstat -i -b -n --libxo json` (prefix: `jexec JID` for a jail) and reads it. */
export async function readNetstat(exec: Exec, prefix: string[] = []): Promise<NetstatRead> {
  const argv = [...prefix, ...NETSTAT_ARGV];
  const shown = argv.join(' ');
  let r;
  try {
    r = await exec.run(argv);
  } catch (e) {
    if (!isHostCommandError(e)) throw e;
    return { note: `${e.shortMessage}; interface counters left out` };
  }
  if (r.code !== 0) {
    const why = r.stderr.trim().split('\n')[0] ?? '';
    return { note: `${shown} failed with exit code ${r.code}${why ? ` (${why.slice(0, 120)})` : ''}; interface counters left out` };
  }
  const p = parseNetstatInterfaces(r.stdout);
  if (!p.ok) return { note: `cannot read the output of ${parseProblem(shown, p)}; interface counters left out` };
  return { counters: new Map(p.value.map((i) => [i.name, i.counters])) };
}
