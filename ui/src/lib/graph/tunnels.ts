// Tunnels between hosts on the canvas (pure): ngstudio builds a udp tunnel as
// an ng_ksocket node named after the tunnel on each of its two hosts, so a
// ksocket of one name on two drawn hosts is one tunnel, drawn as an edge
// between the two host regions' ksocket nodes. Its traffic is read where the
// page reads counters, on the local host: the bridge hook the local ksocket
// hangs on (a tunnel between two peers is drawn without traffic).
import type { HostSnapshot } from '../../../../shared/model/snapshot.js';
import type { EdgeElement } from './elements.js';
import { peerElementId } from './elements.js';
import { hookCounterKey } from './rates.js';

/** One drawn host: the local one (peer null) or a peer's, with its snapshot once it arrived. */
export interface TunnelHost {
  peer: string | null;
  snapshot: HostSnapshot | null;
}

/** Named ksocket nodes of a host: name → node id. */
function ksockets(s: HostSnapshot): Map<string, string> {
  const m = new Map<string, string>();
  for (const n of s.netgraph.nodes) if (n.type === 'ksocket' && n.name !== null) m.set(n.name, n.id);
  return m;
}

/** The counter key of the bridge hook the local ksocket `id` is linked to, if it is linked to a bridge. */
function counterKey(s: HostSnapshot, id: string): string | undefined {
  const k = s.netgraph.nodes.find((n) => n.id === id);
  const h = k?.hooks[0];
  const peer = h && s.netgraph.nodes.find((n) => n.id === h.peerId);
  return h && peer?.type === 'bridge' ? hookCounterKey(peer.id, h.peerHook) : undefined;
}

/** The tunnel edges between the drawn hosts (none with fewer than two hosts). */
export function tunnelEdges(hosts: TunnelHost[]): EdgeElement[] {
  const drawn = hosts.filter((h): h is TunnelHost & { snapshot: HostSnapshot } => h.snapshot !== null).map((h) => ({ ...h, ks: ksockets(h.snapshot) }));
  const elementId = (peer: string | null, id: string): string => (peer === null ? `ng:${id}` : peerElementId(peer, `ng:${id}`));
  const out: EdgeElement[] = [];
  for (let i = 0; i < drawn.length; i++) {
    for (let j = i + 1; j < drawn.length; j++) {
      const [x, y] = [drawn[i]!, drawn[j]!];
      for (const [name, xid] of x.ks) {
        const yid = y.ks.get(name);
        if (yid === undefined) continue;
        const key = x.peer === null ? counterKey(x.snapshot, xid) : undefined;
        out.push({
          group: 'edges',
          data: { id: `tunnel:${name}:${x.peer ?? 'local'}--${y.peer ?? 'local'}`, kind: 'tunnel', source: elementId(x.peer, xid), target: elementId(y.peer, yid), label: `tunnel ${name}`, ...(key ? { counters: key } : {}) },
          classes: ['tunnel'],
        });
      }
    }
  }
  return out;
}
