// Snapshot diffing: what changed between two observations (only the changed
// elements, keyed as patch.ts says) and applying such a patch. Linear in the
// snapshot size (Maps by key, no pairwise scans), so 1000-node hosts diff fast.
// An element whose traffic alone changed goes to the compact traffic sections
// (traffic.ts), and a node whose hooks alone changed to its hook changes
// (node-hooks.ts), not to the upserts.
import { interfaceKey } from './snapshot.js';
import type { HostSnapshot, Interface, Jail, NgNode } from './snapshot.js';
import type { HookChanges, KeyedChanges, SnapshotPatch } from './patch.js';
import { applyNodeHooks, diffNodeHooks } from './node-hooks.js';
import { compareInterfaces, compareJails, compareNodes } from './normalize.js';
import { applyInterfaceCounters, applyNodeTraffic, isTrafficOnly, TrafficDiff } from './traffic.js';

/** Structural equality of plain JSON values (objects, arrays, primitives). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(ao);
  if (keys.length !== Object.keys(bo).length) return false;
  for (const k of keys) {
    if (!Object.prototype.hasOwnProperty.call(bo, k) || !jsonEqual(ao[k], bo[k])) return false;
  }
  return true;
}

const nodeKey = (n: NgNode): string => n.id;
const jailKey = (j: Jail): string => j.name;
const ifKey = (i: Interface): string => interfaceKey(i);

/**
 * Changed/added elements of `b` and keys of `a` gone from `b`; undefined when
 * none. `trafficOnly(k, x, y)` may take a changed element off the upserts
 * (it recorded the change elsewhere) by returning true.
 */
function diffKeyed<T>(a: T[], b: T[], key: (t: T) => string, trafficOnly?: (k: string, x: T, y: T) => boolean): KeyedChanges<T> | undefined {
  const before = new Map<string, T>();
  for (const x of a) before.set(key(x), x);
  const upsert: T[] = [];
  const seen = new Set<string>();
  for (const y of b) {
    const k = key(y);
    seen.add(k);
    const x = before.get(k);
    if (x === undefined) upsert.push(y);
    else if (!jsonEqual(x, y) && !trafficOnly?.(k, x, y)) upsert.push(y);
  }
  const remove: string[] = [];
  for (const k of before.keys()) if (!seen.has(k)) remove.push(k);
  return upsert.length === 0 && remove.length === 0 ? undefined : { upsert, remove };
}

/**
 * The patch turning `a` into `b`, or null when they hold the same host.
 * `version` is not part of the comparison: the observe loop numbers snapshots
 * and carries the numbers in the patch frame (from/to).
 */
export function diffSnapshots(a: HostSnapshot, b: HostSnapshot): SnapshotPatch | null {
  const p: SnapshotPatch = {};
  if (!jsonEqual(a.host, b.host)) p.host = b.host;
  if (!jsonEqual(a.modules, b.modules)) p.modules = b.modules;
  if (!jsonEqual(a.netgraph.types, b.netgraph.types)) p.types = b.netgraph.types;
  const traffic = new TrafficDiff();
  const hooks: Record<string, HookChanges> = Object.create(null) as Record<string, HookChanges>;
  const nodes = diffKeyed(a.netgraph.nodes, b.netgraph.nodes, nodeKey, (k, x, y) => {
    if (traffic.node(x, y, jsonEqual)) return true;
    const h = diffNodeHooks(x, y, traffic, jsonEqual);
    if (h !== null) hooks[k] = h;
    return h !== null;
  });
  if (nodes) p.nodes = nodes;
  if (Object.keys(hooks).length > 0) p.nodeHooks = hooks;
  const interfaces = diffKeyed(a.interfaces, b.interfaces, ifKey, (k, x, y) => traffic.iface(k, x, y, jsonEqual));
  if (interfaces) p.interfaces = interfaces;
  const jails = diffKeyed(a.jails, b.jails, jailKey);
  if (jails) p.jails = jails;
  traffic.into(p);
  return Object.keys(p).length === 0 ? null : p;
}

/** `list` with `changes` applied, in canonical order (a new array). */
function applyKeyed<T>(
  list: T[],
  changes: KeyedChanges<T> | undefined,
  key: (t: T) => string,
  compare: (x: T, y: T) => number,
): T[] {
  if (!changes || (changes.upsert.length === 0 && changes.remove.length === 0)) return list;
  const m = new Map<string, T>();
  for (const x of list) m.set(key(x), x);
  for (const k of changes.remove) m.delete(k);
  for (const y of changes.upsert) m.set(key(y), y);
  return [...m.values()].sort(compare);
}

/**
 * `a` with `patch` applied (null = no change): a new snapshot, `a` untouched.
 * The result carries `version` (default: a's), since a patch holds no version.
 * Throws when the patch's traffic names elements `a` does not have (the
 * patch was made against another snapshot: the caller resyncs).
 */
export function applyPatch(a: HostSnapshot, patch: SnapshotPatch | null, version: number = a.version): HostSnapshot {
  if (patch === null) return { ...a, version };
  let nodes = applyKeyed(a.netgraph.nodes, patch.nodes, nodeKey, compareNodes);
  if (patch.nodeHooks) nodes = applyNodeHooks(nodes, patch.nodeHooks);
  if (patch.counters?.hooks || patch.tables) nodes = applyNodeTraffic(nodes, patch.counters?.hooks, patch.tables);
  let interfaces = applyKeyed(a.interfaces, patch.interfaces, ifKey, compareInterfaces);
  if (patch.counters?.interfaces) interfaces = applyInterfaceCounters(interfaces, patch.counters.interfaces, ifKey);
  return {
    version,
    host: patch.host ?? a.host,
    modules: patch.modules ?? a.modules,
    netgraph: { nodes, types: patch.types ?? a.netgraph.types },
    interfaces,
    jails: applyKeyed(a.jails, patch.jails, jailKey, compareJails),
  };
}

/**
 * The patch from `a` to `b` when the host's shape changed (anything beyond
 * traffic: counters tick and bridge tables age every poll), else null. What a
 * plan made against `a` must be checked with before it runs on `b`.
 */
export function shapeDiff(a: HostSnapshot, b: HostSnapshot): SnapshotPatch | null {
  const p = diffSnapshots(a, b);
  return p === null || isTrafficOnly(p) ? null : p;
}
