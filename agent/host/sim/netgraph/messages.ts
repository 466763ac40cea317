// Netgraph control messages of the emulated kernel (ngctl `msg`): the generic
// messages every node understands, plus the per-type command lists from
// types/. The lookup order (type list, then generic) and errnos follow
// ng_base.c's NGM_ASCII2BINARY: unknown command → ENOSYS, bad args → EINVAL.
import { SimErrno } from '../errno.js';
import type { SimNode, SimState } from '../state.js';
import { graphOf, nodeById } from './base.js';
import { parseArgs, unparseStruct, unparseArray, asStruct, asString, str, num, type NgValue } from './ngparse.js';
import { connect, mkpeer, name as nameOp, rmhook, shutdownNode, type NgCaller } from './ops.js';
import { typeMsgs, type MsgDef } from './types/index.js';

/** A response as ngctl prints it: `Rec'd response "<cmdstr>" (<cmd>) from "<from>":`. */
export interface NgResponse {
  cmdstr: string;
  cmd: number;
  /** The responder's address, `[hexid]:` (ng_socket's return address). */
  from: string;
  /** ASCII arguments ("" prints `No arguments`). */
  args: string;
}

/**
 * NGM_READONLY | NGM_HASREPLY, or'ed into the generic query commands' numbers (ng_message.h),
 * so `msg X: nodeinfo` prints `(805306374)`; derived from the header (msg.c prints header.cmd with %d).
 */
const RO_REPLY = 0x30000000;

function nodeinfo(n: SimNode): string {
  return unparseStruct([
    ['name', str(n.name)],
    ['type', str(n.type)],
    ['id', `0x${n.id.toString(16)}`],
    ['hooks', num(n.hooks.length)],
  ]);
}

function listhooks(c: NgCaller, n: SimNode): string {
  const g = graphOf(c.state, c.vnet);
  const links = n.hooks.map((h) => {
    const peer = nodeById(g, h.peer);
    return unparseStruct([
      ['ourhook', str(h.name)],
      ['peerhook', str(h.peerHook)],
      ['nodeinfo', peer ? nodeinfo(peer) : '{}'],
    ]);
  });
  return unparseStruct([
    ['nodeinfo', nodeinfo(n)],
    ['linkinfo', links.length ? unparseArray(links) : null],
  ]);
}

function listnodes(c: NgCaller, namedOnly: boolean): string {
  const nodes = graphOf(c.state, c.vnet).nodes.filter((n) => !namedOnly || n.name !== null);
  return unparseStruct([
    ['numnames', num(nodes.length)],
    ['nodeinfo', nodes.length ? unparseArray(nodes.map(nodeinfo)) : null],
  ]);
}

/** Living nodes of a type in every vnet (the type's global refcount). */
export function typeCount(state: SimState, type: string): number {
  return Object.values(state.vnets).reduce((k, g) => k + g.nodes.filter((n) => n.type === type).length, 0);
}

function listtypes(c: NgCaller): string {
  const types = graphOf(c.state, c.vnet).types;
  const infos = types.map((t) => unparseStruct([['typename', str(t)], ['numnodes', num(typeCount(c.state, t))]]));
  return unparseStruct([
    ['numtypes', num(types.length)],
    ['typeinfo', infos.length ? unparseArray(infos) : null],
  ]);
}

const pathOf = (n: SimNode): string => `[${n.id.toString(16)}]:`;
const field = (f: Map<string, NgValue>, k: string): string => (f.has(k) ? asString(f.get(k), 512) : '');

/** ng_generic_cmds: handled by the base for every node type. */
const GENERIC: Record<string, MsgDef> = {
  shutdown: { cmd: 1, run: (c, n) => (shutdownNode(c.state, c.vnet, n), null) },
  mkpeer: {
    cmd: 2,
    args: true,
    run: (c, n, a) => {
      const f = asStruct(a, ['type', 'ourhook', 'peerhook']);
      mkpeer({ ...c, here: n }, '.', field(f, 'type'), field(f, 'ourhook'), field(f, 'peerhook'));
      return null;
    },
  },
  connect: {
    cmd: 3,
    args: true,
    run: (c, n, a) => {
      const f = asStruct(a, ['path', 'ourhook', 'peerhook']);
      connect({ ...c, here: n }, '.', field(f, 'path'), field(f, 'ourhook'), field(f, 'peerhook'));
      return null;
    },
  },
  name: { cmd: 4, args: true, run: (c, n, a) => (nameOp({ ...c, here: n }, '.', field(asStruct(a, ['name']), 'name')), null) },
  rmhook: { cmd: 5, args: true, run: (c, n, a) => (rmhook({ ...c, here: n }, '.', field(asStruct(a, ['hook']), 'hook')), null) },
  nodeinfo: { cmd: 6 | RO_REPLY, run: (_c, n) => nodeinfo(n) },
  listhooks: { cmd: 7 | RO_REPLY, run: (c, n) => listhooks(c, n) },
  listnames: { cmd: 8 | RO_REPLY, run: (c) => listnodes(c, true) },
  listnodes: { cmd: 9 | RO_REPLY, run: (c) => listnodes(c, false) },
  listtypes: { cmd: 10 | RO_REPLY, run: (c) => listtypes(c) },
  // No emulated type implements text status/config: their rcvmsg says EINVAL.
  textstatus: { cmd: 11 | RO_REPLY, run: () => { throw new SimErrno('EINVAL', 'no text status'); } },
  textconfig: { cmd: 14, run: () => { throw new SimErrno('EINVAL', 'no text config'); } },
};

/** The message definition `cmdstr` names for node `n` (type list first), or ENOSYS. */
function lookup(state: SimState, n: SimNode, cmdstr: string): MsgDef {
  const own = typeMsgs(state, n.type);
  const def = (own !== undefined && Object.hasOwn(own, cmdstr) ? own[cmdstr] : undefined) ?? (Object.hasOwn(GENERIC, cmdstr) ? GENERIC[cmdstr] : undefined);
  if (def === undefined) throw new SimErrno('ENOSYS', `unknown command ${cmdstr}`);
  return def;
}

/**
 * `ngctl msg PATH CMD ARGS`: converts, delivers and answers a message to the
 * node `target` (already resolved). Returns the response, or null when the
 * command has no reply (ngctl then prints nothing).
 */
export function sendMsg(c: NgCaller, target: SimNode, cmdstr: string, argText: string): NgResponse | null {
  const def = lookup(c.state, target, cmdstr);
  // Commands without an argument type ignore any text; the others need one that parses.
  const args = def.args ? parseArgs(argText) : undefined;
  const from = pathOf(target);
  const out = def.run(c, target, args);
  return out === null ? null : { cmdstr, cmd: def.cmd, from, args: out };
}
