// The one error type of the apply engine: a wire error code, a one-line
// message and the details a client shows (the report, what changed), plus the
// ledger and snapshot the caller must still store after a failed apply.
import type { SnapshotPatch } from '../../../shared/model/patch.js';
import type { HostSnapshot } from '../../../shared/model/snapshot.js';
import type { Ledger } from '../../../shared/plan/ledger.js';
import type { ErrorCode } from '../../../shared/protocol/rpc.js';

/** An apply that did not happen (busy, stale, blocked) or failed and was undone (host-error). */
export class ApplyError extends Error {
  override name = 'ApplyError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** After a host-error: the ledger to store (it owns whatever the undo could not remove). */
    readonly ledger?: Ledger,
    readonly snapshot?: HostSnapshot,
  ) {
    super(message);
  }
}

/** True for an ApplyError from any copy of this module. */
export function isApplyError(e: unknown): e is ApplyError {
  return e instanceof Error && e.name === 'ApplyError' && typeof (e as { code?: unknown }).code === 'string';
}

const MAX_NAMED = 6;

/** The elements a patch touches, in words: `node br0 (id 5) changed`, `interface epair0a removed`. */
export function changedElements(before: HostSnapshot, patch: SnapshotPatch): string[] {
  const out: string[] = [];
  const nodeName = new Map(before.netgraph.nodes.map((n) => [n.id, n.name ?? `[${n.id}]`]));
  const had = (ids: Set<string>, k: string): string => (ids.has(k) ? 'changed' : 'appeared');
  const nodeIds = new Set(before.netgraph.nodes.map((n) => n.id));
  for (const n of patch.nodes?.upsert ?? []) out.push(`node ${n.name ?? `[${n.id}]`} ${had(nodeIds, n.id)}`);
  for (const id of patch.nodes?.remove ?? []) out.push(`node ${nodeName.get(id) ?? `[${id}]`} is gone`);
  for (const id of Object.keys(patch.nodeHooks ?? {})) out.push(`node ${nodeName.get(id) ?? `[${id}]`} changed`);
  const ifKeys = new Set(before.interfaces.map((i) => (i.jail === null ? i.name : `${i.jail}/${i.name}`)));
  for (const i of patch.interfaces?.upsert ?? []) out.push(`interface ${i.name}${i.jail ? ` (in jail ${i.jail})` : ''} ${had(ifKeys, i.jail === null ? i.name : `${i.jail}/${i.name}`)}`);
  for (const k of patch.interfaces?.remove ?? []) out.push(`interface ${k} is gone`);
  const jails = new Set(before.jails.map((j) => j.name));
  for (const j of patch.jails?.upsert ?? []) out.push(`jail ${j.name} ${had(jails, j.name)}`);
  for (const k of patch.jails?.remove ?? []) out.push(`jail ${k} is gone`);
  if (patch.modules) out.push('the loaded kernel modules changed');
  if (patch.types) out.push('the loaded netgraph types changed');
  if (patch.host) out.push('the host information changed');
  return out;
}

/** The `stale` message: which elements changed since the plan's snapshot. */
export function staleMessage(before: HostSnapshot, patch: SnapshotPatch): string {
  const all = changedElements(before, patch);
  const named = all.slice(0, MAX_NAMED).join(', ');
  const more = all.length > MAX_NAMED ? ` and ${all.length - MAX_NAMED} more` : '';
  return `the host changed since the plan was made (version ${before.version}): ${named}${more}; plan again`;
}
