// The design document: what the user wants the host to look like. Versioned
// JSON, keyed by FreeBSD names (an unnamed live node is keyed `[id]`). Only what
// a design mentions is in its scope; everything else on the host is left alone
// unless the ownership ledger says the agent created it.

/** The only format version this code reads and writes. */
export const DESIGN_FORMAT = 1;

/** ng_bridge settings sent with `msg X: setconfig { … }` when the bridge is created. */
export interface BridgeConfig {
  debugLevel?: number;
  loopTimeout?: number;
  maxStaleness?: number;
  minStableAge?: number;
}

/** An ng_vlan filter: frames tagged `vlan` go to hook `hook` (`msg X: addfilter { vlan=N hook="H" }`). */
export interface VlanFilter {
  vlan: number;
  hook: string;
}

/**
 * A netgraph node. `type` is the netgraph type (`eiface`, `bridge`, `ether`,
 * `hub`, `vlan`, or any other). The options apply to one type only; validation
 * refuses an option on the wrong type. An `ether` node stands for a NIC's
 * ng_ether node: it is never created, only used (after `kldload ng_ether`).
 */
export interface DesignNode {
  /** Node name (≤31 chars, no `.` `:` `[` `]` whitespace), or `[id]` for an unnamed live node. */
  name: string;
  type: string;
  /** The host it lives on (a peer's hostname); absent = the local host. */
  host?: string;
  /** eiface: the interface name (≤15 chars). The node itself is named `name`. */
  ifname?: string;
  /** eiface: wanted MAC `aa:bb:cc:dd:ee:ff`; absent = whatever the kernel gives. */
  mac?: string;
  /** eiface: wanted administrative state; absent = don't care. */
  up?: boolean;
  /** bridge/hub: survive losing the last hook (`msg X: setpersistent`). */
  persistent?: boolean;
  /** bridge: settings applied at creation. */
  config?: BridgeConfig;
  /** vlan: tag → hook filters, added when the filter's hook is connected. */
  filters?: VlanFilter[];
  /** ksocket: the local address it is bound to when created (`msg X: bind inet/ADDR:PORT`). */
  bind?: string;
  /** ksocket: the remote address it is connected to when created (`msg X: connect inet/ADDR:PORT`). */
  connect?: string;
}

/** One end of a link: a node (by design key) and a hook on it. */
export interface LinkEnd {
  node: string;
  hook: string;
}

/**
 * What an impaired link does to the frames of one direction. Every field is
 * optional; absent means "not impaired that way". Units are in the names.
 */
export interface ImpairDirection {
  /** Rate limit in kilobits (1000 bits) per second. */
  bandwidthKbit?: number;
  /** Percent of full-size (1514-byte) frames lost; ng_pipe loses frames by bit errors, see impair.ts. */
  lossPct?: number;
  /** ng_pipe's bit error rate: one bit in `ber` is wrong (frames with one are lost). */
  ber?: number;
  /** Frames waiting for the rate limit before more are dropped (ng_pipe's queuelen, 50 by default). */
  queueLen?: number;
  /** Percent of frames sent twice. */
  duplicatePct?: number;
}

/**
 * A link made slow or lossy by an ng_pipe(4) spliced into it. The top-level
 * fields apply to both directions; `downstream` (frames from `a` to `b`) and
 * `upstream` (from `b` to `a`) override them for one direction. The delay is
 * one for both directions: ng_pipe has no per-direction delay and no jitter.
 */
export interface DesignImpair extends ImpairDirection {
  /** Milliseconds added to every frame (µs resolution). */
  delayMs?: number;
  /** Bytes of framing counted per frame for the rate limit and bit errors (24 for Ethernet's preamble, FCS and gap). */
  overheadBytes?: number;
  downstream?: ImpairDirection;
  upstream?: ImpairDirection;
}

/**
 * A netgraph link `a.node:a.hook ↔ b.node:b.hook` (undirected, unless
 * impaired: then the pipe's `upper` hook faces `a` and its `lower` hook `b`).
 */
export interface DesignLink {
  /** The host both ends live on; absent = the local host. */
  host?: string;
  a: LinkEnd;
  b: LinkEnd;
  impair?: DesignImpair;
}

/** One end of an epair. */
export interface EpairEnd {
  name: string;
  mac?: string;
  up?: boolean;
}

/** An epair(4): two interfaces joined back to back (`a` usually stays on the host). */
export interface DesignEpair {
  host?: string;
  a: EpairEnd;
  b: EpairEnd;
}

/** An if_bridge(4) with its member interfaces (host-side interfaces only). */
export interface DesignIfBridge {
  host?: string;
  name: string;
  members: string[];
  up?: boolean;
}

/** `running` = exists (persist); `stopped` = must not exist. */
export type JailWanted = 'running' | 'stopped';

/** A jail, created with `jail -c` from command-line parameters. */
export interface DesignJail {
  /** Jail name: not empty, no `.`, not purely numeric. */
  name: string;
  host?: string;
  /** Absolute path of its root. */
  path: string;
  hostname?: string;
  vnet: boolean;
  /** Interfaces that live in its vnet (vnet jails only): eiface ifnames, epair ends, host NICs. */
  interfaces: string[];
  /** Non-vnet jails: addresses. */
  ip4?: string[];
  ip6?: string[];
  /** Extra jail(8) parameters passed at creation (`key=value`). */
  params?: Record<string, string>;
  /** Default `running`. */
  state?: JailWanted;
}

/** Something on the host the user explicitly wants removed, even if the agent did not create it. */
export interface DeleteRef {
  kind: 'node' | 'interface' | 'jail';
  name: string;
  host?: string;
}

/**
 * A vxlan(4) interface (`ifconfig vxlan create vxlanid VNI vxlanlocal L
 * vxlanremote R`), renamed to `name`. Tunnels of kind vxlan become one on each
 * host; it can also be written by hand.
 */
export interface DesignVxlan {
  host?: string;
  /** Interface name (≤15 chars). */
  name: string;
  /** VXLAN network identifier, 0 … 16777215. */
  vni: number;
  /** IPv4 addresses of this host and of the far end. */
  local: string;
  remote: string;
  /** UDP port on both ends (vxlanlocalport / vxlanremoteport); absent = 4789. */
  port?: number;
}

/** One end of a tunnel: a node and hook (udp) or an if_bridge (vxlan, no hook) on a host (absent = local). */
export interface TunnelEnd {
  host?: string;
  node: string;
  hook?: string;
}

/**
 * A tunnel between two hosts. `udp`: an ng_ksocket on `node:hook` at each end,
 * bound to its host's uplink address and connected to the other's, carrying
 * the frames of that hook in UDP datagrams on `port`. `vxlan`: a vxlan(4)
 * interface with `vni` on each end, named after the tunnel, a member of the
 * if_bridge `node`.
 */
export interface DesignTunnel {
  name: string;
  kind: 'udp' | 'vxlan';
  a: TunnelEnd;
  b: TunnelEnd;
  /** UDP port, 1 … 65535, the same at both ends. */
  port: number;
  /** vxlan only: the VNI, 0 … 16777215. */
  vni?: number;
}

/** Canvas layout: positions per element key, and the viewport. Ignored by the planner. */
export interface DesignLayout {
  positions?: Record<string, { x: number; y: number }>;
  viewport?: { x: number; y: number; zoom: number };
}

/** The whole design document. */
export interface Design {
  format: 1;
  nodes: DesignNode[];
  links: DesignLink[];
  epairs: DesignEpair[];
  /** if_bridge(4) interfaces. */
  bridges: DesignIfBridge[];
  jails: DesignJail[];
  /** vxlan(4) interfaces. */
  vxlans?: DesignVxlan[];
  /** Tunnels between hosts (a design that spans several hosts). */
  tunnels?: DesignTunnel[];
  delete?: DeleteRef[];
  layout?: DesignLayout;
}

/**
 * One thing wrong with a design, as data: where (`path`, a JSON path such as
 * `links[2].b.hook`), which element (`element`, e.g. `node br0`), which field,
 * which rule (a stable code), and a sentence for people.
 */
export interface Problem {
  severity: 'error' | 'warning';
  path: string;
  element: string;
  field: string;
  rule: string;
  message: string;
}

/** parseDesign's answer: a usable design (maybe with warnings), or every problem found. */
export type DesignResult =
  | { ok: true; design: Design; warnings: Problem[] }
  | { ok: false; problems: Problem[] };

/** An empty design of the current format. */
export function emptyDesign(): Design {
  return { format: 1, nodes: [], links: [], epairs: [], bridges: [], jails: [] };
}
