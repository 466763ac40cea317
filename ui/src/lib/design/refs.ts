// What a canvas element stands for in the design being edited (pure): a
// reference by FreeBSD name, and the stable string key used in maps.
import type { Design, DesignLink, LinkEnd } from '../../../../shared/design/types.js';

/** A design object an element stands for. `iface` = a host interface the design does not own (a NIC). */
export type DesignRef =
  | { kind: 'node'; name: string }
  | { kind: 'link'; key: string }
  | { kind: 'epair'; name: string }
  | { kind: 'ifbridge'; name: string }
  | { kind: 'jail'; name: string }
  | { kind: 'iface'; name: string };

/** `kind:name` — one string per design object. */
export function refKey(r: DesignRef): string {
  return r.kind === 'link' ? `link:${r.key}` : `${r.kind}:${r.name}`;
}

/** The undirected key of a link: its two ends `node:hook`, sorted. */
export function linkKey(a: LinkEnd, b: LinkEnd): string {
  const x = `${a.node}:${a.hook}`;
  const y = `${b.node}:${b.hook}`;
  return x <= y ? `${x}|${y}` : `${y}|${x}`;
}

/** The key of a design link. */
export const keyOfLink = (l: DesignLink): string => linkKey(l.a, l.b);

/** The epair one of whose ends is named `name`. */
export function epairOf(d: Design, name: string): Design['epairs'][number] | undefined {
  return d.epairs.find((e) => e.a.name === name || e.b.name === name);
}

/** Every interface name a design element brings: an eiface's ifname, an epair end, an if_bridge. */
export function interfaceOf(d: Design, r: DesignRef): string | null {
  switch (r.kind) {
    case 'node': {
      const n = d.nodes.find((x) => x.name === r.name);
      return n?.type === 'eiface' ? (n.ifname ?? null) : n?.type === 'ether' ? n.name : null;
    }
    case 'epair':
    case 'ifbridge':
    case 'iface':
      return r.name;
    default:
      return null;
  }
}
