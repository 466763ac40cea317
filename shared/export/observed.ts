// A design as if it were already built: the HostSnapshot a host running it
// would show (netgraph with synthesized IDs, the eiface/epair/if_bridge
// interfaces, NICs bound to their ng_ether nodes). The jail.conf export plans
// "this jail's pieces on a host that has the rest" against it.
import type { HostSnapshot, Interface } from '../model/snapshot.js';
import type { Design } from '../design/types.js';
import { designNgNodes } from './dot.js';

const iface = (name: string, kind: Interface['kind'], more: Partial<Interface> = {}): Interface => ({
  name, kind, mac: null, up: true, jail: null, flags: [], mtu: 1500, groups: [], epairPeer: null, members: [], ngNode: null, ...more,
});

/** `base` (the target host) with `d` built on it; `d` has no jails (they are jail.conf's business). */
export function builtSnapshot(base: HostSnapshot, d: Design): HostSnapshot {
  const nodes = designNgNodes(d);
  const idOf = new Map(nodes.map((n) => [n.name ?? `[${n.id}]`, n.id]));
  const interfaces = base.interfaces.map((i) => {
    const ether = d.nodes.find((n) => n.type === 'ether' && n.name === i.name);
    return ether ? { ...i, ngNode: idOf.get(ether.name) ?? null } : i;
  });
  let unit = 0;
  for (const n of d.nodes) {
    if (n.type !== 'eiface') continue;
    const more: Partial<Interface> = { ngNode: idOf.get(n.name) ?? null, up: n.up ?? false };
    if (n.mac !== undefined) more.mac = n.mac;
    interfaces.push(iface(n.ifname ?? `ngeth${unit++}`, 'eiface', more));
  }
  for (const e of d.epairs) {
    interfaces.push(iface(e.a.name, 'epair', { epairPeer: e.b.name, mac: e.a.mac ?? null, up: e.a.up ?? false }));
    interfaces.push(iface(e.b.name, 'epair', { epairPeer: e.a.name, mac: e.b.mac ?? null, up: e.b.up ?? false }));
  }
  for (const b of d.bridges) interfaces.push(iface(b.name, 'bridge', { members: [...b.members], up: b.up ?? false }));
  const modules = d.nodes.some((n) => n.type === 'ether') ? ['ng_ether'] : [];
  return { ...base, modules, netgraph: { nodes, types: [] }, interfaces };
}
