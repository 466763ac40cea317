// The delivery engine of the emulated data plane: one Transit per command
// run carries frames between netgraph hooks and interfaces the way the
// kernel does, as nested calls (NG_SEND_DATA, if_input, if_transmit), so a
// receiver's errno reaches its sender. Past a nesting depth further sends
// are queued, as netgraph queues items when the stack gets deep; a budget of
// steps ends broadcast storms (a hub loop would run forever on FreeBSD).
// It also holds what lives only while the command runs: packets waiting for
// ARP, and the raw sockets (ping) that echo replies are delivered to.
import { now } from '../clock.js';
import { graphOf, nodeById } from '../netgraph/base.js';
import { rcvdataOf } from '../netgraph/types/index.js';
import type { SimIfnet, SimNode, SimState, SimTap, VnetId } from '../state.js';
import { driverTransmit, etherDemux, etherInput } from './drivers.js';
import type { DataCtx, Frame, Ipv4Packet, Sent } from './frame.js';
import { liveTaps, tapHook, tapIf } from './taps.js';

/** Nested deliveries before further ones are queued. */
const MAX_DEPTH = 64;
/** Deliveries one run may make before the rest is dropped. */
const BUDGET = 20000;
/** net.link.ether.inet.maxhold: packets held per unresolved address. */
const MAXHOLD = 16;

/** A raw ICMP socket (ping's): echo replies arriving in its vnet. */
export interface EchoSocket {
  vnet: VnetId;
  onReply(p: Ipv4Packet): void;
}

/** What a delivery's path has cost so far; shared by the Transits of every host a frame crosses on a wire. */
interface PathCost {
  steps: number;
  delayUs: number;
}

export class Transit implements DataCtx {
  readonly state: SimState;
  now: number;
  private readonly cost: PathCost;
  private depth = 0;
  private readonly queue: (() => void)[] = [];
  private readonly held = new Map<string, ((mac: string) => Sent)[]>();
  readonly sockets: EchoSocket[] = [];
  /** Captures listening on this host (taps.ts), read once per run. */
  private readonly taps: SimTap[];

  /** `path`: another host's Transit whose delivery this one continues (the shared wire), sharing its step count, budget and delay. */
  constructor(state: SimState, path?: Transit) {
    this.state = state;
    this.now = now(state);
    this.taps = liveTaps(state);
    this.cost = path === undefined ? { steps: 0, delayUs: 0 } : path.cost;
  }

  /** Deliveries made so far (ping derives its round-trip times from them). */
  get steps(): number {
    return this.cost.steps;
  }

  /** µs the frame being delivered has spent in pipes since the outermost send (its path's added time). */
  get delayUs(): number {
    return this.cost.delayUs;
  }

  /** The time the deliveries so far took (3.7 µs each, as ping's round trips count them): a capture's clock within a run. */
  private stepUs(): number {
    return this.steps * 3.7;
  }

  /** A frame an interface received or its driver transmits: captures on it see it. */
  tapIf(ifp: SimIfnet, f: Frame): void {
    if (this.taps.length > 0) tapIf(this.state, this.taps, ifp, f, this.now, this.delayUs + this.stepUs());
  }

  /** Re-reads the clock (after a simulated wait). */
  tick(): void {
    this.now = now(this.state);
  }

  private call(fn: () => Sent): Sent {
    if (this.cost.steps >= BUDGET) return 'ENOBUFS';
    this.cost.steps++;
    if (this.depth >= MAX_DEPTH) {
      const d = this.delayUs;
      this.queue.push(() => void this.after(d - this.delayUs, fn));
      return null;
    }
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
      if (this.depth === 0) this.drain();
    }
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const next = this.queue.shift() as () => void;
      this.depth++;
      try {
        next();
      } finally {
        this.depth--;
      }
    }
  }

  send(vnet: VnetId, node: SimNode, hook: string, f: Frame): Sent {
    const h = node.hooks.find((x) => x.name === hook);
    const peer = h === undefined ? undefined : nodeById(graphOf(this.state, vnet), h.peer);
    if (h === undefined || peer === undefined) return 'ENOTCONN';
    if (this.taps.length > 0) tapHook(this.state, this.taps, vnet, [[node.id, hook], [peer.id, h.peerHook]], f, this.now, this.delayUs + this.stepUs());
    return this.call(() => rcvdataOf(peer.type)(this, vnet, peer, h.peerHook, f));
  }

  ifInput(ifp: SimIfnet, f: Frame): void {
    this.call(() => (etherInput(this, ifp, f), null));
  }

  ifTransmit(ifp: SimIfnet, f: Frame): void {
    this.call(() => driverTransmit(this, ifp, f));
  }

  ifDemux(ifp: SimIfnet, f: Frame): void {
    this.call(() => (etherDemux(this, ifp, f, false), null));
  }

  after(us: number, fn: () => Sent): Sent {
    this.cost.delayUs += us;
    try {
      return fn();
    } finally {
      this.cost.delayUs -= us;
    }
  }

  /**
   * Runs `fn` once the deliveries under way have unwound, as a packet queued
   * to a netisr (lo0's if_simloop) or taken in by another host's NIC is
   * processed later, not inside its sender's call.
   */
  defer(fn: () => void): void {
    if (this.depth === 0) {
      this.call(() => (fn(), null));
      return;
    }
    const d = this.delayUs;
    this.queue.push(() => void this.after(d - this.delayUs, () => (fn(), null)));
  }

  /** Runs a sending function as the outermost call (a socket's send). */
  run(fn: () => Sent): Sent {
    return this.call(fn);
  }

  /** Holds a packet until `ip` on `ifp` resolves (la_hold; the oldest goes beyond maxhold). */
  hold(ifp: SimIfnet, ip: string, send: (mac: string) => Sent): void {
    const key = `${ifp.id}/${ip}`;
    const list = this.held.get(key) ?? [];
    list.push(send);
    if (list.length > MAXHOLD) list.shift();
    this.held.set(key, list);
  }

  /** `ip` resolved on `ifp`: the held packets go out. */
  release(ifp: SimIfnet, ip: string, mac: string): void {
    const key = `${ifp.id}/${ip}`;
    const list = this.held.get(key);
    if (list === undefined) return;
    this.held.delete(key);
    for (const send of list) send(mac);
  }

  /** An echo reply for vnet `vnet` reached ICMP: every raw socket there sees it. */
  deliverEcho(vnet: VnetId, p: Ipv4Packet): void {
    for (const s of this.sockets) if (s.vnet === vnet) s.onReply(p);
  }
}

