// Undo after a failed apply: a plan like any other, from the host as observed
// now back to the host as it was before (MikroORM's "down" = compare(to, from)).
// Whatever exists now and did not exist before was made by this apply, so the
// ledger used for the undo owns it and the planner may remove it — including
// things no plan names, such as an epair still called epair0a because its
// rename never ran, or an unnamed node whose `name` line failed.
import type { HostSnapshot } from '../../../shared/model/snapshot.js';
import { designFromSnapshot } from '../../../shared/design/from-snapshot.js';
import type { Design } from '../../../shared/design/types.js';
import { plan } from '../../../shared/plan/plan.js';
import type { Ledger, Owned } from '../../../shared/plan/ledger.js';
import type { Plan } from '../../../shared/plan/types.js';

const nodeKey = (n: { name: string | null; id: string }): string => n.name ?? `[${n.id}]`;

/** Every object of a snapshot by ownership key (`kind\0name`); socket nodes are ngctl's, never ours. */
function objects(s: HostSnapshot): Map<string, Owned> {
  const m = new Map<string, Owned>();
  const add = (o: Owned): void => void m.set(`${o.kind}\u0000${o.name}`, o);
  for (const n of s.netgraph.nodes) if (n.type !== 'socket') add({ kind: 'node', name: nodeKey(n) });
  for (const i of s.interfaces) if (i.kind !== 'loopback') add({ kind: 'interface', name: i.name });
  for (const j of s.jails) add({ kind: 'jail', name: j.name });
  return m;
}

/** Objects in `now` that `before` did not have: what the apply created (or renamed into being). */
export function createdSince(before: HostSnapshot, now: HostSnapshot): Owned[] {
  const old = objects(before);
  return [...objects(now)].filter(([k]) => !old.has(k)).map(([, o]) => o);
}

/** `ledger` plus `extra`, without duplicates. */
export function withOwned(ledger: Ledger, extra: Owned[]): Ledger {
  const seen = new Set(ledger.owned.map((o) => `${o.kind}\u0000${o.name}`));
  const owned = [...ledger.owned];
  for (const o of extra) {
    const k = `${o.kind}\u0000${o.name}`;
    if (!seen.has(k)) (seen.add(k), owned.push(o));
  }
  return { format: 1, owned };
}

/** Only the entries that still exist on `s`: a ledger never claims what is gone (e.g. an eiface's ifnet, which dies with its node). */
export function existingOnly(ledger: Ledger, s: HostSnapshot): Ledger {
  const now = objects(s);
  return { format: 1, owned: ledger.owned.filter((o) => now.has(`${o.kind}\u0000${o.name}`)) };
}

export interface Undo {
  /** The host before, as a design: what the undo converges to. */
  target: Design;
  /** The ledger the undo plans with: the old one plus what the apply created. */
  ledger: Ledger;
  plan: Plan;
}

/** The undo plan from `now` back to `before`. */
export function undoPlan(before: HostSnapshot, now: HostSnapshot, ledger: Ledger): Undo {
  const target = designFromSnapshot(before);
  const owning = withOwned(ledger, createdSince(before, now));
  return { target, ledger: owning, plan: plan(now, target, owning) };
}
