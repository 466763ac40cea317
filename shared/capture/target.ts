// What a capture listens on, checked against an observed host: an interface
// (`IF` or `JAIL/IF`) or one end of a netgraph link (`NODE:HOOK`, which sees
// both directions of the link). For a link on FreeBSD the agent splices an
// ng_tee(4) into it; the commands to splice it in and take it out are built
// here: cut the link, `mkpeer` the tee on the first end's hook (`left`), name
// it, and `connect` its `right` to the far end; shutting the tee down links
// the two ends again (ng_tee bypasses left and right as it goes).
import { nodeAddr, type LinkEnd } from '../drill.js';
import type { HostSnapshot, Interface, NgNode } from '../model/snapshot.js';
import { interfaceKey } from '../model/snapshot.js';
import { validateHookName, validateInterfaceName, validateJailName, validateNodeName } from '../model/names.js';

export type CaptureTarget =
  | { kind: 'hook'; a: LinkEnd; b: LinkEnd }
  | { kind: 'if'; name: string; jail: string | null; ifKind: Interface['kind'] };

type Checked = { ok: true; target: CaptureTarget } | { ok: false; reason: string };

/** `br0:link2` or `test1/ng_test1`, as the capture names its target. */
export function captureTargetText(t: CaptureTarget): string {
  return t.kind === 'hook' ? `${nodeAddr(t.a)}${t.a.hook}` : t.jail === null ? t.name : `${t.jail}/${t.name}`;
}

function findNode(s: HostSnapshot, ref: string): NgNode | undefined {
  const id = /^\[([0-9a-fA-F]{1,8})\]$/.exec(ref);
  if (id) return s.netgraph.nodes.find((n) => n.id === parseInt(id[1] as string, 16).toString(16));
  return s.netgraph.nodes.find((n) => n.name === ref);
}

function resolveHook(s: HostSnapshot, target: string): Checked {
  const colon = target.indexOf(':');
  if (colon <= 0 || colon === target.length - 1 || target.indexOf(':', colon + 1) >= 0) {
    return { ok: false, reason: `${JSON.stringify(target)} is not a hook; write NODE:HOOK, e.g. br0:link2` };
  }
  const nodeRef = target.slice(0, colon);
  const hook = target.slice(colon + 1);
  const bad = (/^\[[0-9a-fA-F]{1,8}\]$/.test(nodeRef) ? null : validateNodeName(nodeRef)) ?? validateHookName(hook);
  if (bad) return { ok: false, reason: bad };
  const node = findNode(s, nodeRef);
  if (!node) return { ok: false, reason: `there is no netgraph node ${nodeRef} on the host` };
  const h = node.hooks.find((x) => x.hook === hook);
  if (!h) {
    const have = node.hooks.map((x) => x.hook);
    return { ok: false, reason: `node ${nodeRef} has no hook ${hook} connected (it has ${have.length > 0 ? have.join(', ') : 'no hooks'}): a capture needs a hook with a peer` };
  }
  const peer = s.netgraph.nodes.find((n) => n.id === h.peerId);
  if (!peer) return { ok: false, reason: `the peer of ${target} (node [${h.peerId}]) is not on the host` };
  return { ok: true, target: { kind: 'hook', a: { node: node.name, id: node.id, type: node.type, hook }, b: { node: peer.name, id: peer.id, type: peer.type, hook: h.peerHook } } };
}

function resolveIf(s: HostSnapshot, target: string): Checked {
  const slash = target.indexOf('/');
  const jail = slash >= 0 ? target.slice(0, slash) : undefined;
  const name = slash >= 0 ? target.slice(slash + 1) : target;
  const bad = (jail !== undefined ? validateJailName(jail) : null) ?? validateInterfaceName(name);
  if (bad) return { ok: false, reason: bad };
  const found = s.interfaces.filter((i) => i.name === name && (jail === undefined || i.jail === jail));
  if (found.length === 0) return { ok: false, reason: `there is no interface ${target}${jail === undefined ? ' on the host or in a vnet jail' : ''}` };
  if (found.length > 1) return { ok: false, reason: `${name} names ${found.length} interfaces (${found.map(interfaceKey).join(', ')}); say which as JAIL/${name}` };
  const i = found[0] as Interface;
  if (i.kind === 'loopback') return { ok: false, reason: `${interfaceKey(i)} is a loopback interface; captures read Ethernet frames only` };
  return { ok: true, target: { kind: 'if', name: i.name, jail: i.jail, ifKind: i.kind } };
}

/** `NODE:HOOK`, `IF` or `JAIL/IF` checked against the host. */
export function resolveCaptureTarget(s: HostSnapshot, target: string): Checked {
  if (target.trim() === '') return { ok: false, reason: 'the capture target is empty; write IF, JAIL/IF or NODE:HOOK' };
  return target.includes(':') ? resolveHook(s, target) : resolveIf(s, target);
}

/** The name of the ng_tee a capture splices in (unique per capture). */
export const teeName = (tag: string): string => `ngs_cap_${tag}`.slice(0, 31);

/**
 * The commands that splice tee `tee` into the link, in order. The first end's
 * hook gets the tee's `left`, so `left2right` copies frames from `a` to `b`
 * and `right2left` those from `b` to `a`.
 */
export function teeSpliceSteps(t: Extract<CaptureTarget, { kind: 'hook' }>, tee: string): string[][] {
  const a = nodeAddr(t.a);
  return [
    ['ngctl', 'rmhook', a, t.a.hook],
    ['ngctl', 'mkpeer', a, 'tee', t.a.hook, 'left'],
    ['ngctl', 'name', `${a}${t.a.hook}`, tee],
    ['ngctl', 'connect', `${tee}:`, nodeAddr(t.b), 'right', t.b.hook],
  ];
}

/**
 * What puts the link back as it was, on the host as observed now: shut the
 * tee down wherever it is (by name, or through the first end's hook when
 * naming it failed), then connect the two ends if the tee's bypass did not.
 */
export function teeUnspliceSteps(s: HostSnapshot, t: Extract<CaptureTarget, { kind: 'hook' }>, tee: string): string[][] {
  const steps: string[][] = [];
  const a = s.netgraph.nodes.find((n) => n.id === t.a.id);
  const b = s.netgraph.nodes.find((n) => n.id === t.b.id);
  const named = s.netgraph.nodes.find((n) => n.name === tee && n.type === 'tee');
  const aHook = a?.hooks.find((h) => h.hook === t.a.hook);
  const onA = aHook === undefined ? undefined : s.netgraph.nodes.find((n) => n.id === aHook.peerId);
  if (named) steps.push(['ngctl', 'shutdown', `${tee}:`]);
  else if (onA && onA.type === 'tee' && onA.id !== t.b.id) steps.push(['ngctl', 'shutdown', `${nodeAddr(t.a)}${t.a.hook}`]);
  const linked = aHook !== undefined && aHook.peerId === t.b.id && aHook.peerHook === t.b.hook;
  const teeOnA = onA !== undefined && onA.type === 'tee' && onA.id !== t.b.id;
  const bothHere = a !== undefined && b !== undefined;
  if (!linked && bothHere) {
    const bHook = b.hooks.find((h) => h.hook === t.b.hook);
    const bOnTee = bHook !== undefined && s.netgraph.nodes.find((n) => n.id === bHook.peerId)?.type === 'tee';
    // After a tee shutdown with both sides on it the kernel links them itself; otherwise connect.
    const bypassed = steps.length > 0 && teeOnA && bOnTee;
    if (!bypassed && (aHook === undefined || teeOnA) && (bHook === undefined || bOnTee)) {
      steps.push(['ngctl', 'connect', nodeAddr(t.a), nodeAddr(t.b), t.a.hook, t.b.hook]);
    }
  }
  return steps;
}
