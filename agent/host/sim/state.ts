// The emulated FreeBSD host's whole state as plain JSON data. It is what the
// state file holds (so separate processes running emulated commands share it),
// and the seam between the model modules: netgraph.ts owns `vnets[*]`,
// ifnet.ts owns `ifnets`, jails.ts owns `jails`, modules.ts owns `modules`;
// net/ifaddr.ts owns interface addresses, dataplane/ the traffic state
// (counters, ARP tables, bridge tables), clock.ts the emulated time.
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
  /** Traffic counters the type keeps per hook (ng_bridge link stats, ng_tee, ng_one2many): hook → counter → value, non-zero ones only. */
  stats?: Record<string, Record<string, number>>;
  /** ng_bridge: the learned hosts (the kernel's hash table). */
  hosts?: SimBridgeHost[];
  /** ng_bridge: hook → emulated time (ms) until which the link is muted after a loop detection. */
  mute?: Record<string, number>;
  /** ng_one2many: the next round-robin position. */
  rr?: number;
  /** ksocket: the socket its hook opened (ng_ksocket's priv->so). */
  ksock?: SimKsock;
}

/**
 * A ksocket node's socket: what socket(2) was asked for (the hook name's
 * family/type/proto as numbers) and, for UDP, the PCB: local and foreign
 * address and port ('0.0.0.0'/0 while unset) and the SOL_SOCKET options set.
 */
export interface SimKsock {
  family: number;
  type: number;
  proto: number;
  laddr: string;
  lport: number;
  faddr: string;
  fport: number;
  /** so_options bits (SO_REUSEADDR 0x4, SO_REUSEPORT 0x200 …). */
  options: number;
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

/** A host an ng_bridge learned: where it was seen, since when (age) and when last (staleness), in emulated ms. */
export interface SimBridgeHost {
  mac: string;
  hook: string;
  born: number;
  seen: number;
}

/** A static IPv4 route (`route add`): a prefix, the gateway it goes through and the ifnet that gateway is on. */
export interface SimRoute {
  dst: string;
  plen: number;
  gw: string;
  ifnet: number;
}

export interface SimVnet {
  /** Static routes added with route(8), oldest first. */
  routes?: SimRoute[];
  /** The vnet's ARP table (`arp -an`): resolved and incomplete entries; local addresses are not stored. */
  arp?: SimArpEntry[];
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
  /** sysctl values set in this vnet (`net.inet.ip.forwarding` …); absent: the default, 0. */
  sysctl?: Record<string, number>;
  /** The IPv4 default route (`route add default GW`): its gateway and the ifnet it goes out of; absent: none. */
  defaultRoute?: { gw: string; ifnet: number };
}

/** One ARP table entry of a vnet (in_arpinput / arpresolve state). */
export interface SimArpEntry {
  ip: string;
  /** The ifnet it was resolved on. */
  ifnet: number;
  /** null while incomplete (requests sent, no reply yet). */
  mac: string | null;
  /** Emulated ms: a resolved entry expires then; an incomplete one is removed then (arpt_down). */
  expire: number;
  /** Incomplete: ARP requests sent so far (la_asked) and the second of the last one (la_expire). */
  asked?: number;
  askedAt?: number;
}

/** An interface address (struct in_ifaddr / in6_ifaddr), in the kernel's if_addrhead order. */
export interface SimIfAddr {
  af: 'inet' | 'inet6';
  addr: string;
  plen: number;
  /** inet: an explicit broadcast address (`broadcast X`); otherwise derived from the prefix. */
  brd?: string;
  /** inet on a point-to-point interface (ng_iface): the other end's address (`ifconfig ng0 A B`). */
  dst?: string;
  /** inet6: tentative (DAD running) until this emulated ms. */
  dad?: number;
  /** Traffic to and from this address (netstat -i address rows): packets and IP bytes. */
  stats?: Record<string, number>;
}

export type SimIfKind = 'ether' | 'loopback' | 'epair' | 'bridge' | 'eiface' | 'iface' | 'vlan' | 'vxlan' | 'other';

/** if_vxlan's settings (net/vxlan.ts): VNI (VXLAN_VNI_MAX while unset), IPv4 addresses (null while unset) and ports. */
export interface SimVxlan {
  vni: number;
  local: string | null;
  localPort: number;
  remote: string | null;
  remotePort: number;
  /** The outer source port range (vxlanportrange). */
  minPort: number;
  maxPort: number;
  ttl: number;
  /** Initialised (IFF_DRV_RUNNING): up with complete settings and its socket bound. */
  running: boolean;
}

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
  /** IPv4 and IPv6 addresses, oldest first. */
  addrs?: SimIfAddr[];
  /** nd6: IFDISABLED cleared (an inet6 address was configured on it). */
  inet6On?: boolean;
  /** The ifnet's counters (if_data: ipackets, ibytes, opackets, …), non-zero ones only. */
  stats?: Record<string, number>;
  /** vxlan: its settings. */
  vxlan?: SimVxlan;
  /** The MTU was set with `ifconfig IF mtu N` (a vxlan then keeps it when its remote changes). */
  userMtu?: boolean;
  /** if_bridge: learned addresses (bridge_rtnode): MAC → member ifnet id, last seen (emulated ms). */
  fdb?: { mac: string; member: number; seen: number }[];
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
  /** The emulated clock (clock.ts); absent in state files written before it existed. */
  clock?: SimClock;
  /** Packet captures listening on the data plane (dataplane/taps.ts), like bpf(4) listeners. */
  taps?: SimTap[];
  /** The shared wire this host's NIC is plugged into (dataplane/wire.ts). */
  wire?: SimWire;
}

/**
 * A capture's listener: frames crossing a netgraph hook (both ways) or an
 * interface (in and out) are appended as pcap records to `spool`, a file the
 * capturing process (`pid`) reads. A tap whose process is gone is ignored.
 */
export interface SimTap {
  id: string;
  pid: number;
  spool: string;
  at: { kind: 'hook'; vnet: VnetId; node: number; hook: string } | { kind: 'if'; ifnet: number };
}

/** A host's place on a shared wire: the wire's folder, this host's id there, and the NIC attached to it. */
export interface SimWire {
  dir: string;
  id: string;
  nic: string;
}

/** /dev/devctl as held by an emulated devd: its pid, and events not yet read, oldest first. */
export interface SimDevctl {
  pid: number;
  queue: string[];
}

/**
 * Emulated uptime: wall time since `boot` plus `skew`, the time commands such
 * as ping simulated without sleeping. A `frozen` clock ignores wall time (only
 * simulated time passes), so tests see the same ages and expiries every run.
 */
export interface SimClock {
  boot: number;
  skew: number;
  frozen?: boolean;
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
