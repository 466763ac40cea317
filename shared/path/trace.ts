// Path tracing: why can A not reach B. A pure function over a snapshot, so
// the CLI, the UI and the tests share it (the agent's probes run beside it).
//
// The host is read as a forwarding graph (graph.ts: which ports of each
// element pass frames to which, both ways, per node type). Then:
//
// 1. Frames spread from `from` through everything they can pass now
//    (breadth first, so the path found is a shortest one). If `to` is among
//    what they reach, it is reachable and `hops` is that path.
// 2. Otherwise, trace the layout alone from `to` (ignoring what is down) to
//    know how far each element is from `to`. At the edge of what `from`
//    reaches sit the elements that stop frames now (a down interface, a node
//    type ngstudio does not model). The break is the one of those nearest to
//    `to` (the first one found when several are as near). `hops` runs from
//    `from` to it and on to `to`, the part past the break marked `beyond`.
// 3. When no such element leads on to `to`, the two ends lie in separate
//    parts of the layout. Trace it alone from `from` too, and take, in order:
//    a. an element both sides reach that passes nothing between their two
//       ways in (two filter hooks of an ng_vlan, two many hooks of an
//       ng_one2many …), the one nearest to both ends together, named with
//       its own missing link when it has one (an ng_ether with lower
//       connected and upper free);
//    b. a missing link (an unconnected hook an element needs, an epair whose
//       other end is gone, a vnet jail without interfaces …) nearest to
//       either end, counted in hops from that end; on a tie, `from`'s side;
//    c. a stack or a NIC's wire both sides reach: they meet only where frames
//       end (a stack routes, it does not bridge; the wire leaves the host);
//    d. each side leaving the host on its own wire, or else nothing joining them.
//    `hops` runs from `from` to the break (and on to `to` past a meeting
//    element), or, for a missing link on `to`'s side, from it to `to`.
//
// The trace is a layer 2 one: nothing is routed through a jail's or the
// host's stack, and a NIC's wire ends the path. Reaching an interface means
// reaching that interface itself (up): a stack may still answer a ping for
// that interface's address arriving on another of its interfaces (FreeBSD
// takes a packet for any local address); trace to the jail to see that way.
import type { HostSnapshot } from '../model/snapshot.js';
import { describePort, describeRef, shortName } from './describe.js';
import { endpointOf, resolveEndpoint } from './endpoint.js';
import type { Endpoint, Resolved } from './endpoint.js';
import { buildGraph, hostKey, portLabel } from './graph.js';
import type { Element, PathGraph } from './graph.js';
import type { Break, Hop, PathRef, PathResult, PathTrace, Port } from './types.js';

/** Where a walk stands: an element, entered by a port (null: it started there). */
interface State {
  el: string;
  in: string | null;
}

/** How a state was reached: the state before it and the port that one left by. */
interface Step {
  state: State;
  dist: number;
  prev: { key: string; out: string } | null;
}

interface Walk {
  steps: Map<string, Step>;
  /** Blocked states at the edge of the walk (entered, not passed), in the order found. */
  frontier: Step[];
  /** Element → fewest hops from the start. */
  near: Map<string, number>;
}

const sk = (s: State): string => `${s.el}|${s.in ?? ''}`;

/** Breadth-first walk from `start`; `open`: also through elements that stop frames now (the layout alone). */
function walk(g: PathGraph, start: string, open: boolean): Walk {
  const first: Step = { state: { el: start, in: null }, dist: 0, prev: null };
  const steps = new Map([[sk(first.state), first]]);
  const near = new Map([[start, 0]]);
  const frontier: Step[] = [];
  if (!open && g.get(start)?.blocked) return { steps, frontier: [first], near };
  const queue: Step[] = [first];
  // Per element, the ports not yet left by: leaving by a port leads to the same
  // place whatever the way in, so each port is followed once (an element entered
  // by many ports — a stack, a big bridge — is not scanned whole each time).
  const unused = new Map<string, Element['conns']>();
  for (let q = 0; q < queue.length; q++) {
    const cur = queue[q] as Step;
    const el = g.get(cur.state.el) as Element;
    if (el.ends && cur.state.in !== null) continue;
    const keep: Element['conns'] = [];
    for (const c of unused.get(el.key) ?? el.conns) {
      if (!el.pass(cur.state.in, c.port)) {
        keep.push(c);
        continue;
      }
      const next: State = { el: c.peer, in: c.peerPort };
      const key = sk(next);
      if (steps.has(key)) continue;
      const step: Step = { state: next, dist: cur.dist + 1, prev: { key: sk(cur.state), out: c.port } };
      steps.set(key, step);
      if (!near.has(next.el)) near.set(next.el, step.dist);
      if (!open && g.get(next.el)?.blocked) frontier.push(step);
      else queue.push(step);
    }
    unused.set(el.key, keep);
  }
  return { steps, frontier, near };
}

/** A hop with the key of its element. */
interface Item {
  el: string;
  hop: Hop;
}

/** A port's label as seen from its element. */
function label(g: PathGraph, el: string, port: string | null): Hop['in'] {
  if (port === null) return undefined;
  const c = g.get(el)?.conns.find((x) => x.port === port);
  return c ? portLabel(g, c) : undefined;
}

function item(g: PathGraph, el: string, inPort: string | null, outPort: string | null): Item {
  const e = g.get(el) as Element;
  const h: Hop = { at: e.ref };
  const i = label(g, el, inPort);
  const o = label(g, el, outPort);
  if (i) h.in = i;
  if (o) h.out = o;
  const note = e.note?.(inPort, outPort);
  if (note) h.note = note;
  return { el, hop: h };
}

/** The path from a walk's start to `end`, in walking order. */
function pathTo(g: PathGraph, w: Walk, end: Step): Item[] {
  const out: Item[] = [];
  let step: Step | undefined = end;
  let leave: string | null = null;
  while (step) {
    out.push(item(g, step.state.el, step.state.in, leave));
    leave = step.prev?.out ?? null;
    step = step.prev ? w.steps.get(step.prev.key) : undefined;
  }
  return out.reverse();
}

/** The path from `el` (entered at `inPort`, leaving by `outPort`) on to the start of `back`, a walk from the far end. */
function pathBack(g: PathGraph, back: Walk, el: string, inPort: string | null, outPort: string): Item[] {
  const out: Item[] = [item(g, el, inPort, outPort)];
  let step = back.steps.get(sk({ el, in: outPort }));
  while (step?.prev) {
    const prev = back.steps.get(step.prev.key) as Step;
    out.push(item(g, prev.state.el, step.prev.out, prev.state.in));
    step = prev;
  }
  return out;
}

/** The first (nearest) step of a walk that entered `el`. */
function firstStep(w: Walk, el: string): Step | undefined {
  let best: Step | undefined;
  for (const s of w.steps.values()) if (s.state.el === el && (!best || s.dist < best.dist)) best = s;
  return best;
}

/** How far `to` is from a state, leaving by its best port (`Infinity`: no way on). */
function onward(g: PathGraph, back: Walk, st: State, to: string): { dist: number; port: string | null } {
  if (st.el === to) return { dist: 0, port: null };
  const el = g.get(st.el) as Element;
  let best = { dist: Infinity, port: null as string | null };
  for (const c of el.conns) {
    if (c.port === st.in || !el.pass(st.in, c.port)) continue;
    const d = back.steps.get(sk({ el: st.el, in: c.port }))?.dist;
    if (d !== undefined && d < best.dist) best = { dist: d, port: c.port };
  }
  return best;
}

interface Found {
  hops: Hop[];
  breaks: Break;
}

/** Rule 2: the element stopping frames nearest to `to`, with the way on past it. */
function stateBreak(g: PathGraph, fwd: Walk, back: Walk, to: string): Found | null {
  let best: { step: Step; dist: number; port: string | null } | null = null;
  for (const f of fwd.frontier) {
    const o = onward(g, back, f.state, to);
    if (o.dist < (best?.dist ?? Infinity)) best = { step: f, ...o };
  }
  if (best === null) return null;
  const { step, port } = best;
  const before = pathTo(g, fwd, step).slice(0, -1).map((i) => i.hop);
  const rest = port === null ? [item(g, step.state.el, step.state.in, null)] : pathBack(g, back, step.state.el, step.state.in, port);
  const el = g.get(step.state.el) as Element;
  const hops = [...before, ...rest.map((i, n) => (n === 0 ? i.hop : { ...i.hop, beyond: true }))];
  return { hops, breaks: { at: el.ref, reason: el.blocked ?? 'frames stop here', hop: before.length } };
}

/** Marks the hops frames do not get to: from the first one the forward walk did not reach, or the one after an element that stops them. */
function markReached(g: PathGraph, fwd: Walk, items: Item[]): Hop[] {
  let ok = true;
  return items.map(({ el, hop }) => {
    if (!fwd.near.has(el)) ok = false;
    const h = ok ? hop : { ...hop, beyond: true };
    if (g.get(el)?.blocked) ok = false;
    return h;
  });
}

/** A hop walked backwards: its in and out change places. */
function reversed(h: Hop): Hop {
  const { in: i, out: o, ...rest } = h;
  return { ...rest, ...(o ? { in: o } : {}), ...(i ? { out: i } : {}) };
}

/** The element with a missing link nearest to a walk's start. */
function nearestDeadEnd(g: PathGraph, w: Walk): { el: Element; dist: number } | null {
  let best: { el: Element; dist: number } | null = null;
  for (const [key, dist] of w.near) {
    const el = g.get(key) as Element;
    if (el.deadEnds.length > 0 && dist < (best?.dist ?? Infinity)) best = { el, dist };
  }
  return best;
}

/** Where both ends' sides meet: an element the layout alone leads to from both, that passes no frames between their two ways in. */
interface Meeting {
  el: Element;
  /** The first steps into it from `from` and from `to`. */
  a: Step;
  b: Step;
}

/** The meeting nearest to the two ends together; forwarding elements before those frames end at (stacks, wires). */
function meeting(g: PathGraph, ahead: Walk, back: Walk, from: string, to: string): Meeting | null {
  let best: (Meeting & { cost: number }) | null = null;
  for (const [key, da] of ahead.near) {
    const db = back.near.get(key);
    if (db === undefined || key === from || key === to) continue;
    const el = g.get(key) as Element;
    const cost = (el.ends ? 1e9 : 0) + da + db;
    if (cost < (best?.cost ?? Infinity)) best = { el, a: firstStep(ahead, key) as Step, b: firstStep(back, key) as Step, cost };
  }
  return best;
}

/** Why frames do not cross the meeting element, in words. */
function meetingReason(g: PathGraph, m: Meeting, from: Endpoint, to: Endpoint): string {
  const { el } = m;
  const [fa, tb] = [shortName(from.ref), shortName(to.ref)];
  if (el.ref.kind === 'host' || el.ref.kind === 'jail')
    return `${fa}'s and ${tb}'s sides meet only at ${describeRef(el.ref)}, which routes IP packets but does not bridge frames: no layer 2 path goes through it`;
  if (el.ref.kind === 'wire') return `${fa}'s and ${tb}'s sides meet only on ${describeRef(el.ref)}, outside the host: whether anything there joins them is not in the snapshot`;
  if (el.ends) return `${fa}'s and ${tb}'s sides meet only at ${describeRef(el.ref)}, a program's socket: frames end there`;
  const [p, q] = [m.a.state.in, m.b.state.in] as [string, string];
  const side = (port: string): string => describePort(label(g, el.key, port) as Port);
  const why = el.why?.(p, q);
  return `${shortName(el.ref)} passes no frames between ${side(p)} and ${side(q)}${why ? `: ${why}` : ''}`;
}

/** Rule 3: where the two sides meet, else the missing link nearest to either end, else why the two parts do not meet. */
function linkBreak(g: PathGraph, fwd: Walk, from: Endpoint, to: Endpoint): Found {
  const ahead = walk(g, from.key, true);
  const back = walk(g, to.key, true);
  const breakAt = (el: Element, hop: number): Break => {
    const d = el.deadEnds[0] as Element['deadEnds'][number];
    return { at: el.ref, reason: d.reason, ...(d.hook ? { hook: d.hook } : {}), hop };
  };
  const meet = meeting(g, ahead, back, from.key, to.key);
  if (meet && !meet.el.ends) {
    const upTo = pathTo(g, ahead, meet.a).slice(0, -1);
    const rest = pathBack(g, back, meet.el.key, meet.a.state.in, meet.b.state.in as string);
    const hops = [...markReached(g, fwd, [...upTo, rest[0] as Item]), ...rest.slice(1).map((i) => ({ ...i.hop, beyond: true }))];
    // A missing link of the meeting element itself is what keeps the sides apart there.
    if (meet.el.deadEnds.length > 0) return { hops, breaks: breakAt(meet.el, upTo.length) };
    return { hops, breaks: { at: meet.el.ref, reason: meetingReason(g, meet, from, to), hop: upTo.length } };
  }
  const a = nearestDeadEnd(g, ahead);
  const b = nearestDeadEnd(g, back);
  if (a && (!b || a.dist <= b.dist)) {
    const hops = markReached(g, fwd, pathTo(g, ahead, firstStep(ahead, a.el.key) as Step));
    return { hops, breaks: breakAt(a.el, hops.length - 1) };
  }
  if (b) {
    const hops = pathTo(g, back, firstStep(back, b.el.key) as Step)
      .reverse()
      .map((i) => ({ ...reversed(i.hop), beyond: true }));
    return { hops, breaks: breakAt(b.el, 0) };
  }
  if (meet) {
    const hops = markReached(g, fwd, pathTo(g, ahead, meet.a));
    return { hops, breaks: { at: meet.el.ref, reason: meetingReason(g, meet, from, to), hop: hops.length - 1 } };
  }
  const wireOf = (w: Walk): Element | undefined => [...w.near.keys()].map((k) => g.get(k) as Element).find((e) => e.ref.kind === 'wire');
  const [wa, wb] = [wireOf(ahead), wireOf(back)];
  const [fa, tb] = [shortName(from.ref), shortName(to.ref)];
  if (wa && wb) {
    const hops = markReached(g, fwd, pathTo(g, ahead, firstStep(ahead, wa.key) as Step));
    const reason = `${fa}'s side leaves the host on ${describeRef(wa.ref)}, ${tb}'s on ${describeRef(wb.ref)}: whether they meet outside the host is not in the snapshot`;
    return { hops, breaks: { at: wa.ref, reason, hop: hops.length - 1 } };
  }
  const reason = `nothing joins ${fa} and ${tb}: no netgraph link, epair, if_bridge membership or wire leads from one's part of the graph to the other's`;
  return { hops: [], breaks: { at: to.ref, reason } };
}

/** Traces the path between two endpoints already resolved. */
export function traceBetween(s: HostSnapshot, from: Endpoint, to: Endpoint, g: PathGraph = buildGraph(s)): PathTrace {
  const named = (hops: Hop[]): Hop[] => {
    // A jail without a vnet walks as the host's stack: its hop keeps the jail's name.
    const rename = (h: Hop | undefined, e: Endpoint): Hop | undefined =>
      h && e.ref.kind === 'jail' && e.key === hostKey && h.at.kind === 'host' ? { ...h, at: e.ref, note: `jail ${e.ref.name} has no vnet: it uses the host's stack` } : h;
    const first = rename(hops[0], from);
    if (first) hops[0] = first;
    const last = hops.length > 1 ? rename(hops[hops.length - 1], to) : undefined;
    if (last) hops[hops.length - 1] = last;
    return hops;
  };
  const fwd = walk(g, from.key, false);
  const hit = firstStep(fwd, to.key);
  // A step into an element that stops frames is only at its door.
  if (hit && !g.get(to.key)?.blocked) {
    return { from: from.ref, to: to.ref, reachable: true, hops: named(pathTo(g, fwd, hit).map((i) => i.hop)) };
  }
  const back = walk(g, to.key, true);
  const found = stateBreak(g, fwd, back, to.key) ?? linkBreak(g, fwd, from, to);
  return { from: from.ref, to: to.ref, reachable: false, hops: named(found.hops), breaks: found.breaks };
}

/** The L2 path from one endpoint to another (see the module comment), or which endpoint names nothing. */
export function tracePath(s: HostSnapshot, from: string, to: string): PathResult {
  const a: Resolved = resolveEndpoint(s, from);
  if ('error' in a) return { error: `from: ${a.error}`, endpoint: 'from' };
  const b: Resolved = resolveEndpoint(s, to);
  if ('error' in b) return { error: `to: ${b.error}`, endpoint: 'to' };
  return traceBetween(s, a, b);
}

/** The same between two elements named by refs (the UI's selection). */
export function tracePathRefs(s: HostSnapshot, from: PathRef, to: PathRef): PathResult {
  const a = endpointOf(s, from);
  if ('error' in a) return { error: `from: ${a.error}`, endpoint: 'from' };
  const b = endpointOf(s, to);
  if ('error' in b) return { error: `to: ${b.error}`, endpoint: 'to' };
  return traceBetween(s, a, b);
}
