// Kernel modules of the emulated host (kldload semantics): which modules
// exist, what they depend on, which netgraph types they register, and the
// side effects of loading them (ng_ether attaches to existing interfaces).
import { SimErrno } from './errno.js';
import type { SimState } from './state.js';
import { etherAttachAll, registerType } from './netgraph.js';

interface ModuleDef {
  /** Modules kldload resolves first (MODULE_DEPEND). */
  deps: string[];
  /** The netgraph node type the module registers, if any. */
  ngType?: string;
}

const NG = (t: string): ModuleDef => ({ deps: ['netgraph'], ngType: t });

/** Every module the emulated kernel can load. */
export const MODULES: Readonly<Record<string, ModuleDef>> = {
  netgraph: { deps: [] },
  ng_socket: NG('socket'),
  ng_ether: NG('ether'),
  ng_bridge: NG('bridge'),
  ng_eiface: NG('eiface'),
  ng_hub: NG('hub'),
  ng_vlan: NG('vlan'),
  ng_one2many: NG('one2many'),
  ng_tee: NG('tee'),
  ng_iface: NG('iface'),
  ng_nat: NG('nat'),
  // A few more stock types, emulated as generic nodes (any hook).
  ng_echo: NG('echo'),
  ng_hole: NG('hole'),
  ng_ksocket: NG('ksocket'),
  ng_netflow: NG('netflow'),
  ng_bpf: NG('bpf'),
  ng_car: NG('car'),
  ng_pppoe: NG('pppoe'),
  ng_etf: NG('etf'),
  ng_split: NG('split'),
  ng_pipe: NG('pipe'),
  if_epair: { deps: [] },
  if_bridge: { deps: [] },
  if_vxlan: { deps: [] },
};

/** `ng_bridge.ko`, `/boot/kernel/ng_bridge.ko` and `ng_bridge` all name module `ng_bridge`. */
export function moduleName(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  return base.endsWith('.ko') ? base.slice(0, -3) : base;
}

/** Is the module loaded? (Also true for modules present in the state but unknown here, e.g. `kernel`.) */
export function isLoaded(state: SimState, name: string): boolean {
  const n = moduleName(name);
  return state.modules.some((m) => m.name === n);
}

function load(state: SimState, name: string): void {
  const def = MODULES[name];
  if (def === undefined) throw new SimErrno('ENOENT', `module ${name}`);
  for (const dep of def.deps) if (!isLoaded(state, dep)) load(state, dep);
  state.modules.push({ id: state.nextModuleId++, name });
  state.generation++;
  if (def.ngType !== undefined) registerType(state, def.ngType);
  // ng_ether's load handler attaches a node to every existing Ethernet ifnet.
  if (name === 'ng_ether') etherAttachAll(state);
}

/** kldload: EEXIST if already loaded, ENOENT if unknown; dependencies are loaded first. */
export function kldload(state: SimState, name: string): void {
  const n = moduleName(name);
  if (isLoaded(state, n)) throw new SimErrno('EEXIST', `module ${n}`);
  load(state, n);
}

/** Implicit load (mkpeer's ng_<type>, ifconfig epair create): a no-op when loaded; ENOENT if unknown. */
export function ensureLoaded(state: SimState, name: string): void {
  const n = moduleName(name);
  if (!isLoaded(state, n)) load(state, n);
}

/**
 * The modules a fresh boot has: those the emulated kernel cannot kldload
 * (`kernel`, and whatever else was there at boot) stay, numbered from 1 again;
 * every module loaded since (netgraph, ng_*, if_epair, if_bridge) is gone.
 */
export function bootModules(state: SimState): SimState['modules'] {
  return [...state.modules]
    .sort((a, b) => a.id - b.id)
    .filter((m) => !Object.hasOwn(MODULES, m.name))
    .map((m, i) => ({ id: i + 1, name: m.name }));
}
