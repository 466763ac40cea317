// The ownership ledger: what the agent created. A plan removes an object only
// if the ledger owns it or the design lists it under `delete`; everything else
// the design does not mention is left alone.
import type { Plan } from './types.js';

export type OwnedKind = 'node' | 'interface' | 'jail';

export interface Owned {
  kind: OwnedKind;
  name: string;
}

export interface Ledger {
  format: 1;
  owned: Owned[];
}

/** A ledger that owns nothing. */
export function emptyLedger(): Ledger {
  return { format: 1, owned: [] };
}

/** Whether the agent created this object. */
export function owns(ledger: Ledger, kind: OwnedKind, name: string): boolean {
  return ledger.owned.some((o) => o.kind === kind && o.name === name);
}

/** Reads an untrusted ledger (from disk); returns null with a reason when it is not one. */
export function parseLedger(v: unknown): { ok: true; ledger: Ledger } | { ok: false; message: string } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { ok: false, message: 'the ledger must be an object' };
  const o = v as Record<string, unknown>;
  if (o['format'] !== 1) return { ok: false, message: `the ledger has format ${JSON.stringify(o['format'])}; expected 1` };
  if (!Array.isArray(o['owned'])) return { ok: false, message: 'the ledger has no "owned" array' };
  const owned: Owned[] = [];
  for (const [i, e] of o['owned'].entries()) {
    const x = e as Record<string, unknown> | null;
    const kind = x?.['kind'];
    const name = x?.['name'];
    if ((kind !== 'node' && kind !== 'interface' && kind !== 'jail') || typeof name !== 'string') {
      return { ok: false, message: `ledger entry owned[${i}] must be {kind: node|interface|jail, name: string}` };
    }
    owned.push({ kind, name });
  }
  return { ok: true, ledger: { format: 1, owned } };
}

/** Sorted copy without duplicates (so ledgers compare and store stably). */
function canonical(owned: Owned[]): Owned[] {
  const seen = new Set<string>();
  const out: Owned[] = [];
  for (const o of owned) {
    const k = `${o.kind}\u0000${o.name}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(o);
    }
  }
  return out.sort((a, b) => (a.kind + a.name < b.kind + b.name ? -1 : a.kind + a.name > b.kind + b.name ? 1 : 0));
}

/** The ledger after `plan` was applied in full: created objects added, destroyed ones dropped. */
export function ledgerAfter(ledger: Ledger, plan: Plan): Ledger {
  let owned = [...ledger.owned];
  const drop = (kind: OwnedKind, name: string): void => {
    owned = owned.filter((o) => !(o.kind === kind && o.name === name));
  };
  for (const c of plan.changes) {
    switch (c.type) {
      case 'create-node': owned.push({ kind: 'node', name: c.node }); break;
      case 'shutdown-node': drop('node', c.node); break;
      case 'get-ifname': owned.push({ kind: 'interface', name: c.ifname }); break;
      case 'create-epair': owned.push({ kind: 'interface', name: c.a }, { kind: 'interface', name: c.b }); break;
      case 'destroy-epair': drop('interface', c.a); drop('interface', c.b); break;
      case 'create-if-bridge': owned.push({ kind: 'interface', name: c.name }); break;
      case 'create-vxlan': owned.push({ kind: 'interface', name: c.name }); break;
      case 'destroy-if': drop('interface', c.name); break;
      case 'create-jail': owned.push({ kind: 'jail', name: c.jail }); break;
      case 'remove-jail': drop('jail', c.jail); break;
      default: break;
    }
  }
  return { format: 1, owned: canonical(owned) };
}
