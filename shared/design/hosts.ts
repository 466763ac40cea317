// A design that spans hosts, cut into one plain single-host design per host:
// the objects whose `host` is that host (absent = the local host), and each
// tunnel end on it turned into what builds it there — an ng_ksocket node
// linked to the end's node:hook, bound to this host's address and connected
// to the other end's (udp), or a vxlan interface that joins the end's
// if_bridge (vxlan). Each part is what one host's own planner, apply and
// ledger work on; `origin` maps its elements back to the spanning design so
// problems can name the field the user wrote.
import type { Design, DesignNode, DesignTunnel, TunnelEnd } from './types.js';

/** The key of the local host in these functions (every object without `host`). */
export const LOCAL_HOST = '';

/** ng_ksocket's hook for a UDP socket (the type/family/protocol triple, ng_ksocket(4)). */
export const KSOCKET_UDP_HOOK = 'inet/dgram/udp';

/** The default VXLAN UDP port (IANA), what vxlan(4) uses when none is given. */
export const VXLAN_PORT = 4789;

/** The host key of an object or tunnel end: its `host`, or LOCAL_HOST when absent. */
export function hostKey(x: { host?: string }): string {
  return x.host ?? LOCAL_HOST;
}

const SECTIONS = ['nodes', 'links', 'epairs', 'bridges', 'jails', 'vxlans', 'delete'] as const;
type Section = (typeof SECTIONS)[number];

/** Whether a design names any host or tunnel (else it is the single-host design it always was). */
export function spansHosts(d: Design): boolean {
  if ((d.tunnels ?? []).length > 0) return true;
  return SECTIONS.some((s) => ((d[s] ?? []) as { host?: string }[]).some((x) => x.host !== undefined));
}

/** The hosts a design names, sorted, the local host first when it names it. */
export function designHosts(d: Design): string[] {
  const hosts = new Set<string>();
  for (const s of SECTIONS) for (const x of (d[s] ?? []) as { host?: string }[]) hosts.add(hostKey(x));
  for (const t of d.tunnels ?? []) hosts.add(hostKey(t.a)).add(hostKey(t.b));
  return [...hosts].sort((x, y) => (x === LOCAL_HOST ? -1 : y === LOCAL_HOST ? 1 : x < y ? -1 : x > y ? 1 : 0));
}

/** The design with `host` fields naming the local host (by its hostname) dropped: they mean the same host. */
export function withLocalHost(d: Design, localName: string): Design {
  const drop = <T extends { host?: string }>(x: T): T => {
    if (x.host !== localName) return x;
    const { host: _h, ...rest } = x;
    return rest as T;
  };
  const out: Design = { ...d, nodes: d.nodes.map(drop), links: d.links.map(drop), epairs: d.epairs.map(drop), bridges: d.bridges.map(drop), jails: d.jails.map(drop) };
  if (d.vxlans) out.vxlans = d.vxlans.map(drop);
  if (d.delete) out.delete = d.delete.map(drop);
  if (d.tunnels) out.tunnels = d.tunnels.map((t) => ({ ...t, a: drop(t.a), b: drop(t.b) }));
  return out;
}

/** One host's part of a spanning design. */
export interface HostPart {
  host: string;
  design: Design;
  /** For each section, the path in the spanning design each element of the part came from. */
  origin: Record<Section, string[]>;
}

/** An end's other side. */
function ends(t: DesignTunnel, host: string): { side: 'a' | 'b'; end: TunnelEnd; far: TunnelEnd }[] {
  const out: { side: 'a' | 'b'; end: TunnelEnd; far: TunnelEnd }[] = [];
  if (hostKey(t.a) === host) out.push({ side: 'a', end: t.a, far: t.b });
  if (hostKey(t.b) === host) out.push({ side: 'b', end: t.b, far: t.a });
  return out;
}

/**
 * Host `host`'s part of `d`. `address(h)` is host h's uplink IPv4 address, or
 * null when unknown (validation): a ksocket then carries no bind/connect and a
 * vxlan has 0.0.0.0 for the unknown side. A tunnel end whose node (udp) or
 * if_bridge (vxlan) is not on this host adds nothing (span-rules.ts says so).
 */
export function hostPart(d: Design, host: string, address: (host: string) => string | null): HostPart {
  const origin = Object.fromEntries(SECTIONS.map((s) => [s, [] as string[]])) as Record<Section, string[]>;
  const pick = <T extends { host?: string }>(s: Section, xs: T[]): T[] => {
    const out: T[] = [];
    xs.forEach((x, i) => {
      if (hostKey(x) !== host) return;
      const { host: _h, ...rest } = x;
      out.push(rest as T);
      origin[s].push(`${s}[${i}]`);
    });
    return out;
  };
  const design: Design = {
    format: 1,
    nodes: pick('nodes', d.nodes),
    links: pick('links', d.links),
    epairs: pick('epairs', d.epairs),
    bridges: pick('bridges', d.bridges).map((b) => ({ ...b, members: [...b.members] })),
    jails: pick('jails', d.jails),
  };
  const vxlans = pick('vxlans', d.vxlans ?? []);
  const deletes = pick('delete', d.delete ?? []);
  (d.tunnels ?? []).forEach((t, i) => {
    for (const { side, end, far } of ends(t, host)) {
      const here = address(host);
      const there = address(hostKey(far));
      if (t.kind === 'udp') {
        if (!design.nodes.some((n) => n.name === end.node) || end.hook === undefined) continue;
        const node: DesignNode = { name: t.name, type: 'ksocket' };
        if (here !== null) node.bind = `inet/${here}:${t.port}`;
        if (there !== null) node.connect = `inet/${there}:${t.port}`;
        design.nodes.push(node);
        origin.nodes.push(`tunnels[${i}]`);
        design.links.push({ a: { node: end.node, hook: end.hook }, b: { node: t.name, hook: KSOCKET_UDP_HOOK } });
        origin.links.push(`tunnels[${i}].${side}`);
      } else {
        const bridge = design.bridges.find((b) => b.name === end.node);
        if (!bridge) continue;
        bridge.members.push(t.name);
        vxlans.push({ name: t.name, vni: t.vni ?? 0, local: here ?? '0.0.0.0', remote: there ?? '0.0.0.0', ...(t.port !== VXLAN_PORT ? { port: t.port } : {}) });
        origin.vxlans.push(`tunnels[${i}]`);
      }
    }
  });
  if (vxlans.length > 0) design.vxlans = vxlans;
  if (deletes.length > 0 || d.delete !== undefined) design.delete = deletes;
  if (host === LOCAL_HOST && d.layout) design.layout = d.layout;
  return { host, design, origin };
}

/**
 * A path of the part (`links[2].a.hook`) as a path of the spanning design.
 * A tunnel's ksocket link maps its `a` side to the tunnel end and its `b`
 * side (the ksocket) to the tunnel itself.
 */
export function originPath(part: HostPart, path: string): string {
  const m = /^([a-z]+)\[(\d+)\](.*)$/.exec(path);
  if (!m) return path;
  const from = part.origin[m[1] as Section]?.[Number(m[2])];
  if (from === undefined) return path;
  const rest = m[3] as string;
  if (/^tunnels\[\d+\]\.[ab]$/.test(from)) {
    if (rest.startsWith('.a')) return `${from}${rest.slice(2)}`;
    return from.replace(/\.[ab]$/, '');
  }
  if (from.startsWith('tunnels[')) return ['.name', '.vni', '.port'].includes(rest) ? `${from}${rest}` : from;
  return `${from}${rest}`;
}

/** Section paths inside a message (`links[0]`) rewritten as originPath does. */
export function originText(part: HostPart, text: string): string {
  return text.replace(/\b(nodes|links|epairs|bridges|jails|vxlans|delete)\[(\d+)\]/g, (p) => originPath(part, p));
}
