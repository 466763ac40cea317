// Parser for `netstat -i -b -n --libxo json` (usr.bin/netstat): per-interface
// traffic counters. main.c wraps the table in xo_open_container("statistics"),
// if.c intpr() emits one `interface` list instance per address of each
// interface: `{etk:name}`, `{eq:flags/0x%x}`, show_stat "mtu",
// `{t:network/…}` (`<Link#N>` on the link-level row), `{t:address/…}`, then
// show_stat "received-packets", "received-errors", "dropped-packets",
// "received-bytes" (-b), "sent-packets", "send-errors", "sent-bytes" (-b),
// "collisions". Errors and drops are shown on the link-level row only, and
// that row carries the interface's own counters (the others count one
// address), so counters are taken from it.
import type { Counters } from '../model/snapshot.js';
import { Issues, guarded } from './result.js';
import type { Parsed } from './result.js';

/** One interface's counters, from its link-level row. */
export interface NetstatInterface {
  name: string;
  counters: Counters;
}

/** libxo field → Counters field. `dropped-packets` without -d is the input queue drops (iqdrops). */
const FIELDS: [string, keyof Counters, boolean][] = [
  ['received-packets', 'inPackets', true],
  ['sent-packets', 'outPackets', true],
  ['received-bytes', 'inBytes', true],
  ['sent-bytes', 'outBytes', true],
  ['dropped-packets', 'inDrops', false],
  ['received-errors', 'inErrors', false],
  ['send-errors', 'outErrors', false],
];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A counter value: a JSON number (libxo prints %lu unquoted) or a decimal string, never negative. */
function count(v: unknown): number | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v : null;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return null;
}

/** The counters of one link-level row, or a problem. */
function rowCounters(row: Record<string, unknown>): Counters | string {
  const out: Partial<Counters> = {};
  for (const [field, key, required] of FIELDS) {
    if (!(field in row)) {
      if (required) return `no "${field}"${field.endsWith('bytes') ? ' (netstat run without -b?)' : ''}`;
      continue;
    }
    const n = count(row[field]);
    if (n === null) return `"${field}" is not a count (${JSON.stringify(row[field])?.slice(0, 40)})`;
    out[key] = n;
  }
  return out as Counters;
}

/**
 * Parses the JSON document; one entry per interface that has a link-level
 * row, in listing order. Rows of addresses are skipped; a second link-level
 * row for the same name is a warning (the first counts).
 */
export function parseNetstatInterfaces(text: string): Parsed<NetstatInterface[]> {
  return guarded(text, (t) => {
    const issues = new Issues();
    const out: NetstatInterface[] = [];
    let doc: unknown;
    try {
      doc = JSON.parse(t);
    } catch (e) {
      issues.error(1, `not a JSON document (${e instanceof Error ? e.message : String(e)})`);
      return issues.result(out);
    }
    const stats = isObject(doc) ? doc.statistics : undefined;
    const rows = isObject(stats) ? stats.interface : undefined;
    if (!Array.isArray(rows)) {
      issues.error(1, 'expected {"statistics": {"interface": [ … ]}} (the output of netstat -i --libxo json)');
      return issues.result(out);
    }
    const seen = new Set<string>();
    rows.forEach((row, i) => {
      const where = `interface row ${i + 1}`;
      if (!isObject(row) || typeof row.name !== 'string' || row.name === '') {
        issues.error(1, `${where}: expected an object with a "name"`);
        return;
      }
      if (typeof row.network !== 'string' || !row.network.startsWith('<Link#')) return;
      if (seen.has(row.name)) {
        issues.warn(1, `${where}: a second link-level row for ${row.name}; the first one counts`);
        return;
      }
      const c = rowCounters(row);
      if (typeof c === 'string') {
        issues.error(1, `${where} (${row.name}): ${c}`);
        return;
      }
      seen.add(row.name);
      out.push({ name: row.name, counters: c });
    });
    return issues.result(out);
  });
}
