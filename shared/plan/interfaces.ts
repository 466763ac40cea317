// Interfaces: eiface ifnets (renamed, MAC, up), epairs and if_bridges
// (created, destroyed, members). New interfaces' names are only known at apply
// time (captured), and a rename to a name some interface still holds fails
// (EEXIST, even to its own name), so renames go in two rounds: first every
// renamed interface either straight to its final name or, when that name may
// be held (an auto-name such as ngeth3 / epair0a / bridge0, or an interface
// renamed in this plan), to a temporary name; then temporaries to final names.
import type { Interface } from '../model/snapshot.js';
import type { Ctx } from './context.js';
import { ifconfig, newVar, note, removable, tmpName } from './context.js';
import type { NgAnalysis } from './netgraph-analysis.js';
import type { Arg, Change, Command } from './types.js';
import { ownedConfig, vxlanConfig } from './ledger.js';

/** Where each design interface comes from: an observed interface, or a capture at apply time. */
export interface IfPlan {
  changes: Change[];
  /** Design interface name → the observed interface it is (absent: created by this plan). */
  identity: Map<string, Interface>;
  /** Observed interfaces (by current name) that this plan destroys. */
  vanishing: Set<string>;
  /** Observed interfaces (by current name) that must be on the host for this plan's host-side commands. */
  needsHost: Set<string>;
}

type Rename = { from: Arg; to: string; existing: boolean };

const AUTO_NAME = /^(ngeth[0-9]+|epair[0-9]+[ab]|bridge[0-9]+|vxlan[0-9]+)$/;

/** A vxlan(4) interface: ifconfig lists it in the group `vxlan`. */
const isVxlan = (i: Interface): boolean => i.groups.includes('vxlan');

function mk(type: 'set-mac' | 'if-up', ifname: string, value: string | boolean): Change {
  const object = { kind: 'interface' as const, name: ifname };
  return type === 'set-mac'
    ? { type, impact: 'update', phase: 'build-interfaces', object, ifname, mac: value as string, commands: [ifconfig(ifname, 'ether', value as string)] }
    : { type, impact: 'update', phase: 'build-interfaces', object, ifname, up: value as boolean, commands: [ifconfig(ifname, value ? 'up' : 'down')] };
}

/** MAC and up/down adjustments for one design interface. */
function settings(p: IfPlan, name: string, obs: Interface | undefined, mac: string | undefined, up: boolean | undefined, inJail: boolean): void {
  if (mac !== undefined && mac.toLowerCase() !== obs?.mac?.toLowerCase()) {
    p.changes.push(mk('set-mac', name, mac.toLowerCase()));
    if (obs) p.needsHost.add(obs.name);
  }
  if (up !== undefined && !inJail && (obs === undefined || obs.up !== up || obs.jail !== null)) p.changes.push(mk('if-up', name, up));
}

function eifaces(ctx: Ctx, an: NgAnalysis, p: IfPlan, renames: Rename[], jailed: Set<string>): void {
  const created = new Set(an.create.map((d) => d.name));
  // eiface interfaces by their node's ID: a find() per design node was quadratic.
  const byNode = new Map<string, Interface>();
  for (const i of ctx.observed.interfaces) if (i.kind === 'eiface' && i.ngNode !== null && !byNode.has(i.ngNode)) byNode.set(i.ngNode, i);
  for (const dn of ctx.design.nodes) {
    if (dn.type !== 'eiface' || dn.ifname === undefined || an.missing.has(dn.name)) continue;
    let obs: Interface | undefined;
    if (!created.has(dn.name)) {
      const node = an.existing.get(dn.name);
      obs = node === undefined ? undefined : byNode.get(node.id);
      if (!obs) {
        note(ctx, 'blocker', { kind: 'interface', name: dn.ifname }, `eiface node ${dn.name} has no interface on this host`);
        continue;
      }
      p.identity.set(dn.ifname, obs);
      if (obs.name !== dn.ifname) {
        renames.push({ from: obs.name, to: dn.ifname, existing: true });
        p.needsHost.add(obs.name);
      }
    } else {
      // The node is named in the netgraph script; its interface name is asked for now.
      const v = newVar(ctx, 'ifname');
      p.changes.push({
        type: 'get-ifname', impact: 'create', phase: 'build-interfaces', object: { kind: 'interface', name: dn.ifname }, node: dn.name, ifname: dn.ifname,
        commands: [{ argv: ['ngctl', 'msg', `${dn.name}:`, 'getifname'], capture: { var: v, from: 'getifname' } }],
      });
      renames.push({ from: { ref: v }, to: dn.ifname, existing: false });
    }
    settings(p, dn.ifname, obs, dn.mac, dn.up, jailed.has(dn.ifname));
  }
  for (const n of an.shutdown) {
    if (n.type !== 'eiface') continue;
    const i = byNode.get(n.id);
    if (i) p.vanishing.add(i.name);
  }
}

function epairs(ctx: Ctx, p: IfPlan, renames: Rename[], jailed: Set<string>): void {
  const wanted = new Set(ctx.design.epairs.flatMap((e) => [e.a.name, e.b.name]));
  for (const e of ctx.design.epairs) {
    const a = ctx.ifByName.get(e.a.name);
    const b = ctx.ifByName.get(e.b.name);
    if (a?.kind === 'epair' && b?.kind === 'epair' && a.epairPeer === b.name) {
      p.identity.set(a.name, a).set(b.name, b);
      settings(p, a.name, a, e.a.mac, e.a.up, jailed.has(a.name));
      settings(p, b.name, b, e.b.mac, e.b.up, jailed.has(b.name));
      continue;
    }
    const held = [a, b].filter((x): x is Interface => x !== undefined && !(x.kind === 'epair' && removable(ctx, 'interface', x.name)));
    if (held.length > 0) {
      note(ctx, 'blocker', { kind: 'interface', name: e.a.name }, `epair ${e.a.name}/${e.b.name} cannot be created: ${held.map((x) => x.name).join(', ')} exists and is not that epair`);
      continue;
    }
    for (const x of [a, b]) if (x) destroyEpair(ctx, p, x);
    const v = newVar(ctx, 'epair');
    p.changes.push({
      type: 'create-epair', impact: 'create', phase: 'build-interfaces', object: { kind: 'interface', name: e.a.name }, a: e.a.name, b: e.b.name,
      commands: [{ argv: ['ifconfig', 'epair', 'create'], capture: { var: v, from: 'stdout-line' } }],
    });
    renames.push({ from: { ref: v }, to: e.a.name, existing: false }, { from: { ref: v, epairB: true }, to: e.b.name, existing: false });
    settings(p, e.a.name, undefined, e.a.mac, e.a.up, jailed.has(e.a.name));
    settings(p, e.b.name, undefined, e.b.mac, e.b.up, jailed.has(e.b.name));
  }
  for (const i of ctx.observed.interfaces) {
    if (i.kind !== 'epair' || wanted.has(i.name) || (i.epairPeer !== null && wanted.has(i.epairPeer))) continue;
    if (removable(ctx, 'interface', i.name) || (i.epairPeer !== null && removable(ctx, 'interface', i.epairPeer))) destroyEpair(ctx, p, i);
  }
}

/** Destroys the pair `i` belongs to (once), from an end that is on the host if there is one. */
function destroyEpair(ctx: Ctx, p: IfPlan, i: Interface): void {
  if (p.vanishing.has(i.name)) return;
  const peer = i.epairPeer === null ? undefined : ctx.observed.interfaces.find((x) => x.name === i.epairPeer && x.kind === 'epair');
  const end = i.jail === null || !peer || peer.jail !== null ? i : peer;
  p.vanishing.add(i.name);
  if (peer) p.vanishing.add(peer.name);
  if (end.jail !== null) p.needsHost.add(end.name);
  p.changes.push({
    type: 'destroy-epair', impact: 'destroy', phase: 'teardown-interfaces', object: { kind: 'interface', name: end.name }, a: end.name, b: peer?.name ?? '',
    commands: [ifconfig(end.name, 'destroy')],
  });
}

/**
 * vxlan interfaces: created with their VNI and addresses (the kernel's name
 * captured, then renamed), or kept as they are when one of that name exists;
 * the planner does not read an existing one's VNI or addresses back. Ours
 * that the design drops are destroyed (before if_bridge members are planned,
 * so a vanishing member is not deleted from its bridge first).
 */
function vxlans(ctx: Ctx, p: IfPlan, renames: Rename[]): void {
  const wanted = new Set((ctx.design.vxlans ?? []).map((x) => x.name));
  for (const x of ctx.design.vxlans ?? []) {
    const obs = ctx.ifByName.get(x.name);
    const object = { kind: 'interface' as const, name: x.name };
    if (obs && !isVxlan(obs)) {
      note(ctx, 'blocker', object, `${x.name} exists and is not a vxlan interface`);
      continue;
    }
    const was = ownedConfig(ctx.ledger, x.name, 'interface');
    if (obs && (was === undefined || was === vxlanConfig(x))) {
      p.identity.set(x.name, obs);
      continue;
    }
    // One ngstudio made with other settings: destroyed and made again (ifconfig cannot change a vxlan's VNI).
    if (obs) {
      p.vanishing.add(obs.name);
      p.changes.push({ type: 'destroy-if', impact: 'destroy', phase: 'teardown-interfaces', object, name: obs.name, commands: [ifconfig(obs.name, 'destroy')] });
    }
    const v = newVar(ctx, 'vxlan');
    const ports = x.port === undefined ? [] : ['vxlanlocalport', String(x.port), 'vxlanremoteport', String(x.port)];
    p.changes.push({
      type: 'create-vxlan', impact: 'create', phase: 'build-interfaces', object, name: x.name, vni: x.vni, local: x.local, remote: x.remote, ...(x.port !== undefined ? { port: x.port } : {}),
      commands: [{ argv: ['ifconfig', 'vxlan', 'create', 'vxlanid', String(x.vni), 'vxlanlocal', x.local, 'vxlanremote', x.remote, ...ports], capture: { var: v, from: 'stdout-line' } }],
    });
    renames.push({ from: { ref: v }, to: x.name, existing: false });
    p.changes.push(mk('if-up', x.name, true));
  }
  for (const i of ctx.observed.interfaces) {
    if (!isVxlan(i) || wanted.has(i.name) || !removable(ctx, 'interface', i.name)) continue;
    p.vanishing.add(i.name);
    if (i.jail !== null) p.needsHost.add(i.name);
    p.changes.push({ type: 'destroy-if', impact: 'destroy', phase: 'teardown-interfaces', object: { kind: 'interface', name: i.name }, name: i.name, commands: [ifconfig(i.name, 'destroy')] });
  }
}

function ifBridges(ctx: Ctx, p: IfPlan, renames: Rename[], jailed: Set<string>): void {
  const builds: Change[] = [];
  for (const b of ctx.design.bridges) {
    const obs = ctx.ifByName.get(b.name);
    const object = { kind: 'interface' as const, name: b.name };
    if (obs && obs.kind !== 'bridge') {
      note(ctx, 'blocker', object, `${b.name} exists and is not an if_bridge`);
      continue;
    }
    if (obs) {
      p.identity.set(b.name, obs);
      for (const m of obs.members) {
        if (b.members.includes(m) || p.vanishing.has(m)) continue;
        p.changes.push({ type: 'deletem', impact: 'update', phase: 'teardown-interfaces', object, bridge: b.name, member: m, commands: [ifconfig(b.name, 'deletem', m)] });
      }
    } else {
      const v = newVar(ctx, 'bridge');
      p.changes.push({ type: 'create-if-bridge', impact: 'create', phase: 'build-interfaces', object, name: b.name, commands: [{ argv: ['ifconfig', 'bridge', 'create'], capture: { var: v, from: 'stdout-line' } }] });
      renames.push({ from: { ref: v }, to: b.name, existing: false });
    }
    settings(p, b.name, obs, undefined, b.up, jailed.has(b.name));
    for (const m of b.members) {
      // A member this plan destroys and makes again (a vxlan with new settings) joins again.
      if (obs?.members.includes(m) && !p.vanishing.has(m)) continue;
      builds.push({ type: 'addm', impact: 'update', phase: 'build-interfaces', object, bridge: b.name, member: m, commands: [ifconfig(b.name, 'addm', m)] });
    }
  }
  const wanted = new Set(ctx.design.bridges.map((b) => b.name));
  for (const i of ctx.observed.interfaces) {
    if (i.kind !== 'bridge' || wanted.has(i.name) || !removable(ctx, 'interface', i.name)) continue;
    p.vanishing.add(i.name);
    if (i.jail !== null) p.needsHost.add(i.name);
    p.changes.push({ type: 'destroy-if', impact: 'destroy', phase: 'teardown-interfaces', object: { kind: 'interface', name: i.name }, name: i.name, commands: [ifconfig(i.name, 'destroy')] });
  }
  p.changes.push(...builds);
}

/** The two rename rounds (see the module comment). */
function renameRounds(ctx: Ctx, p: IfPlan, renames: Rename[]): Change[] {
  const sources = new Set(renames.filter((r) => r.existing).map((r) => r.from as string));
  const first: Change[] = [];
  const second: Change[] = [];
  const ordered = [...renames.filter((r) => r.existing), ...renames.filter((r) => !r.existing)];
  for (const r of ordered) {
    const holder = ctx.ifByName.get(r.to);
    if (holder && !p.vanishing.has(r.to) && !sources.has(r.to) && p.identity.get(r.to) !== holder) {
      note(ctx, 'blocker', { kind: 'interface', name: r.to }, `interface name ${r.to} is taken by an interface outside the design`);
      continue;
    }
    const viaTmp = AUTO_NAME.test(r.to) || sources.has(r.to);
    const step1 = viaTmp ? tmpName(ctx) : r.to;
    const from = typeof r.from === 'string' ? r.from : null;
    first.push(renameChange(r.from, step1, r.to, from));
    if (viaTmp) second.push(renameChange(step1, r.to, r.to, step1));
  }
  return [...first, ...second];
}

function renameChange(from: Arg, to: string, final: string, known: string | null): Change {
  const cmd: Command = { argv: ['ifconfig', from, 'name', to] };
  return { type: 'rename-if', impact: 'update', phase: 'build-interfaces', object: { kind: 'interface', name: final }, from: known, to, commands: [cmd] };
}

/** Interface changes; `jailed` = design interface names that end up inside a jail. */
export function planInterfaces(ctx: Ctx, an: NgAnalysis, jailed: Set<string>): IfPlan {
  const p: IfPlan = { changes: [], identity: new Map(), vanishing: new Set(), needsHost: new Set() };
  const renames: Rename[] = [];
  eifaces(ctx, an, p, renames, jailed);
  epairs(ctx, p, renames, jailed);
  vxlans(ctx, p, renames);
  ifBridges(ctx, p, renames, jailed);
  // Creations first, then renames, then settings and members (which use final names).
  const isCreate = (c: Change): boolean => c.type === 'create-epair' || c.type === 'create-if-bridge' || c.type === 'create-vxlan' || c.type === 'get-ifname';
  const creates = p.changes.filter(isCreate);
  const rest = p.changes.filter((c) => !isCreate(c));
  p.changes = [...creates, ...renameRounds(ctx, p, renames), ...rest];
  return p;
}
