// Did the self-test leave the host as it found it? The host's snapshots from
// before and after, compared with the snapshot diff once what is volatile is
// taken out: the version counter, traffic (interface and link counters,
// bridge tables: they tick on their own), and socket nodes (they belong to
// whatever ngctl or agent process is running at that instant, not to the
// host's setup).
import { diffSnapshots } from '../../shared/model/diff.js';
import type { HostSnapshot } from '../../shared/model/snapshot.js';
import { interfaceWithoutTraffic, nodeWithoutTraffic } from '../../shared/model/traffic.js';

/** A copy of the snapshot without its volatile parts. */
export function stableView(s: HostSnapshot): HostSnapshot {
  const sockets = new Set(s.netgraph.nodes.filter((n) => n.type === 'socket').map((n) => n.id));
  return {
    ...s,
    version: 0,
    netgraph: {
      nodes: s.netgraph.nodes.filter((n) => !sockets.has(n.id)).map((n) => nodeWithoutTraffic({ ...n, hooks: n.hooks.filter((h) => !sockets.has(h.peerId)) })),
      types: s.netgraph.types.map((t) => (t.name === 'socket' ? { ...t, count: 0 } : t)),
    },
    interfaces: s.interfaces.map(interfaceWithoutTraffic),
  };
}

/** null when the host is the same, else what differs in words (one line). */
export function hostDifference(before: HostSnapshot, after: HostSnapshot): string | null {
  const p = diffSnapshots(stableView(before), stableView(after));
  if (p === null) return null;
  const nodeName = (id: string): string => {
    const n = [...before.netgraph.nodes, ...after.netgraph.nodes].find((x) => x.id === id);
    return n?.name ?? `[${id}]`;
  };
  const parts: string[] = [];
  if (p.host) parts.push('host facts');
  if (p.modules) parts.push(`modules (now ${p.modules.join(', ')})`);
  if (p.types) parts.push('netgraph type counts');
  const keyed = (what: string, c: { upsert: unknown[]; remove: string[] } | undefined, key: (x: never) => string, show: (k: string) => string = (k) => k): void => {
    if (!c) return;
    if (c.upsert.length > 0) parts.push(`${what} new or changed: ${c.upsert.map((x) => key(x as never)).join(', ')}`);
    if (c.remove.length > 0) parts.push(`${what} gone: ${c.remove.map(show).join(', ')}`);
  };
  // A node whose hooks alone changed is a changed node too.
  const hooked = Object.keys(p.nodeHooks ?? {}).map((id) => ({ id, name: nodeName(id) }));
  const nodes = p.nodes || hooked.length > 0 ? { upsert: [...(p.nodes?.upsert ?? []), ...hooked], remove: p.nodes?.remove ?? [] } : undefined;
  keyed('nodes', nodes, (n: { name: string | null; id: string }) => n.name ?? `[${n.id}]`, nodeName);
  keyed('interfaces', p.interfaces, (i: { name: string; jail: string | null }) => (i.jail === null ? i.name : `${i.jail}/${i.name}`));
  keyed('jails', p.jails, (j: { name: string }) => j.name);
  return parts.join('; ');
}
