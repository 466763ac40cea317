// Saved ngctl output → design: `ngctl list -l` (12.x and 13+ layouts),
// concatenated `ngctl show` blocks, `ngctl dot` (plain `ngctl list` is
// refused with a reason: it has no links). Parsed by shared/parse, turned into snapshot nodes and
// then into a design the same way a live host is (designFromSnapshot), so an
// imported capture and the live host it came from draw the same.
import type { HostSnapshot, NgNode } from '../model/snapshot.js';
import type { Design } from '../design/types.js';
import { designFromSnapshot } from '../design/from-snapshot.js';
import { nodesFromDot, parseNgctlDot, parseNgctlListL } from '../parse/ngctl.js';
import type { NgctlShowNode } from '../parse/ngctl.js';
import type { ParseIssue, Parsed } from '../parse/result.js';
import { contentLines } from './detect.js';

/** A parse issue as one line for people. */
export function issueLine(i: ParseIssue): string {
  return i.line > 0 ? `line ${i.line}: ${i.message}${i.text ? ` (${JSON.stringify(i.text.slice(0, 60))})` : ''}` : i.message;
}

/** A design from netgraph nodes alone (no interfaces or jails known). */
export function designFromNodes(nodes: NgNode[]): Design {
  const s: HostSnapshot = {
    version: 1,
    host: { hostname: 'imported', backend: 'freebsd', release: '', emulated: false },
    modules: [],
    netgraph: { nodes, types: [] },
    interfaces: [],
    jails: [],
  };
  return designFromSnapshot(s);
}

/**
 * Show-block nodes → snapshot nodes. Peers named in a hook table but not
 * shown themselves (a single `ngctl show br0:`) are added with the hooks
 * that table proves, so their links are not lost.
 */
export function nodesFromShow(blocks: NgctlShowNode[]): NgNode[] {
  const out = new Map<string, NgNode>();
  for (const b of blocks) out.set(b.id, { id: b.id, name: b.name, type: b.type, hooks: (b.hooks ?? []).map((h) => ({ hook: h.hook, peerId: h.peerId, peerHook: h.peerHook })) });
  for (const b of blocks) {
    for (const h of b.hooks ?? []) {
      if (blocks.some((x) => x.id === h.peerId)) continue;
      const p = out.get(h.peerId) ?? { id: h.peerId, name: h.peerName, type: h.peerType, hooks: [] };
      p.hooks.push({ hook: h.peerHook, peerId: b.id, peerHook: h.hook });
      out.set(h.peerId, p);
    }
  }
  return [...out.values()];
}

type Out = { design: Design; warnings: string[] } | { problems: string[] };

// A truncated capture is refused rather than drawn in part: its missing links
// would turn into "persistent" bridges and dead nodes the host does not have.
function fromParsed<T>(p: Parsed<T>): { value: T; warnings: string[] } | { problems: string[] } {
  if (p.ok) return { value: p.value, warnings: p.warnings.map(issueLine) };
  return { problems: p.errors.map(issueLine) };
}

/** `ngctl list -l` / `ngctl list` output → design. */
export function importListL(text: string): Out {
  const r = fromParsed(parseNgctlListL(contentLines(text).join('\n')));
  if ('problems' in r) return r;
  const blocks = r.value.nodes;
  // Without the hook tables the links are unknown, and a design without them would be wrong, not partial.
  const blind = blocks.filter((b) => b.hooks === null && b.numHooks > 0);
  if (blind.length > 0) return { problems: [`no hook table for ${blind.map((b) => b.name ?? `[${b.id}]`).slice(0, 5).join(', ')}${blind.length > 5 ? ', …' : ''}: plain 'ngctl list' (or 'show -n') output has no links; save 'ngctl list -l' instead`] };
  return { design: designFromNodes(nodesFromShow(blocks)), warnings: r.warnings };
}

/** Concatenated `ngctl show` blocks (prompt lines between them allowed) → design. */
export function importShow(text: string): Out {
  const lines = contentLines(text);
  const n = lines.filter((l) => /^\s*Name:/.test(l)).length;
  return importListL(`There are ${n} total nodes:\n${lines.join('\n')}\n`);
}

/** `ngctl dot` output → design. */
export function importDot(text: string): Out {
  const r = fromParsed(parseNgctlDot(contentLines(text).join('\n')));
  if ('problems' in r) return r;
  return { design: designFromNodes(nodesFromDot(r.value)), warnings: r.warnings };
}
