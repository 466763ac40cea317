// What an operation on a selected element targets, in the agent's words:
// `NODE:HOOK` (the link's source end) for a netgraph link, `IF` or
// `JAIL/IF` for an interface; null for anything else. Drills and captures use it.
import type { HostSnapshot } from '../../../shared/model/snapshot.js';
import type { GraphElement } from './graph/elements.js';

export function elementTarget(snapshot: HostSnapshot | null, element: GraphElement): { kind: 'link' | 'if'; target: string } | null {
  const d = element.data;
  if (element.group === 'edges') {
    if (d.kind !== 'link' || !('sourceLabel' in d) || d.sourceLabel === undefined) return null;
    const id = d.source.replace(/^ng:/, '');
    const node = snapshot?.netgraph.nodes.find((n) => n.id === id);
    return node ? { kind: 'link', target: `${node.name ?? `[${id}]`}:${d.sourceLabel}` } : null;
  }
  return 'ifKey' in d && d.ifKey !== undefined ? { kind: 'if', target: d.ifKey } : null;
}
