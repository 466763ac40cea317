// Drills, the pure part: a link cut or an interface taken down for a while and
// restored by itself. Parses the duration and the target, checks the target
// against an observed host, and builds the exact commands that act and
// restore. The agent (agent/engine/drill.ts) runs them and journals the drill.
import type { HostSnapshot, Interface, NgNode, PipeHookConfig } from './model/snapshot.js';
import { defaultHookConfig } from './design/impair.js';
import { setcfgWords } from './plan/pipes.js';
import { interfaceKey } from './model/snapshot.js';
import { validateHookName, validateInterfaceName, validateJailName, validateNodeName } from './model/names.js';

export type DrillKind = 'cut' | 'down';

/** Shortest and longest drill, in seconds. */
export const DRILL_MIN_SECONDS = 1;
export const DRILL_MAX_SECONDS = 24 * 3600;

/** One end of a netgraph link: the node's name (null when unnamed), its ID and the hook. */
export interface LinkEnd {
  node: string | null;
  id: string;
  type: string;
  hook: string;
  /**
   * An end on an ng_pipe (an impaired link): the settings of that hook, which
   * ng_pipe clears when the hook is made again, so the restore sets them back.
   */
  pipe?: PipeHookConfig;
}

/** What a drill acts on, as recorded before acting. */
export type DrillTarget =
  | { kind: 'cut'; a: LinkEnd; b: LinkEnd }
  | { kind: 'down'; name: string; jail: string | null };

/** A drill as the agent lists it and the UI shows it. */
export interface DrillView {
  id: string;
  kind: DrillKind;
  /** As the user named it: `br0:link2`, `ng_test2`, `test1/ng_test1`. */
  target: string;
  /** What the drill acts on (both ends of the link, or the interface and where it lives). */
  on: DrillTarget;
  startedAt: string;
  /** When it restores itself (ISO time). */
  until: string;
  /** Who runs it, in words (`ngstudio drill (pid 42)`, `the agent (pid 7)`). */
  by: string;
}

/** `4s`, `90s`, `5m`, `2h` (or plain seconds) → seconds; a reason in words when it is not one. */
export function parseDuration(s: string): { ok: true; seconds: number } | { ok: false; reason: string } {
  const m = /^(\d{1,6})(s|m|h)?$/.exec(s.trim());
  if (!m) return { ok: false, reason: `duration ${JSON.stringify(s)} is not a number of seconds, minutes or hours like 4s, 90s, 5m, 2h` };
  const seconds = Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
  return checkSeconds(seconds, s);
}

/** A whole number of seconds within the drill bounds. */
export function checkSeconds(seconds: number, shown: string = `${seconds}s`): { ok: true; seconds: number } | { ok: false; reason: string } {
  if (!Number.isSafeInteger(seconds) || seconds < DRILL_MIN_SECONDS || seconds > DRILL_MAX_SECONDS) {
    return { ok: false, reason: `duration ${shown} is out of bounds: a drill lasts from ${DRILL_MIN_SECONDS} s to 24 h` };
  }
  return { ok: true, seconds };
}

/** Seconds as a person reads them: `4s`, `1m30s`, `2h`. */
export function formatSeconds(total: number): string {
  const t = Math.max(0, Math.round(total));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const s = t % 60;
  return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${s > 0 || t === 0 ? `${s}s` : ''}`;
}

/** The address ngctl reaches a node by: its name, or `[id]` when unnamed. */
export const nodeAddr = (e: Pick<LinkEnd, 'node' | 'id'>): string => `${e.node ?? `[${e.id}]`}:`;

/** `br0:link2` as the drill names it. */
export const endText = (e: LinkEnd): string => `${nodeAddr(e)}${e.hook}`;

/** Finds a node by `name` or `[id]`. */
function findNode(s: HostSnapshot, ref: string): NgNode | undefined {
  const id = /^\[([0-9a-fA-F]{1,8})\]$/.exec(ref);
  if (id) return s.netgraph.nodes.find((n) => n.id === parseInt(id[1] as string, 16).toString(16));
  return s.netgraph.nodes.find((n) => n.name === ref);
}

/**
 * Node types that shut themselves down when their last hook goes
 * (ng_*_disconnect → ng_rmnode_self); bridge and hub unless persistent.
 */
const DIES_WITHOUT_HOOKS = new Set(['bridge', 'hub', 'vlan', 'one2many', 'tee', 'nat', 'echo', 'hole', 'ksocket', 'socket']);

type Checked<T> = { ok: true; target: T } | { ok: false; reason: string };

/** The settings of hook `hook` of an ng_pipe (`upper` holds downstream's), as observed. */
function pipeHook(n: NgNode, hook: string): { pipe?: PipeHookConfig } {
  if (n.type !== 'pipe' || !n.pipe || (hook !== 'upper' && hook !== 'lower')) return {};
  return { pipe: hook === 'upper' ? n.pipe.downstream : n.pipe.upstream };
}

/**
 * `NODE:HOOK` checked against the host: the hook must exist and be linked.
 * Cutting the last hook of a node that shuts itself down without hooks is
 * refused: the node (and its settings, its learned table) could not be
 * restored by reconnecting, and a drill never destroys anything.
 */
export function resolveCut(s: HostSnapshot, target: string): Checked<Extract<DrillTarget, { kind: 'cut' }>> {
  const colon = target.indexOf(':');
  if (colon <= 0 || colon === target.length - 1 || target.indexOf(':', colon + 1) >= 0) {
    return { ok: false, reason: `${JSON.stringify(target)} is not a link end; write NODE:HOOK, e.g. br0:link2` };
  }
  const nodeRef = target.slice(0, colon);
  const hook = target.slice(colon + 1);
  const isId = /^\[[0-9a-fA-F]{1,8}\]$/.test(nodeRef);
  const bad = (isId ? null : validateNodeName(nodeRef)) ?? validateHookName(hook);
  if (bad) return { ok: false, reason: bad };
  const node = findNode(s, nodeRef);
  if (!node) return { ok: false, reason: `there is no netgraph node ${nodeRef} on the host` };
  const h = node.hooks.find((x) => x.hook === hook);
  if (!h) {
    const have = node.hooks.map((x) => x.hook);
    return { ok: false, reason: `node ${nodeRef} has no hook ${hook} (it has ${have.length > 0 ? have.join(', ') : 'no hooks'}): there is no link to cut` };
  }
  const peer = s.netgraph.nodes.find((n) => n.id === h.peerId);
  if (!peer) return { ok: false, reason: `the peer of ${target} (node [${h.peerId}]) is not on the host` };
  const a: LinkEnd = { node: node.name, id: node.id, type: node.type, hook, ...pipeHook(node, hook) };
  const b: LinkEnd = { node: peer.name, id: peer.id, type: peer.type, hook: h.peerHook, ...pipeHook(peer, h.peerHook) };
  for (const [n, e] of [[node, a], [peer, b]] as const) {
    if (n.hooks.length === 1 && DIES_WITHOUT_HOOKS.has(n.type)) {
      return {
        ok: false,
        reason: `cutting ${target} would leave node ${nodeAddr(e)} (${n.type}) without hooks, and a ${n.type} node shuts itself down with its last hook; ngstudio refuses, since reconnecting could not bring the node back`,
      };
    }
  }
  return { ok: true, target: { kind: 'cut', a, b } };
}

/** `IF` or `JAIL/IF` checked against the host: the interface must exist (in one place) and be up. */
export function resolveDown(s: HostSnapshot, target: string): Checked<Extract<DrillTarget, { kind: 'down' }>> {
  const slash = target.indexOf('/');
  const jail = slash >= 0 ? target.slice(0, slash) : undefined;
  const name = slash >= 0 ? target.slice(slash + 1) : target;
  const bad = (jail !== undefined ? validateJailName(jail) : null) ?? validateInterfaceName(name);
  if (bad) return { ok: false, reason: bad };
  const found: Interface[] = s.interfaces.filter((i) => i.name === name && (jail === undefined || i.jail === jail));
  if (found.length === 0) return { ok: false, reason: `there is no interface ${target}${jail === undefined ? ' on the host or in a vnet jail' : ''}` };
  if (found.length > 1) return { ok: false, reason: `${name} names ${found.length} interfaces (${found.map(interfaceKey).join(', ')}); say which as JAIL/${name}` };
  const i = found[0] as Interface;
  if (!i.up) return { ok: false, reason: `interface ${interfaceKey(i)} is already down` };
  return { ok: true, target: { kind: 'down', name: i.name, jail: i.jail } };
}

/** Is the drill's link whole again on this host (both ends linked to each other)? */
export function linkPresent(s: HostSnapshot, t: Extract<DrillTarget, { kind: 'cut' }>): boolean {
  const a = s.netgraph.nodes.find((n) => n.id === t.a.id);
  return a?.hooks.some((h) => h.hook === t.a.hook && h.peerId === t.b.id && h.peerHook === t.b.hook) ?? false;
}

/** `ifconfig IF up|down`, through `jexec JAIL` when the interface lives in a jail's vnet. */
export function ifconfigArgv(t: Extract<DrillTarget, { kind: 'down' }>, state: 'up' | 'down'): string[] {
  const argv = ['ifconfig', t.name, state];
  return t.jail === null ? argv : ['jexec', t.jail, ...argv];
}

/** The command that starts the drill. */
export function actArgv(t: DrillTarget): string[] {
  return t.kind === 'cut' ? ['ngctl', 'rmhook', nodeAddr(t.a), t.a.hook] : ifconfigArgv(t, 'down');
}

/** The drill's target in words (`link br0:link2 ↔ ng_test2:ether`, `interface ng_test1 in jail test1`). */
export function targetText(t: DrillTarget): string {
  if (t.kind === 'cut') return `link ${endText(t.a)} <-> ${endText(t.b)}`;
  return `interface ${t.name}${t.jail === null ? '' : ` in jail ${t.jail}`}`;
}

/**
 * What restoring a drill needs on this host: nothing, a command, or it cannot
 * (the reason). `then`: after a link to an ng_pipe is made again, the setcfg
 * that puts back the settings its new hook lost.
 */
export type RestoreStep = { kind: 'already' } | { kind: 'run'; argv: string[]; then?: string[][] } | { kind: 'cannot'; reason: string };

/** `ngctl msg PIPE: setcfg { upper's or lower's settings }` for a pipe end whose settings differ from a new hook's. */
function pipeRestore(n: NgNode, e: LinkEnd): string[] | null {
  if (!e.pipe || (e.hook !== 'upper' && e.hook !== 'lower')) return null;
  const fresh = { delay: 0, overhead: 0, headerOffset: 0, downstream: defaultHookConfig(), upstream: defaultHookConfig() };
  const want = { ...fresh, [e.hook === 'upper' ? 'downstream' : 'upstream']: e.pipe };
  const words = setcfgWords(want, fresh);
  return words === null ? null : ['ngctl', 'msg', nodeAddr({ node: n.name, id: n.id }), 'setcfg', ...words];
}

/** The node an end now is: the same ID (not renamed away), else a node of the recorded name. */
function endNode(s: HostSnapshot, e: LinkEnd): NgNode | undefined {
  const same = s.netgraph.nodes.find((n) => n.id === e.id && (e.node === null || n.name === e.node));
  return same ?? (e.node === null ? undefined : s.netgraph.nodes.find((n) => n.name === e.node));
}

/** How to restore the drill's target on the host as observed now. */
export function restoreStep(s: HostSnapshot, t: DrillTarget): RestoreStep {
  if (t.kind === 'down') {
    const i = s.interfaces.find((x) => x.name === t.name && x.jail === t.jail) ?? s.interfaces.find((x) => x.name === t.name);
    if (!i) return { kind: 'cannot', reason: `interface ${t.name} is gone` };
    if (i.up) return { kind: 'already' };
    return { kind: 'run', argv: ifconfigArgv({ kind: 'down', name: i.name, jail: i.jail }, 'up') };
  }
  if (linkPresent(s, t)) return { kind: 'already' };
  const a = endNode(s, t.a);
  const b = endNode(s, t.b);
  if (!a || !b) return { kind: 'cannot', reason: `node ${nodeAddr(a ? t.b : t.a)} is gone` };
  const linked = a.hooks.find((h) => h.hook === t.a.hook && h.peerId === b.id && h.peerHook === t.b.hook);
  if (linked) return { kind: 'already' };
  for (const [n, hook] of [[a, t.a.hook], [b, t.b.hook]] as const) {
    if (n.hooks.some((h) => h.hook === hook)) return { kind: 'cannot', reason: `hook ${n.name ?? `[${n.id}]`}:${hook} was linked to something else meanwhile` };
  }
  const addr = (n: NgNode): string => nodeAddr({ node: n.name, id: n.id });
  const then = [pipeRestore(a, t.a), pipeRestore(b, t.b)].filter((x): x is string[] => x !== null);
  return { kind: 'run', argv: ['ngctl', 'connect', addr(a), addr(b), t.a.hook, t.b.hook], ...(then.length > 0 ? { then } : {}) };
}
