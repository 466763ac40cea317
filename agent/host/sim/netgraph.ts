// The emulated netgraph's public face: the hooks other sim modules call when
// interfaces and vnets come and go (ng_ether attach/detach/rename, vnet
// create/destroy), type registration, ngctl's socket node, and the generic
// operations (re-exported from netgraph/ops.ts) and messages.
import { SimErrno } from './errno.js';
import { onIfEvent } from './ifevents.js';
import { ensureLoaded, isLoaded } from './modules.js';
import type { SimIfnet, SimNode, SimState, VnetId } from './state.js';
import { graphOf, makeNode, setNodeName } from './netgraph/base.js';
import { removeNode } from './netgraph/ops.js';

export { graphOf, resolvePath, nodeById, nodeByName, decodeIdName } from './netgraph/base.js';
export { mkpeer, connect, name, rmhook, shutdown, shutdownNode, removeNode, type NgCaller } from './netgraph/ops.js';
export { sendMsg, type NgResponse } from './netgraph/messages.js';

/** ifnet kinds that go through ether_ifattach() and so get an ng_ether node. */
const ETHER_LIKE = new Set(['ether', 'epair', 'bridge', 'vlan']);

/** ng_ether_sanitize_ifname: `.` and `:` become `_` (`bge0.42` → `bge0_42`). */
export function sanitizeIfName(name: string): string {
  return name.replace(/[.:]/g, '_');
}

/** The ng_ether node bound to an ifnet, wherever it lives. */
function etherNodeOf(state: SimState, ifnet: SimIfnet): { vnet: VnetId; node: SimNode } | undefined {
  for (const [key, g] of Object.entries(state.vnets)) {
    const node = g.nodes.find((n) => n.type === 'ether' && n.ifnet === ifnet.id);
    if (node !== undefined) return { vnet: Number(key), node };
  }
  return undefined;
}

/** ng_ether attach for a new/arrived ifnet (no-op unless ng_ether is loaded, the ifnet is ether-like, and no node already has the sanitized name; facts §3.3). */
export function etherAttach(state: SimState, ifnet: SimIfnet): void {
  if (!isLoaded(state, 'ng_ether') || !ETHER_LIKE.has(ifnet.kind)) return;
  if (etherNodeOf(state, ifnet) !== undefined) return;
  const g = graphOf(state, ifnet.vnet);
  const nm = sanitizeIfName(ifnet.name);
  if (g.nodes.some((n) => n.name === nm)) return;
  const node = makeNode(state, ifnet.vnet, 'ether');
  node.ifnet = ifnet.id;
  node.config = {};
  try {
    setNodeName(state, ifnet.vnet, node, nm);
  } catch {
    /* an unnameable interface keeps an unnamed node, as the kernel only logs */
  }
}

/** ng_ether's load handler: attach to every existing ether-like ifnet, in every vnet. */
export function etherAttachAll(state: SimState): void {
  for (const i of [...state.ifnets].sort((a, b) => a.id - b.id)) etherAttach(state, i);
}

/** ng_ether detach for a departing ifnet (destroyed or moved to another vnet): node removed with its hooks (peers' auto-shutdown rules apply). */
export function etherDetach(state: SimState, ifnet: SimIfnet): void {
  const found = etherNodeOf(state, ifnet);
  if (found !== undefined) removeNode(state, found.vnet, found.node);
}

/** Interface renamed: its ng_ether node is renamed to the sanitized new name (eiface nodes are NOT renamed: facts §3.1). */
export function etherRename(state: SimState, ifnet: SimIfnet): void {
  const found = etherNodeOf(state, ifnet);
  if (found === undefined) return;
  try {
    setNodeName(state, found.vnet, found.node, sanitizeIfName(ifnet.name));
  } catch {
    /* name taken: the kernel logs "failed to rename netgraph node" and keeps the old one */
  }
}

// ng_ether follows its interfaces: attach on arrival, detach on departure, rename with them.
onIfEvent('attach', etherAttach);
onIfEvent('arrive', etherAttach);
onIfEvent('detach', etherDetach);
onIfEvent('depart', etherDetach);
onIfEvent('rename', etherRename);

/** A new vnet jail's empty netgraph (own ID counter from 1). */
export function vnetCreate(state: SimState, vnet: VnetId): void {
  const host = state.vnets['0'];
  state.vnets[String(vnet)] = { nextNodeId: 1, nodes: [], types: host ? [...host.types] : [] };
  state.generation++;
}

/** Vnet teardown: every node in it shut down (ngeth interfaces they own are destroyed via C's ifDestroyOwned). */
export function vnetDestroy(state: SimState, vnet: VnetId): void {
  const g = state.vnets[String(vnet)];
  if (g === undefined) return;
  while (g.nodes.length > 0) removeNode(state, vnet, g.nodes[0] as SimNode);
  if (vnet !== 0) delete state.vnets[String(vnet)];
  state.generation++;
}

/** A module registered a netgraph type: the type list is global, newest first. */
export function registerType(state: SimState, type: string): void {
  if (state.vnets['0'] === undefined) graphOf(state, 0);
  for (const g of Object.values(state.vnets)) if (!g.types.includes(type)) g.types.unshift(type);
}

/**
 * ngctl's socket node (NgMkSockNode): loads ng_socket if needed, burns an ID,
 * then binds the name; a refused name removes the node again (ID stays used).
 */
export function openSocket(state: SimState, vnet: VnetId, nodeName: string, pid: number): SimNode {
  ensureLoaded(state, 'ng_socket');
  const node = makeNode(state, vnet, 'socket');
  node.pid = pid;
  try {
    setNodeName(state, vnet, node, nodeName.slice(0, 31));
  } catch (e) {
    removeNode(state, vnet, node);
    throw e;
  }
  return node;
}

/** The socket closes when ngctl exits: its hooks go, peers' auto-shutdown rules apply. */
export function closeSocket(state: SimState, vnet: VnetId, node: SimNode): void {
  if (graphOf(state, vnet).nodes.includes(node)) removeNode(state, vnet, node);
}

/**
 * Throws unless a process in jail `jid` seeing `vnet` may use netgraph: only
 * the host and vnet jails may (a jail without its own vnet gets EPERM from
 * ng_socket, even inside a vnet parent: the privilege follows the jail's own vnet flag).
 */
export function checkNetgraphAllowed(jid: number, vnet: VnetId): void {
  if (jid !== 0 && vnet !== jid) throw new SimErrno('EPERM', 'netgraph in a non-vnet jail');
}
