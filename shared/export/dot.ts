// Design → Graphviz in the shape `ngctl dot` prints, through the same printer
// the emulated ngctl uses. A design has no node IDs, so they are synthesized:
// nodes numbered 1, 2, … in name order (an unnamed live node keeps its own ID
// when it is free), hooks in link order — the same design always gives the
// same text. An impaired link is drawn with its ng_pipe node, as `ngctl dot`
// shows it once built (named as the planner names it).
import type { NgHook, NgNode } from '../model/snapshot.js';
import type { Design } from '../design/types.js';
import { isIdKey } from '../design/name-rules.js';
import { formatDot } from '../ngctl/format.js';
import { expandImpairs } from '../plan/pipes.js';
import type { ExportResult } from './result.js';

/** The design's netgraph as snapshot nodes with synthesized IDs (unnamed `[id]` nodes keep theirs). */
export function designNgNodes(input: Design): NgNode[] {
  const { design: d, pipes } = expandImpairs([], input);
  const sorted = [...d.nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const ids = new Map<string, string>();
  const taken = new Set<number>();
  for (const n of sorted) {
    if (!isIdKey(n.name)) continue;
    const id = parseInt(n.name.slice(1, -1), 16);
    if (id > 0 && !taken.has(id)) (taken.add(id), ids.set(n.name, id.toString(16)));
  }
  let next = 1;
  for (const n of sorted) {
    if (ids.has(n.name)) continue;
    while (taken.has(next)) next++;
    taken.add(next);
    ids.set(n.name, (next++).toString(16));
  }
  const hooks = new Map<string, NgHook[]>(sorted.map((n) => [n.name, []]));
  for (const l of d.links) {
    const a = ids.get(l.a.node);
    const b = ids.get(l.b.node);
    if (a === undefined || b === undefined) continue;
    hooks.get(l.a.node)!.push({ hook: l.a.hook, peerId: b, peerHook: l.b.hook });
    hooks.get(l.b.node)!.push({ hook: l.b.hook, peerId: a, peerHook: l.a.hook });
  }
  return sorted.map((n) => {
    const node: NgNode = { id: ids.get(n.name)!, name: isIdKey(n.name) ? null : n.name, type: n.type, hooks: hooks.get(n.name)! };
    const p = pipes.get(n.name);
    if (p) node.pipe = p.want;
    return node;
  });
}

/** The design's netgraph as `ngctl dot` would print it once built. */
export function exportDot(d: Design): ExportResult {
  return { ok: true, text: formatDot(designNgNodes(d)), warnings: [] };
}
