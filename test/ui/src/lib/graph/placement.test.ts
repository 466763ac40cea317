import { describe, expect, it } from 'vitest';
import { clusterLayout, freeSpotNear, placeNodes } from '../../../../../ui/src/lib/graph/placement.js';
import type { Point } from '../../../../../ui/src/lib/graph/placement.js';

const dist = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);
const clear = (a: Point, b: Point): boolean => Math.abs(a.x - b.x) >= 140 || Math.abs(a.y - b.y) >= 64;

describe('placeNodes', () => {
  it('puts a new node next to its neighbour, clear of every existing node', () => {
    const known = new Map<string, Point>([
      ['br', { x: 0, y: 0 }],
      ['a', { x: 0, y: 90 }],
      ['b', { x: 500, y: 500 }],
    ]);
    const got = placeNodes({ ids: ['new'], neighbours: new Map([['new', ['br']]]), parentOf: new Map(), known });
    const p = got.get('new');
    if (!p) throw new Error('not placed');
    expect(dist(p, { x: 0, y: 0 })).toBeLessThan(400);
    for (const q of known.values()) expect(clear(p, q)).toBe(true);
  });

  it('never moves or re-places known nodes', () => {
    const known = new Map<string, Point>([['x', { x: 1, y: 2 }]]);
    const got = placeNodes({ ids: ['x', 'y'], neighbours: new Map([['y', ['x']]]), parentOf: new Map(), known });
    expect([...got.keys()]).toEqual(['y']);
  });

  it('prefers siblings in the same jail over neighbours outside it', () => {
    const known = new Map<string, Point>([
      ['bridge', { x: 0, y: 0 }],
      ['sib', { x: 2000, y: 0 }],
    ]);
    const parentOf = new Map([
      ['sib', 'jail:a'],
      ['new', 'jail:a'],
    ]);
    const p = placeNodes({ ids: ['new'], neighbours: new Map([['new', ['bridge']]]), parentOf, known }).get('new');
    expect(p && dist(p, { x: 2000, y: 0 })).toBeLessThan(400);
  });

  it('places chains of new nodes (anchored on each other) and unconnected ones beside the graph, all apart', () => {
    const known = new Map<string, Point>([['k', { x: 0, y: 0 }]]);
    const neighbours = new Map([
      ['c', ['b']],
      ['b', ['a']],
      ['a', ['b']],
    ]);
    const got = placeNodes({ ids: ['c', 'b', 'a', 'lonely'], neighbours, parentOf: new Map(), known });
    expect([...got.keys()].sort()).toEqual(['a', 'b', 'c', 'lonely']);
    const all = [...got.values(), { x: 0, y: 0 }];
    for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) expect(clear(all[i] as Point, all[j] as Point)).toBe(true);
  });

  it('starts an empty canvas at the origin', () => {
    expect(placeNodes({ ids: ['a'], neighbours: new Map(), parentOf: new Map(), known: new Map() }).get('a')).toEqual({ x: 0, y: 0 });
  });
});

describe('freeSpotNear', () => {
  it('returns the anchor itself when free, else the first free spot below it', () => {
    expect(freeSpotNear({ x: 10, y: 10 }, [])).toEqual({ x: 10, y: 10 });
    expect(freeSpotNear({ x: 10, y: 10 }, [{ x: 10, y: 10 }])).toEqual({ x: 10, y: 100 });
  });
});

describe('placement around drawn edges', () => {
  it('does not put a newcomer on top of an existing edge', () => {
    // A bridge with an edge going straight down: the spot below it is taken by the line.
    const known = new Map<string, Point>([
      ['br', { x: 0, y: 0 }],
      ['far', { x: 0, y: 600 }],
    ]);
    const segments: [Point, Point][] = [[{ x: 0, y: 0 }, { x: 0, y: 600 }]];
    const p = placeNodes({ ids: ['new'], neighbours: new Map([['new', ['br']]]), parentOf: new Map(), known, segments }).get('new');
    if (!p) throw new Error('not placed');
    expect(Math.abs(p.x)).toBeGreaterThanOrEqual(60);
    expect(dist(p, { x: 0, y: 0 })).toBeLessThan(400);
  });
});

describe('placement around jail boxes', () => {
  const box = { id: 'jail:a', x1: -100, y1: 50, x2: 100, y2: 250 };
  it('keeps a newcomer out of another jail’s box', () => {
    const known = new Map<string, Point>([['br', { x: 0, y: 0 }]]);
    const p = placeNodes({ ids: ['new'], neighbours: new Map([['new', ['br']]]), parentOf: new Map(), known, boxes: [box] }).get('new');
    if (!p) throw new Error('not placed');
    const inside = p.x + 72 > box.x1 && p.x - 72 < box.x2 && p.y + 32 > box.y1 && p.y - 32 < box.y2;
    expect(inside).toBe(false);
  });
  it('lets a newcomer sit in its own jail’s box', () => {
    const known = new Map<string, Point>([['sib', { x: 0, y: 150 }]]);
    const parentOf = new Map([
      ['sib', 'jail:a'],
      ['new', 'jail:a'],
    ]);
    const p = placeNodes({ ids: ['new'], neighbours: new Map(), parentOf, known, boxes: [box] }).get('new');
    expect(p).toEqual({ x: 0, y: 240 });
  });
});

describe('clusterLayout', () => {
  /** `bridges` bridges, each with `leaves` single-link eifaces, each bridge linked to the next. */
  const star = (bridges: number, leaves: number): { ids: string[]; edges: [string, string][] } => {
    const ids: string[] = [];
    const edges: [string, string][] = [];
    for (let b = 0; b < bridges; b++) {
      ids.push(`br${b}`);
      for (let e = 0; e < leaves; e++) (ids.push(`e${b}.${e}`), edges.push([`br${b}`, `e${b}.${e}`]));
      if (b > 0) edges.push([`br${b - 1}`, `br${b}`]);
    }
    return { ids, edges };
  };
  const dist = (a: { x: number; y: number }, b: { x: number; y: number }): number => Math.hypot(a.x - b.x, a.y - b.y);

  it('positions every node, no two closer than a node is wide or tall', () => {
    const { ids, edges } = star(30, 9);
    const at = clusterLayout({ ids, parentOf: new Map(), edges });
    expect([...at.keys()].sort()).toEqual([...ids].sort());
    const ps = [...at.values()];
    for (let i = 0; i < ps.length; i++) {
      for (let j = i + 1; j < ps.length; j++) {
        const [a, b] = [ps[i]!, ps[j]!];
        expect(Math.abs(a.x - b.x) >= 124 || Math.abs(a.y - b.y) >= 46, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(true);
      }
    }
  });

  it('puts an eiface next to its own bridge, nearer than to any other bridge', () => {
    const { ids, edges } = star(10, 5);
    const at = clusterLayout({ ids, parentOf: new Map(), edges });
    for (let b = 0; b < 10; b++) {
      const e = at.get(`e${b}.3`)!;
      const own = dist(e, at.get(`br${b}`)!);
      for (let o = 0; o < 10; o++) if (o !== b) expect(own).toBeLessThan(dist(e, at.get(`br${o}`)!));
    }
  });

  it("keeps a jail's members together, apart from nodes outside it", () => {
    const ids = ['a', 'b', 'c', 'j1', 'j2', 'j3'];
    const parentOf = new Map([['j1', 'jail'], ['j2', 'jail'], ['j3', 'jail']]);
    const at = clusterLayout({ ids, parentOf, edges: [['a', 'j1'], ['b', 'c']] });
    const xs = (g: string[]): number[] => g.map((id) => at.get(id)!.x);
    const inside = xs(['j1', 'j2', 'j3']);
    // The jail's grid is one group: its members span at most two cells.
    expect(Math.max(...inside) - Math.min(...inside)).toBeLessThanOrEqual(2 * 170);
    expect(dist(at.get('j1')!, at.get('j2')!)).toBeLessThan(dist(at.get('j1')!, at.get('b')!));
  });

  it('is deterministic and linear enough for thousands of nodes', () => {
    const { ids, edges } = star(500, 9);
    const a = clusterLayout({ ids, parentOf: new Map(), edges });
    const b = clusterLayout({ ids, parentOf: new Map(), edges });
    expect([...a]).toEqual([...b]);
    expect(a.size).toBe(5000);
  });

  it('copes with an empty graph, self-loops and edges to unknown nodes', () => {
    expect(clusterLayout({ ids: [], parentOf: new Map(), edges: [] }).size).toBe(0);
    const at = clusterLayout({ ids: ['x'], parentOf: new Map(), edges: [['x', 'x'], ['x', 'ghost']] });
    expect(at.get('x')).toEqual({ x: expect.any(Number), y: expect.any(Number) });
  });
});
