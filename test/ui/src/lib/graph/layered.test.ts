import { describe, expect, it } from 'vitest';
import { layeredLayout, tierOf } from '../../../../../ui/src/lib/graph/layered.js';
import type { LayeredInput } from '../../../../../ui/src/lib/graph/layered.js';
import { snapshotElements } from '../../../../../ui/src/lib/graph/elements.js';
import type { GraphElement } from '../../../../../ui/src/lib/graph/elements.js';
import { JAIL_LABEL, JAIL_PADDING, NODE } from '../../../../../ui/src/lib/graph/geometry.js';
import type { Point } from '../../../../../ui/src/lib/graph/placement.js';
import { demoSnapshot } from '../../../demo-snapshot.js';

/** The layout's input from element JSON, as cy-layout reads it off the canvas. */
function inputOf(els: GraphElement[], width = 1100): LayeredInput {
  const input: LayeredInput = { ids: [], parentOf: new Map(), edges: [], tiers: new Map(), width, aspect: 1.13 };
  for (const e of els) {
    if (e.group === 'edges') input.edges.push([e.data.source, e.data.target]);
    else if (e.data.kind !== 'jail') {
      input.ids.push(e.data.id);
      input.tiers.set(e.data.id, tierOf(e.classes));
      if (e.data.parent) input.parentOf.set(e.data.id, e.data.parent);
    }
  }
  return input;
}

type Box = { x1: number; y1: number; x2: number; y2: number };
const nodeBox = (p: Point): Box => ({ x1: p.x - NODE.w / 2, y1: p.y - NODE.h / 2, x2: p.x + NODE.w / 2, y2: p.y + NODE.h / 2 });
const overlap = (a: Box, b: Box): boolean => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

/** A jail's box as Cytoscape draws it: its members' boxes plus padding, its name below. */
function jailBox(members: Point[]): Box {
  const bs = members.map(nodeBox);
  return { x1: Math.min(...bs.map((b) => b.x1)) - JAIL_PADDING, y1: Math.min(...bs.map((b) => b.y1)) - JAIL_PADDING, x2: Math.max(...bs.map((b) => b.x2)) + JAIL_PADDING, y2: Math.max(...bs.map((b) => b.y2)) + JAIL_PADDING + JAIL_LABEL };
}

/** A host of `bridges` bridges with `leaves` eifaces each, every bridge linked to the next `peers` (the UI benchmark's shape). */
function benchLike(bridges: number, leaves: number, peers: number): LayeredInput {
  const input: LayeredInput = { ids: [], parentOf: new Map(), edges: [], tiers: new Map(), aspect: 1.6 };
  for (let b = 0; b < bridges; b++) {
    input.ids.push(`br${b}`);
    input.tiers.set(`br${b}`, 1);
    for (let e = 0; e < leaves; e++) {
      input.ids.push(`e${b}.${e}`);
      input.tiers.set(`e${b}.${e}`, 2);
      input.edges.push([`br${b}`, `e${b}.${e}`]);
    }
    for (let k = 1; k <= peers; k++) input.edges.push([`br${b}`, `br${(b + k) % bridges}`]);
  }
  return input;
}

describe('tierOf', () => {
  it('puts uplinks on top, switching nodes in the middle, interfaces and jails below', () => {
    expect(tierOf(['if-nic', 'iface', 'ng', 'ng-ether'])).toBe(0);
    expect(tierOf(['ng', 'ng-bridge'])).toBe(1);
    expect(tierOf(['if-bridge', 'iface', 'ng', 'ng-ether'])).toBe(1);
    expect(tierOf(['if-epair', 'iface', 'ng', 'ng-ether'])).toBe(2);
    for (const t of ['ng-hub', 'ng-one2many', 'ng-vlan', 'ng-tee', 'ng-pipe']) expect(tierOf(['ng', t])).toBe(1);
    expect(tierOf(['iface', 'if-loopback'])).toBe(2);
    expect(tierOf(['jail', 'collapsed', 'vnet'])).toBe(2);
  });
});

describe('layeredLayout on the demo host', () => {
  const els = snapshotElements(demoSnapshot());
  const at = layeredLayout(inputOf(els));
  const y = (label: string): number => {
    const e = els.find((x) => x.group === 'nodes' && x.data.label.split('\n')[0] === label && x.data.parent === undefined) ?? els.find((x) => x.group === 'nodes' && x.data.label.split('\n')[0] === label);
    const p = e && at.get(e.data.id);
    if (!p) throw new Error(`${label} not placed`);
    return p.y;
  };

  it('places every node that is not a jail box', () => {
    expect([...at.keys()].sort()).toEqual(inputOf(els).ids.sort());
  });

  it('reads top to bottom: uplinks, then bridges, then interfaces and jails', () => {
    expect(y('em0')).toBe(y('em1'));
    expect(y('em0bridge')).toBe(y('br0'));
    expect(y('em0bridge')).toBe(y('em1bridge'));
    expect(y('em0')).toBeLessThan(y('em0bridge'));
    for (const n of ['ng_host', 'ng_test1', 'ng_test2', 'ng0_web', 'e0a_db']) expect(y(n)).toBe(y('ng_host'));
    expect(y('ng_host')).toBeGreaterThan(y('br0'));
    // The far end of the epair hangs below the near one.
    expect(y('e0b_db')).toBeGreaterThan(y('e0a_db'));
  });

  it('never lets two nodes, two jail boxes, or a jail box and a node not its own overlap', () => {
    const nodes = [...at.entries()];
    for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) expect(overlap(nodeBox(nodes[i]![1]), nodeBox(nodes[j]![1])), `${nodes[i]![0]} and ${nodes[j]![0]}`).toBe(false);
    const jails = new Map<string, Point[]>();
    for (const e of els) if (e.group === 'nodes' && e.data.parent) jails.set(e.data.parent, [...(jails.get(e.data.parent) ?? []), at.get(e.data.id)!]);
    const boxes = [...jails.entries()].map(([id, ms]) => [id, jailBox(ms)] as const);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i]![1], boxes[j]![1]), `${boxes[i]![0]} and ${boxes[j]![0]}`).toBe(false);
    const parentOf = inputOf(els).parentOf;
    for (const [jail, box] of boxes) for (const [id, p] of nodes) if (parentOf.get(id) !== jail) expect(overlap(box, nodeBox(p)), `${id} under ${jail}`).toBe(false);
  });

  it('is the same picture every time', () => {
    expect([...layeredLayout(inputOf(els)).entries()]).toEqual([...at.entries()]);
  });

  it('fits the readable width it is given when it can', () => {
    const xs = [...at.values()].map((p) => p.x);
    expect(Math.max(...xs) - Math.min(...xs) + NODE.w).toBeLessThanOrEqual(1100);
  });

  it('puts nodes linked to nothing (the host lo0) in a row under the rest', () => {
    const lo0 = at.get('if:lo0');
    if (!lo0) throw new Error('host lo0 not placed');
    for (const [id, p] of at) if (id !== 'if:lo0') expect(p.y).toBeLessThan(lo0.y);
  });
});

describe('layeredLayout on large hosts', () => {
  it('lays 1000 nodes out with every bridge above its eifaces, no two nodes overlapping, wrapped to a screen-like shape', () => {
    const input = benchLike(100, 9, 6);
    const at = layeredLayout(input);
    expect(at.size).toBe(1000);
    for (let b = 0; b < 100; b++) for (let e = 0; e < 9; e++) expect(at.get(`e${b}.${e}`)!.y).toBeGreaterThan(at.get(`br${b}`)!.y);
    const seen = new Set<string>();
    for (const p of at.values()) {
      const k = `${p.x},${p.y}`;
      expect(seen.has(k)).toBe(false);
      seen.add(k);
    }
    const xs = [...at.values()].map((p) => p.x);
    const ys = [...at.values()].map((p) => p.y);
    const [w, h] = [Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)];
    expect(w / h).toBeGreaterThan(0.5);
    expect(w / h).toBeLessThan(4);
  });

  it('takes parts too large for dagre through plain rows by rank', () => {
    // One chain of 600 switching nodes under an uplink: one part, no star.
    const input: LayeredInput = { ids: ['up'], parentOf: new Map(), edges: [], tiers: new Map([['up', 0]]) };
    for (let i = 0; i < 600; i++) {
      input.ids.push(`n${i}`);
      input.tiers.set(`n${i}`, i % 2 === 0 ? 1 : 2);
      input.edges.push([i === 0 ? 'up' : `n${i - 1}`, `n${i}`]);
    }
    const at = layeredLayout(input);
    expect(at.size).toBe(601);
    expect(at.get('n0')!.y).toBeGreaterThan(at.get('up')!.y);
    expect(at.get('n599')!.y).toBeGreaterThan(at.get('n0')!.y);
  });

  it('places nothing for an empty graph', () => {
    expect(layeredLayout({ ids: [], parentOf: new Map(), edges: [], tiers: new Map() }).size).toBe(0);
  });
});
