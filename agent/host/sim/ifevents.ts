// Interface lifecycle events of the emulated kernel. ifnet.ts announces
// them; the subsystems that keep per-interface state (ng_ether nodes, the
// IP layer's addresses and ARP entries) subscribe here, so the interface code
// imports none of them (the kernel's ifnet_arrival/departure event handlers).
import type { SimIfnet, SimState } from './state.js';

/**
 * attach: a new ifnet; detach: it is destroyed; depart: it is leaving its
 * vnet (if_vmove, before the move); arrive: it entered a vnet (after);
 * rename: its name changed; up: IFF_UP was just set (if_up).
 */
export type IfEvent = 'attach' | 'detach' | 'depart' | 'arrive' | 'rename' | 'up';

type Handler = (state: SimState, ifp: SimIfnet) => void;

const handlers: Record<IfEvent, Handler[]> = { attach: [], detach: [], depart: [], arrive: [], rename: [], up: [] };

/** Subscribes a handler (once per module: a repeated subscription is ignored). */
export function onIfEvent(ev: IfEvent, h: Handler): void {
  if (!handlers[ev].includes(h)) handlers[ev].push(h);
}

/** Tells every subscriber, in subscription order. */
export function emitIfEvent(state: SimState, ev: IfEvent, ifp: SimIfnet): void {
  for (const h of handlers[ev]) h(state, ifp);
}
