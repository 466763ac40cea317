import { describe, expect, it } from 'vitest';
import { snapshotElements } from '../../../../../ui/src/lib/graph/elements.js';
import type { EdgeElement, GraphElement, NodeElement } from '../../../../../ui/src/lib/graph/elements.js';
import type { HostSnapshot } from '../../../../../shared/model/snapshot.js';
import { demoSnapshot } from '../../../demo-snapshot.js';

const byId = (els: GraphElement[]): Map<string, GraphElement> => new Map(els.map((e) => [e.data.id, e]));
const nodeOf = (els: GraphElement[], id: string): NodeElement => {
  const e = byId(els).get(id);
  if (!e || e.group !== 'nodes') throw new Error(`no node element ${id}`);
  return e;
};
const edges = (els: GraphElement[], kind: string): EdgeElement[] =>
  els.filter((e): e is EdgeElement => e.group === 'edges' && e.data.kind === kind);

describe('snapshotElements on the demo host', () => {
  const els = snapshotElements(demoSnapshot());

  it('draws every jail as a compound parent holding the elements of its vnet interfaces', () => {
    for (const j of ['test1', 'test2', 'web', 'db']) expect(nodeOf(els, `jail:${j}`).classes).toContain('jail');
    expect(nodeOf(els, 'ng:5').data.parent).toBe('jail:test1');
    expect(nodeOf(els, 'ng:6').data.parent).toBe('jail:test2');
    expect(nodeOf(els, 'ng:8').data.parent).toBe('jail:web');
    expect(nodeOf(els, 'if:db/e0b_db').data.parent).toBe('jail:db');
    expect(nodeOf(els, 'ng:4').data.parent).toBeUndefined();
    expect(nodeOf(els, 'if:e0a_db').data.parent).toBeUndefined();
  });

  it('draws an eiface node and its interface as one element labelled with name, type and interface', () => {
    const e = nodeOf(els, 'ng:5');
    expect(e.data.ifKey).toBe('test1/ng_test1');
    expect(e.data.label).toBe('ng_test1\neiface');
    expect(e.classes).toEqual(expect.arrayContaining(['ng', 'ng-eiface', 'iface']));
    expect(byId(els).has('if:test1/ng_test1')).toBe(false);
    expect(byId(els).has('if:em0')).toBe(false);
    expect(nodeOf(els, 'ng:1').data.label).toBe('em0\nNIC');
  });

  it('joins the two epair ends with one cable, across the jail boundary', () => {
    const cables = edges(els, 'cable');
    expect(cables).toHaveLength(1);
    expect([cables[0]?.data.source, cables[0]?.data.target].sort()).toEqual(['if:db/e0b_db', 'if:e0a_db']);
  });

  it('draws if_bridge membership from the bridge to each member element', () => {
    const members = edges(els, 'member').map((e) => `${e.data.source}>${e.data.target}`);
    expect(members.sort()).toEqual(['if:em1bridge>if:e0a_db', 'if:em1bridge>ng:2']);
  });

  it('draws each netgraph link once, with the hook name at each end', () => {
    const links = edges(els, 'link');
    expect(links).toHaveLength(6);
    const l = links.find((e) => [e.data.source, e.data.target].includes('ng:4'));
    expect(l?.data).toMatchObject({ source: 'ng:3', sourceLabel: 'link0', target: 'ng:4', targetLabel: 'ether' });
    const uplinks = links.filter((e) => e.data.source === 'ng:1' || e.data.target === 'ng:1');
    const hooks = uplinks.map((e) => (e.data.source === 'ng:1' ? `${e.data.sourceLabel}-${e.data.targetLabel}` : `${e.data.targetLabel}-${e.data.sourceLabel}`));
    expect(hooks.sort()).toEqual(['lower-link0', 'upper-link1']);
  });

  it('gives each kind its own class', () => {
    expect(nodeOf(els, 'ng:3').classes).toContain('ng-bridge');
    expect(nodeOf(els, 'ng:1').classes).toEqual(expect.arrayContaining(['ng-ether', 'if-nic']));
    expect(nodeOf(els, 'if:em1bridge').classes).toContain('if-bridge');
    expect(nodeOf(els, 'if:e0a_db').classes).toContain('if-epair');
    expect(nodeOf(els, 'if:lo0').classes).toContain('if-loopback');
    expect(nodeOf(els, 'if:lo0').data.label).toBe('lo0\nloopback');
    expect(nodeOf(els, 'if:em1bridge').data.label).toBe('em1bridge\nif_bridge');
  });

  it('uses unique element ids', () => {
    expect(new Set(els.map((e) => e.data.id)).size).toBe(els.length);
  });
});

/** The demo host plus ngctl's socket node holding a hook on br0, an unnamed hub and a node of an unstyled type. */
function withExtras(): HostSnapshot {
  const s = demoSnapshot();
  const br0 = s.netgraph.nodes.find((n) => n.name === 'br0');
  br0?.hooks.unshift({ hook: 'link5', peerId: 'a', peerHook: 'x' });
  s.netgraph.nodes.push(
    { id: 'a', name: 'ngctl4242', type: 'socket', hooks: [{ hook: 'x', peerId: '3', peerHook: 'link5' }] },
    { id: 'b', name: null, type: 'hub', hooks: [] },
    { id: 'c', name: 'mynat', type: 'nat', hooks: [] },
  );
  return s;
}

describe('snapshotElements options and odd input', () => {
  it('hides socket nodes and their links by default and shows them on request', () => {
    const hidden = snapshotElements(withExtras());
    expect(byId(hidden).has('ng:a')).toBe(false);
    expect(hidden.some((e) => e.group === 'edges' && (e.data.source === 'ng:a' || e.data.target === 'ng:a'))).toBe(false);
    const shown = snapshotElements(withExtras(), { showSockets: true });
    expect(nodeOf(shown, 'ng:a').classes).toContain('ng-socket');
    expect(edges(shown, 'link').some((e) => e.data.sourceLabel === 'link5' && e.data.targetLabel === 'x')).toBe(true);
  });

  it('labels unnamed nodes by ID as ngctl addresses them, and draws unknown types as generic', () => {
    const els = snapshotElements(withExtras());
    expect(nodeOf(els, 'ng:b').data.label).toBe('[b]\nhub');
    expect(nodeOf(els, 'ng:b').classes).toContain('ng-hub');
    expect(nodeOf(els, 'ng:c').classes).toContain('ng-generic');
  });

  it('says what interface an ng_ether node sits on when it is not a NIC', () => {
    const s = demoSnapshot();
    s.netgraph.nodes.push({ id: 'd', name: 'em1bridge', type: 'ether', hooks: [] });
    const br = s.interfaces.find((i) => i.name === 'em1bridge');
    if (br) br.ngNode = 'd';
    const els = snapshotElements(s);
    expect(nodeOf(els, 'ng:d').data.label).toBe('em1bridge\nif_bridge');
    expect(nodeOf(els, 'ng:d').classes).toEqual(expect.arrayContaining(['ng-ether', 'if-bridge']));
    expect(edges(els, 'member').map((e) => e.data.source)).toEqual(['ng:d', 'ng:d']);
  });

  it('keeps an interface of an unknown jail at top level instead of losing it', () => {
    const s = demoSnapshot();
    s.jails = s.jails.filter((j) => j.name !== 'db');
    expect(nodeOf(snapshotElements(s), 'if:db/e0b_db').data.parent).toBeUndefined();
  });

  it('skips links to nodes that are not in the snapshot', () => {
    const s = demoSnapshot();
    s.netgraph.nodes = s.netgraph.nodes.filter((n) => n.id !== '4');
    const els = snapshotElements(s);
    expect(edges(els, 'link').some((e) => e.data.target === 'ng:4' || e.data.source === 'ng:4')).toBe(false);
    expect(nodeOf(els, 'if:ng_host').classes).toContain('if-eiface');
  });

  it('marks down interfaces', () => {
    const s = demoSnapshot();
    const e0a = s.interfaces.find((i) => i.name === 'e0a_db');
    if (e0a) e0a.up = false;
    expect(nodeOf(snapshotElements(s), 'if:e0a_db').classes).toContain('down');
  });

  it('maps an unchanged object to an equal element when something else changes (stable ids)', () => {
    const before = byId(snapshotElements(demoSnapshot()));
    const s = demoSnapshot();
    s.netgraph.nodes.push({ id: '9', name: 'ngeth0', type: 'eiface', hooks: [] });
    const after = byId(snapshotElements(s));
    expect(after.size).toBe(before.size + 1);
    for (const [id, e] of before) expect(after.get(id)).toEqual(e);
  });
});

describe('link state', () => {
  it('draws an interface with no carrier as down, and its links as down', () => {
    const s = demoSnapshot();
    const host = s.interfaces.find((i) => i.name === 'ng_host');
    if (!host) throw new Error('no ng_host');
    host.linkUp = false;
    const els = snapshotElements(s);
    expect(nodeOf(els, 'ng:4').classes).toContain('down');
    const down = els.filter((e) => e.group === 'edges' && e.classes.includes('down')).map((e) => e.data.id);
    expect(down).toEqual(['link:3.link0--4.ether']);
    // Carrier unknown (not reported) or present: nothing marked.
    expect(snapshotElements(demoSnapshot()).some((e) => e.group === 'edges' && e.classes.includes('down'))).toBe(false);
  });
});
