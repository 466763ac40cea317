// The observed host: what a backend reads from FreeBSD (or the emulated host),
// what the agent streams to the UI, and what plans are computed against.
// Plain JSON data only; arrays are kept in canonical order (see normalize.ts)
// so that two observations of the same host compare equal.

/** One end of a netgraph link, as seen from the node that owns `hook`. */
export interface NgHook {
  hook: string;
  /** Peer node ID, lowercase hex without padding, as in `[2a]:` addresses. */
  peerId: string;
  peerHook: string;
  /** Traffic through this hook, as the node counts it (ng_bridge `getstats N`); absent when the node keeps none. */
  counters?: Counters;
}

/**
 * Traffic counters as FreeBSD keeps them: per interface (`netstat -i -b -n`)
 * or per netgraph link (ng_bridge `getstats`). `in` is what the interface (or
 * the node, on that hook) received, `out` what it sent. Drops and errors are
 * present only where FreeBSD counts them.
 */
export interface Counters {
  inPackets: number;
  outPackets: number;
  inBytes: number;
  outBytes: number;
  inDrops?: number;
  outDrops?: number;
  inErrors?: number;
  outErrors?: number;
}

/** One MAC address a bridge has learned (ng_bridge `gettable`). */
export interface LearnedHost {
  /** `aa:bb:cc:dd:ee:ff`. */
  mac: string;
  /** The hook the address was seen on. */
  hook: string;
  /** Seconds since the address was last seen moving (`age`) and since last seen at all (`staleness`). */
  age: number;
  staleness: number;
}

/** A netgraph node of the host's vnet. */
export interface NgNode {
  /** Node ID, lowercase hex without padding (`ngctl list` prints it zero-padded). */
  id: string;
  /** null for `<unnamed>` nodes. */
  name: string | null;
  type: string;
  /** In NGM_LISTHOOKS order. */
  hooks: NgHook[];
  /** For an ng_bridge: the MAC addresses it has learned, sorted by MAC. */
  table?: LearnedHost[];
  /** For an ng_pipe: its configuration (`msg X: getcfg`); absent when it could not be read. */
  pipe?: PipeConfig;
}

/**
 * One direction of an ng_pipe (`struct ng_pipe_hookcfg`), in the kernel's own
 * units. Zero means "off" for every field but the queue mode flags.
 */
export interface PipeHookConfig {
  /** bits per second (0: no limit). */
  bandwidth: number;
  /** One bit in `ber` is in error, so a frame of N bits is lost with 1 - (1 - 1/ber)^N (0: none). */
  ber: number;
  /** Inbound queue length in frames (`queuelen`; 50 on a new hook). */
  qinSizeLimit: number;
  /** Delay-line length in frames (`delaylen`; 0: no limit). */
  qoutSizeLimit: number;
  /** Probability in % that a frame is sent twice. */
  duplicate: number;
  /** Queue discipline: exactly one of fifo / drr (quantum in bytes) / wfq is set. */
  fifo: number;
  drr: number;
  wfq: number;
  /** Which frame an overfull queue loses. */
  droptail: number;
  drophead: number;
}

/**
 * An ng_pipe's configuration as `getcfg` reports it, with `bandwidth` given
 * per direction (getcfg folds equal bandwidths into one top-level field).
 * `downstream` is traffic entering on hook `upper` (leaving on `lower`),
 * `upstream` the other way. The delay is one for both directions.
 */
export interface PipeConfig {
  /** Microseconds added to every frame. */
  delay: number;
  /** Bytes of framing counted per frame for bandwidth and bit errors. */
  overhead: number;
  /** Offset of the IP header in a frame (for wfq/drr flow hashing). */
  headerOffset: number;
  downstream: PipeHookConfig;
  upstream: PipeHookConfig;
}

/** A loaded netgraph node type and how many nodes of it live (`ngctl types`). */
export interface NgType {
  name: string;
  count: number;
}

export type InterfaceKind =
  | 'ether' // a NIC present at boot (em0, igb0, vtnet0 …)
  | 'loopback' // lo0, lo1 …
  | 'epair' // one end of an epair(4)
  | 'bridge' // if_bridge(4)
  | 'eiface' // the ifnet of an ng_eiface node
  | 'iface' // the ifnet of an ng_iface node (ng0 …)
  | 'vlan'
  | 'other';

/** A network interface, on the host or inside a vnet jail. */
export interface Interface {
  name: string;
  kind: InterfaceKind;
  /** `aa:bb:cc:dd:ee:ff`, or null when the interface has no link-level address. */
  mac: string | null;
  up: boolean;
  /** Name of the vnet jail it lives in now, or null for the host. */
  jail: string | null;
  flags: string[];
  mtu: number | null;
  groups: string[];
  /** For an epair end: the other end's name. */
  epairPeer: string | null;
  /** For an if_bridge: member interface names, as `ifconfig` lists them. */
  members: string[];
  /** ID of the netgraph node bound to it (its ng_eiface, or its ng_ether node), or null. */
  ngNode: string | null;
  /** IPv4 addresses as `ADDR/PREFIXLEN`, in `ifconfig` order; absent when not observed. */
  inet?: string[];
  /** IPv6 addresses as `ADDR/PREFIXLEN` (link-local without the `%scope`), in `ifconfig` order. */
  inet6?: string[];
  /** Link state from `ifconfig`'s `status:` line: true = active, false = no carrier; absent when not reported. */
  linkUp?: boolean;
  /** Traffic counters (`netstat -i -b -n`); absent when not observed. */
  counters?: Counters;
}

export type JailState = 'ACTIVE' | 'DYING';

/** A running (or dying) jail. */
export interface Jail {
  jid: number;
  name: string;
  hostname: string;
  path: string;
  vnet: boolean;
  persist: boolean;
  state: JailState;
  ip4: string[];
  ip6: string[];
  /** Interfaces that live in the jail's vnet now (vnet jails only). */
  interfaces: string[];
}

export type BackendKind = 'sim' | 'freebsd';

/** Facts about the host itself. */
export interface HostInfo {
  hostname: string;
  backend: BackendKind;
  /** e.g. `14.3-RELEASE`; decides version-dependent formats and hook rules. */
  release: string;
  /** True when this is the emulated FreeBSD host. */
  emulated: boolean;
  /** Version differences the freebsd backend read from command output (absent on the sim backend). */
  facts?: HostFacts;
}

/** Format and rule differences between FreeBSD releases, as observed on the host. */
export interface HostFacts {
  /** `ngctl list -l`: 12.x prints show blocks back to back, 13+ with blank lines between; unknown with < 2 nodes. */
  listLayout: 'blank-lines' | 'back-to-back' | 'unknown';
  /** `__version` of jls's libxo JSON ("2" current, "1" older), null when not JSON. */
  jlsVersion: string | null;
  /** ng_ether loaded (without it NICs have no netgraph node). */
  ngEther: boolean;
  /** ng_bridge hook names: 12.x link0..link31 only; 13+ any linkN plus uplinkN. */
  bridgeHooks: 'link0-31' | 'linkN-uplinkN';
}

/** Everything the agent observed in one cycle. */
export interface HostSnapshot {
  /** Grows by one with every observed change; assigned by the agent's observe loop. */
  version: number;
  host: HostInfo;
  /** Loaded kernel modules of interest (netgraph, ng_ether, if_epair, if_bridge …). */
  modules: string[];
  netgraph: { nodes: NgNode[]; types: NgType[] };
  interfaces: Interface[];
  jails: Jail[];
}

/** The key an interface is known by: its name is unique only within one vnet. */
export function interfaceKey(i: Pick<Interface, 'name' | 'jail'>): string {
  return i.jail === null ? i.name : `${i.jail}/${i.name}`;
}
