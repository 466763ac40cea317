// Which kernel modules a design needs loaded before its commands run:
// ng_socket for ngctl itself, ng_<type> for each netgraph type it uses (ng_ether
// for NIC nodes, ng_pipe for impaired links), if_epair / if_bridge for its cloned interfaces. FreeBSD
// autoloads most of them on first use (mkpeer, ifconfig create), but ng_ether
// never autoloads (facts §3.3), and loading up front makes failures early and clear.
import type { Design } from '../design/types.js';

/** Module names in load order: ng_socket, netgraph types (sorted), then cloners. */
export function neededModules(d: Design): string[] {
  const ng = new Set<string>();
  for (const n of d.nodes) ng.add(`ng_${n.type}`);
  if (d.links.some((l) => l.impair)) ng.add('ng_pipe');
  const out: string[] = [];
  if (ng.size > 0) out.push('ng_socket', ...[...ng].sort());
  if (d.epairs.length > 0) out.push('if_epair');
  if (d.bridges.length > 0) out.push('if_bridge');
  return out;
}
