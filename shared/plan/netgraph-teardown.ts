// Netgraph teardown: disconnect links the design drops, shut down nodes that
// go, and keep alive what must survive. Traps handled here: a bridge or hub
// dies with its last hook (a kept one is made persistent first; a dropped one
// goes by an explicit shutdown, made persistent first when a neighbour's
// shutdown would otherwise kill it before its turn), and vlan/nat nodes die with
// their last hook and cannot be made persistent (they are then recreated);
// an ng_pipe between two survivors joins them as it goes (see pipeShutdown).
import type { NgNode } from '../model/snapshot.js';
import { canPersist, diesWithoutHooks } from '../design/hook-rules.js';
import type { Ctx } from './context.js';
import { nodeAddr, nodeKey, ngctl, note } from './context.js';
import type { NgAnalysis } from './netgraph-analysis.js';
import type { Change, Disconnect, SetPersistent, ShutdownNode } from './types.js';

function persist(n: NgNode, reason: SetPersistent['reason']): SetPersistent {
  return {
    type: 'set-persistent', impact: 'update', phase: 'teardown-netgraph', object: { kind: 'node', name: nodeKey(n) },
    node: nodeKey(n), reason, commands: [ngctl('msg', nodeAddr(n), 'setpersistent')],
  };
}

function disconnect(a: NgNode, hook: string, b: NgNode, peerHook: string): Disconnect {
  return {
    type: 'disconnect', impact: 'destroy', phase: 'teardown-netgraph', object: { kind: 'link', name: `${nodeKey(a)}:${hook}` },
    node: nodeKey(a), hook, peer: { node: nodeKey(b), hook: peerHook }, commands: [ngctl('rmhook', nodeAddr(a), hook)],
  };
}

function shutdown(n: NgNode): ShutdownNode {
  return {
    type: 'shutdown-node', impact: 'destroy', phase: 'teardown-netgraph', object: { kind: 'node', name: nodeKey(n) },
    node: nodeKey(n), ngType: n.type, commands: [ngctl('shutdown', nodeAddr(n))],
  };
}

/**
 * A pipe between two surviving peers: shut down, it links them to each other
 * (ng_pipe's shutdown calls ng_bypass). When the design has that link, that is
 * the whole job; when not, the pipe's upper hook is removed first.
 */
function pipeShutdown(an: NgAnalysis, n: NgNode): Change[] {
  const b = an.bypass.get(n.id);
  if (!b) return [shutdown(n)];
  const end = (e: { node: NgNode; hook: string }): string => `${nodeKey(e.node)}:${e.hook}`;
  if (b.wanted) return [{ ...shutdown(n), bypass: { a: end(b.upper), b: end(b.lower) } }];
  return [disconnect(n, 'upper', b.upper.node, b.upper.hook), shutdown(n)];
}

/** Hooks each node loses to the disconnects and shutdowns (id → count). */
function lostHooks(an: NgAnalysis): Map<string, number> {
  const lost = new Map<string, number>();
  const bump = (id: string): void => void lost.set(id, (lost.get(id) ?? 0) + 1);
  const dying = new Set(an.shutdown.map((n) => n.id));
  // The peers of a pipe whose shutdown links them to each other keep their hooks.
  const joins = new Set([...an.bypass].filter(([, b]) => b.wanted).map(([id]) => id));
  for (const l of an.links) {
    if (joins.has(l.a.id) || joins.has(l.b.id)) continue;
    if (dying.has(l.a.id) || dying.has(l.b.id) || an.disconnect.includes(l)) {
      bump(l.a.id);
      bump(l.b.id);
    }
  }
  return lost;
}

/**
 * Kept design nodes that would lose every hook: bridges/hubs are made
 * persistent; vlan/nat nodes will die and are handed back for re-creation.
 */
function survivors(ctx: Ctx, an: NgAnalysis, lost: Map<string, number>): { changes: Change[]; recreate: string[] } {
  const changes: Change[] = [];
  const recreate: string[] = [];
  const dying = new Set(an.shutdown.map((n) => n.id));
  const inDesign = new Set(an.existing.values());
  for (const [name, n] of an.existing) {
    if (!diesWithoutHooks(n.type) || n.hooks.length === 0 || (lost.get(n.id) ?? 0) < n.hooks.length) continue;
    if (canPersist(n.type)) changes.push(persist(n, 'survive-teardown'));
    else recreate.push(name);
  }
  // Out-of-scope nodes that lose everything die too: say so, it is collateral.
  for (const n of ctx.observed.netgraph.nodes) {
    if (dying.has(n.id) || inDesign.has(n) || !diesWithoutHooks(n.type)) continue;
    if (n.hooks.length > 0 && (lost.get(n.id) ?? 0) >= n.hooks.length) {
      note(ctx, 'warning', { kind: 'node', name: nodeKey(n) }, `node ${nodeKey(n)} (${n.type}) is not in the design but loses its last hook and will shut itself down`);
    }
  }
  return { changes, recreate };
}

/**
 * Shutdowns in an order where each node is still there at its turn:
 * self-destroying nodes first; one that a neighbour's shutdown would strip of
 * its last hook is made persistent beforehand (bridge/hub) or left to die (vlan/nat).
 */
function orderedShutdowns(an: NgAnalysis): Change[] {
  const out: Change[] = [];
  const queue = [...an.shutdown].sort((x, y) => Number(!diesWithoutHooks(x.type)) - Number(!diesWithoutHooks(y.type)));
  const remaining = new Map(an.shutdown.map((n) => [n.id, n.hooks.length]));
  const gone = new Set<string>();
  const persisted = new Set<string>();
  for (const n of queue) {
    if (gone.has(n.id)) continue;
    const pre: Change[] = [];
    for (const h of n.hooks) {
      const left = remaining.get(h.peerId);
      if (left === undefined || gone.has(h.peerId) || h.peerId === n.id) continue;
      remaining.set(h.peerId, left - 1);
      const peer = an.shutdown.find((p) => p.id === h.peerId);
      if (!peer || left - 1 > 0 || !diesWithoutHooks(peer.type) || persisted.has(peer.id)) continue;
      if (canPersist(peer.type)) {
        pre.push(persist(peer, 'survive-teardown'));
        persisted.add(peer.id);
      } else gone.add(peer.id);
    }
    out.push(...pre, ...pipeShutdown(an, n));
    gone.add(n.id);
  }
  return out;
}

/** The teardown-netgraph changes, and kept nodes that will die anyway (to be recreated). */
export function planNetgraphTeardown(ctx: Ctx, an: NgAnalysis): { changes: Change[]; recreate: string[] } {
  const lost = lostHooks(an);
  const keep = survivors(ctx, an, lost);
  const disconnects = an.disconnect.map((l) => disconnect(l.a, l.aHook, l.b, l.bHook));
  return { changes: [...keep.changes, ...disconnects, ...orderedShutdowns(an)], recreate: keep.recreate };
}
