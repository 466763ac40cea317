// The emulated FreeBSD host's whole state as plain JSON data. It is what the
// state file holds (so separate processes running emulated commands share it),
// and the seam between the model modules: netgraph.ts owns `vnets[*]`,
// ifnet.ts owns `ifnets`, jails.ts owns `jails`, modules.ts owns `modules`.
// Each of them mutates the state only through its own exported functions.
import type { PipeHookConfig } from '../../../shared/model/snapshot.js';

/** 0 is the host's vnet; any other number is the JID of a vnet jail. */
export type VnetId = number;

export interface SimHook {
  name: string;
  /** Peer node ID (same vnet). */
  peer: number;
  peerHook: string;
}

export interface SimNode {
  id: number;
  name: string | null;
  type: string;
  /** Newest first, as the 12.x kernel's LIST_INSERT_HEAD keeps them. */
  hooks: SimHook[];
  /** bridge/hub: survives losing its last hook (`msg X: setpersistent`). */
  persistent?: boolean;
  /** eiface/ether/iface: the `SimIfnet.id` of the interface it is bound to. */
  ifnet?: number;
  /** socket: the pid of the ngctl process that owns it. */
  pid?: number;
  /** Per-type settings (bridge config, ether promisc/autosrc, vlan filters …). */
  config?: Record<string, unknown>;
  /** pipe: ng_pipe's private data (netgraph/pipe.ts). */
  pipe?: SimPipe;
}

/** ng_pipe's counters of one hook (`struct ng_pipe_hookstat`). */
export interface SimPipeStats {
  fwdOctets: number;
  fwdFrames: number;
  inDiscOctets: number;
  inDiscFrames: number;
  outDiscOctets: number;
  outDiscFrames: number;
}

/** ng_pipe's queues of one hook (`struct ng_pipe_hookrun`). */
export interface SimPipeRun {
  fifoQueues: number;
  qinOctets: number;
  qinFrames: number;
  qoutOctets: number;
  qoutFrames: number;
}

/** What ng_pipe keeps per hook: the settings for frames entering there, their counters and queues. */
export interface SimPipeHook {
  cfg: PipeHookConfig;
  stats: SimPipeStats;
  run: SimPipeRun;
}

/** An ng_pipe node (`struct node_priv`): delay and framing for both directions, one record per hook. */
export interface SimPipe {
  /** µs. */
  delay: number;
  overhead: number;
  headerOffset: number;
  upper: SimPipeHook;
  lower: SimPipeHook;
}

export interface SimVnet {
  /** `V_nextID`: every node ever created in this vnet burns one, sockets too. */
  nextNodeId: number;
  nodes: SimNode[];
  /** Loaded netgraph types, newest first (12.x LIST_INSERT_HEAD order). */
  types: string[];
  /**
   * Buckets of the kernel's node-ID hash (`V_ng_ID_hmask + 1`; 16 when absent).
   * It only grows, and with it the `list` order changes; netgraph.ts keeps
   * `nodes` in that hash-walk order.
   */
  idHashSize?: number;
}

export type SimIfKind = 'ether' | 'loopback' | 'epair' | 'bridge' | 'eiface' | 'iface' | 'vlan' | 'other';

export interface SimIfnet {
  /** Unique for the life of the state (plays if_index's role across vnets). */
  id: number;
  name: string;
  kind: SimIfKind;
  /** The vnet it lives in now. */
  vnet: VnetId;
  /** The vnet it was created in; it returns there when its current vnet dies. */
  home: VnetId;
  /** Driver name and unit as created (`epair`, 3 for epair3a), for naming rules. */
  driver: string;
  unit: number;
  mac: string | null;
  /** NICs whose MAC was changed (`ifconfig em0 ether …`): the permanent address, which comes back at reboot. */
  hwaddr?: string;
  up: boolean;
  mtu: number;
  /** if_bridge: member ifnet ids, newest first (as `ifconfig bridge0` lists them). */
  members?: number[];
  /** epair: the other end's ifnet id. */
  peer?: number;
  /** eiface/iface: the node ID (in `home`'s netgraph) that owns this interface. */
  ngNode?: number;
  groups: string[];
  promisc?: boolean;
  /** Enabled capabilities (`options=`) once changed with `ifconfig IF -vlanhwfilter …`; absent: the kind's boot default. */
  caps?: number;
  /** eiface: link state, UP while its `ether` hook is connected (ng_eiface newhook/disconnect). */
  linkUp?: boolean;
}

export interface SimJail {
  jid: number;
  /** The full name as the kernel keeps it: `parent.child` for a jail made inside another (see jails.ts). */
  name: string;
  /** The jail it was created in (its JID); absent for a jail made on the host. */
  parent?: number;
  path: string;
  hostname: string;
  vnet: boolean;
  persist: boolean;
  dying: boolean;
  ip4: string[];
  ip6: string[];
  /** Every parameter as set on the command line or in jail.conf (name → value; booleans as 'true'/'false'). */
  params: Record<string, string>;
  /** Process groups of real programs started in the jail (exec.start, command): it lives while one has a live member. */
  procs?: number[];
}

export interface SimModule {
  id: number;
  name: string;
}

export interface SimState {
  format: 1;
  /** e.g. `14.3-RELEASE`. Major 12 selects ng_bridge's link0..31 rule and `list -l` without blank lines. */
  release: string;
  hostname: string;
  nextPid: number;
  nextJid: number;
  nextIfId: number;
  nextModuleId: number;
  modules: SimModule[];
  /** Keyed by String(VnetId): "0" is the host. */
  vnets: Record<string, SimVnet>;
  ifnets: SimIfnet[];
  jails: SimJail[];
  /** Bumped by every mutation, so an observer can skip unchanged states cheaply. */
  generation: number;
  /** Failures to inject (tests): the dispatcher consumes each when it fires (see cmd/faults.ts). */
  faults?: SimFault[];
  /** The kernel's devctl event queue while an emulated devd has /dev/devctl open (see devctl.ts). */
  devctl?: SimDevctl;
}

/** /dev/devctl as held by an emulated devd: its pid, and events not yet read, oldest first. */
export interface SimDevctl {
  pid: number;
  queue: string[];
}

/**
 * A command that will fail on purpose. `match` is an argv prefix (`["ifconfig",
 * "epair"]`, `["ngctl"]`; argv[0] compared by its base name). With `line`, it is
 * a line of an `ngctl -f` script instead: the lines before it take effect, then
 * ngctl stops there as real ngctl does. `nth` (1-based, default 1) picks which
 * matching invocation (or script line) fails. The failing command changes nothing
 * and prints `stderr`, exiting with `code`. With `sleepMs` (whole commands only)
 * it does not fail: it is held that long and then runs as usual (a slow host,
 * for tests that act while an apply runs); `code` and `stderr` are not used.
 */
export interface SimFault {
  match: string[];
  line?: string;
  nth?: number;
  code: number;
  stderr: string;
  sleepMs?: number;
}

/** The release's major number (`14.3-RELEASE` → 14). */
export function releaseMajor(state: Pick<SimState, 'release'>): number {
  const m = /^(\d+)/.exec(state.release);
  return m ? Number(m[1]) : 14;
}
