// Turns parsed `ngctl list -l` and `ngctl dot` output into the snapshot's NgNode[].
// Both keep the kernel's listing order (nodes as listed, hooks as listed), so the
// same graph gives the same array from either source; no reordering is done here.
import type { NgHook, NgNode } from '../model/snapshot.js';
import type { NgctlDot } from './ngctl-dot.js';
import type { NgctlListL } from './ngctl-list.js';

/**
 * NgNode[] from `ngctl list -l`. A node printed without a hook table (only
 * possible with a hand-edited capture) gets no hooks.
 */
export function nodesFromListL(parsed: NgctlListL): NgNode[] {
  return parsed.nodes.map((n) => ({
    id: n.id,
    name: n.name,
    type: n.type,
    hooks: (n.hooks ?? []).map((h) => ({ hook: h.hook, peerId: h.peerId, peerHook: h.peerHook })),
  }));
}

/**
 * NgNode[] from `ngctl dot`. dot prints each link once; both ends are rebuilt
 * from it. A listed hook with no link line (truncated output) is left out,
 * because NgHook needs its peer; the parser has already reported the truncation.
 */
export function nodesFromDot(dot: NgctlDot): NgNode[] {
  const peers = new Map<string, { id: string; hook: string }>();
  for (const e of dot.edges) {
    peers.set(`${e.a.id}.${e.a.hook}`, e.b);
    peers.set(`${e.b.id}.${e.b.hook}`, e.a);
  }
  return dot.nodes.map((n) => {
    const hooks: NgHook[] = [];
    for (const hook of dot.hooks[n.id] ?? []) {
      const peer = peers.get(`${n.id}.${hook}`);
      if (peer) hooks.push({ hook, peerId: peer.id, peerHook: peer.hook });
    }
    return { id: n.id, name: n.name, type: n.type, hooks };
  });
}
