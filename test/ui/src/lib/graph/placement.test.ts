import { describe, expect, it } from 'vitest';
import { freeSpotNear, placeNodes } from '../../../../../ui/src/lib/graph/placement.js';
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
