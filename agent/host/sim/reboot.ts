// A reboot of the emulated FreeBSD host: what survives is what the hardware
// and the kernel image give a fresh boot. The physical NICs come back in their
// order, under their driver names, with their permanent MACs, and down (no
// rc.conf brings them up); hostname and release stay. Netgraph starts empty
// (node IDs from 1 again), cloned interfaces (epair, if_bridge, ngeth) and
// jails are gone, and only the modules that were not kldloaded remain.
// Uptime starts again at 0; addresses, ARP tables, counters and learned
// hosts are gone with the interfaces and nodes that held them.
import { jailKillAll } from './jails.js';
import { bootModules } from './modules.js';
import { newState } from './new-state.js';
import type { SimState } from './state.js';

/** Turns `state` (in place) into the host as it is after a reboot. */
export function reboot(state: SimState): void {
  jailKillAll(state);
  const nics = state.ifnets
    .filter((i) => i.kind === 'ether')
    .sort((a, b) => a.id - b.id)
    .map((n) => ({ name: `${n.driver}${n.unit}`, mac: n.hwaddr ?? n.mac ?? '00:00:00:00:00:00' }));
  const fresh = newState({ release: state.release, hostname: state.hostname, nics, frozenClock: state.clock?.frozen === true });
  for (const i of fresh.ifnets) if (i.kind === 'ether') i.up = false;
  fresh.modules = bootModules(state);
  fresh.nextModuleId = fresh.modules.length + 1;
  // Observers compare generations: the rebooted host must not look unchanged.
  fresh.generation = state.generation + 1;
  // Injected failures (and a frozen clock) belong to the test driving the host, not to the host.
  if (state.faults !== undefined) fresh.faults = state.faults;
  for (const k of Object.keys(state)) delete (state as unknown as Record<string, unknown>)[k];
  Object.assign(state, fresh);
}
