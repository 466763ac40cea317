// What changed between two snapshots: only the changed elements, keyed.
// diffSnapshots/applyPatch live in diff.ts; this file is the wire shape.
import type { Counters, HostInfo, Interface, Jail, LearnedHost, NgHook, NgNode, NgType } from './snapshot.js';

/** Elements added or changed (whole element), and keys of elements gone. */
export interface KeyedChanges<T> {
  upsert: T[];
  remove: string[];
}

/**
 * How one element's counters changed. Usually per-field deltas (new − old,
 * only the fields that moved): a few small numbers instead of the element.
 * When fields appeared or went (or the counters themselves), `set` carries the
 * whole new counters, or null when the element has none now.
 */
export type CounterChange = Partial<Counters> | { set: Counters | null };

/** Counter changes of elements that changed in nothing else. */
export interface CountersPatch {
  /** By `interfaceKey()`. */
  interfaces?: Record<string, CounterChange>;
  /** By `nodeId:hook` (hook names never contain `:`). */
  hooks?: Record<string, CounterChange>;
}

/**
 * A node whose hooks alone changed (a link made, cut or re-made on it): its
 * hook names in order, and the hooks that are new or changed, whole. Hooks
 * named in `order` and not in `upsert` are kept (their counters may still
 * change through `counters.hooks`); hooks not in `order` are gone. A bridge
 * with thirty links that gains one sends one hook, not thirty.
 */
export interface HookChanges {
  order: string[];
  upsert: NgHook[];
}

/**
 * Keys: nodes by `id`, interfaces by `interfaceKey()`, jails by `name`.
 * Absent sections did not change; `modules` and `types` are replaced whole.
 * Traffic (counters, bridge tables) of an element that changed in nothing
 * else travels in `counters` and `tables`, so a ticking counter never resends
 * a node or an interface; an upserted element carries its own.
 */
export interface SnapshotPatch {
  host?: HostInfo;
  modules?: string[];
  types?: NgType[];
  nodes?: KeyedChanges<NgNode>;
  interfaces?: KeyedChanges<Interface>;
  jails?: KeyedChanges<Jail>;
  /** Nodes (by `id`) that changed in their hooks and nothing else but traffic. */
  nodeHooks?: Record<string, HookChanges>;
  counters?: CountersPatch;
  /** A bridge's whole new learned-host table by node ID; null when it has none now. */
  tables?: Record<string, LearnedHost[] | null>;
}

/** The counter fields, in a fixed order (diffs and checks walk them). */
export const COUNTER_FIELDS = ['inPackets', 'outPackets', 'inBytes', 'outBytes', 'inDrops', 'outDrops', 'inErrors', 'outErrors'] as const satisfies readonly (keyof Counters)[];

/** The fields every Counters object has. */
export const REQUIRED_COUNTER_FIELDS = ['inPackets', 'outPackets', 'inBytes', 'outBytes'] as const satisfies readonly (keyof Counters)[];
