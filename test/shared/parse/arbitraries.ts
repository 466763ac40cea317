// fast-check generators for netgraph graphs that FreeBSD could really hold:
// unique hex IDs, unique hook names per node, every link recorded on both ends.
import fc from 'fast-check';
import type { NgNode } from '../../../shared/model/snapshot.js';

const nameChars = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-');
/** A node name ngctl would print (letters, digits, _ and -; up to 31 chars, so long names shift the columns). */
export const nodeNameArb = fc.string({ unit: nameChars, minLength: 1, maxLength: 31 }).filter((s) => !/^\[/.test(s) && s !== '<unnamed>');
const typeArb = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_'), minLength: 1, maxLength: 31 });
const hookArb = fc.string({ unit: nameChars, minLength: 1, maxLength: 31 });

/** A consistent graph: nodes plus links between distinct nodes, hooks listed in link order. */
export const graphArb = fc
  .record({
    ids: fc.uniqueArray(fc.integer({ min: 1, max: 0xffffffff }), { minLength: 1, maxLength: 12 }),
    names: fc.array(fc.option(nodeNameArb, { freq: 4 }), { minLength: 12, maxLength: 12 }),
    types: fc.array(typeArb, { minLength: 12, maxLength: 12 }),
    links: fc.array(fc.tuple(fc.nat(), fc.nat(), hookArb, hookArb), { maxLength: 20 }),
  })
  .map(({ ids, names, types, links }) => {
    const nodes: NgNode[] = ids.map((id, i) => ({ id: id.toString(16), name: names[i]!, type: types[i]!, hooks: [] }));
    for (const [x, y, h1, h2] of links) {
      const a = nodes[x % nodes.length]!;
      const b = nodes[y % nodes.length]!;
      if (a === b || a.hooks.some((h) => h.hook === h1) || b.hooks.some((h) => h.hook === h2)) continue;
      a.hooks.push({ hook: h1, peerId: b.id, peerHook: h2 });
      b.hooks.push({ hook: h2, peerId: a.id, peerHook: h1 });
    }
    return nodes;
  });
