// Traffic in patches: counters and bridge tables of elements that changed in
// nothing else travel as small per-field deltas (patch.ts `counters`,
// `tables`) instead of whole upserted elements. Diffing splits them off,
// applying puts them back; both keep canonical order and never mutate.
import type { Counters, Interface, LearnedHost, NgHook, NgNode } from './snapshot.js';
import { COUNTER_FIELDS, type CounterChange, type SnapshotPatch } from './patch.js';

/** A node as it is apart from its traffic (hook counters, table): equal ones differ only in traffic. */
export function nodeWithoutTraffic(n: NgNode): NgNode {
  const { table: _table, ...rest } = n;
  return { ...rest, hooks: n.hooks.map(({ counters: _c, ...h }) => h) };
}

/** An interface as it is apart from its counters. */
export function interfaceWithoutTraffic(i: Interface): Interface {
  const { counters: _c, ...rest } = i;
  return rest;
}

/**
 * The change turning counters `a` into `b`, or null when they are equal:
 * deltas of the fields that moved, or the whole of `b` (`set`) when fields
 * appeared or went, or when a delta would not add back exactly (beyond 2^53).
 */
export function counterChange(a: Counters | undefined, b: Counters | undefined): CounterChange | null {
  if (a === undefined || b === undefined) return a === b ? null : { set: b ?? null };
  const d: Partial<Counters> = {};
  for (const f of COUNTER_FIELDS) {
    const x = a[f];
    const y = b[f];
    if ((x === undefined) !== (y === undefined)) return { set: b };
    if (x === undefined || y === undefined || x === y) continue;
    const delta = y - x;
    if (x + delta !== y) return { set: b };
    d[f] = delta;
  }
  return Object.keys(d).length === 0 ? null : d;
}

/** `a` with change `c` applied; throws when a delta meets counters (or a field) that are not there. */
export function applyCounterChange(a: Counters | undefined, c: CounterChange, what: string): Counters | undefined {
  if ('set' in c) return c.set === null ? undefined : { ...c.set };
  if (a === undefined) throw new Error(`counter deltas for ${what}, which has no counters`);
  const out: Counters = { ...a };
  for (const f of COUNTER_FIELDS) {
    const d = c[f];
    if (d === undefined) continue;
    const v = out[f];
    if (v === undefined) throw new Error(`a delta of ${f} for ${what}, which does not count it`);
    out[f] = v + d;
  }
  return out;
}

/** Collects the traffic sections of a patch while diffing. */
export class TrafficDiff {
  // Without a prototype: an interface named `__proto__` must stay a plain key.
  readonly hooks: Record<string, CounterChange> = Object.create(null) as Record<string, CounterChange>;
  readonly interfaces: Record<string, CounterChange> = Object.create(null) as Record<string, CounterChange>;
  readonly tables: Record<string, LearnedHost[] | null> = Object.create(null) as Record<string, LearnedHost[] | null>;

  /** Records the traffic change of node `a` → `b` and returns true when that is all that changed. */
  node(a: NgNode, b: NgNode, jsonEqual: (x: unknown, y: unknown) => boolean): boolean {
    if (!jsonEqual(nodeWithoutTraffic(a), nodeWithoutTraffic(b))) return false;
    b.hooks.forEach((h, i) => this.hook(b.id, a.hooks[i]!, h));
    this.table(a, b, jsonEqual);
    return true;
  }

  /** Records the counter change of hook `a` → `b` of node `id` (the same hook, apart from its counters). */
  hook(id: string, a: NgHook, b: NgHook): void {
    const c = counterChange(a.counters, b.counters);
    if (c !== null) this.hooks[`${id}:${b.hook}`] = c;
  }

  /** Records the change of a bridge's learned-host table, if any. */
  table(a: NgNode, b: NgNode, jsonEqual: (x: unknown, y: unknown) => boolean): void {
    if (!jsonEqual(a.table, b.table)) this.tables[b.id] = b.table === undefined ? null : b.table;
  }

  /** Records the counter change of interface `a` → `b` (under `key`) and returns true when that is all that changed. */
  iface(key: string, a: Interface, b: Interface, jsonEqual: (x: unknown, y: unknown) => boolean): boolean {
    if (!jsonEqual(interfaceWithoutTraffic(a), interfaceWithoutTraffic(b))) return false;
    const c = counterChange(a.counters, b.counters);
    if (c !== null) this.interfaces[key] = c;
    return true;
  }

  /** Puts the collected sections into `p` (only the non-empty ones). */
  into(p: SnapshotPatch): void {
    const has = (r: object): boolean => Object.keys(r).length > 0;
    if (has(this.hooks) || has(this.interfaces)) {
      p.counters = {};
      if (has(this.interfaces)) p.counters.interfaces = this.interfaces;
      if (has(this.hooks)) p.counters.hooks = this.hooks;
    }
    if (has(this.tables)) p.tables = this.tables;
  }
}

/** `h` with its counters set to `c` (the field left out when undefined). */
function withCounters<T extends NgHook | Interface>(h: T, c: Counters | undefined): T {
  const { counters: _old, ...rest } = h;
  return (c === undefined ? rest : { ...rest, counters: c }) as T;
}

/** Splits a `nodeId:hook` key; hook names never contain `:`, node IDs neither. */
function hookKey(key: string): [string, string] {
  const i = key.indexOf(':');
  if (i <= 0) throw new Error(`bad hook counter key ${JSON.stringify(key)} (expected nodeId:hook)`);
  return [key.slice(0, i), key.slice(i + 1)];
}

/** `nodes` with hook counter changes and table changes applied (a new array, same order); throws on keys that are not there. */
export function applyNodeTraffic(nodes: NgNode[], hooks: Record<string, CounterChange> | undefined, tables: Record<string, LearnedHost[] | null> | undefined): NgNode[] {
  const byNode = new Map<string, Map<string, CounterChange>>();
  for (const [key, c] of Object.entries(hooks ?? {})) {
    const [id, hook] = hookKey(key);
    let m = byNode.get(id);
    if (!m) byNode.set(id, (m = new Map()));
    m.set(hook, c);
  }
  const tableIds = new Set(Object.keys(tables ?? {}));
  const found = new Set<string>();
  const out = nodes.map((n) => {
    const changes = byNode.get(n.id);
    const table = tableIds.has(n.id);
    if (!changes && !table) return n;
    found.add(n.id);
    let next = n;
    if (changes) {
      const seen = new Set<string>();
      next = {
        ...n,
        hooks: n.hooks.map((h) => {
          const c = changes.get(h.hook);
          if (!c) return h;
          seen.add(h.hook);
          return withCounters(h, applyCounterChange(h.counters, c, `hook ${n.id}:${h.hook}`));
        }),
      };
      for (const hook of changes.keys()) if (!seen.has(hook)) throw new Error(`counters for hook ${n.id}:${hook}, which is not there`);
    }
    if (table) {
      const t = tables![n.id]!;
      const { table: _old, ...rest } = next;
      next = t === null ? rest : { ...rest, table: t };
    }
    return next;
  });
  for (const id of [...byNode.keys(), ...tableIds]) if (!found.has(id)) throw new Error(`traffic for node ${id}, which is not there`);
  return out;
}

/** `list` with interface counter changes applied (a new array, same order); throws on keys that are not there. */
export function applyInterfaceCounters(list: Interface[], changes: Record<string, CounterChange>, key: (i: Interface) => string): Interface[] {
  let left = Object.keys(changes).length;
  const out = list.map((i) => {
    const k = key(i);
    if (!Object.prototype.hasOwnProperty.call(changes, k)) return i;
    left--;
    return withCounters(i, applyCounterChange(i.counters, changes[k]!, `interface ${k}`));
  });
  if (left > 0) throw new Error(`counters for ${left} interface(s) that are not there`);
  return out;
}

/** True when a patch carries traffic only (counters, tables): the host's shape did not change. */
export function isTrafficOnly(p: SnapshotPatch | null): boolean {
  return p !== null && Object.keys(p).every((k) => k === 'counters' || k === 'tables');
}
