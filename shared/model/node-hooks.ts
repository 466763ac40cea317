// Nodes whose hooks alone changed travel as hook changes (patch.ts
// `nodeHooks`): the hook names in order and the new or changed hooks, with
// the counters of the others as traffic deltas. Linking one more eiface to
// a 1000-node host's bridge then sends one hook, not every link's counters.
import type { NgHook, NgNode } from './snapshot.js';
import type { HookChanges } from './patch.js';
import type { TrafficDiff } from './traffic.js';

type Equal = (x: unknown, y: unknown) => boolean;

/** A node apart from its hooks and table. */
function nodeWithoutHooks(n: NgNode): Omit<NgNode, 'hooks' | 'table'> {
  const { hooks: _h, table: _t, ...rest } = n;
  return rest;
}

/** A hook apart from its counters. */
function hookWithoutCounters(h: NgHook): Omit<NgHook, 'counters'> {
  const { counters: _c, ...rest } = h;
  return rest;
}

/**
 * The hook changes of node `a` → `b` when the node changed in its hooks (and
 * traffic) only, else null. The counters of hooks that stay record into
 * `traffic`, and so does the table.
 */
export function diffNodeHooks(a: NgNode, b: NgNode, traffic: TrafficDiff, equal: Equal): HookChanges | null {
  if (!equal(nodeWithoutHooks(a), nodeWithoutHooks(b))) return null;
  const before = new Map(a.hooks.map((h) => [h.hook, h]));
  const upsert: NgHook[] = [];
  for (const h of b.hooks) {
    const old = before.get(h.hook);
    if (old !== undefined && equal(hookWithoutCounters(old), hookWithoutCounters(h))) traffic.hook(b.id, old, h);
    else upsert.push(h);
  }
  traffic.table(a, b, equal);
  return { order: b.hooks.map((h) => h.hook), upsert };
}

/** `nodes` with hook changes applied (a new array, same order); throws when a change names a node or hook that is not there. */
export function applyNodeHooks(nodes: NgNode[], changes: Record<string, HookChanges>): NgNode[] {
  let left = Object.keys(changes).length;
  const out = nodes.map((n) => {
    if (!Object.prototype.hasOwnProperty.call(changes, n.id)) return n;
    left--;
    const c = changes[n.id]!;
    const have = new Map(n.hooks.map((h) => [h.hook, h]));
    const named = new Set(c.order);
    for (const h of c.upsert) {
      if (!named.has(h.hook)) throw new Error(`hook ${n.id}:${h.hook} is sent but not in the order`);
      have.set(h.hook, h);
    }
    const hooks = c.order.map((name) => {
      const h = have.get(name);
      if (h === undefined) throw new Error(`hook ${n.id}:${name} is in the order but neither there nor sent`);
      return h;
    });
    return { ...n, hooks };
  });
  if (left > 0) throw new Error(`hook changes for ${left} node(s) that are not there`);
  return out;
}
