// Semantic rules of a design (after its shape is known good): FreeBSD name
// limits, duplicates, hooks used twice or refused by the node type, jails and
// their interfaces, self-destroying bridges, link impairments (impair-rules.ts)
// and L2 loops (a warning). A design spanning hosts is checked host by host
// (hosts.ts cuts it into parts) plus the rules of its tunnels (span-rules.ts).
import type { Design, DesignNode, Problem } from './types.js';
import { designHosts, hostPart, LOCAL_HOST, originPath, originText, spansHosts, withLocalHost } from './hosts.js';
import { checkInetSockaddr, hostNameProblems, hostWords, tunnelProblems, unknownHostProblems, vxlanProblems } from './span-rules.js';
import { hookRefusal, canPersist, diesWithoutHooks } from './hook-rules.js';
import { checkHook, checkIfName, checkJailName, checkMac, checkNodeKey, checkNodeType, checkArg } from './name-rules.js';
import { findLoops } from './loops.js';
import { impairProblems } from './impair-rules.js';

/** Collects problems of one design. */
class Sink {
  problems: Problem[] = [];
  add(severity: Problem['severity'], path: string, element: string, field: string, rule: string, message: string): void {
    this.problems.push({ severity, path, element, field, rule, message });
  }
  /** Records a name-validator refusal (null = fine). */
  name(reason: string | null, path: string, element: string, field: string, rule: string): void {
    if (reason !== null) this.add('error', path, element, field, rule, `${element}: ${field} ${reason}`);
  }
}

const TYPE_OPTIONS: Record<string, (keyof DesignNode)[]> = {
  eiface: ['ifname', 'mac', 'up'],
  bridge: ['persistent', 'config'],
  hub: ['persistent'],
  vlan: ['filters'],
  ksocket: ['bind', 'connect'],
};

function checkNodes(d: Design, s: Sink): void {
  const seen = new Map<string, number>();
  d.nodes.forEach((n, i) => {
    const path = `nodes[${i}]`;
    const el = `node ${n.name}`;
    s.name(checkNodeKey(n.name), `${path}.name`, el, 'name', 'node-name');
    s.name(checkNodeType(n.type), `${path}.type`, el, 'type', 'node-type');
    if (seen.has(n.name)) s.add('error', `${path}.name`, el, 'name', 'duplicate', `two nodes are named ${n.name} (nodes[${seen.get(n.name)}] and nodes[${i}])`);
    else seen.set(n.name, i);
    const allowed = TYPE_OPTIONS[n.type] ?? [];
    for (const opt of ['ifname', 'mac', 'up', 'persistent', 'config', 'filters', 'bind', 'connect'] as const) {
      if (n[opt] !== undefined && !allowed.includes(opt)) {
        s.add('error', `${path}.${opt}`, el, opt, 'option-type', `${el}: "${opt}" does not apply to a node of type ${n.type}`);
      }
    }
    if (n.type === 'eiface') {
      if (n.ifname === undefined) s.add('error', `${path}.ifname`, el, 'ifname', 'required', `${el}: an eiface needs "ifname", the name of its interface`);
      else s.name(checkIfName(n.ifname), `${path}.ifname`, el, 'ifname', 'if-name');
    }
    if (n.mac !== undefined) s.name(checkMac(n.mac), `${path}.mac`, el, 'mac', 'mac');
    if (n.bind !== undefined) s.name(checkInetSockaddr(n.bind), `${path}.bind`, el, 'bind', 'sockaddr');
    if (n.connect !== undefined) s.name(checkInetSockaddr(n.connect), `${path}.connect`, el, 'connect', 'sockaddr');
    n.filters?.forEach((f, j) => {
      if (f.vlan > 4095) s.add('error', `${path}.filters[${j}].vlan`, el, 'vlan', 'vlan-range', `${el}: VLAN tag ${f.vlan} is out of range (0-4095)`);
      s.name(checkHook(f.hook), `${path}.filters[${j}].hook`, el, 'hook', 'hook-name');
    });
  });
}

function checkLinks(d: Design, s: Sink): Map<string, number> {
  const types = new Map(d.nodes.map((n) => [n.name, n.type]));
  const used = new Map<string, number>();
  const hooksPerNode = new Map<string, number>();
  d.links.forEach((l, i) => {
    const el = `link ${l.a.node}:${l.a.hook} ↔ ${l.b.node}:${l.b.hook}`;
    for (const side of ['a', 'b'] as const) {
      const e = l[side];
      const path = `links[${i}].${side}`;
      const type = types.get(e.node);
      if (type === undefined) s.add('error', `${path}.node`, el, 'node', 'unknown-node', `${el}: there is no node ${e.node} in the design`);
      s.name(checkHook(e.hook), `${path}.hook`, el, 'hook', 'hook-name');
      const refusal = type === undefined ? null : hookRefusal(type, e.hook);
      if (refusal) s.add('error', `${path}.hook`, el, 'hook', 'hook-refused', `${el}: ${refusal}`);
      const key = `${e.node}:${e.hook}`;
      if (used.has(key)) s.add('error', `${path}.hook`, el, 'hook', 'hook-used-twice', `${el}: hook ${key} is already used by links[${used.get(key)}]`);
      else used.set(key, i);
      hooksPerNode.set(e.node, (hooksPerNode.get(e.node) ?? 0) + 1);
    }
    if (l.a.node === l.b.node && types.get(l.a.node) === 'bridge') {
      s.add('error', `links[${i}]`, el, 'b', 'self-loop', `${el}: a bridge cannot be linked to itself (the kernel refuses with ELOOP)`);
    }
    if (l.impair) s.problems.push(...impairProblems({ ...l, impair: l.impair }, i));
  });
  return hooksPerNode;
}

function checkLonelyNodes(d: Design, s: Sink, hooks: Map<string, number>): void {
  d.nodes.forEach((n, i) => {
    if (!diesWithoutHooks(n.type) || (hooks.get(n.name) ?? 0) > 0) return;
    if (n.persistent) return;
    const fix = canPersist(n.type) ? '; set "persistent": true or link it to something' : '; link it to something';
    s.add('error', `nodes[${i}]`, `node ${n.name}`, 'persistent', 'dies-without-hooks', `node ${n.name}: a ${n.type} with no hooks shuts itself down${fix}`);
  });
}

/** Interface names the design defines, with where they are defined. */
type IfKind = 'eiface' | 'epair' | 'bridge' | 'vxlan';

function definedInterfaces(d: Design, s: Sink): Map<string, { path: string; kind: IfKind }> {
  const out = new Map<string, { path: string; kind: IfKind }>();
  const add = (name: string, path: string, kind: IfKind, el: string): void => {
    const prev = out.get(name);
    if (prev) s.add('error', path, el, 'name', 'duplicate', `interface name ${name} is used twice (${prev.path} and ${path})`);
    else out.set(name, { path, kind });
  };
  d.nodes.forEach((n, i) => {
    if (n.type === 'eiface' && n.ifname !== undefined) add(n.ifname, `nodes[${i}].ifname`, 'eiface', `node ${n.name}`);
  });
  d.epairs.forEach((e, i) => {
    for (const side of ['a', 'b'] as const) {
      const end = e[side];
      const path = `epairs[${i}].${side}`;
      s.name(checkIfName(end.name), `${path}.name`, `epair ${e.a.name}`, 'name', 'if-name');
      if (end.mac !== undefined) s.name(checkMac(end.mac), `${path}.mac`, `epair ${e.a.name}`, 'mac', 'mac');
      add(end.name, `${path}.name`, 'epair', `epair ${e.a.name}`);
    }
  });
  d.bridges.forEach((b, i) => {
    s.name(checkIfName(b.name), `bridges[${i}].name`, `if_bridge ${b.name}`, 'name', 'if-name');
    add(b.name, `bridges[${i}].name`, 'bridge', `if_bridge ${b.name}`);
  });
  (d.vxlans ?? []).forEach((x, i) => add(x.name, `vxlans[${i}].name`, 'vxlan', `vxlan ${x.name}`));
  s.problems.push(...vxlanProblems(d.vxlans ?? []));
  return out;
}

function checkJails(d: Design, s: Sink, ifs: Map<string, { path: string; kind: string }>): Map<string, string> {
  const inJail = new Map<string, string>();
  const names = new Set<string>();
  d.jails.forEach((j, i) => {
    const path = `jails[${i}]`;
    const el = `jail ${j.name}`;
    s.name(checkJailName(j.name), `${path}.name`, el, 'name', 'jail-name');
    if (names.has(j.name)) s.add('error', `${path}.name`, el, 'name', 'duplicate', `two jails are named ${j.name}`);
    names.add(j.name);
    if (!j.path.startsWith('/')) s.add('error', `${path}.path`, el, 'path', 'absolute-path', `${el}: path must be absolute, not ${JSON.stringify(j.path)}`);
    s.name(checkArg(j.path), `${path}.path`, el, 'path', 'arg');
    if (j.hostname !== undefined) s.name(checkArg(j.hostname), `${path}.hostname`, el, 'hostname', 'arg');
    for (const [k, v] of Object.entries(j.params ?? {})) {
      if (!/^[a-z][a-z0-9_.]*$/.test(k)) s.add('error', `${path}.params.${k}`, el, k, 'param-name', `${el}: ${JSON.stringify(k)} is not a jail parameter name`);
      if (['name', 'path', 'vnet', 'persist', 'vnet.interface', 'host.hostname', 'ip4.addr', 'ip6.addr'].includes(k)) {
        s.add('error', `${path}.params.${k}`, el, k, 'param-reserved', `${el}: set "${k}" through its own field, not params`);
      }
      s.name(checkArg(v), `${path}.params.${k}`, el, k, 'arg');
    }
    for (const a of [...(j.ip4 ?? []), ...(j.ip6 ?? [])]) s.name(checkArg(a), `${path}.ip`, el, 'ip', 'arg');
    j.interfaces.forEach((ifn, k) => {
      const ip = `${path}.interfaces[${k}]`;
      s.name(checkIfName(ifn), ip, el, 'interfaces', 'if-name');
      const other = inJail.get(ifn);
      if (other !== undefined) s.add('error', ip, el, 'interfaces', 'interface-in-two-jails', `interface ${ifn} is in two jails: ${other} and ${j.name}`);
      else inJail.set(ifn, j.name);
      const def = ifs.get(ifn);
      if (!j.vnet) s.add('error', ip, el, 'interfaces', 'needs-vnet', `${el}: interface ${ifn} can only be given to a vnet jail`);
      if (def?.kind === 'bridge') s.add('warning', ip, el, 'interfaces', 'bridge-in-jail', `${el}: if_bridge ${ifn} moves into the jail`);
    });
  });
  return inJail;
}

function checkIfBridges(d: Design, s: Sink, inJail: Map<string, string>): void {
  const memberOf = new Map<string, string>();
  d.bridges.forEach((b, i) => {
    b.members.forEach((m, k) => {
      const path = `bridges[${i}].members[${k}]`;
      const el = `if_bridge ${b.name}`;
      s.name(checkIfName(m), path, el, 'members', 'if-name');
      if (m === b.name) s.add('error', path, el, 'members', 'self-member', `${el} cannot be a member of itself`);
      const prev = memberOf.get(m);
      if (prev !== undefined) s.add('error', path, el, 'members', 'member-of-two-bridges', `interface ${m} is a member of both ${prev} and ${b.name}`);
      else memberOf.set(m, b.name);
      const j = inJail.get(m);
      if (j !== undefined) s.add('error', path, el, 'members', 'member-in-jail', `interface ${m} cannot be a member of ${b.name} and live in jail ${j}`);
    });
  });
}

function checkDeletes(d: Design, s: Sink, ifs: Map<string, unknown>): void {
  const nodes = new Set(d.nodes.map((n) => n.name));
  const jails = new Set(d.jails.map((j) => j.name));
  (d.delete ?? []).forEach((r, i) => {
    const path = `delete[${i}]`;
    const el = `delete ${r.kind} ${r.name}`;
    const check = r.kind === 'node' ? checkNodeKey : r.kind === 'interface' ? checkIfName : checkJailName;
    s.name(check(r.name), `${path}.name`, el, 'name', `${r.kind}-name`);
    const inDesign = r.kind === 'node' ? nodes.has(r.name) : r.kind === 'jail' ? jails.has(r.name) : ifs.has(r.name);
    if (inDesign) s.add('error', path, el, 'name', 'delete-and-keep', `${r.kind} ${r.name} is both in the design and marked for deletion`);
  });
}

/** Every semantic problem of a well-shaped design (errors and warnings). */
export function validateDesign(d: Design): Problem[] {
  if (!spansHosts(d)) return validateHost(d);
  // Each host's part is checked on its own; paths and messages name the spanning design's fields.
  const out = [...hostNameProblems(d), ...tunnelProblems(d)];
  for (const host of designHosts(d)) {
    const part = hostPart(d, host, () => null);
    const where = host === LOCAL_HOST ? '' : `on ${hostWords(host)}: `;
    for (const p of validateHost(part.design)) {
      out.push({ ...p, path: originPath(part, p.path), message: `${where}${originText(part, p.message)}` });
    }
  }
  return out;
}

/**
 * A design checked against the hosts at hand: a `host` naming the local host
 * (`localName`) means it, every other host must be one of `peers` (their
 * hostnames). Returns the design with the local host's name dropped, which
 * is what planSpan takes.
 */
export function validateForHosts(d: Design, localName: string, peers: string[]): { design: Design; problems: Problem[] } {
  const design = withLocalHost(d, localName);
  return { design, problems: [...unknownHostProblems(design, peers), ...validateDesign(design)] };
}

/** The problems of one host's design. */
function validateHost(d: Design): Problem[] {
  const s = new Sink();
  checkNodes(d, s);
  const hooks = checkLinks(d, s);
  checkLonelyNodes(d, s, hooks);
  const ifs = definedInterfaces(d, s);
  const inJail = checkJails(d, s, ifs);
  checkIfBridges(d, s, inJail);
  checkDeletes(d, s, ifs);
  for (const loop of findLoops(d)) {
    s.add('warning', loop.path, loop.element, loop.field, 'l2-loop', loop.message);
  }
  return s.problems;
}
