import { describe, expect, it } from 'vitest';
import { inspect } from '../../../../ui/src/lib/inspect.js';
import { snapshotElements } from '../../../../ui/src/lib/graph/elements.js';
import type { GraphElement } from '../../../../ui/src/lib/graph/elements.js';
import { demoSnapshot } from '../../demo-snapshot.js';

const s = demoSnapshot();
const els = snapshotElements(s);
const el = (id: string): GraphElement => {
  const e = els.find((x) => x.data.id === id);
  if (!e) throw new Error(`no element ${id}`);
  return e;
};
const rows = (id: string): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  for (const sec of inspect(s, el(id))) out[sec.title] = sec.rows.map(([k, v]) => `${k}: ${v}`);
  return out;
};

describe('inspect', () => {
  it('lists a node with its hooks and their peers', () => {
    expect(rows('ng:3')['Netgraph node br0']).toEqual([
      'ID: [3]',
      'Name: br0',
      'Type: bridge',
      'Hooks: 3',
      'hook link2: → ng_test2:ether (eiface)',
      'hook link1: → ng_test1:ether (eiface)',
      'hook link0: → ng_host:ether (eiface)',
    ]);
  });

  it('shows an eiface element as both the node and its interface in the jail', () => {
    const r = rows('ng:5');
    expect(Object.keys(r)).toEqual(['Netgraph node ng_test1', 'Interface ng_test1']);
    expect(r['Interface ng_test1']).toContain('Lives in: jail test1');
    expect(r['Interface ng_test1']).toContain('Netgraph node: ng_test1 [5] (eiface)');
  });

  it('shows epair peers, bridge members and jails', () => {
    expect(rows('if:db/e0b_db')['Interface e0b_db']).toContain('Epair peer: e0a_db');
    expect(rows('if:em1bridge')['Interface em1bridge']).toContain('Members: e0a_db, em1');
    expect(rows('jail:db')['Jail db']).toEqual(expect.arrayContaining(['JID: 4', 'VNET: yes', 'State: ACTIVE', 'Interfaces: e0b_db', 'Path: /jails/db']));
  });

  it('describes links with hook names, cables and memberships', () => {
    const link = els.find((e) => e.group === 'edges' && e.data.kind === 'link' && e.data.target === 'ng:4');
    if (!link) throw new Error('no link');
    expect(inspect(s, link)).toEqual([{ title: 'Netgraph link', rows: [['From', 'br0:link0'], ['To', 'ng_host:ether']] }]);
    const cable = els.find((e) => e.group === 'edges' && e.data.kind === 'cable');
    if (!cable) throw new Error('no cable');
    expect(inspect(s, cable)[0]?.rows.map((r) => r[1]).sort()).toEqual(['e0a_db', 'e0b_db']);
  });

  it('says when the element is gone from the host', () => {
    const gone: GraphElement = { group: 'nodes', data: { id: 'ng:99', kind: 'ng', ngId: '99', label: 'x' }, classes: [] };
    expect(inspect(s, gone)).toEqual([{ title: 'ng:99 is no longer on the host', rows: [] }]);
  });
});
