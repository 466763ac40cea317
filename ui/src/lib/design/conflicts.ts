// Pending edits meeting live changes (pure). `rebase` keeps the design the
// user is editing in step with the host: what the user did not edit follows
// the host as it is now. `findConflicts` names what both changed: an object
// the user edited (it differs from the host as it was when editing started)
// that the host has since changed too, to something else than the edit wants.
// Reported as refKeys, so the canvas can mark them. Hooks count as part of
// their node: a link the user draws on br0:link3 and a link the host got on
// br0:link3 meanwhile conflict on br0.
import type { Design } from '../../../../shared/design/types.js';
import { keyOfLink } from './refs.js';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** What each hook (`node:hook`) of a design is linked to (a rebased design may link one hook twice: the user's link and the host's). */
function hookPeers(d: Design): Map<string, string> {
  const m = new Map<string, string[]>();
  const add = (hook: string, peer: string): void => void m.set(hook, [...(m.get(hook) ?? []), peer]);
  for (const l of d.links) {
    add(`${l.a.node}:${l.a.hook}`, `${l.b.node}:${l.b.hook}`);
    add(`${l.b.node}:${l.b.hook}`, `${l.a.node}:${l.a.hook}`);
  }
  return new Map([...m].map(([h, peers]) => [h, peers.sort().join(' ')]));
}

/** refKeys of objects edited in `design` that also changed between `start` and `live`. */
export function findConflicts(start: Design, live: Design, design: Design): Set<string> {
  const out = new Set<string>();
  const check = (kind: string, names: Iterable<string>, get: (d: Design, n: string) => unknown): void => {
    for (const n of names) {
      const [was, now, wanted] = [get(start, n), get(live, n), get(design, n)];
      // Edited here and changed there, unless the host now has exactly what the edit wants.
      if (!same(was, wanted) && !same(was, now) && !same(now, wanted)) out.add(`${kind}:${n}`);
    }
  };
  const all = <T>(pick: (d: Design) => T[], name: (x: T) => string[]): Set<string> => new Set([start, live, design].flatMap((d) => pick(d).flatMap(name)));
  check('node', all((d) => d.nodes, (n) => [n.name]), (d, n) => d.nodes.find((x) => x.name === n) ?? null);
  check('jail', all((d) => d.jails, (j) => [j.name]), (d, n) => d.jails.find((x) => x.name === n) ?? null);
  // An epair is known by either end's name; if_bridges by their own.
  check('epair', all((d) => d.epairs, (e) => [e.a.name]), (d, n) => d.epairs.find((x) => x.a.name === n || x.b.name === n) ?? null);
  check('ifbridge', all((d) => d.bridges, (b) => [b.name]), (d, n) => d.bridges.find((x) => x.name === n) ?? null);
  // A link's impairment (its ng_pipe's settings) edited here and re-set on the host.
  check('link', all((d) => d.links, (l) => [keyOfLink(l)]), (d, k) => d.links.find((x) => keyOfLink(x) === k)?.impair ?? null);
  const peers = [start, live, design].map(hookPeers) as [Map<string, string>, Map<string, string>, Map<string, string>];
  const hooks = new Set(peers.flatMap((m) => [...m.keys()]));
  for (const h of hooks) {
    const [was, now, wanted] = peers.map((m) => m.get(h) ?? null);
    if (was !== wanted && was !== now && now !== wanted) out.add(`node:${h.slice(0, h.lastIndexOf(':'))}`);
  }
  return out;
}

/** The design's object lists, each with the key its objects are known by. */
const SECTIONS = {
  nodes: (n: Design['nodes'][number]) => n.name,
  links: keyOfLink,
  epairs: (e: Design['epairs'][number]) => e.a.name,
  bridges: (b: Design['bridges'][number]) => b.name,
  jails: (j: Design['jails'][number]) => j.name,
} as const;

/** One section rebased: the user's objects where `edited` has them, the live ones elsewhere (the user's order first). */
function rebaseSection<T>(start: T[], live: T[], design: T[], key: (x: T) => string): T[] {
  const byKey = (xs: T[]): Map<string, T> => new Map(xs.map((x) => [key(x), x]));
  const [was, now] = [byKey(start), byKey(live)];
  const edited = (k: string, x: T | undefined): boolean => !same(was.get(k) ?? null, x ?? null);
  const wanted = byKey(design);
  const out: T[] = [];
  for (const x of design) {
    const k = key(x);
    if (edited(k, x)) out.push(x);
    else if (now.has(k)) out.push(now.get(k) as T);
  }
  for (const [k, x] of now) if (!wanted.has(k) && !edited(k, undefined)) out.push(x);
  return out;
}

/**
 * The design with the host's changes since `start` taken in wherever the user
 * did not edit: an object the host added appears, one it removed goes, one it
 * changed takes the host's values. What the user edited (added, removed,
 * changed relative to `start`) stays as the user has it; `findConflicts` says
 * where that and the host disagree. Layout and explicit deletes are the user's.
 */
export function rebase(start: Design, live: Design, design: Design): Design {
  return {
    ...design,
    nodes: rebaseSection(start.nodes, live.nodes, design.nodes, SECTIONS.nodes),
    links: rebaseSection(start.links, live.links, design.links, SECTIONS.links),
    epairs: rebaseSection(start.epairs, live.epairs, design.epairs, SECTIONS.epairs),
    bridges: rebaseSection(start.bridges, live.bridges, design.bridges, SECTIONS.bridges),
    jails: rebaseSection(start.jails, live.jails, design.jails, SECTIONS.jails),
  };
}
