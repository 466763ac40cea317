// Jails: remove, create (`jail -c` with command-line parameters, which prints
// nothing and reads no jail.conf), modify, and move interfaces in and out of
// vnets. Removing a vnet jail returns the interfaces moved into it to the host
// under their current names (facts §4.3), so host-side work on them waits
// until teardown-jails is done; interfaces that must be fixed on the host while
// their jail stays are moved out first (`ifconfig X -vnet J`) and back in last.
import type { Jail } from '../model/snapshot.js';
import type { DesignJail } from '../design/types.js';
import type { Ctx } from './context.js';
import { ifconfig, note, removable } from './context.js';
import type { IfPlan } from './interfaces.js';
import type { Change } from './types.js';

/** `jail -c` argv for a design jail, parameters in a fixed order. */
export function createJailArgv(j: DesignJail): string[] {
  const argv = ['jail', '-c', `name=${j.name}`, `path=${j.path}`];
  if (j.hostname !== undefined) argv.push(`host.hostname=${j.hostname}`);
  if (j.vnet) argv.push('vnet');
  argv.push('persist');
  if (j.vnet && j.interfaces.length > 0) argv.push(`vnet.interface=${j.interfaces.join(',')}`);
  if (!j.vnet && j.ip4 && j.ip4.length > 0) argv.push(`ip4.addr=${j.ip4.join(',')}`);
  if (!j.vnet && j.ip6 && j.ip6.length > 0) argv.push(`ip6.addr=${j.ip6.join(',')}`);
  for (const k of Object.keys(j.params ?? {}).sort()) argv.push(`${k}=${j.params?.[k] ?? ''}`);
  return argv;
}

const same = (a: string[] | undefined, b: string[]): boolean => (a ?? []).join(',') === b.join(',');

/** Parameters `jail -m` must change on a kept jail. */
function modifications(j: DesignJail, o: Jail): string[] {
  const m: string[] = [];
  if (j.hostname !== undefined && j.hostname !== o.hostname) m.push(`host.hostname=${j.hostname}`);
  if (!j.vnet && j.ip4 !== undefined && !same(j.ip4, o.ip4)) m.push(`ip4.addr=${j.ip4.join(',')}`);
  if (!j.vnet && j.ip6 !== undefined && !same(j.ip6, o.ip6)) m.push(`ip6.addr=${j.ip6.join(',')}`);
  return m;
}

function removeJail(name: string): Change {
  return { type: 'remove-jail', impact: 'destroy', phase: 'teardown-jails', object: { kind: 'jail', name }, jail: name, commands: [{ argv: ['jail', '-r', name] }] };
}

/** Decides each jail's fate: kept (maybe modified), created, removed. */
function fates(ctx: Ctx): { out: Change[]; removed: Set<string>; created: Set<string>; kept: Set<string> } {
  const observed = new Map(ctx.observed.jails.filter((j) => j.state === 'ACTIVE').map((j) => [j.name, j]));
  const out: Change[] = [];
  const removed = new Set<string>();
  const created = new Set<string>();
  const kept = new Set<string>();
  const designed = new Set(ctx.design.jails.map((j) => j.name));
  for (const j of ctx.design.jails) {
    const o = observed.get(j.name);
    const may = removable(ctx, 'jail', j.name);
    if ((j.state ?? 'running') === 'stopped') {
      if (o && may) (out.push(removeJail(j.name)), removed.add(j.name));
      else if (o) note(ctx, 'blocker', { kind: 'jail', name: j.name }, `jail ${j.name} was not created by ngstudio; add it to "delete" to stop it`);
      continue;
    }
    if (o && (o.vnet !== j.vnet || o.path !== j.path)) {
      if (!may) {
        note(ctx, 'blocker', { kind: 'jail', name: j.name }, `jail ${j.name} differs in vnet/path, which only re-creating it can change, and ngstudio did not create it`);
        kept.add(j.name);
        continue;
      }
      out.push(removeJail(j.name));
      removed.add(j.name);
    }
    if (!o || removed.has(j.name)) {
      created.add(j.name);
      continue;
    }
    kept.add(j.name);
    const m = modifications(j, o);
    if (m.length > 0) {
      out.push({ type: 'modify-jail', impact: 'update', phase: 'build-jails', object: { kind: 'jail', name: j.name }, jail: j.name, params: m, commands: [{ argv: ['jail', '-m', `name=${j.name}`, ...m] }] });
    }
  }
  for (const o of observed.values()) {
    if (!designed.has(o.name) && removable(ctx, 'jail', o.name)) (out.push(removeJail(o.name)), removed.add(o.name));
  }
  return { out, removed, created, kept };
}

/** Jail changes, with the vnet moves around the interface plan. */
export function planJails(ctx: Ctx, ifp: IfPlan): Change[] {
  const f = fates(ctx);
  const wantJail = new Map<string, string>();
  for (const j of ctx.design.jails) if ((j.state ?? 'running') === 'running') for (const i of j.interfaces) wantJail.set(i, j.name);
  const designName = new Map([...ifp.identity].map(([d, o]) => [o.name, d]));
  const out: Change[] = [...f.out];
  const movedOut = new Set<string>();
  // Out: interfaces in a jail that stays, which must leave it or be fixed on the host.
  for (const i of ctx.observed.interfaces) {
    if (i.jail === null || i.kind === 'loopback' || f.removed.has(i.jail) || !ctx.observed.jails.some((j) => j.name === i.jail)) continue;
    // Its design name, if the design mentions it (as a design interface, or a NIC listed in a jail).
    const d = designName.get(i.name) ?? (wantJail.has(i.name) ? i.name : undefined);
    // Unmentioned interfaces leave only jails whose interface list the design gives.
    const mustLeave = ifp.needsHost.has(i.name) || (d !== undefined ? wantJail.get(d) !== i.jail : f.kept.has(i.jail));
    if (!mustLeave || (ifp.vanishing.has(i.name) && !ifp.needsHost.has(i.name))) continue;
    movedOut.add(i.name);
    out.push({ type: 'vnet-move', impact: 'update', phase: 'teardown-jails', object: { kind: 'interface', name: i.name }, ifname: i.name, jail: i.jail, direction: 'out', commands: [ifconfig(i.name, '-vnet', i.jail)] });
  }
  for (const j of ctx.design.jails) {
    if (!f.created.has(j.name)) continue;
    out.push({ type: 'create-jail', impact: 'create', phase: 'build-jails', object: { kind: 'jail', name: j.name }, jail: j.name, commands: [{ argv: createJailArgv(j) }] });
  }
  // In: design interfaces of kept jails that are not there yet.
  for (const [ifname, jail] of wantJail) {
    if (!f.kept.has(jail)) continue;
    const obs = ifp.identity.get(ifname) ?? ctx.ifByName.get(ifname);
    if (obs && obs.jail === jail && !movedOut.has(obs.name)) continue;
    out.push({ type: 'vnet-move', impact: 'update', phase: 'build-jails', object: { kind: 'interface', name: ifname }, ifname, jail, direction: 'in', commands: [ifconfig(ifname, 'vnet', jail)] });
  }
  for (const [ifname] of wantJail) {
    const known = ifp.identity.has(ifname) || ctx.ifByName.has(ifname) || isDesigned(ctx, ifname);
    if (!known) note(ctx, 'blocker', { kind: 'interface', name: ifname }, `interface ${ifname} is neither in the design nor on the host`);
  }
  return out;
}

function isDesigned(ctx: Ctx, ifname: string): boolean {
  return ctx.design.nodes.some((n) => n.ifname === ifname) || ctx.design.epairs.some((e) => e.a.name === ifname || e.b.name === ifname) || ctx.design.bridges.some((b) => b.name === ifname);
}
