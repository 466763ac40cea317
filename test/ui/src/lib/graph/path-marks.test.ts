// The path drawn on the demo canvas, computed on data: hop elements and the
// edges between them get `path`, what lies past a break `path-beyond`, the
// break `path-break`; canvas elements map back to path endpoints.
import { describe, expect, it } from 'vitest';
import { snapshotElements } from '../../../../../ui/src/lib/graph/elements.js';
import { pathMarks, refOfElement, withPathClasses } from '../../../../../ui/src/lib/graph/path-marks.js';
import { tracePathRefs } from '../../../../../shared/path/trace.js';
import type { PathRef, PathTrace } from '../../../../../shared/path/types.js';
import type { HostSnapshot } from '../../../../../shared/model/snapshot.js';
import { demoSnapshot } from '../../../demo-snapshot.js';

function trace(s: HostSnapshot, from: string, to: string): PathTrace {
  const [a, b] = [refOfElement(s, from), refOfElement(s, to)] as [PathRef, PathRef];
  const r = tracePathRefs(s, a, b);
  if ('error' in r) throw new Error(r.error);
  return r;
}
const marked = (m: Map<string, string[]>, cls: string): string[] => [...m].filter(([, c]) => c.includes(cls)).map(([id]) => id).sort();

describe('path marks on the demo canvas', () => {
  it('maps canvas elements to endpoints: jails, a node drawn with its interface as that interface, bare interfaces; edges to nothing', () => {
    const s = demoSnapshot();
    expect(refOfElement(s, 'jail:test1')).toEqual({ kind: 'jail', name: 'test1' });
    expect(refOfElement(s, 'ng:5')).toEqual({ kind: 'interface', name: 'ng_test1', jail: 'test1' });
    expect(refOfElement(s, 'ng:3')).toEqual({ kind: 'node', id: '3', name: 'br0', type: 'bridge' });
    expect(refOfElement(s, 'if:db/e0b_db')).toEqual({ kind: 'interface', name: 'e0b_db', jail: 'db' });
    expect(refOfElement(s, 'jail:nosuch')).toBeNull();
    expect(refOfElement(s, 'link:3.link1--5.ether')).toBeNull();
  });

  it('test1 → test2 lights the jails, both eifaces, br0 and the two links through it', () => {
    const s = demoSnapshot();
    const els = snapshotElements(s);
    const m = pathMarks(els, trace(s, 'jail:test1', 'jail:test2'));
    expect(marked(m.classes, 'path')).toEqual(['jail:test1', 'jail:test2', 'link:3.link1--5.ether', 'link:3.link2--6.ether', 'ng:3', 'ng:5', 'ng:6']);
    expect(marked(m.classes, 'path-beyond')).toEqual([]);
    expect(m.breakId).toBeNull();
    // Every marked id is an element of the canvas.
    const ids = new Set(els.map((e) => e.data.id));
    for (const id of m.classes.keys()) expect(ids.has(id)).toBe(true);
  });

  it('of em0’s two links into em0bridge, only the one the path takes (upper) is lit', () => {
    const s = demoSnapshot();
    s.jails.push({ ...(s.jails[0] as HostSnapshot['jails'][number]), jid: 9, name: 'plain', vnet: false, interfaces: [] });
    const m = pathMarks(snapshotElements(s), trace(s, 'jail:web', 'jail:plain'));
    expect(marked(m.classes, 'path').filter((id) => id.startsWith('link:'))).toEqual(['link:1.upper--7.link1', 'link:7.link2--8.ether']);
  });

  it('a down interface is the break; what lies past it is marked beyond', () => {
    const s = demoSnapshot();
    (s.interfaces.find((i) => i.name === 'ng_test2') as HostSnapshot['interfaces'][number]).up = false;
    const m = pathMarks(snapshotElements(s), trace(s, 'jail:test1', 'jail:test2'));
    expect(m.breakId).toBe('ng:6');
    expect(m.classes.get('ng:6')).toEqual(['path', 'path-break']);
    expect(m.classes.get('jail:test2')).toEqual(['path-beyond']);
  });

  it('an unhooked eiface on the target side: the break and the way on to the target', () => {
    const s = demoSnapshot();
    for (const n of s.netgraph.nodes) n.hooks = n.hooks.filter((h) => !(n.id === '3' && h.hook === 'link2') && !(n.id === '6' && h.hook === 'ether'));
    const m = pathMarks(snapshotElements(s), trace(s, 'jail:test1', 'jail:test2'));
    expect(m.breakId).toBe('ng:6');
    expect(m.classes.get('ng:6')).toEqual(['path-beyond', 'path-break']);
    expect(marked(m.classes, 'path')).toEqual([]);
  });

  it('epair cables and if_bridge memberships are lit between their interfaces', () => {
    const s = demoSnapshot();
    const m = pathMarks(snapshotElements(s), trace(s, 'jail:db', 'ng:2'));
    expect(marked(m.classes, 'path').filter((id) => !id.startsWith('jail:') && !id.startsWith('if:') && !id.startsWith('ng:'))).toEqual([
      'cable:if:db/e0b_db--if:e0a_db',
      'member:if:em1bridge--if:e0a_db',
      'member:if:em1bridge--ng:2',
    ]);
  });

  it('adds the classes to the marked elements only, leaving the others as they were', () => {
    const els = snapshotElements(demoSnapshot());
    const out = withPathClasses(els, new Map([['ng:3', ['path']]]));
    expect(out.find((e) => e.data.id === 'ng:3')?.classes).toEqual(['ng', 'ng-bridge', 'path']);
    expect(out.filter((e, i) => e !== els[i]).map((e) => e.data.id)).toEqual(['ng:3']);
    expect(withPathClasses(els, new Map())).toBe(els);
  });
});
