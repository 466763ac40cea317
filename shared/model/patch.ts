// What changed between two snapshots: only the changed elements, keyed.
// diffSnapshots/applyPatch live in diff.ts; this file is the wire shape.
import type { HostInfo, Interface, Jail, NgNode, NgType } from './snapshot.js';

/** Elements added or changed (whole element), and keys of elements gone. */
export interface KeyedChanges<T> {
  upsert: T[];
  remove: string[];
}

/**
 * Keys: nodes by `id`, interfaces by `interfaceKey()`, jails by `name`.
 * Absent sections did not change; `modules` and `types` are replaced whole.
 */
export interface SnapshotPatch {
  host?: HostInfo;
  modules?: string[];
  types?: NgType[];
  nodes?: KeyedChanges<NgNode>;
  interfaces?: KeyedChanges<Interface>;
  jails?: KeyedChanges<Jail>;
}
