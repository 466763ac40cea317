// The ownership ledger: what the agent created. A plan removes an object only
// if the ledger owns it or the design lists it under `delete`; everything else
// the design does not mention is left alone.
import type { Plan } from './types.js';

export type OwnedKind = 'node' | 'interface' | 'jail';

export interface Owned {
  kind: OwnedKind;
  name: string;
  /**
   * An ng_ksocket's addresses (ksocketConfig) or a vxlan interface's VNI,
   * addresses and port (vxlanConfig) as ngstudio set them when it made it:
   * no snapshot reads them back, so this is how a tunnel whose settings
   * changed is known to need a new socket or interface.
   */
  config?: string;
}

/** The bind/connect of a design ksocket node as one string (`bind=inet/…;connect=inet/…`), or undefined when it sets neither. */
export function ksocketConfig(n: { bind?: string; connect?: string }): string | undefined {
  if (n.bind === undefined && n.connect === undefined) return undefined;
  return `bind=${n.bind ?? ''};connect=${n.connect ?? ''}`;
}

/** A vxlan interface's settings as one string. */
export function vxlanConfig(x: { vni: number; local: string; remote: string; port?: number }): string {
  return `vni=${x.vni};local=${x.local};remote=${x.remote};port=${x.port ?? ''}`;
}

/** The config the ledger recorded for an object ngstudio made, if any. */
export function ownedConfig(ledger: Ledger, name: string, kind: OwnedKind = 'node'): string | undefined {
  return ledger.owned.find((o) => o.kind === kind && o.name === name)?.config;
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
    const config = x?.['config'];
    if ((kind !== 'node' && kind !== 'interface' && kind !== 'jail') || typeof name !== 'string' || (config !== undefined && typeof config !== 'string')) {
      return { ok: false, message: `ledger entry owned[${i}] must be {kind: node|interface|jail, name: string, config?: string}` };
    }
    owned.push(config === undefined ? { kind, name } : { kind, name, config });
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
  // What each new ksocket is bound and connected to (the ksocket-msg steps after its mkpeer).
  const msgs = new Map<string, { bind?: string; connect?: string }>();
  for (const c of plan.changes) if (c.type === 'ksocket-msg') msgs.set(c.node, { ...msgs.get(c.node), [c.msg]: c.address });
  for (const c of plan.changes) {
    switch (c.type) {
      case 'create-node': {
        drop('node', c.node);
        const config = c.ngType === 'ksocket' ? ksocketConfig(msgs.get(c.node) ?? {}) : undefined;
        owned.push(config === undefined ? { kind: 'node', name: c.node } : { kind: 'node', name: c.node, config });
        break;
      }
      case 'shutdown-node': drop('node', c.node); break;
      case 'get-ifname': owned.push({ kind: 'interface', name: c.ifname }); break;
      case 'create-epair': owned.push({ kind: 'interface', name: c.a }, { kind: 'interface', name: c.b }); break;
      case 'destroy-epair': drop('interface', c.a); drop('interface', c.b); break;
      case 'create-if-bridge': owned.push({ kind: 'interface', name: c.name }); break;
      case 'create-vxlan': drop('interface', c.name); owned.push({ kind: 'interface', name: c.name, config: vxlanConfig(c) }); break;
      case 'destroy-if': drop('interface', c.name); break;
      case 'create-jail': owned.push({ kind: 'jail', name: c.jail }); break;
      case 'remove-jail': drop('jail', c.jail); break;
      default: break;
    }
  }
  return { format: 1, owned: canonical(owned) };
}
