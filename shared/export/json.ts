// Design → its JSON document with a stable key order (the order of the
// Design types; maps such as jail params and layout positions by key), two
// spaces of indent and a trailing newline, so exporting twice gives the same
// bytes and diffs stay small.
import type { Design } from '../design/types.js';
import type { ExportResult } from './result.js';

/** Field order of the design's objects; keys not listed follow in name order. */
const ORDER = [
  'format', 'name', 'type', 'kind', 'ifname', 'mac', 'up', 'persistent', 'config', 'filters', 'vlan', 'node', 'hook',
  'a', 'b', 'members', 'path', 'hostname', 'vnet', 'interfaces', 'ip4', 'ip6', 'params', 'state',
  'nodes', 'links', 'epairs', 'bridges', 'jails', 'delete', 'layout', 'positions', 'viewport', 'x', 'y', 'zoom',
  'debugLevel', 'loopTimeout', 'maxStaleness', 'minStableAge',
];
/** Objects whose keys are user names (no field order applies). */
const MAPS = new Set(['params', 'positions']);

function rank(k: string): number {
  const i = ORDER.indexOf(k);
  return i === -1 ? ORDER.length : i;
}

/** A copy of `v` with object keys in canonical order. */
export function canonical(v: unknown, isMap = false): unknown {
  if (Array.isArray(v)) return v.map((x) => canonical(x));
  if (typeof v !== 'object' || v === null) return v;
  const keys = Object.keys(v).sort((a, b) => (isMap ? 0 : rank(a) - rank(b)) || (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = canonical((v as Record<string, unknown>)[k], !isMap && MAPS.has(k));
  return out;
}

/** The design as canonical JSON text. */
export function designJson(d: Design): string {
  return `${JSON.stringify(canonical(d), null, 2)}\n`;
}

/** The json export. */
export function exportJson(d: Design): ExportResult {
  return { ok: true, text: designJson(d), warnings: [] };
}
