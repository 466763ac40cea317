// Planning a design that spans hosts: one plan per host, each made by the
// ordinary planner over that host's snapshot and ledger and its part of the
// design (design/hosts.ts), with tunnel addresses read from the snapshots.
// Pure, like plan(); the hosts come out in the order they are applied in:
// the local host first, then the peers by name.
import type { HostSnapshot } from '../model/snapshot.js';
import type { Design } from '../design/types.js';
import { designHosts, hostKey, hostPart, LOCAL_HOST } from '../design/hosts.js';
import { hostWords } from '../design/span-rules.js';
import type { Ledger } from './ledger.js';
import { plan } from './plan.js';
import type { Plan, PlanNote } from './types.js';

/** One host as the span planner sees it. `name` is its hostname, or LOCAL_HOST for the local host. */
export interface SpanHost {
  name: string;
  snapshot: HostSnapshot;
  ledger: Ledger;
}

/** One host's share: its part of the design and the plan for it. */
export interface HostPlan {
  host: string;
  design: Design;
  plan: Plan;
}

/**
 * The IPv4 address a host's tunnels bind to and other hosts connect to, and
 * the interface it is on. The default-route interface would be the natural
 * choice, but no snapshot carries a routing table (neither backend reads
 * `netstat -r` into it), so this takes the first
 * addressed NIC on the host (not in a jail), in snapshot order, else the first
 * addressed non-loopback host interface: on a plain LAN that is the address
 * the other hosts reach this one at. null when the host has none.
 */
export function uplinkAddress(s: HostSnapshot): { ifname: string; address: string } | null {
  const onHost = s.interfaces.filter((i) => i.jail === null && i.kind !== 'loopback' && (i.inet ?? []).length > 0);
  const pick = onHost.find((i) => i.kind === 'ether') ?? onHost[0];
  const addr = pick?.inet?.[0];
  return pick && addr ? { ifname: pick.name, address: addr.replace(/\/\d+$/, '') } : null;
}

/** The order hosts are applied in: local first, then the others by name. */
export function hostOrder(names: string[]): string[] {
  return [...new Set(names)].sort((x, y) => (x === LOCAL_HOST ? -1 : y === LOCAL_HOST ? 1 : x < y ? -1 : x > y ? 1 : 0));
}

/** Blockers for tunnels that end on a host whose address is unknown (its part has no bind/connect). */
function addressNotes(d: Design, host: string, address: (h: string) => string | null): PlanNote[] {
  const out: PlanNote[] = [];
  for (const t of d.tunnels ?? []) {
    const here = hostKey(t.a) === host ? t.a : hostKey(t.b) === host ? t.b : null;
    if (here === null) continue;
    for (const h of [hostKey(t.a), hostKey(t.b)]) {
      if (address(h) !== null) continue;
      out.push({
        severity: 'blocker', object: { kind: t.kind === 'udp' ? 'node' : 'interface', name: t.name },
        message: `tunnel ${t.name}: ${hostWords(h)} has no IPv4 address on a NIC to ${h === host ? 'bind to' : 'connect to'}; give it one (ifconfig em0 inet ADDR/PREFIX)`,
      });
    }
  }
  return out;
}

/** One host's part of a spanning design, with the blockers about its tunnels' addresses. */
export interface SpanPart {
  host: string;
  design: Design;
  notes: PlanNote[];
}

/**
 * Each host's part of the design, in apply order, for the hosts the design
 * names (a host it does not name is left alone: its ledger may own what
 * other designs made there). Tunnel addresses come from `snapshots`; a named
 * host without a snapshot is skipped — validateForHosts refuses such a design first.
 */
export function spanParts(design: Design, snapshots: Map<string, HostSnapshot>): SpanPart[] {
  const address = (h: string): string | null => {
    const s = snapshots.get(h);
    return s ? uplinkAddress(s)?.address ?? null : null;
  };
  return hostOrder(designHosts(design)).filter((h) => snapshots.has(h))
    .map((h) => ({ host: h, design: hostPart(design, h, address).design, notes: addressNotes(design, h, address) }));
}

/** One plan per host the design names, in apply order (spanParts, each planned over its host's snapshot and ledger). */
export function planSpan(design: Design, hosts: SpanHost[]): HostPlan[] {
  const byName = new Map(hosts.map((h) => [h.name, h]));
  return spanParts(design, new Map(hosts.map((h) => [h.name, h.snapshot]))).map((part) => {
    const h = byName.get(part.host) as SpanHost;
    const p = plan(h.snapshot, part.design, h.ledger);
    return { host: part.host, design: part.design, plan: { changes: p.changes, notes: [...part.notes, ...p.notes] } };
  });
}
