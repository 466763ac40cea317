// What every part of the planner looks things up in: the observed host
// indexed by key, the design indexed by name, ownership, notes, and the
// counters that give captured values and temporary names deterministic names.
import type { HostSnapshot, Interface, NgNode } from '../model/snapshot.js';
import type { Design, DesignNode } from '../design/types.js';
import type { Ledger, OwnedKind } from './ledger.js';
import { owns } from './ledger.js';
import type { Change, Command, ObjectRef, Phase, PlanNote } from './types.js';

export interface Ctx {
  observed: HostSnapshot;
  design: Design;
  ledger: Ledger;
  /** Observed nodes by design key: name, or `[id]` when unnamed. */
  nodeByKey: Map<string, NgNode>;
  nodeById: Map<string, NgNode>;
  designNode: Map<string, DesignNode>;
  /** Observed interfaces by name (a jail's own loopbacks are left out: they cannot move). */
  ifByName: Map<string, Interface>;
  notes: PlanNote[];
  /** Names in use anywhere (observed or designed), so temporary names never collide. */
  taken: Set<string>;
  nextVar: number;
  nextTmp: number;
}

/** The design key of an observed node. */
export function nodeKey(n: NgNode): string {
  return n.name ?? `[${n.id}]`;
}

/** The ngctl address of an observed node: `name:` or `[id]:`. */
export function nodeAddr(n: NgNode): string {
  return `${nodeKey(n)}:`;
}

/** Builds the lookup context for one planning run. */
export function makeCtx(observed: HostSnapshot, design: Design, ledger: Ledger): Ctx {
  const nodeByKey = new Map<string, NgNode>();
  for (const n of observed.netgraph.nodes) nodeByKey.set(nodeKey(n), n);
  const ifByName = new Map<string, Interface>();
  // Host interfaces win a name clash with one inside a jail: host commands address the host's.
  for (const i of observed.interfaces) {
    if (i.jail !== null && i.kind === 'loopback') continue;
    if (!ifByName.has(i.name) || i.jail === null) ifByName.set(i.name, i);
  }
  const taken = new Set<string>([...nodeByKey.keys(), ...ifByName.keys(), ...design.nodes.map((n) => n.name)]);
  for (const n of design.nodes) if (n.ifname) taken.add(n.ifname);
  for (const e of design.epairs) taken.add(e.a.name).add(e.b.name);
  for (const b of design.bridges) taken.add(b.name);
  for (const x of design.vxlans ?? []) taken.add(x.name);
  return {
    observed, design, ledger, nodeByKey,
    nodeById: new Map(observed.netgraph.nodes.map((n) => [n.id, n])),
    designNode: new Map(design.nodes.map((n) => [n.name, n])),
    ifByName, notes: [], taken, nextVar: 1, nextTmp: 0,
  };
}

/** Whether the plan may remove this object: the agent made it, or the design says delete it. */
export function removable(ctx: Ctx, kind: OwnedKind, name: string): boolean {
  return owns(ctx.ledger, kind, name) || (ctx.design.delete ?? []).some((d) => d.kind === kind && d.name === name);
}

/** A fresh variable name for a captured value. */
export function newVar(ctx: Ctx, prefix: string): string {
  return `${prefix}${ctx.nextVar++}`;
}

/** A fresh temporary name (≤15 chars, valid for nodes and interfaces) nobody uses. */
export function tmpName(ctx: Ctx): string {
  for (;;) {
    const n = `ngstmp${ctx.nextTmp++}`;
    if (!ctx.taken.has(n)) {
      ctx.taken.add(n);
      return n;
    }
  }
}

/** Records something the planner will not do. */
export function note(ctx: Ctx, severity: PlanNote['severity'], object: ObjectRef, message: string): void {
  ctx.notes.push({ severity, object, message });
}

/** An ngctl command (argv starts with `ngctl`; in a netgraph phase it becomes one script line). */
export function ngctl(...args: string[]): Command {
  return { argv: ['ngctl', ...args] };
}

/** An ifconfig command. */
export function ifconfig(...args: Command['argv']): Command {
  return { argv: ['ifconfig', ...args] };
}

/** Shorthand for building a change with its common fields. */
export function change<C extends Change>(c: Omit<C, 'phase'> & { phase: Phase }): C {
  return c as C;
}
