// designFromSnapshot: the observed host as a design, so the user can start
// from what is there (and `ngstudio snapshot --format design`). Left out: ngctl
// and other processes' socket nodes, ng_ether nodes without hooks (they only
// say "this NIC exists"), a jail's own loopbacks, dying jails, and what is not
// observable (bridge config, vlan filters, extra jail parameters). A bridge or
// hub without hooks can only be alive because it is persistent. An ng_pipe
// spliced between two other nodes is folded into the link it impairs (its
// `upper` side becomes the link's `a` end), unless its settings go beyond what
// a design says (impair.ts), or its peers are pipes or one node: then it stays a node.
import type { HostSnapshot, Interface, NgNode } from '../model/snapshot.js';
import type { Design, DesignEpair, DesignIfBridge, DesignJail, DesignLink, DesignNode, EpairEnd } from './types.js';
import { impairOf } from './impair.js';

const key = (n: NgNode): string => n.name ?? `[${n.id}]`;
const byString = <T>(f: (x: T) => string) => (a: T, b: T): number => (f(a) < f(b) ? -1 : f(a) > f(b) ? 1 : 0);

/** `eifaces`: each eiface interface by the ID of its netgraph node (a map: one lookup per node, not a scan of every interface). */
function toNode(n: NgNode, eifaces: Map<string, Interface>): DesignNode {
  const d: DesignNode = { name: key(n), type: n.type };
  if (n.type === 'eiface') {
    const i = eifaces.get(n.id);
    if (i) {
      d.ifname = i.name;
      if (i.mac !== null) d.mac = i.mac;
      if (i.jail === null) d.up = i.up;
    }
  }
  if ((n.type === 'bridge' || n.type === 'hub') && n.hooks.length === 0) d.persistent = true;
  return d;
}

/**
 * The links pipes stand for, keyed by pipe ID: the pipe's two peers joined
 * (`a` on its upper side), with the impairment read from its config. The UI
 * folds the same pipes into one edge.
 */
export function foldedPipes(nodes: NgNode[]): Map<string, DesignLink> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out = new Map<string, DesignLink>();
  for (const p of nodes) {
    if (p.type !== 'pipe' || !p.pipe || p.hooks.length !== 2) continue;
    const up = p.hooks.find((h) => h.hook === 'upper');
    const low = p.hooks.find((h) => h.hook === 'lower');
    const x = up && byId.get(up.peerId);
    const y = low && byId.get(low.peerId);
    if (!up || !low || !x || !y || x === y || x.type === 'pipe' || y.type === 'pipe') continue;
    const impair = impairOf(p.pipe);
    if (impair) out.set(p.id, { a: { node: key(x), hook: up.peerHook }, b: { node: key(y), hook: low.peerHook }, impair });
  }
  return out;
}

function links(nodes: NgNode[], folded: Map<string, DesignLink>): DesignLink[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out = new Map<string, DesignLink>();
  for (const l of folded.values()) {
    const [x, y] = [`${l.a.node}:${l.a.hook}`, `${l.b.node}:${l.b.hook}`].sort();
    out.set(`${x}|${y}`, l);
  }
  for (const n of nodes) {
    for (const h of n.hooks) {
      const p = byId.get(h.peerId);
      if (!p) continue;
      const a = { node: key(n), hook: h.hook };
      const b = { node: key(p), hook: h.peerHook };
      const [x, y] = `${a.node}:${a.hook}` <= `${b.node}:${b.hook}` ? [a, b] : [b, a];
      out.set(`${x.node}:${x.hook}|${y.node}:${y.hook}`, { a: x, b: y });
    }
  }
  return [...out.entries()].sort(byString(([k]) => k)).map(([, l]) => l);
}

function end(i: Interface): EpairEnd {
  const e: EpairEnd = { name: i.name };
  if (i.mac !== null) e.mac = i.mac;
  if (i.jail === null) e.up = i.up;
  return e;
}

function epairs(ifs: Interface[]): DesignEpair[] {
  const out: DesignEpair[] = [];
  const byName = new Map<string, Interface>();
  for (const x of ifs) if (x.kind === 'epair' && !byName.has(x.name)) byName.set(x.name, x);
  for (const i of ifs) {
    if (i.kind !== 'epair' || i.epairPeer === null || i.name > i.epairPeer) continue;
    const peer = byName.get(i.epairPeer);
    if (peer) out.push({ a: end(i), b: end(peer) });
  }
  return out.sort(byString((e) => e.a.name));
}

function bridges(ifs: Interface[]): DesignIfBridge[] {
  return ifs.filter((i) => i.kind === 'bridge').sort(byString((i) => i.name)).map((i) => {
    // ifconfig lists members newest first: that is history, not design, so sort.
    const b: DesignIfBridge = { name: i.name, members: [...i.members].sort() };
    if (i.jail === null) b.up = i.up;
    return b;
  });
}

function jails(s: HostSnapshot): DesignJail[] {
  const kinds = new Map(s.interfaces.map((i) => [`${i.jail ?? ''}/${i.name}`, i.kind]));
  return s.jails.filter((j) => j.state === 'ACTIVE').sort(byString((j) => j.name)).map((j) => {
    const d: DesignJail = {
      name: j.name, path: j.path, hostname: j.hostname, vnet: j.vnet,
      interfaces: j.interfaces.filter((n) => kinds.get(`${j.name}/${n}`) !== 'loopback'),
    };
    if (!j.vnet && j.ip4.length > 0) d.ip4 = [...j.ip4];
    if (!j.vnet && j.ip6.length > 0) d.ip6 = [...j.ip6];
    return d;
  });
}

/** The observed host as a design document (the inverse of applying a plan). */
export function designFromSnapshot(s: HostSnapshot): Design {
  const all = s.netgraph.nodes.filter((n) => n.type !== 'socket' && !(n.type === 'ether' && n.hooks.length === 0));
  const folded = foldedPipes(all);
  const nodes = all.filter((n) => !folded.has(n.id));
  const eifaces = new Map<string, Interface>();
  for (const i of s.interfaces) if (i.kind === 'eiface' && i.ngNode !== null && !eifaces.has(i.ngNode)) eifaces.set(i.ngNode, i);
  return {
    format: 1,
    nodes: nodes.map((n) => toNode(n, eifaces)).sort(byString((n) => n.name)),
    links: links(nodes, folded),
    epairs: epairs(s.interfaces),
    bridges: bridges(s.interfaces),
    jails: jails(s),
  };
}
