// Readers of ng_bridge's answers in their ng_parse ASCII form (the text after
// `Args:`): `getstats N` (struct ng_bridge_link_stats, NG_BRIDGE_STATS_TYPE_INFO
// in sys/netgraph/ng_bridge.h) and `gettable` (struct ng_bridge_host_ary:
// `{ numHosts=N hosts=[ { addr=… linkNum=N age=N staleness=N } … ] }` on
// 12.x; 13+ ng_bridge.c fills a hook name instead of the link number
// (`strncpy(ary->hosts[i].hook, NG_HOOK_NAME(…))`), printed `hook="link1"`;
// UNCONFIRMED: the 13+ ng_bridge.h was not at hand, so the ASCII field name is
// the struct member ng_bridge.c fills, as ng_parse field names follow them).
// ng_parse leaves out fields equal to their default (0, empty), so a missing
// field is 0 and an idle link answers `{}`.
import type { Counters, LearnedHost } from '../model/snapshot.js';
import { parseNgAscii, type NgValue } from './ngctl-msg.js';
import { Issues } from './result.js';
import type { Parsed } from './result.js';

/** The ASCII field names of struct ng_bridge_link_stats (note recvMulticast/recvBroadcast singular, xmit…s plural). */
export const BRIDGE_STATS_FIELDS = [
  'recvOctets', 'recvPackets', 'recvMulticast', 'recvBroadcast', 'recvUnknown', 'recvRunts', 'recvInvalid',
  'xmitOctets', 'xmitPackets', 'xmitMulticasts', 'xmitBroadcasts', 'loopDrops', 'loopDetects', 'memoryFailures',
] as const;

export type BridgeLinkStats = Record<(typeof BRIDGE_STATS_FIELDS)[number], number>;

type Struct = { [field: string]: NgValue };
const isStruct = (v: NgValue | undefined): v is Struct => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A uint field: a number, or the decimal text ng_parse prints for a uint64 beyond 2^53 (kept approximately). */
function uint(v: NgValue | undefined): number | null {
  if (v === undefined) return 0;
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v : null;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return null;
}

/** Decodes the ASCII and checks it is a struct; errors name `what`. */
function struct(what: string, args: string, issues: Issues): Struct | null {
  const p = parseNgAscii(args);
  if (!p.ok) {
    for (const e of p.errors) issues.error(1, `${what}: ${e.message}`);
    return null;
  }
  if (!isStruct(p.value)) {
    issues.error(1, `${what}: expected a { … } struct, got ${JSON.stringify(p.value).slice(0, 60)}`);
    return null;
  }
  return p.value;
}

/** Parses a `getstats`/`getclrstats` answer. Unknown fields are warnings (a newer kernel may add some). */
export function parseBridgeStats(args: string): Parsed<BridgeLinkStats> {
  const issues = new Issues();
  const out = Object.fromEntries(BRIDGE_STATS_FIELDS.map((f) => [f, 0])) as BridgeLinkStats;
  const s = typeof args === 'string' ? struct('getstats', args, issues) : (issues.error(0, 'getstats: expected text'), null);
  if (s === null) return issues.result(out);
  for (const [k, v] of Object.entries(s)) {
    if (!(BRIDGE_STATS_FIELDS as readonly string[]).includes(k)) {
      issues.warn(1, `getstats: unknown field ${k} ignored`);
      continue;
    }
    const n = uint(v);
    if (n === null) issues.error(1, `getstats: ${k} is not a count (${JSON.stringify(v).slice(0, 40)})`);
    else out[k as keyof BridgeLinkStats] = n;
  }
  return issues.result(out);
}

/**
 * A link's stats as snapshot counters, seen from the bridge: `in` is what it
 * received on the link, `out` what it sent there. Loop drops are input drops
 * (the frame came in on a muted link); runts and bad source addresses are
 * input errors.
 */
export function bridgeStatsCounters(s: BridgeLinkStats): Counters {
  return {
    inPackets: s.recvPackets,
    outPackets: s.xmitPackets,
    inBytes: s.recvOctets,
    outBytes: s.xmitOctets,
    inDrops: s.loopDrops,
    inErrors: s.recvRunts + s.recvInvalid,
  };
}

const MAC = /^[0-9a-fA-F]{1,2}(?::[0-9a-fA-F]{1,2}){5}$/;

/** ng_parse prints an address `%02x:…`; anything looser is normalized to two lowercase digits per octet. */
const normalMac = (m: string): string => m.split(':').map((o) => o.padStart(2, '0').toLowerCase()).join(':');

/** One host entry (null = an all-default entry ng_parse skipped) → a LearnedHost, or a problem. */
function host(e: NgValue, i: number): LearnedHost | string {
  const h: Struct = e === null ? {} : isStruct(e) ? e : {};
  if (e !== null && !isStruct(e)) return `host ${i}: expected a { … } struct`;
  const addr = h.addr ?? '00:00:00:00:00:00';
  if (typeof addr !== 'string' || !MAC.test(addr)) return `host ${i}: addr ${JSON.stringify(addr)} is not a MAC address`;
  let hook: string;
  if (h.hook !== undefined) {
    if (typeof h.hook !== 'string' || h.hook === '') return `host ${i}: hook ${JSON.stringify(h.hook)} is not a hook name`;
    hook = h.hook;
  } else {
    // 12.x: links are link0..link31, and link 0 is the default, left out.
    const n = uint(h.linkNum);
    if (n === null) return `host ${i}: linkNum ${JSON.stringify(h.linkNum)} is not a link number`;
    hook = `link${n}`;
  }
  const age = uint(h.age);
  const staleness = uint(h.staleness);
  if (age === null || staleness === null) return `host ${i}: age and staleness must be counts of seconds`;
  return { mac: normalMac(addr), hook, age, staleness };
}

/** Parses a `gettable` answer into learned hosts sorted by MAC; numHosts must match the list. */
export function parseBridgeTable(args: string): Parsed<LearnedHost[]> {
  const issues = new Issues();
  const out: LearnedHost[] = [];
  const s = typeof args === 'string' ? struct('gettable', args, issues) : (issues.error(0, 'gettable: expected text'), null);
  if (s === null) return issues.result(out);
  const hosts = s.hosts ?? [];
  const num = uint(s.numHosts);
  if (!Array.isArray(hosts)) issues.error(1, 'gettable: hosts is not an array');
  else if (num === null) issues.error(1, 'gettable: numHosts is not a count');
  else {
    if (num !== hosts.length) issues.error(1, `gettable: numHosts says ${num} but ${hosts.length} host(s) are listed`);
    hosts.forEach((e, i) => {
      const h = host(e, i);
      if (typeof h === 'string') issues.error(1, `gettable: ${h}`);
      else out.push(h);
    });
  }
  out.sort((a, b) => (a.mac < b.mac ? -1 : a.mac > b.mac ? 1 : 0));
  return issues.result(out);
}
