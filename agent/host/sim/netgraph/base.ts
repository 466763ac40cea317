// The netgraph base of the emulated kernel (ng_base.c): per-vnet node tables
// kept in the kernel's ID-hash walk order, node IDs, names, hooks and paths.
// Type-specific behaviour lives in rules.ts; this module knows none of it.
import { SimErrno } from '../errno.js';
import type { SimHook, SimNode, SimState, SimVnet, VnetId } from '../state.js';

/** Netgraph's name-size limits (NG_NODESIZ etc. include the NUL). */
export const NG_NODESIZ = 32;
export const NG_HOOKSIZ = 32;
export const NG_TYPESIZ = 32;

/** The vnet's netgraph; a vnet never seen before gets an empty one (host types are global). */
export function graphOf(state: SimState, vnet: VnetId): SimVnet {
  const key = String(vnet);
  let g = state.vnets[key];
  if (g === undefined) {
    const host = state.vnets['0'];
    g = { nextNodeId: 1, nodes: [], types: host ? [...host.types] : [] };
    state.vnets[key] = g;
  }
  return g;
}

/** Finds a live node by ID. */
export function nodeById(g: SimVnet, id: number): SimNode | undefined {
  return g.nodes.find((n) => n.id === id);
}

/** Finds a live node by its global name. */
export function nodeByName(g: SimVnet, name: string): SimNode | undefined {
  return g.nodes.find((n) => n.name === name);
}

/**
 * Re-sorts `nodes` into the ID-hash walk order: bucket = ID % size, buckets
 * ascending. Within a bucket the relative order already in `nodes` is kept,
 * except that a rehash reverses it (LIST_INSERT_HEAD while walking old buckets).
 */
function rehash(g: SimVnet, size: number): void {
  const buckets = new Map<number, SimNode[]>();
  for (const n of g.nodes) {
    const b = n.id % size;
    const list = buckets.get(b) ?? [];
    list.unshift(n);
    buckets.set(b, list);
  }
  g.idHashSize = size;
  g.nodes = [...buckets.keys()].sort((a, b) => a - b).flatMap((b) => buckets.get(b) ?? []);
}

/** Puts a new node at the head of its hash bucket (ng_make_node_common). */
function hashInsert(g: SimVnet, node: SimNode): void {
  let size = g.idHashSize ?? 16;
  // V_ng_nodes is incremented before the check, so count the newcomer too.
  if ((g.nodes.length + 1) * 2 > size - 1) rehash(g, (size *= 2));
  const b = node.id % size;
  const at = g.nodes.findIndex((n) => n.id % size >= b);
  if (at === -1) g.nodes.push(node);
  else g.nodes.splice(at, 0, node);
}

/** Creates a bare node of `type` (no constructor run): burns the vnet's next ID. */
export function makeNode(state: SimState, vnet: VnetId, type: string): SimNode {
  const g = graphOf(state, vnet);
  const node: SimNode = { id: g.nextNodeId++, name: null, type, hooks: [] };
  hashInsert(g, node);
  state.generation++;
  return node;
}

/** Removes a node from its vnet's table (its hooks must already be gone). */
export function unlinkNode(state: SimState, vnet: VnetId, node: SimNode): void {
  const g = graphOf(state, vnet);
  const i = g.nodes.indexOf(node);
  if (i !== -1) g.nodes.splice(i, 1);
  state.generation++;
}

/** ng_decodeidname: `[hex]` → ID, or 0 when `name` is not an ID form. */
export function decodeIdName(name: string): number {
  const m = /^\[((?:0[xX])?[0-9a-fA-F]+)\]$/.exec(name);
  if (m === null || m[1] === undefined) return 0;
  const v = parseInt(m[1].replace(/^0[xX]/, ''), 16);
  return Number.isFinite(v) && v > 0 && v <= 0xffffffff ? v : 0;
}

/** ng_name2noderef: `.` is `here`, `[id]` by ID, else by name. */
function nameToNode(g: SimVnet, here: SimNode | null, name: string): SimNode | undefined {
  if (name === '.') return here ?? undefined;
  const id = decodeIdName(name);
  if (id !== 0) return nodeById(g, id);
  return nodeByName(g, name);
}

/** ng_path_parse: splits `NODE:PATH`; EINVAL for the malformed forms. */
export function parsePath(addr: string): { node: string | null; hops: string[] } {
  const colon = addr.indexOf(':');
  const node = colon === -1 ? null : addr.slice(0, colon);
  let path = colon === -1 ? addr : addr.slice(colon + 1);
  if (node !== null && (node === '' || (node !== '.' && node.includes('.')))) throw new SimErrno('EINVAL', `bad node in ${addr}`);
  if (path.includes(':') || path.includes('..')) throw new SimErrno('EINVAL', `bad path ${addr}`);
  // Degenerate leading/trailing dots are dropped.
  if (path.startsWith('.')) path = path.slice(1);
  if (path.endsWith('.')) path = path.slice(0, -1);
  return { node, hops: path === '' ? [] : path.split('.').filter((s) => s !== '') };
}

/** ng_path2noderef: the node an address names, relative to `here` (ngctl's socket node). */
export function resolvePath(state: SimState, vnet: VnetId, here: SimNode | null, addr: string): SimNode {
  const g = graphOf(state, vnet);
  const { node: start, hops } = parsePath(addr.slice(0, 511));
  let node: SimNode;
  if (start !== null) {
    const found = nameToNode(g, here, start);
    if (found === undefined) throw new SimErrno('ENOENT', `no node ${start}`);
    node = found;
  } else {
    if (here === null) throw new SimErrno('EINVAL', 'relative path without a node');
    node = here;
  }
  for (const hop of hops) {
    const h: SimHook | undefined = node.hooks.find((x) => x.name === hop);
    const peer: SimNode | undefined = h === undefined ? undefined : nodeById(g, h.peer);
    if (peer === undefined) throw new SimErrno('ENOENT', `no hook ${hop}`);
    node = peer;
  }
  return node;
}

/** ng_name_node's checks and effect: EINVAL for bad names, EADDRINUSE for taken ones. */
export function setNodeName(state: SimState, vnet: VnetId, node: SimNode, name: string): void {
  const g = graphOf(state, vnet);
  if (name === '' || name.length >= NG_NODESIZ || /[.:]/.test(name)) throw new SimErrno('EINVAL', `bad name ${name}`);
  if (decodeIdName(name) !== 0) throw new SimErrno('EINVAL', `name looks like an ID: ${name}`);
  // The uniqueness check also matches the node itself: renaming to the current name fails.
  if (nameToNode(g, node, name) !== undefined) throw new SimErrno('EADDRINUSE', `name in use: ${name}`);
  node.name = name;
  state.generation++;
}

/** Adds a hook (newest first, as LIST_INSERT_HEAD keeps them); EEXIST if the name is taken. */
export function addHook(node: SimNode, name: string, peer: number, peerHook: string): void {
  if (node.hooks.some((h) => h.name === name)) throw new SimErrno('EEXIST', `hook ${name} exists`);
  node.hooks.unshift({ name, peer, peerHook });
}

/** Removes a hook record from a node; returns it (or undefined if absent). */
export function dropHook(node: SimNode, name: string): SimHook | undefined {
  const i = node.hooks.findIndex((h) => h.name === name);
  if (i === -1) return undefined;
  return node.hooks.splice(i, 1)[0];
}
