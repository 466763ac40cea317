// Canonical order for HostSnapshot arrays, so that two observations of the
// same host compare equal element by element (and diffs stay small).
import { interfaceKey } from './snapshot.js';
import type { HostSnapshot, Interface, Jail, NgNode, NgType } from './snapshot.js';

/** Numeric value of a netgraph node ID (lowercase hex); NaN sorts last. */
export function nodeIdValue(id: string): number {
  const n = Number.parseInt(id, 16);
  return Number.isNaN(n) ? Number.POSITIVE_INFINITY : n;
}

/** Plain string order (not locale order: it must be the same everywhere). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Nodes by numeric ID (string as tie-break, for IDs that are not hex). */
export function compareNodes(a: Pick<NgNode, 'id'>, b: Pick<NgNode, 'id'>): number {
  return nodeIdValue(a.id) - nodeIdValue(b.id) || compareStrings(a.id, b.id);
}

/** Interfaces by their key (`name` on the host, `jail/name` in a jail). */
export function compareInterfaces(a: Pick<Interface, 'name' | 'jail'>, b: Pick<Interface, 'name' | 'jail'>): number {
  return compareStrings(interfaceKey(a), interfaceKey(b));
}

/** Jails by JID (name as tie-break). */
export function compareJails(a: Pick<Jail, 'jid' | 'name'>, b: Pick<Jail, 'jid' | 'name'>): number {
  return a.jid - b.jid || compareStrings(a.name, b.name);
}

/** Types by name. */
export function compareTypes(a: NgType, b: NgType): number {
  return compareStrings(a.name, b.name);
}

/**
 * A copy of `s` with every array in canonical order: nodes by numeric ID,
 * interfaces by key, jails by JID, types and modules by name. Hooks, member
 * lists and flags keep their listing order, which carries meaning (newest first).
 * Copies rather than sorts in place because callers keep the original.
 */
export function normalizeSnapshot(s: HostSnapshot): HostSnapshot {
  return {
    version: s.version,
    host: { ...s.host },
    modules: [...s.modules].sort(compareStrings),
    netgraph: {
      nodes: [...s.netgraph.nodes].sort(compareNodes),
      types: [...s.netgraph.types].sort(compareTypes),
    },
    interfaces: [...s.interfaces].sort(compareInterfaces),
    jails: [...s.jails].sort(compareJails),
  };
}
