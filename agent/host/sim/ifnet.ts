// The emulated kernel's network interfaces (ifnets): cloning (epair, bridge,
// lo), interfaces owned by netgraph nodes (ngeth, ng), rename, up/down, MAC,
// if_bridge membership and moves between vnets. Errors are SimErrno with the
// errno FreeBSD's kernel returns, so commands can print FreeBSD's texts.
import { SimErrno } from './errno.js';
import { devctlNotify, ifnetEvent } from './devctl.js';
import { emitIfEvent } from './ifevents.js';
import { ensureLoaded } from './modules.js';
import { vxlanDefaults, vxlanInit, vxlanMtu, vxlanStop } from './net/vxlan.js';
import type { SimIfKind, SimIfnet, SimState, SimVxlan, VnetId } from './state.js';

/** IFNAMSIZ is 16 with the NUL. */
export const IFNAMSIZ = 16;

/** Looks an interface up by name in a vnet. */
export function ifFind(state: SimState, vnet: VnetId, name: string): SimIfnet | undefined {
  return state.ifnets.find((i) => i.vnet === vnet && i.name === name);
}

/** Looks an interface up by its id. */
export function ifById(state: SimState, id: number): SimIfnet | undefined {
  return state.ifnets.find((i) => i.id === id);
}

/** The interfaces of one vnet in arrival order (if_index order, as `ifconfig` lists them). */
export function ifList(state: SimState, vnet: VnetId): SimIfnet[] {
  return state.ifnets.filter((i) => i.vnet === vnet);
}

/** 32-bit FNV-1a: a stable hash for generated MAC addresses. */
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const hex2 = (n: number): string => (n & 0xff).toString(16).padStart(2, '0');

/**
 * ether_gen_addr(9): FreeBSD's OUI 58:9c:fc plus bytes hashed from the host
 * and the interface name — so the same name on the same host gets the same
 * MAC again (the collision the bone README warns about is real).
 */
export function genMac(state: SimState, ifname: string): string {
  const h = fnv(`${state.hostname}/${ifname}`);
  return `58:9c:fc:${hex2(0x10 | ((h >>> 16) & 0x0f))}:${hex2(h >>> 8)}:${hex2(h)}`;
}

/** Lowest unit of `driver` free in vnet `home` whose name(s) are also free there (ifc_alloc_unit). */
function freeUnit(state: SimState, home: VnetId, driver: string, names: (u: number) => string[]): number {
  // One pass over the ifnets, then set lookups: a scan per candidate unit made
  // creating n interfaces cubic (minutes for a few thousand eifaces).
  const held = new Set<number>();
  const taken = new Set<string>();
  for (const i of state.ifnets) {
    if (i.home === home && i.driver === driver) held.add(i.unit);
    if (i.vnet === home) taken.add(i.name);
  }
  for (let u = 0; ; u++) {
    if (!held.has(u) && names(u).every((n) => !taken.has(n))) return u;
  }
}

type NewIf = Omit<SimIfnet, 'id' | 'home' | 'up' | 'mtu' | 'groups'> & Partial<Pick<SimIfnet, 'up' | 'mtu' | 'groups'>>;

/** Attaches a new ifnet (if_attach): gives it an id, then announces it (ng_ether attaches). */
function attach(state: SimState, p: NewIf): SimIfnet {
  const ifp: SimIfnet = { up: false, mtu: 1500, groups: [], ...p, id: state.nextIfId++, home: p.vnet };
  state.ifnets.push(ifp);
  state.generation++;
  emitIfEvent(state, 'attach', ifp);
  ifnetEvent(state, ifp, 'ATTACH');
  return ifp;
}

/** Removes an ifnet (if_detach): out of every bridge, its ng_ether node and addresses gone. */
function detach(state: SimState, ifp: SimIfnet): void {
  ifnetEvent(state, ifp, 'DETACH');
  bridgeForget(state, ifp);
  emitIfEvent(state, 'detach', ifp);
  state.ifnets = state.ifnets.filter((i) => i !== ifp);
  state.generation++;
}

/** if_vmove: leaves its vnet (ng_ether node, addresses, bridge membership gone) and arrives in `to`, listed last there. */
function move(state: SimState, ifp: SimIfnet, to: VnetId): void {
  ifnetEvent(state, ifp, 'DETACH');
  emitIfEvent(state, 'depart', ifp);
  bridgeForget(state, ifp);
  ifp.vnet = to;
  toEnd(state, ifp);
  state.generation++;
  emitIfEvent(state, 'arrive', ifp);
  ifnetEvent(state, ifp, 'ATTACH');
}

/** Re-attaches an ifnet at the end of the list: in its new vnet it gets the next if_index, so it lists last. */
function toEnd(state: SimState, ifp: SimIfnet): void {
  state.ifnets = [...state.ifnets.filter((i) => i !== ifp), ifp];
}

/** Takes an interface out of any if_bridge it is a member of (and a bridge's own member list). */
function bridgeForget(state: SimState, ifp: SimIfnet): void {
  for (const b of state.ifnets) {
    if (b.members?.includes(ifp.id)) {
      b.members = b.members.filter((m) => m !== ifp.id);
      ifp.promisc = false;
    }
  }
  if (ifp.members) {
    for (const m of ifp.members) {
      const mi = ifById(state, m);
      if (mi) mi.promisc = false;
    }
    ifp.members = [];
  }
}

/**
 * Creates the ifnet of a new eiface node: kind 'eiface', driver 'ngeth',
 * lowest free unit in `vnet`, a generated 58:9c:fc MAC (newest releases;
 * 12.x used all zeros), down, owned by node `nodeId`. ('ng' is ng_iface:
 * kind 'iface', ng0…, no MAC.)
 */
export function ifCreateForNode(state: SimState, vnet: VnetId, driver: 'ngeth' | 'ng', nodeId: number): SimIfnet {
  const unit = freeUnit(state, vnet, driver, (u) => [`${driver}${u}`]);
  const name = `${driver}${unit}`;
  if (driver === 'ng') {
    return attach(state, { name, kind: 'iface', vnet, driver, unit, mac: null, ngNode: nodeId });
  }
  const mac = state.release.startsWith('12.') ? '00:00:00:00:00:00' : genMac(state, name);
  return attach(state, { name, kind: 'eiface', vnet, driver, unit, mac, ngNode: nodeId });
}

/** Destroys the ifnet owned by a node being shut down (wherever it lives now, e.g. inside a jail). */
export function ifDestroyOwned(state: SimState, ifnetId: number): void {
  const ifp = ifById(state, ifnetId);
  if (ifp) detach(state, ifp);
}

/** Attaches a physical Ethernet NIC (boot-time drivers; used by tests and the demo). */
export function ifAttachNic(state: SimState, name: string, mac: string): SimIfnet {
  const m = /^([a-z]+)(\d+)$/.exec(name);
  if (!m || name.length >= IFNAMSIZ) throw new Error(`bad NIC name "${name}"`);
  if (ifFind(state, 0, name)) throw new SimErrno('EEXIST', name);
  return attach(state, { name, kind: 'ether', vnet: 0, driver: m[1]!, unit: Number(m[2]), mac, up: true });
}

/** The clone request `epair`/`epair3`/`bridge`/`lo7` split into driver and optional unit. */
function parseClone(req: string): { driver: string; unit: number | null } | null {
  const m = /^(epair|bridge|lo|vxlan)(\d*)$/.exec(req);
  if (!m) return null;
  if (m[2] !== '' && (m[2]!.length > 1 && m[2]!.startsWith('0'))) return null;
  return { driver: m[1]!, unit: m[2] === '' ? null : Number(m[2]) };
}

/**
 * SIOCIFCREATE2: clones `epair[N]` (both ends; returns the a side),
 * `bridge[N]` or `lo[N]` in `vnet`. EINVAL for an unknown cloner, EEXIST
 * when the requested unit's name(s) exist.
 */
export function ifCloneCreate(state: SimState, vnet: VnetId, req: string, vxlanParams: Partial<SimVxlan> = {}): SimIfnet {
  const c = parseClone(req);
  if (!c) throw new SimErrno('EINVAL', `no cloner for ${req}`);
  const names = (u: number): string[] => (c.driver === 'epair' ? [`epair${u}a`, `epair${u}b`] : [`${c.driver}${u}`]);
  let unit: number;
  if (c.unit === null) unit = freeUnit(state, vnet, c.driver, names);
  else {
    unit = c.unit;
    const held = state.ifnets.some((i) => i.home === vnet && i.driver === c.driver && i.unit === unit);
    if (held || names(unit).some((n) => ifFind(state, vnet, n))) throw new SimErrno('EEXIST', req);
  }
  if (c.driver === 'epair') return createEpair(state, vnet, unit);
  if (c.driver === 'bridge') {
    ensureLoaded(state, 'if_bridge');
    const name = `bridge${unit}`;
    return attach(state, { name, kind: 'bridge', vnet, driver: 'bridge', unit, mac: genMac(state, name), members: [], groups: ['bridge'] });
  }
  if (c.driver === 'vxlan') {
    ensureLoaded(state, 'if_vxlan');
    const name = `vxlan${unit}`;
    const vxlan = { ...vxlanDefaults(), ...vxlanParams, running: false };
    return attach(state, { name, kind: 'vxlan', vnet, driver: 'vxlan', unit, mac: genMac(state, name), groups: ['vxlan'], vxlan, mtu: vxlanMtu(vxlan) });
  }
  return attach(state, { name: `lo${unit}`, kind: 'loopback', vnet, driver: 'lo', unit, mac: null, mtu: 16384, groups: ['lo'] });
}

/** Both ends of epair N: locally administered MACs ending 0a / 0b (if_epair.c). */
function createEpair(state: SimState, vnet: VnetId, unit: number): SimIfnet {
  ensureLoaded(state, 'if_epair');
  const h = fnv(`${state.hostname}/epair${unit}/${state.nextIfId}`);
  const mid = `${hex2(h >>> 24)}:${hex2(h >>> 16)}:${hex2(h >>> 8)}:${hex2(h)}`;
  const a = attach(state, { name: `epair${unit}a`, kind: 'epair', vnet, driver: 'epair', unit, mac: `02:${mid}:0a`, groups: ['epair'] });
  const b = attach(state, { name: `epair${unit}b`, kind: 'epair', vnet, driver: 'epair', unit, mac: `02:${mid}:0b`, groups: ['epair'] });
  a.peer = b.id;
  b.peer = a.id;
  return a;
}

/** SIOCIFDESTROY: only cloned interfaces; either epair end takes the other with it, wherever it is. */
export function ifDestroy(state: SimState, ifp: SimIfnet): void {
  const cloned = ifp.kind === 'epair' || ifp.kind === 'bridge' || ifp.kind === 'vxlan' || (ifp.kind === 'loopback' && ifp.unit !== 0);
  if (!cloned) throw new SimErrno('EINVAL', `${ifp.name} is not cloned`);
  if (ifp.kind === 'epair' && ifp.peer !== undefined) {
    const peer = ifById(state, ifp.peer);
    if (peer) detach(state, peer);
  }
  detach(state, ifp);
}

/** SIOCSIFNAME: unique per vnet (EEXIST), 1..15 characters; the ng_ether node follows. */
export function ifRename(state: SimState, ifp: SimIfnet, name: string): void {
  if (name.length >= IFNAMSIZ) throw new SimErrno('ENAMETOOLONG', name);
  if (name === '') throw new SimErrno('EINVAL', 'empty name');
  if (name === ifp.name) return;
  if (ifFind(state, ifp.vnet, name)) throw new SimErrno('EEXIST', name);
  const old = ifp.name;
  ifp.name = name;
  state.generation++;
  emitIfEvent(state, 'rename', ifp);
  devctlNotify(state, 'IFNET', old, 'RENAME', `name=${name}`);
}

/** `ifconfig IF up` / `down` (if_up announces itself: IPv6 attaches its automatic addresses). */
export function ifSetUp(state: SimState, ifp: SimIfnet, up: boolean): string | null {
  // A vxlan runs its init on every `up` until it succeeds (vxlan_ioctl_ifflags).
  const why = up ? vxlanInit(state, ifp) : (vxlanStop(state, ifp), null);
  if (ifp.up === up) return why;
  ifp.up = up;
  state.generation++;
  if (up) emitIfEvent(state, 'up', ifp);
  return why;
}

/** SIOCSIFLLADDR: Ethernet-like interfaces only; multicast addresses are EINVAL. */
export function ifSetMac(state: SimState, ifp: SimIfnet, mac: string): void {
  if (ifp.mac === null) throw new SimErrno('EINVAL', `${ifp.name} has no link-level address`);
  if ((parseInt(mac.slice(0, 2), 16) & 1) === 1) throw new SimErrno('EINVAL', 'multicast address');
  if (ifp.kind === 'ether' && ifp.hwaddr === undefined && ifp.mac !== mac) ifp.hwaddr = ifp.mac;
  ifp.mac = mac;
  state.generation++;
}

const BRIDGEABLE: readonly SimIfKind[] = ['ether', 'epair', 'eiface', 'vlan', 'vxlan', 'other'];

/** BRDGADD: member must exist in the bridge's vnet (ENOENT), not be a member anywhere (EEXIST here, EBUSY elsewhere). */
export function ifBridgeAdd(state: SimState, bridge: SimIfnet, memberName: string): void {
  if (bridge.kind !== 'bridge') throw new SimErrno('EINVAL', `${bridge.name} is not a bridge`);
  const m = ifFind(state, bridge.vnet, memberName);
  if (!m) throw new SimErrno('ENOENT', memberName);
  if (bridge.members?.includes(m.id)) throw new SimErrno('EEXIST', memberName);
  if (state.ifnets.some((b) => b.members?.includes(m.id))) throw new SimErrno('EBUSY', memberName);
  if (m === bridge || !BRIDGEABLE.includes(m.kind)) throw new SimErrno('EINVAL', memberName);
  bridge.members = [m.id, ...(bridge.members ?? [])];
  // if_bridge puts members into promiscuous mode (PROMISC shows in their flags).
  m.promisc = true;
  state.generation++;
}

/** BRDGDEL: ENOENT unless `memberName` is a member of this bridge. */
export function ifBridgeDel(state: SimState, bridge: SimIfnet, memberName: string): void {
  if (bridge.kind !== 'bridge') throw new SimErrno('EINVAL', `${bridge.name} is not a bridge`);
  const m = ifFind(state, bridge.vnet, memberName);
  if (!m || !bridge.members?.includes(m.id)) throw new SimErrno('ENOENT', memberName);
  bridge.members = bridge.members.filter((x) => x !== m.id);
  m.promisc = false;
  state.generation++;
}

/** if_vmove: into vnet `to` (EEXIST if already there or the name is taken there); it leaves its if_bridge. */
export function ifVnetMove(state: SimState, ifp: SimIfnet, to: VnetId): void {
  if (ifp.vnet === to) throw new SimErrno('EEXIST', `${ifp.name} already in vnet ${to}`);
  if (ifFind(state, to, ifp.name)) throw new SimErrno('EEXIST', ifp.name);
  if (ifp.kind === 'loopback') throw new SimErrno('EINVAL', 'loopback cannot move');
  move(state, ifp, to);
}

/**
 * vnet_if_return at vnet teardown: interfaces moved in go back to their home
 * vnet keeping their names; interfaces created inside are destroyed (an epair
 * created inside takes its other end along, wherever that is).
 */
export function ifVnetTeardown(state: SimState, vnet: VnetId): void {
  for (const ifp of ifList(state, vnet)) {
    if (!state.ifnets.includes(ifp)) continue;
    if (ifp.home !== vnet) {
      move(state, ifp, ifp.home);
    } else if (ifp.kind === 'epair' && ifp.peer !== undefined) {
      ifDestroy(state, ifp);
    } else {
      detach(state, ifp);
    }
  }
}

/** A vnet jail's own lo0, attached when its vnet is created. */
export function ifAttachVnetLoopback(state: SimState, vnet: VnetId): SimIfnet {
  return attach(state, { name: 'lo0', kind: 'loopback', vnet, driver: 'lo', unit: 0, mac: null, mtu: 16384, groups: ['lo'] });
}

