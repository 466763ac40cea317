// The host an export builds on: a freshly booted FreeBSD host that has the
// NICs the design uses (its ng_ether nodes and the host NICs it hands to vnet
// jails) and nothing else. Planning the design against it gives the commands
// an export prints; unnamed live nodes (`[id]` keys, from a live export) get
// stable names first, since a script can only address what it named.
import type { HostSnapshot, Interface } from '../model/snapshot.js';
import type { Design } from '../design/types.js';
import { isIdKey } from '../design/name-rules.js';
import { plan } from '../plan/plan.js';
import { emptyLedger } from '../plan/ledger.js';
import type { Plan } from '../plan/types.js';

function nic(name: string): Interface {
  return { name, kind: 'ether', mac: null, up: true, jail: null, flags: [], mtu: 1500, groups: [], epairPeer: null, members: [], ngNode: null };
}

/** Interface names the design creates itself (eifaces, epairs, if_bridges). */
function designedInterfaces(d: Design): Set<string> {
  const s = new Set<string>();
  for (const n of d.nodes) if (n.ifname !== undefined) s.add(n.ifname);
  for (const e of d.epairs) s.add(e.a.name).add(e.b.name);
  for (const b of d.bridges) s.add(b.name);
  return s;
}

/** The release exports target unless told otherwise. */
export const DEFAULT_TARGET_RELEASE = '14.3-RELEASE';

/** The freshly booted host (of `release`) the design's exports assume. */
export function targetHost(d: Design, release: string = DEFAULT_TARGET_RELEASE): HostSnapshot {
  const made = designedInterfaces(d);
  const nics = new Set<string>();
  for (const n of d.nodes) if (n.type === 'ether') nics.add(n.name);
  for (const j of d.jails) for (const i of j.interfaces) if (!made.has(i)) nics.add(i);
  for (const b of d.bridges) for (const m of b.members) if (!made.has(m)) nics.add(m);
  return {
    version: 1,
    host: { hostname: 'freebsd', backend: 'freebsd', release, emulated: false },
    modules: [],
    netgraph: { nodes: [], types: [] },
    interfaces: [...nics].sort().map(nic),
    jails: [],
  };
}

/** `[2a]` → `node_2a`, a name no FreeBSD node gets by itself, unless the design uses it already. */
export function nameUnnamed(d: Design): { design: Design; renamed: [string, string][] } {
  const used = new Set(d.nodes.map((n) => n.name));
  const map = new Map<string, string>();
  for (const n of d.nodes) {
    if (!isIdKey(n.name)) continue;
    let name = `node_${n.name.slice(1, -1)}`;
    for (let k = 2; used.has(name); k++) name = `node_${n.name.slice(1, -1)}_${k}`;
    used.add(name);
    map.set(n.name, name);
  }
  if (map.size === 0) return { design: d, renamed: [] };
  const r = (s: string): string => map.get(s) ?? s;
  return {
    design: {
      ...d,
      nodes: d.nodes.map((n) => ({ ...n, name: r(n.name) })),
      links: d.links.map((l) => ({ ...l, a: { ...l.a, node: r(l.a.node) }, b: { ...l.b, node: r(l.b.node) } })),
    },
    renamed: [...map],
  };
}

/** The plan that builds the design on its target host, or the blockers that stop it (hooks that release refuses among them). */
export function buildPlan(d: Design, release?: string): { plan: Plan; design: Design; warnings: string[] } | { errors: string[] } {
  const { design, renamed } = nameUnnamed(d);
  const p = plan(targetHost(design, release), design, emptyLedger());
  const errors = p.notes.filter((n) => n.severity === 'blocker').map((n) => n.message);
  if (errors.length > 0) return { errors };
  const warnings = [
    ...renamed.map(([from, to]) => `unnamed node ${from} is named ${to} in the export`),
    ...p.notes.filter((n) => n.severity === 'warning').map((n) => n.message),
  ];
  return { plan: p, design, warnings };
}
