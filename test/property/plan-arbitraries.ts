// fast-check arbitraries for the planner properties: random valid designs, and
// the host snapshot that such a design describes once built (a test-only
// "materialize": IDs, eiface interfaces, epairs, if_bridges, jails).
import fc from 'fast-check';
import type { Design, DesignLink, DesignNode } from '../../shared/design/types.js';
import type { HostSnapshot, Interface, NgNode } from '../../shared/model/snapshot.js';
import { iface } from '../shared/plan/helpers.js';

const mac = (i: number, last: number): string => `02:00:00:00:${(i & 0xff).toString(16).padStart(2, '0')}:${last.toString(16).padStart(2, '0')}`;

/** A random valid design: bridges, hubs and eifaces linked by type rules, epairs, if_bridges, vnet jails. */
export const designArb: fc.Arbitrary<Design> = fc
  .record({
    bridges: fc.integer({ min: 0, max: 3 }),
    hubs: fc.integer({ min: 0, max: 1 }),
    eifaces: fc.integer({ min: 0, max: 4 }),
    epairs: fc.integer({ min: 0, max: 2 }),
    ifbridges: fc.integer({ min: 0, max: 1 }),
    jails: fc.integer({ min: 0, max: 2 }),
    seed: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
    names: fc.constantFrom('plain', 'auto'),
  })
  .map(({ bridges, hubs, eifaces, epairs, ifbridges, jails, seed, names }) => {
    let k = 0;
    const pick = (n: number): number => (n <= 0 ? 0 : (seed[k++ % seed.length] ?? 0) % n);
    const nodes: DesignNode[] = [];
    for (let i = 0; i < bridges; i++) nodes.push({ name: `br${i}`, type: 'bridge' });
    for (let i = 0; i < hubs; i++) nodes.push({ name: `hub${i}`, type: 'hub' });
    const ifnameOf = (i: number): string => (names === 'auto' ? `ngeth${(i + 1) % eifaces}` : `ng_j${i}`);
    for (let i = 0; i < eifaces; i++) {
      nodes.push({ name: names === 'auto' ? `ngeth${i}` : `e${i}`, type: 'eiface', ifname: ifnameOf(i), mac: mac(i, 0xe0) });
    }
    const links: DesignLink[] = [];
    const switches = nodes.filter((n) => n.type !== 'eiface');
    const nextHook = new Map<string, number>();
    const hookOn = (n: DesignNode): string => {
      const i = nextHook.get(n.name) ?? 0;
      nextHook.set(n.name, i + 1);
      return n.type === 'bridge' ? `link${i}` : `h${i}`;
    };
    for (const e of nodes.filter((n) => n.type === 'eiface')) {
      if (switches.length === 0 || pick(4) === 0) continue;
      const s = switches[pick(switches.length)] as DesignNode;
      links.push({ a: { node: s.name, hook: hookOn(s) }, b: { node: e.name, hook: 'ether' } });
    }
    for (let i = 1; i < switches.length; i++) {
      const a = switches[i] as DesignNode;
      const b = switches[pick(i)] as DesignNode;
      if (pick(3) > 0) links.push({ a: { node: a.name, hook: hookOn(a) }, b: { node: b.name, hook: hookOn(b) } });
    }
    for (const s of switches) if (!nextHook.has(s.name)) s.persistent = true;
    const ep = Array.from({ length: epairs }, (_, i) => ({ a: { name: `e${i}a_x`, mac: mac(i, 0x0a) }, b: { name: `e${i}b_x`, mac: mac(i, 0x0b) } }));
    const ifbs = Array.from({ length: ifbridges }, (_, i) => ({ name: `brg${i}`, members: ep.filter(() => pick(2) === 0).map((e) => e.a.name) }));
    const free = [...nodes.filter((n) => n.type === 'eiface').map((n) => n.ifname as string), ...ep.map((e) => e.b.name)];
    const js = Array.from({ length: jails }, (_, i) => ({
      name: `j${i}`, path: `/jails/j${i}`, hostname: `j${i}.example`, vnet: true,
      interfaces: free.filter((_, f) => f % jails === i && pick(3) > 0),
    }));
    return { format: 1 as const, nodes, links, epairs: ep, bridges: ifbs, jails: js };
  });

/** The host a design describes, once built: what an observer would report. */
export function materialize(d: Design): HostSnapshot {
  const ids = new Map(d.nodes.map((n, i) => [n.name, (i + 3).toString(16)]));
  const nodes: NgNode[] = d.nodes.map((n) => ({ id: ids.get(n.name) as string, name: n.name, type: n.type, hooks: [] }));
  const byName = new Map(nodes.map((n) => [n.name as string, n]));
  for (const l of d.links) {
    byName.get(l.a.node)?.hooks.push({ hook: l.a.hook, peerId: ids.get(l.b.node) as string, peerHook: l.b.hook });
    byName.get(l.b.node)?.hooks.push({ hook: l.b.hook, peerId: ids.get(l.a.node) as string, peerHook: l.a.hook });
  }
  const jailOf = new Map(d.jails.flatMap((j) => j.interfaces.map((i) => [i, j.name] as const)));
  const where = (name: string): string | null => jailOf.get(name) ?? null;
  const ifs: Interface[] = [iface('em0', 'ether', { mac: '00:0c:29:00:00:01' }), iface('lo0', 'loopback')];
  for (const n of d.nodes) {
    if (n.type === 'eiface' && n.ifname) ifs.push(iface(n.ifname, 'eiface', { mac: n.mac ?? null, jail: where(n.ifname), ngNode: ids.get(n.name) ?? null }));
  }
  for (const e of d.epairs) {
    ifs.push(iface(e.a.name, 'epair', { mac: e.a.mac ?? null, jail: where(e.a.name), epairPeer: e.b.name }));
    ifs.push(iface(e.b.name, 'epair', { mac: e.b.mac ?? null, jail: where(e.b.name), epairPeer: e.a.name }));
  }
  for (const b of d.bridges) ifs.push(iface(b.name, 'bridge', { members: [...b.members], mac: '02:00:00:00:99:01' }));
  return {
    version: 1,
    host: { hostname: 'h', backend: 'sim', release: '14.3-RELEASE', emulated: true },
    modules: [],
    netgraph: { nodes, types: [] },
    interfaces: ifs,
    jails: d.jails.map((j, i) => ({
      jid: i + 1, name: j.name, hostname: j.hostname ?? '', path: j.path, vnet: j.vnet, persist: true, state: 'ACTIVE' as const,
      ip4: [], ip6: [], interfaces: [...j.interfaces].sort(),
    })),
  };
}
