// The host as a forwarding graph for path tracing (pure): every element a
// frame can cross — netgraph nodes, interfaces, jail and host stacks, a NIC's
// wire — with its ports, what joins each port to a neighbour, which port pairs
// it passes frames between (both ways; one-way flows do not carry a ping and
// its reply), what stops frames at it now (down), and which of its links are
// missing. The per-type rules follow the FreeBSD man pages and kernel sources:
//
// - ng_bridge, ng_hub: every hook to every other hook.
// - ng_eiface, ng_iface: their hooks to their interface (ng_iface carries IP
//   packets, not Ethernet frames).
// - ng_ether (ng_ether(4), if_ethersubr.c): sits between its interface's
//   device and the interface's stack. Device ↔ lower when lower is connected
//   (all frames in go to lower, frames written to lower are sent); stack ↔
//   upper when upper is connected; device ↔ stack directly only while neither
//   is connected. An if_bridge that the interface is a member of takes frames
//   from the device before the stack but sends straight to the device, so the
//   bridge ↔ device way only needs lower free. `orphans` only sees frames the
//   stack does not recognise (not IP or ARP): no path for a ping.
// - ng_one2many: `one` ↔ each `manyN`; many hooks do not talk to each other.
// - ng_tee: left ↔ right, left ↔ left2right, right ↔ right2left (ng_tee.c).
// - ng_vlan: downstream ↔ nomatch and downstream ↔ each filter hook; filter
//   hooks never meet. The snapshot holds no filter table, so a filter hook is
//   assumed bound to some tag, and the hop says so.
// - ng_pipe: upper ↔ lower, unless a direction's BER is 1 (every frame lost);
//   a lower loss or a delay still carries a ping. ng_socket: a program's end, frames stop there.
// - Other node types: not modelled; frames are stopped there with that reason.
// - Interfaces: pass between their device side (the wire of a NIC, the other
//   end of an epair, their ng_eiface node) and their stack side (the stack of
//   the vnet they live in, any if_bridge they are a member of). A down
//   interface, or one reporting no carrier, stops frames.
// - if_bridge: an interface whose device side is its members.
// - Stacks (a vnet jail, the host) and wires end a path: nothing is routed
//   through them (this is a layer 2 trace).
import { interfaceKey } from '../model/snapshot.js';
import type { HostSnapshot, Interface, NgNode } from '../model/snapshot.js';
import { nodeName } from './describe.js';
import type { PathRef, Port } from './types.js';

/** A port's link to a neighbour element. */
export interface Conn {
  port: string;
  peer: string;
  peerPort: string;
  /** How the port reads in a hop when not the default (its hook, or the neighbour element): see portLabel. */
  label?: Port;
}

/** A link that should be there and is not: where a missing-link break is reported. */
export interface DeadEnd {
  hook?: string;
  reason: string;
}

export interface Element {
  key: string;
  ref: PathRef;
  conns: Conn[];
  /** Frames pass between ports `a` and `b`, both ways; `a` null: they start here. */
  pass(a: string | null, b: string): boolean;
  /** Why frames cannot enter now, or null. */
  blocked: string | null;
  deadEnds: DeadEnd[];
  /** An assumption made when frames pass from `a` to `b`. */
  note?(a: string | null, b: string | null): string | undefined;
  /** Why frames do not pass between ports `a` and `b` (for the types where that is a rule worth saying). */
  why?(a: string, b: string): string | undefined;
  /** Frames end here (a stack, a wire, a program's socket): nothing passes through. */
  ends?: boolean;
}

export type PathGraph = Map<string, Element>;

export const hostKey = 'host';
export const jailKey = (name: string): string => `jail:${name}`;
export const ifKey = (i: Pick<Interface, 'name' | 'jail'>): string => `if:${interfaceKey(i)}`;
export const ngKey = (id: string): string => `ng:${id}`;
const wireKey = (i: Pick<Interface, 'name' | 'jail'>): string => `wire:${interfaceKey(i)}`;
const hook = (h: string): string => `h:${h}`;

const any = (a: string | null, b: string): boolean => a !== b;
const startOnly = (a: string | null): boolean => a === null;
/** An element frames end at. */
const endpointElement = (key: string, ref: PathRef, rest: Partial<Element> = {}): Element => element(key, ref, startOnly, { ends: true, ...rest });
/** Passes between the listed pairs of ports (either way). */
const pairs = (list: [string, string][]) => (a: string | null, b: string): boolean => a === null || list.some(([x, y]) => (x === a && y === b) || (x === b && y === a));

/** Adds both directions of a link between two elements' ports. */
function connect(g: PathGraph, a: string, ap: string, b: string, bp: string, labels: { a?: Port; b?: Port } = {}): void {
  const ea = g.get(a);
  const eb = g.get(b);
  if (!ea || !eb) return;
  ea.conns.push(labels.a ? { port: ap, peer: b, peerPort: bp, label: labels.a } : { port: ap, peer: b, peerPort: bp });
  eb.conns.push(labels.b ? { port: bp, peer: a, peerPort: ap, label: labels.b } : { port: bp, peer: a, peerPort: ap });
}

/** How a port reads in a hop: its hook, or the element on the other side (unless the link says otherwise). */
export function portLabel(g: PathGraph, c: Conn): Port {
  if (c.label) return c.label;
  return c.port.startsWith('h:') ? { hook: c.port.slice(2) } : { via: (g.get(c.peer) as Element).ref };
}

function element(key: string, ref: PathRef, pass: Element['pass'], rest: Partial<Element> = {}): Element {
  return { key, ref, conns: [], pass, blocked: null, deadEnds: [], ...rest };
}

const missingHook = (n: NgNode, h: string, why = ''): DeadEnd => ({ hook: h, reason: `hook ${h} of ${nodeName(n)} is not connected${why}` });

/** The forwarding rule of one netgraph node, by type (see the module comment). */
function nodeElement(n: NgNode, bound: Interface | undefined, bridgeUppers: Set<string>): Element {
  const ref: PathRef = { kind: 'node', id: n.id, name: n.name, type: n.type };
  const hooks = new Set(n.hooks.map((h) => h.hook));
  const has = (h: string): boolean => hooks.has(h);
  const key = ngKey(n.id);
  const name = nodeName(n);
  switch (n.type) {
    case 'bridge':
    case 'hub':
      return element(key, ref, any);
    case 'eiface':
      return element(key, ref, pairs([[hook('ether'), 'if']]), { deadEnds: has('ether') ? [] : [missingHook(n, 'ether')] });
    case 'iface':
      return element(key, ref, (a, b) => a === null || (a === 'if') !== (b === 'if'), {
        note: () => `ng_iface ${name} carries IP packets, not Ethernet frames`,
      });
    case 'ether': {
      const [lower, upper] = [has('lower'), has('upper')];
      const ifname = bound?.name ?? name;
      const deadEnds: DeadEnd[] = [];
      if (lower && !upper) deadEnds.push(missingHook(n, 'upper', `: with lower connected, frames from ${ifname}'s wire go to lower and never reach its stack`));
      if (upper && !lower) deadEnds.push(missingHook(n, 'lower', `: with upper connected, what ${ifname}'s stack sends goes to upper and never out on the wire`));
      const isUp = (p: string): boolean => p.startsWith('up:');
      const pass = (a: string | null, b: string): boolean => {
        if (a === null) return b !== hook('orphans');
        const both = (p: string, q: (x: string) => boolean): boolean => (a === p && q(b)) || (b === p && q(a));
        if (both('if', (x) => x === hook('lower'))) return true;
        if (both(hook('upper'), isUp)) return true;
        // The device straight to the stack side: only while lower is free (and upper too, unless the way up is an if_bridge).
        return both('if', (x) => isUp(x) && !lower && (!upper || bridgeUppers.has(x.slice(3))));
      };
      const why = (a: string, b: string): string | undefined =>
        [a, b].includes('if') && [a, b].some(isUp) ? `with ${lower ? 'lower' : 'upper'} connected, frames between ${ifname} and its stack go by that hook instead` : undefined;
      return element(key, ref, pass, { deadEnds, why });
    }
    case 'one2many': {
      const many = n.hooks.filter((h) => /^many\d+$/.test(h.hook)).length;
      const deadEnds = many > 0 && !has('one') ? [missingHook(n, 'one')] : has('one') && many === 0 ? [{ reason: `${name} has no many hook connected` }] : [];
      return element(key, ref, (a, b) => a === null || (a === hook('one')) !== (b === hook('one')), {
        deadEnds,
        why: (a, b) => (a !== hook('one') && b !== hook('one') ? 'frames from a many hook go only to one' : undefined),
        note: (a, b) =>
          many > 1 && a === hook('one') && b !== null
            ? `${name} sends what comes in on one out of one many hook at a time (round-robin unless set to xmit all): only some frames leave by ${b.slice(2)}`
            : undefined,
      });
    }
    case 'tee': {
      const deadEnds = has('left') && !has('right') ? [missingHook(n, 'right')] : has('right') && !has('left') ? [missingHook(n, 'left')] : [];
      const [l, r] = [hook('left'), hook('right')];
      return element(key, ref, pairs([[l, r], [l, hook('left2right')], [r, hook('right2left')]]), {
        deadEnds,
        why: () => 'left passes to right and left2right, right to left and right2left, and nothing else',
      });
    }
    case 'vlan': {
      const down = hook('downstream');
      return element(key, ref, (a, b) => a === null || (a === down) !== (b === down), {
        deadEnds: has('downstream') ? [] : [missingHook(n, 'downstream')],
        why: (a, b) =>
          [a, b].includes(hook('nomatch')) ? 'frames of a VLAN and untagged ones meet only on downstream' : a !== down && b !== down ? 'each filter hook is its own VLAN: they meet only on downstream' : undefined,
        note: (a, b) => {
          const other = a === down ? b : b === down ? a : null;
          if (other === null || a === null) return undefined;
          if (other === hook('nomatch')) return `${name} passes only untagged frames (and tags no filter takes) between downstream and nomatch`;
          return `${name}'s vlan filters are not in the snapshot: hook ${other.slice(2)} is assumed bound to a VLAN tag (frames on downstream carry it)`;
        },
      });
    }
    case 'pipe': {
      const deadEnds = has('upper') !== has('lower') ? [missingHook(n, has('upper') ? 'lower' : 'upper')] : [];
      // A BER of 1 (every bit wrong, `lossPct: 100`) loses every frame of that direction.
      const lost = n.pipe && (n.pipe.downstream.ber === 1 || n.pipe.upstream.ber === 1)
        ? `${name} loses every frame ${n.pipe.downstream.ber === 1 ? 'from upper to lower' : 'from lower to upper'} (BER 1: every bit in error)`
        : null;
      return element(key, ref, pairs([[hook('upper'), hook('lower')]]), { deadEnds, blocked: lost });
    }
    case 'socket':
      return endpointElement(key, ref);
    default:
      return element(key, ref, any, { blocked: `ngstudio does not know how a ${n.type} node forwards frames (${name})` });
  }
}

/** Why an interface stops frames now, or null. */
function interfaceBlock(i: Interface): string | null {
  const what = i.kind === 'bridge' ? 'if_bridge' : 'interface';
  if (!i.up) return `${what} ${i.name} is down`;
  if (i.linkUp === false) return `${what} ${i.name} has no carrier`;
  return null;
}

/** Builds the forwarding graph of a snapshot. */
export function buildGraph(s: HostSnapshot): PathGraph {
  const g: PathGraph = new Map();
  const nodes = new Map(s.netgraph.nodes.map((n) => [n.id, n]));
  const boundTo = new Map<string, Interface>();
  for (const i of s.interfaces) if (i.ngNode !== null && nodes.has(i.ngNode)) boundTo.set(i.ngNode, i);
  // if_bridges by vnet and member name: a member's stack side reaches its bridge.
  const bridgesOf = new Map<string, Interface[]>();
  for (const b of s.interfaces) {
    if (b.kind !== 'bridge') continue;
    for (const m of b.members) {
      const k = interfaceKey({ name: m, jail: b.jail });
      bridgesOf.set(k, [...(bridgesOf.get(k) ?? []), b]);
    }
  }
  const bridgeUppers = new Set(s.interfaces.filter((i) => i.kind === 'bridge').map(ifKey));

  g.set(hostKey, endpointElement(hostKey, { kind: 'host' }));
  for (const j of s.jails) {
    if (!j.vnet) continue;
    const own = s.interfaces.some((i) => i.jail === j.name && i.kind !== 'loopback');
    g.set(jailKey(j.name), endpointElement(jailKey(j.name), { kind: 'jail', name: j.name }, {
      deadEnds: own ? [] : [{ reason: `jail ${j.name} has no interface in its vnet but lo0` }],
    }));
  }
  for (const n of s.netgraph.nodes) g.set(ngKey(n.id), nodeElement(n, boundTo.get(n.id), bridgeUppers));
  for (const i of s.interfaces) {
    const ref: PathRef = { kind: 'interface', name: i.name, jail: i.jail };
    const deadEnds = i.kind === 'loopback' ? [{ reason: `${i.name} is a loopback interface: frames sent on it never leave its own stack` }] : [];
    g.set(ifKey(i), element(ifKey(i), ref, any, { blocked: interfaceBlock(i), deadEnds }));
  }

  // Netgraph links, each once.
  for (const n of s.netgraph.nodes) {
    for (const h of n.hooks) {
      const peer = nodes.get(h.peerId);
      if (!peer) {
        g.get(ngKey(n.id))?.deadEnds.push({ hook: h.hook, reason: `hook ${h.hook} of ${nodeName(n)} leads to node [${h.peerId}], which is not on the host` });
        continue;
      }
      if (`${n.id}.${h.hook}` < `${h.peerId}.${h.peerHook}`) connect(g, ngKey(n.id), hook(h.hook), ngKey(h.peerId), hook(h.peerHook));
    }
  }
  const byKey = new Map(s.interfaces.map((i) => [interfaceKey(i), i]));
  for (const i of s.interfaces) if (i.kind !== 'loopback') wireInterface(g, s, i, nodes, bridgesOf.get(interfaceKey(i)) ?? [], byKey);
  return g;
}

/** Joins an interface to its stack side (stack, if_bridges, via its ng_ether node) and its device side. */
function wireInterface(g: PathGraph, s: HostSnapshot, i: Interface, nodes: Map<string, NgNode>, bridges: Interface[], byKey: Map<string, Interface>): void {
  const me = ifKey(i);
  const self = g.get(me) as Element;
  const bound = i.ngNode === null ? undefined : nodes.get(i.ngNode);
  const stack = i.jail === null ? hostKey : jailKey(i.jail);
  if (i.jail !== null && !g.has(stack)) g.set(stack, endpointElement(stack, { kind: 'jail', name: i.jail }));
  const uppers = [stack, ...bridges.map(ifKey)];
  // The element on the far side labels the member/stack port by this interface, even through its ng_ether node.
  const asMe: Port = { via: self.ref };
  const upperPort = (u: string, from: string): string => (u === stack ? `i:${from}` : `m:${from}`);
  if (bound?.type === 'ether') {
    const n = ngKey(bound.id);
    connect(g, me, 'top', n, 'if');
    for (const u of uppers) connect(g, n, `up:${u}`, u, upperPort(u, me), { b: asMe });
  } else {
    for (const u of uppers) connect(g, me, `top:${u}`, u, upperPort(u, me));
  }
  switch (i.kind) {
    case 'ether': {
      const w = wireKey(i);
      g.set(w, endpointElement(w, { kind: 'wire', name: i.name, jail: i.jail }));
      connect(g, me, 'link', w, 'nic');
      return;
    }
    case 'epair': {
      const peer = i.epairPeer === null ? undefined : s.interfaces.find((p) => p.kind === 'epair' && p.name === i.epairPeer && p.epairPeer === i.name);
      if (!peer) self.deadEnds.push({ reason: `the other end of epair ${i.name}${i.epairPeer ? ` (${i.epairPeer})` : ''} is not on the host` });
      else if (me < ifKey(peer)) connect(g, me, 'link', ifKey(peer), 'link');
      return;
    }
    case 'eiface':
    case 'iface': {
      if (bound && (bound.type === 'eiface' || bound.type === 'iface')) connect(g, me, 'link', ngKey(bound.id), 'if');
      else self.deadEnds.push({ reason: `the netgraph node of ${i.name} is not on the host` });
      return;
    }
    case 'bridge': {
      const present = i.members.filter((m) => byKey.has(interfaceKey({ name: m, jail: i.jail })));
      if (present.length === 0) self.deadEnds.push({ reason: `if_bridge ${i.name} has no members` });
      return;
    }
    case 'vlan':
      self.deadEnds.push({ reason: `vlan interface ${i.name}: its parent interface is not in the snapshot` });
      return;
    default:
      self.deadEnds.push({ reason: `ngstudio does not know what ${i.name} (${i.kind}) is attached to` });
  }
}
