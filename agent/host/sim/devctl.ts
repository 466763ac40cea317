// The emulated kernel's devctl(4) events: what devctl_notify(9) queues for
// devd(8) to read from /dev/devctl. Only the network interface events
// (sys/net/if.c) are emitted: ATTACH and DETACH of interfaces in the host's
// vnet (a vnet move counts as leaving one vnet and attaching in the other),
// RENAME in any vnet (`name=NEW`, newest releases), and LINK_UP/LINK_DOWN of
// host interfaces. Administrative up/down is not a devctl event on FreeBSD
// (it goes to the routing socket), so none is queued for it.
// The queue exists only while an emulated devd has /dev/devctl open, so a
// state without one never grows.
import type { SimIfnet, SimState } from './state.js';

/** hw.bus.devctl_queue's default: beyond it the kernel drops the oldest event. */
export const DEVCTL_QUEUE_MAX = 1000;

/** devctl_notify(system, subsystem, type, data): `!system=S subsystem=SUB type=T[ DATA]`, queued when devd listens. */
export function devctlNotify(state: SimState, system: string, subsystem: string, type: string, data?: string): void {
  const q = state.devctl?.queue;
  if (q === undefined) return;
  q.push(`!system=${system} subsystem=${subsystem} type=${type}${data === undefined ? '' : ` ${data}`}`);
  if (q.length > DEVCTL_QUEUE_MAX) q.splice(0, q.length - DEVCTL_QUEUE_MAX);
}

/** An IFNET event for an interface; ATTACH/DETACH/LINK_* only in the host's vnet (IS_DEFAULT_VNET). */
export function ifnetEvent(state: SimState, ifp: SimIfnet, type: 'ATTACH' | 'DETACH' | 'LINK_UP' | 'LINK_DOWN'): void {
  if (ifp.vnet === 0) devctlNotify(state, 'IFNET', ifp.name, type);
}
