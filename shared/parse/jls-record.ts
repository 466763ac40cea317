// The jail record every jls parser produces, and its mapping to the snapshot's Jail.
import type { Jail, JailState } from '../model/snapshot.js';

/** A jail parameter value as jls shows it: text, a boolean (`persist`/`nopersist`), or a list (`ip4.addr`). */
export type JlsValue = string | boolean | string[];

/** One jail as one jls mode shows it; fields the mode does not print are undefined. */
export interface JlsJail {
  jid?: number;
  name?: string;
  hostname?: string;
  path?: string;
  /** `ACTIVE` or `DYING` (-v), or derived from the `dying` parameter. */
  state?: string;
  cpusetid?: number;
  ip4?: string[];
  ip6?: string[];
  /** `persist` / `vnet` when the mode shows them (-n, -s, parameter lists). */
  persist?: boolean;
  vnet?: boolean;
  /**
   * Every parameter as printed in -n/-s/parameter-list modes. In JSON, only the keys
   * not mapped to a field above (`jid`, `name`, `path`, … are fields in every JSON mode).
   */
  params?: Record<string, JlsValue>;
}

function asList(v: JlsValue): string[] {
  if (Array.isArray(v)) return v;
  if (typeof v !== 'string' || v === '') return [];
  return v.split(',');
}

/** Fills the well-known fields of `rec` from its parameters (`host.hostname`, `ip4.addr`, `dying`, …). Returns a problem or null. */
export function applyParams(rec: JlsJail, params: Record<string, JlsValue>): string | null {
  rec.params = params;
  for (const [k, v] of Object.entries(params)) {
    if (k === 'jid') {
      const n = Number(v);
      if (typeof v !== 'string' || !/^\d+$/.test(v)) return `jid '${String(v)}' is not a number`;
      rec.jid = n;
    } else if (k === 'name' && typeof v === 'string') rec.name = v;
    else if (k === 'host.hostname' && typeof v === 'string') rec.hostname = v;
    else if (k === 'path' && typeof v === 'string') rec.path = v;
    else if (k === 'ip4.addr') rec.ip4 = asList(v);
    else if (k === 'ip6.addr') rec.ip6 = asList(v);
    else if (k === 'dying' && typeof v === 'boolean') rec.state = v ? 'DYING' : 'ACTIVE';
    else if (k === 'persist' && typeof v === 'boolean') rec.persist = v;
    // jailsys parameter: `vnet=new` is a vnet jail, `inherit` shares the host's stack.
    else if (k === 'vnet' && typeof v === 'string') rec.vnet = v === 'new';
    else if (k === 'vnet' && typeof v === 'boolean') rec.vnet = v;
  }
  return null;
}

/** Fields jls cannot tell in a given mode, supplied by the caller (e.g. from another jls call). */
export interface JailDefaults {
  vnet?: boolean;
  persist?: boolean;
  interfaces?: string[];
}

/**
 * The snapshot Jail for a record, or null when the record lacks the JID. Missing
 * fields get FreeBSD's defaults: name = JID (jail(8) names unnamed jails by JID),
 * empty hostname/path, ACTIVE, no addresses; vnet/persist from `defaults`, else false.
 */
export function jailFromJls(rec: JlsJail, defaults: JailDefaults = {}): Jail | null {
  if (rec.jid === undefined) return null;
  const state: JailState = rec.state === 'DYING' ? 'DYING' : 'ACTIVE';
  return {
    jid: rec.jid,
    name: rec.name ?? String(rec.jid),
    hostname: rec.hostname ?? '',
    path: rec.path ?? '',
    vnet: rec.vnet ?? defaults.vnet ?? false,
    persist: rec.persist ?? defaults.persist ?? false,
    state,
    ip4: rec.ip4 ?? [],
    ip6: rec.ip6 ?? [],
    interfaces: defaults.interfaces ?? [],
  };
}

/** All records with a JID as snapshot Jails (records without one are skipped). */
export function jailsFromJls(recs: JlsJail[], defaults: JailDefaults = {}): Jail[] {
  return recs.flatMap((r) => {
    const j = jailFromJls(r, defaults);
    return j ? [j] : [];
  });
}
