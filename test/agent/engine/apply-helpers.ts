// Test helpers for applies: the FreeBSD wiki design, and a host comparison
// that ignores what an undo cannot give back (see hostEssence).
import type { HostSnapshot } from '../../../shared/model/snapshot.js';
import type { Design } from '../../../shared/design/types.js';

export { wiki } from '../../shared/plan/helpers.js';

/** A design with nothing in it. */
export const emptyDesign = (): Design => ({ format: 1, nodes: [], links: [], epairs: [], bridges: [], jails: [] });

/**
 * The host with what identifies it to a user, without what the kernel
 * numbers anew when an undo re-creates an object: node IDs (nodes and peers
 * go by name), JIDs and the snapshot version. Loaded modules and netgraph
 * types are left out too: an apply loads them on first use and no plan ever
 * unloads a kernel module, so an undo cannot either.
 */
export function hostEssence(s: HostSnapshot): unknown {
  const key = new Map(s.netgraph.nodes.map((n) => [n.id, n.name ?? `[${n.id}]`]));
  const byKey = <T>(f: (x: T) => string) => (a: T, b: T): number => (f(a) < f(b) ? -1 : f(a) > f(b) ? 1 : 0);
  return {
    host: s.host,
    nodes: s.netgraph.nodes.filter((n) => n.type !== 'socket').map((n) => ({
      name: key.get(n.id), type: n.type,
      hooks: n.hooks.map((h) => ({ hook: h.hook, peer: key.get(h.peerId), peerHook: h.peerHook })).sort(byKey((h) => h.hook)),
      ...(n.pipe ? { pipe: n.pipe } : {}),
    })).sort(byKey((n) => String(n.name))),
    interfaces: s.interfaces.map((i) => ({ ...i, ngNode: i.ngNode === null ? null : key.get(i.ngNode), members: [...i.members].sort() })).sort(byKey((i) => `${i.jail ?? ''}/${i.name}`)),
    jails: s.jails.map(({ jid: _jid, ...j }) => j).sort(byKey((j) => j.name)),
  };
}
