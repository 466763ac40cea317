// The host interfaces a design uses but does not make: the NICs behind its
// ng_ether nodes (uplinks), if_bridge members and interfaces it moves into
// jails that are not its own eifaces, epair ends or if_bridges. At boot these
// are physical NICs whose drivers may attach late; `ngstudio boot` waits for
// them before planning.
import type { Design } from '../design/types.js';
import type { HostSnapshot } from '../model/snapshot.js';
import { etherNodeName } from './netgraph-analysis.js';

/** One interface the design needs from the host, and what for. */
export interface UsedInterface {
  /** The interface name (for an uplink: its ng_ether node's name, `.` and `:` as `_`). */
  name: string;
  use: 'uplink' | 'bridge member' | 'jail interface';
}

/** The interfaces the design uses and does not create, each once, in the design's order. */
export function usedHostInterfaces(design: Design): UsedInterface[] {
  const made = new Set<string>();
  for (const n of design.nodes) if (n.type === 'eiface' && n.ifname !== undefined) made.add(n.ifname);
  for (const e of design.epairs) made.add(e.a.name).add(e.b.name);
  for (const b of design.bridges) made.add(b.name);
  const out: UsedInterface[] = [];
  const seen = new Set<string>();
  const add = (name: string, use: UsedInterface['use']): void => {
    if (made.has(name) || seen.has(name)) return;
    seen.add(name);
    out.push({ name, use });
  };
  // An unnamed ether node (`[id]`) stands for a node already there, not for a NIC to wait for.
  for (const n of design.nodes) if (n.type === 'ether' && !n.name.startsWith('[')) add(n.name, 'uplink');
  for (const b of design.bridges) for (const m of b.members) add(m, 'bridge member');
  for (const j of design.jails) if ((j.state ?? 'running') === 'running') for (const i of j.interfaces) add(i, 'jail interface');
  return out;
}

/** Those of `used` the observed host does not have (an uplink: no host interface its ng_ether node would be named after). */
export function absentInterfaces(used: UsedInterface[], observed: HostSnapshot): UsedInterface[] {
  const names = new Set(observed.interfaces.map((i) => i.name));
  const etherNames = new Set(observed.interfaces.filter((i) => i.jail === null && i.kind !== 'eiface').map((i) => etherNodeName(i.name)));
  for (const n of observed.netgraph.nodes) if (n.type === 'ether' && n.name !== null) etherNames.add(n.name);
  return used.filter((u) => (u.use === 'uplink' ? !etherNames.has(u.name) : !names.has(u.name)));
}
