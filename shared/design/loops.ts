// L2 loop detection over a design: netgraph links, eiface node ↔ its
// interface, epair a ↔ b and if_bridge ↔ member all join layer-2 segments; a
// connection between two things already joined closes a loop. ng_ether nodes
// are not joins: their lower (wire) and upper (host stack) hooks are different
// worlds, and jng links both to one bridge on purpose.
import type { Design } from './types.js';

/** A connection that closes a loop, located like a Problem. */
export interface Loop {
  path: string;
  element: string;
  field: string;
  message: string;
}

/** Union-find over string keys. */
class Sets {
  private parent = new Map<string, string>();
  find(x: string): string {
    let p = this.parent.get(x) ?? x;
    while (p !== (this.parent.get(p) ?? p)) p = this.parent.get(p) ?? p;
    this.parent.set(x, p);
    return p;
  }
  /** Joins a and b; false when they were already joined (a loop). */
  union(a: string, b: string): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return false;
    this.parent.set(ra, rb);
    return true;
  }
}

/** Every design connection that closes an L2 loop. */
export function findLoops(d: Design): Loop[] {
  const sets = new Sets();
  const loops: Loop[] = [];
  const types = new Map(d.nodes.map((n) => [n.name, n.type]));
  // Each ether hook is its own endpoint, so lower+upper to one bridge is no loop.
  const vertex = (node: string, hook: string): string => (types.get(node) === 'ether' ? `ether:${node}:${hook}` : `node:${node}`);
  for (const n of d.nodes) {
    if (n.type === 'eiface' && n.ifname !== undefined) sets.union(`node:${n.name}`, `if:${n.ifname}`);
  }
  d.links.forEach((l, i) => {
    if (l.a.node === l.b.node) return; // refused outright elsewhere
    if (!sets.union(vertex(l.a.node, l.a.hook), vertex(l.b.node, l.b.hook))) {
      const element = `link ${l.a.node}:${l.a.hook} ↔ ${l.b.node}:${l.b.hook}`;
      loops.push({ path: `links[${i}]`, element, field: 'b', message: `${element} closes a layer-2 loop (frames would circulate between the bridges)` });
    }
  });
  d.epairs.forEach((e, i) => {
    if (!sets.union(`if:${e.a.name}`, `if:${e.b.name}`)) {
      loops.push({ path: `epairs[${i}]`, element: `epair ${e.a.name}`, field: 'b', message: `epair ${e.a.name}/${e.b.name} closes a layer-2 loop` });
    }
  });
  d.bridges.forEach((b, i) => {
    b.members.forEach((m, k) => {
      if (!sets.union(`if:${b.name}`, `if:${m}`)) {
        const element = `if_bridge ${b.name}`;
        loops.push({ path: `bridges[${i}].members[${k}]`, element, field: 'members', message: `member ${m} of ${b.name} closes a layer-2 loop` });
      }
    });
  });
  return loops;
}
