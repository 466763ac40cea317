// Comparing what the freebsd backend reads through the emulated commands with
// what the sim backend reports for the same state. The freebsd backend reads
// addresses, link state, counters and bridge tables from the commands' output,
// and the sim backend's snapshot carries them from the emulated data plane, so
// everything is compared; a sim snapshot with none of those fields would be
// compared without them on both sides. Bridge tables carry ages, which tick with the emulated clock:
// hosts compared this way are seeded with that clock stopped (seedDemoStill).
import { now } from '../../../../agent/host/sim/clock.js';
import { seedDemo } from '../../../../agent/host/sim/demo.js';
import { withState } from '../../../../agent/host/sim/store.js';
import type { HostSnapshot, Interface, NgNode } from '../../../../shared/model/snapshot.js';

/** The demo host in `file`, its clock stopped where seeding left it: two reads one after the other see the same ages. */
export async function seedDemoStill(file: string): Promise<void> {
  await seedDemo(file);
  await withState(file, (s) => {
    s.clock = { boot: 0, skew: now(s), frozen: true };
    s.generation++;
  });
}

const OBSERVED_IF_FIELDS = ['inet', 'inet6', 'linkUp', 'counters'] as const;

/** True when the snapshot carries any of the fields read from addresses, link state or traffic. */
export function hasObservedFields(s: Pick<HostSnapshot, 'netgraph' | 'interfaces'>): boolean {
  return (
    s.interfaces.some((i) => OBSERVED_IF_FIELDS.some((f) => i[f] !== undefined)) ||
    s.netgraph.nodes.some((n) => n.table !== undefined || n.hooks.some((h) => h.counters !== undefined))
  );
}

function withoutObserved(s: Pick<HostSnapshot, 'netgraph' | 'interfaces'>): Pick<HostSnapshot, 'netgraph' | 'interfaces'> {
  const ifs = s.interfaces.map((i): Interface => {
    const { inet: _a, inet6: _b, linkUp: _c, counters: _d, ...rest } = i;
    return rest;
  });
  const nodes = s.netgraph.nodes.map((n): NgNode => {
    const { table: _t, ...rest } = n;
    return { ...rest, hooks: n.hooks.map(({ counters: _c, ...h }) => h) };
  });
  return { ...s, netgraph: { ...s.netgraph, nodes }, interfaces: ifs };
}

/** The pair to compare: as they are when the sim fills the observed fields, else both without them. */
export function comparablePair<T extends Pick<HostSnapshot, 'netgraph' | 'interfaces'>>(freebsd: T, sim: T): [T, T] {
  if (hasObservedFields(sim)) return [freebsd, sim];
  return [{ ...freebsd, ...withoutObserved(freebsd) }, { ...sim, ...withoutObserved(sim) }];
}
