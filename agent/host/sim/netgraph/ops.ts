// The generic netgraph operations of the emulated kernel (NGM_MKPEER,
// NGM_CONNECT, NGM_RMHOOK, NGM_NAME, NGM_SHUTDOWN) with ng_base.c's order of
// checks, so the same mistakes fail with the same errno as on FreeBSD.
import { SimErrno } from '../errno.js';
import { ensureLoaded } from '../modules.js';
import { releaseMajor, type SimNode, type SimState, type VnetId } from '../state.js';
import { addHook, dropHook, graphOf, makeNode, nodeById, NG_HOOKSIZ, resolvePath, setNodeName, unlinkNode } from './base.js';
import { checkNewHook, construct, destruct, diesWhenUnhooked, linkState } from './rules.js';
import { etherReset } from './types/ether.js';
import { dataHookAdded, dataHookRemoved } from './types/index.js';

/** Where an operation is addressed from: a vnet and ngctl's own socket node (null: kernel context). */
export interface NgCaller {
  state: SimState;
  vnet: VnetId;
  here: SimNode | null;
}

/** Nodes currently being shut down: their own disconnect rules must not re-enter. */
const dying = new WeakSet<SimNode>();

/** ngctl truncates names to the kernel's buffer size (snprintf into a 32-byte field). */
export const trunc = (s: string, size = NG_HOOKSIZ): string => s.slice(0, size - 1);

/** After `node` lost hook `hook`: its traffic state for it, eiface link down, ng_ether reset, auto-shutdown of bridges, hubs and co. */
function afterDisconnect(state: SimState, vnet: VnetId, node: SimNode, hook: string): void {
  dataHookRemoved(state, node, hook);
  linkState(state, node, false);
  if (node.type === 'ether' && node.hooks.length === 0 && !dying.has(node)) etherReset(state, node);
  if (!dying.has(node) && diesWhenUnhooked(node)) removeNode(state, vnet, node);
}

/** ng_destroy_hook: removes both ends of a link; each node's disconnect rules then apply. */
export function destroyHook(state: SimState, vnet: VnetId, node: SimNode, name: string): void {
  const h = dropHook(node, name);
  if (h === undefined) return;
  state.generation++;
  const peer = nodeById(graphOf(state, vnet), h.peer);
  if (peer !== undefined && peer !== node) dropHook(peer, h.peerHook);
  else if (peer === node && dropHook(node, h.peerHook) !== undefined) dataHookRemoved(state, node, h.peerHook);
  afterDisconnect(state, vnet, node, name);
  if (peer !== undefined && peer !== node) afterDisconnect(state, vnet, peer, h.peerHook);
}

/** Cuts every hook of a node (ng_cutlinks). */
function cutLinks(state: SimState, vnet: VnetId, node: SimNode): void {
  while (node.hooks.length > 0) destroyHook(state, vnet, node, (node.hooks[0] as { name: string }).name);
}

/** ng_rmnode: cut links, run the type's shutdown, forget the node. */
export function removeNode(state: SimState, vnet: VnetId, node: SimNode): void {
  if (dying.has(node)) return;
  dying.add(node);
  cutLinks(state, vnet, node);
  destruct(state, node);
  unlinkNode(state, vnet, node);
}

/**
 * ng_bypass: the peers of hooks `x` and `y` of `node` are linked to each other
 * (their own hooks stay, with no disconnect on their side). ng_tee does it with
 * left/right when shut down, ng_pipe with upper/lower.
 */
function bypass(state: SimState, vnet: VnetId, node: SimNode, x: string, y: string): void {
  const hx = node.hooks.find((h) => h.name === x);
  const hy = node.hooks.find((h) => h.name === y);
  if (hx === undefined || hy === undefined) return;
  const g = graphOf(state, vnet);
  const a = nodeById(g, hx.peer);
  const b = nodeById(g, hy.peer);
  if (a === undefined || b === undefined) return;
  dropHook(node, x);
  dropHook(node, y);
  const ah = a.hooks.find((h) => h.name === hx.peerHook);
  const bh = b.hooks.find((h) => h.name === hy.peerHook);
  if (ah) Object.assign(ah, { peer: b.id, peerHook: hy.peerHook });
  if (bh) Object.assign(bh, { peer: a.id, peerHook: hx.peerHook });
  state.generation++;
}

/** NGM_SHUTDOWN: ng_ether only loses its hooks and promiscuous mode; every other node goes. */
export function shutdownNode(state: SimState, vnet: VnetId, node: SimNode): void {
  if (node.type === 'ether') {
    cutLinks(state, vnet, node);
    etherReset(state, node);
    return;
  }
  if (node.type === 'tee') bypass(state, vnet, node, 'left', 'right');
  if (node.type === 'pipe') bypass(state, vnet, node, 'lower', 'upper');
  removeNode(state, vnet, node);
}

/** Attaches hook `a` on `n1` to hook `b` on `n2` (ng_con_nodes): duplicate → EEXIST, type refusals, ELOOP. */
export function linkNodes(state: SimState, vnet: VnetId, n1: SimNode, a: string, n2: SimNode, b: string): void {
  const taken = (n: SimNode, h: string): boolean => n.hooks.some((x) => x.name === h);
  if (taken(n1, a)) throw new SimErrno('EEXIST', `hook ${a} exists`);
  checkNewHook(state, n1, a);
  addHook(n1, a, n2.id, b);
  try {
    if (taken(n2, b) || (n1 === n2 && a === b)) throw new SimErrno('EEXIST', `hook ${b} exists`);
    checkNewHook(state, n2, b);
    // ng_bridge (13+) refuses a link whose both ends are the same bridge.
    if (n1 === n2 && n1.type === 'bridge' && releaseMajor(state) >= 13) throw new SimErrno('ELOOP', 'bridge to itself');
    addHook(n2, b, n1.id, a);
  } catch (e) {
    dropHook(n1, a);
    afterDisconnect(state, vnet, n1, a);
    throw e;
  }
  state.generation++;
  dataHookAdded(state, n1, a);
  dataHookAdded(state, n2, b);
  linkState(state, n1, true);
  linkState(state, n2, true);
}

/** NGM_MKPEER from the node at `path`: loads ng_<type> first (as ng_socket does), then creates and links. */
export function mkpeer(c: NgCaller, path: string, type: string, hook: string, peerHook: string): SimNode {
  const t = trunc(type);
  ensureLoaded(c.state, `ng_${t}`);
  if (!graphOf(c.state, c.vnet).types.includes(t)) throw new SimErrno('ENXIO', `type ${t} missing after load`);
  const here = resolvePath(c.state, c.vnet, c.here, path);
  const node = makeNode(c.state, c.vnet, t);
  try {
    construct(c.state, c.vnet, node);
  } catch (e) {
    unlinkNode(c.state, c.vnet, node); // the ID stays burned
    throw e;
  }
  try {
    linkNodes(c.state, c.vnet, here, trunc(hook), node, trunc(peerHook));
  } catch (e) {
    removeNode(c.state, c.vnet, node);
    throw e;
  }
  return node;
}

/** NGM_CONNECT: `relpath` is resolved relative to the node at `path`. */
export function connect(c: NgCaller, path: string, relpath: string, hook: string, peerHook: string): void {
  const here = resolvePath(c.state, c.vnet, c.here, path);
  const there = resolvePath(c.state, c.vnet, here, trunc(relpath, 512));
  linkNodes(c.state, c.vnet, here, trunc(hook), there, trunc(peerHook));
}

/** NGM_NAME on the node at `path`. */
export function name(c: NgCaller, path: string, newName: string): void {
  const node = resolvePath(c.state, c.vnet, c.here, path);
  setNodeName(c.state, c.vnet, node, trunc(newName));
}

/** NGM_RMHOOK: a hook that does not exist is silently fine. */
export function rmhook(c: NgCaller, path: string, hook: string): void {
  const node = resolvePath(c.state, c.vnet, c.here, path);
  destroyHook(c.state, c.vnet, node, trunc(hook));
}

/** NGM_SHUTDOWN of the node at `path`. */
export function shutdown(c: NgCaller, path: string): void {
  shutdownNode(c.state, c.vnet, resolvePath(c.state, c.vnet, c.here, path));
}
