// Comparing what the freebsd backend reads through the emulated commands with
// what the sim backend reports for the same state. The freebsd backend reads
// addresses, link state, counters and bridge tables from the commands' output;
// the sim backend's snapshot fills those fields only once the emulated data
// plane does. Until it does (no such field anywhere in the sim's snapshot),
// they are left out of the comparison on both sides; from then on everything
// is compared.
import type { HostSnapshot, Interface, NgNode } from '../../../../shared/model/snapshot.js';

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
