// What the self-test builds inside its throwaway jail and how it checks what
// it sees, as pure functions over snapshots: a persistent ng_bridge with two
// eifaces, an epair, and (when nesting is allowed) a nested vnet jail holding
// the second eiface's interface; then the changed design (one more eiface on
// the bridge, the epair removed) and what the host must look like after it.
import type { Design } from '../../shared/design/types.js';
import type { HostSnapshot, Interface, NgNode } from '../../shared/model/snapshot.js';
import type { Plan } from '../../shared/plan/types.js';
import type { SelftestCheck } from './report.js';

/** Names inside the jail's own vnet (a separate netgraph: they cannot collide with the host's). */
export const NAMES = {
  bridge: 'selftest_br',
  e1: 'selftest_e1',
  e2: 'selftest_e2',
  /** Added by the changed design. */
  e3: 'selftest_e3',
  nested: 'selftest_nested',
} as const;

/**
 * One `ngctl -f -` script: a bridge made on a hook of ngctl's own socket (so
 * `.:` can name it), made persistent so it outlives that hook when ngctl
 * exits, and two eifaces on its link1 and link2 (facts §1: mkpeer, name, msg).
 */
export const BUILD_SCRIPT = [
  `mkpeer . bridge selftest link0`,
  `name .:selftest ${NAMES.bridge}`,
  `msg ${NAMES.bridge}: setpersistent`,
  `mkpeer ${NAMES.bridge}: eiface link1 ether`,
  `name ${NAMES.bridge}:link1 ${NAMES.e1}`,
  `mkpeer ${NAMES.bridge}: eiface link2 ether`,
  `name ${NAMES.bridge}:link2 ${NAMES.e2}`,
].join('\n') + '\n';

/** What the build made (what the checks expect). */
export interface Built {
  epair: { a: string; b: string };
  /** The second eiface's interface name (getifname). */
  e2ifname: string;
  /** The nested jail's name, or null when nesting was not allowed. */
  nested: string | null;
}

/** Nodes a design and these checks leave out: sockets (ngctl's own) and ng_ether nodes without hooks. */
export const isBackground = (n: NgNode): boolean => n.type === 'socket' || (n.type === 'ether' && n.hooks.length === 0);

const nodeNamed = (s: HostSnapshot, name: string): NgNode | undefined => s.netgraph.nodes.find((n) => n.name === name);

/** `hook→peer:peerHook` for each hook, sorted (peers by name, or [id]). */
function hooksOf(s: HostSnapshot, n: NgNode): string[] {
  const name = (id: string): string => s.netgraph.nodes.find((x) => x.id === id)?.name ?? `[${id}]`;
  return n.hooks.map((h) => `${h.hook}→${name(h.peerId)}:${h.peerHook}`).sort();
}

const check = (good: boolean, what: string, detail: string): SelftestCheck => ({ status: good ? 'ok' : 'FAIL', what, detail });

/** The node `name` has type `type` and exactly these hooks. */
function expectNode(s: HostSnapshot, name: string, type: string, hooks: string[]): SelftestCheck {
  const what = `seen node ${name}`;
  const n = nodeNamed(s, name);
  if (!n) return check(false, what, 'not in ngctl list -l');
  const got = hooksOf(s, n);
  const want = [...hooks].sort();
  if (n.type !== type) return check(false, what, `type ${n.type}, expected ${type}`);
  if (got.join() !== want.join()) return check(false, what, `hooks ${got.join(', ') || 'none'}, expected ${want.join(', ')}`);
  return check(true, what, `${type}, hooks ${got.join(', ')}`);
}

const where = (jail: string | null): string => (jail === null ? "in the jail's own vnet" : `inside nested jail ${jail}`);

/** The interface of eiface node `node` exists, is bound to it, and lives in `jail` (null: the jail's own vnet). */
function expectEifaceIf(s: HostSnapshot, node: string, jail: string | null): SelftestCheck {
  const what = `seen interface of ${node}`;
  const n = nodeNamed(s, node);
  const i = n ? s.interfaces.find((x) => x.ngNode === n.id) : undefined;
  if (!i) return check(false, what, 'no interface bound to it (getifname and ifconfig did not meet)');
  if (i.kind !== 'eiface') return check(false, what, `${i.name} is a ${i.kind}, expected an eiface`);
  return check(i.jail === jail, what, i.jail === jail ? `${i.name}, ${where(jail)}` : `${i.name} is ${where(i.jail)}, expected ${where(jail)}`);
}

/** Both epair ends exist in the jail's vnet and are paired. */
function expectEpair(s: HostSnapshot, e: Built['epair']): SelftestCheck {
  const what = `seen epair ${e.a}/${e.b}`;
  const a = s.interfaces.find((i) => i.name === e.a && i.jail === null);
  const b = s.interfaces.find((i) => i.name === e.b && i.jail === null);
  if (!a || !b) return check(false, what, `missing in the jail's vnet: ${[!a ? e.a : '', !b ? e.b : ''].filter(Boolean).join(', ')}`);
  const paired = a.kind === 'epair' && b.kind === 'epair' && a.epairPeer === e.b && b.epairPeer === e.a;
  return check(paired, what, paired ? `both ends ${where(null)}, paired` : `kinds ${a.kind}/${b.kind}, peers ${a.epairPeer ?? '-'}/${b.epairPeer ?? '-'}`);
}

/** The nested jail is there, vnet, active, holding the second eiface's interface. */
function expectNested(s: HostSnapshot, b: Built): SelftestCheck {
  const what = `seen nested jail ${b.nested}`;
  const j = s.jails.find((x) => x.name === b.nested);
  if (!j) return check(false, what, 'not in jls (run inside the jail)');
  const good = j.vnet && j.state === 'ACTIVE' && j.interfaces.includes(b.e2ifname);
  return check(good, what, `${j.vnet ? 'vnet' : 'no vnet'}, ${j.state}, holds ${j.interfaces.filter((n) => n !== 'lo0').join(', ') || 'nothing'}`);
}

const named = (i: Interface): string => (i.jail === null ? i.name : `${i.jail}/${i.name}`);

/** Nothing but what was built: nodes (background aside), interfaces (loopbacks aside), jails. */
function expectNothingElse(s: HostSnapshot, nodes: string[], ifs: string[], jails: string[]): SelftestCheck {
  const gotNodes = s.netgraph.nodes.filter((n) => !isBackground(n)).map((n) => n.name ?? `[${n.id}]`).sort();
  const gotIfs = s.interfaces.filter((i) => i.kind !== 'loopback').map(named).sort();
  const gotJails = s.jails.map((j) => j.name).sort();
  const extra = [
    ...gotNodes.filter((n) => !nodes.includes(n)).map((n) => `node ${n}`),
    ...gotIfs.filter((n) => !ifs.includes(n)).map((n) => `interface ${n}`),
    ...gotJails.filter((n) => !jails.includes(n)).map((n) => `jail ${n}`),
  ];
  const detail = `${gotNodes.length} nodes, ${gotIfs.length} interfaces, ${gotJails.length} jails`;
  return check(extra.length === 0, 'seen nothing else', extra.length === 0 ? detail : `also seen: ${extra.join(', ')}`);
}

/** Node for node, hook for hook: the built topology as the observer reports it from inside the jail. */
export function expectBuilt(s: HostSnapshot, b: Built): SelftestCheck[] {
  const { bridge, e1, e2 } = NAMES;
  const out = [
    expectNode(s, bridge, 'bridge', [`link1→${e1}:ether`, `link2→${e2}:ether`]),
    expectNode(s, e1, 'eiface', [`ether→${bridge}:link1`]),
    expectNode(s, e2, 'eiface', [`ether→${bridge}:link2`]),
    expectEifaceIf(s, e1, null),
    expectEifaceIf(s, e2, b.nested),
    expectEpair(s, b.epair),
  ];
  if (b.nested !== null) out.push(expectNested(s, b));
  const e1if = s.interfaces.find((i) => i.ngNode === nodeNamed(s, e1)?.id)?.name ?? '?';
  const ifs = [e1if, b.nested === null ? b.e2ifname : `${b.nested}/${b.e2ifname}`, b.epair.a, b.epair.b];
  out.push(expectNothingElse(s, [bridge, e1, e2], ifs, b.nested === null ? [] : [b.nested]));
  return out;
}

/** The design changed: one more eiface on the bridge's link3, and the epair removed (named under `delete`). */
export function modifiedDesign(d: Design, b: Built): Design {
  const isOurs = (n: string): boolean => n === b.epair.a || n === b.epair.b;
  return {
    ...d,
    nodes: [...d.nodes, { name: NAMES.e3, type: 'eiface' }],
    links: [...d.links, { a: { node: NAMES.bridge, hook: 'link3' }, b: { node: NAMES.e3, hook: 'ether' } }],
    epairs: d.epairs.filter((e) => !isOurs(e.a.name) && !isOurs(e.b.name)),
    delete: [...(d.delete ?? []), { kind: 'interface', name: b.epair.a }],
  };
}

/** The changed design's plan touches only the new eiface and the epair (a check, not a guess at its steps). */
export function expectModifiedPlan(p: Plan, b: Built): string | null {
  const blockers = p.notes.filter((n) => n.severity === 'blocker');
  if (blockers.length > 0) return `blockers: ${blockers.map((n) => n.message).join('; ')}`;
  const allowed = new Set<string>([NAMES.e3, b.epair.a, b.epair.b]);
  const stray = p.changes.filter((c) => !allowed.has(c.object.name));
  if (stray.length > 0) return `it also changes ${stray.map((c) => `${c.object.kind} ${c.object.name}`).join(', ')}`;
  if (!p.changes.some((c) => c.type === 'destroy-epair')) return 'it does not destroy the epair';
  if (!p.changes.some((c) => c.type === 'create-node' && c.object.name === NAMES.e3)) return `it does not create ${NAMES.e3}`;
  return null;
}

/** After the apply: the new eiface on link3 and the epair gone. */
export function expectModified(s: HostSnapshot, b: Built): SelftestCheck[] {
  const { bridge, e1, e2, e3 } = NAMES;
  const gone = [b.epair.a, b.epair.b].filter((n) => s.interfaces.some((i) => i.name === n));
  return [
    expectNode(s, bridge, 'bridge', [`link1→${e1}:ether`, `link2→${e2}:ether`, `link3→${e3}:ether`]),
    expectNode(s, e3, 'eiface', [`ether→${bridge}:link3`]),
    check(gone.length === 0, `epair ${b.epair.a}/${b.epair.b} gone`, gone.length === 0 ? 'neither end is left' : `still there: ${gone.join(', ')}`),
  ];
}
