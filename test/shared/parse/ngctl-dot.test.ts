import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseNgctlDot } from '../../../shared/parse/ngctl.js';
import { fixture } from './fixture.js';
import { formatDot } from './format.js';
import { graphArb } from './arbitraries.js';

describe('parseNgctlDot', () => {
  it('reads the §1.6 worked example exactly', () => {
    const r = parseNgctlDot(fixture('handmade/facts-1.6-dot.txt'));
    expect(r).toEqual({
      ok: true,
      warnings: [],
      value: {
        nodes: [
          { id: '2', name: 'ngeth0', type: 'eiface' },
          { id: '4', name: 'br0', type: 'bridge' },
          { id: '7', name: 'ngeth1', type: 'eiface' },
          { id: '8', name: 'ngctl1234', type: 'socket' },
        ],
        hooks: { '2': ['ether'], '4': ['link1', 'link0'], '7': ['ether'] },
        disconnected: ['8'],
        edges: [
          { a: { id: '4', hook: 'link0' }, b: { id: '2', hook: 'ether' } },
          { a: { id: '7', hook: 'ether' }, b: { id: '4', hook: 'link1' } },
        ],
      },
    });
  });

  it('gives what it can from the truncated, space-indented Journal capture, with line numbers', () => {
    const r = parseNgctlDot(fixture('ngctl-dot-partial-netgraph-for-the-rest-of-us.txt'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { line: 19, message: 'not a line of ngctl dot output', text: '…' },
      { line: 20, message: "truncated: the graph's closing '};' is missing", text: '' },
    ]);
    expect(r.partial?.nodes.map((n) => `${n.id}=${n.name}/${n.type}`)).toEqual([
      '45=nghost0/eiface', '49=private/bridge', '4e=public/bridge', '52=jpub1/eiface', '12=bge0/ether', '13=bge0_42/ether', '7b=vmpriv/socket',
    ]);
    expect(r.partial?.disconnected).toEqual(['12']);
    expect(r.partial?.hooks).toEqual({ '45': ['ether'] });
  });

  it('reads unnamed nodes with and without backslashes', () => {
    const body = (u: string) => `graph netgraph {\n\tnode [ shape = record, fontsize = 12 ] {\n\t\t"6" [ label = "{${u}:|{socket|[6]:}}" ];\n\t};\n};\n`;
    for (const u of ['\\<unnamed\\>', '<unnamed>']) {
      const r = parseNgctlDot(body(u));
      expect(r.ok && r.value.nodes).toEqual([{ id: '6', name: null, type: 'socket' }]);
    }
  });

  it('flags a record whose label ID differs and text after the end', () => {
    const r = parseNgctlDot('graph netgraph {\n\tnode [ shape = record, fontsize = 12 ] {\n\t\t"6" [ label = "{a:|{socket|[7]:}}" ];\n\t};\n};\nmore\n');
    expect(!r.ok && r.errors.map((e) => e.line)).toEqual([3, 6]);
  });

  it('is not fooled by other Graphviz text', () => {
    const r = parseNgctlDot('digraph G {\n a -> b;\n}\n');
    expect(!r.ok && r.errors[0]).toMatchObject({ line: 1, message: expect.stringMatching(/graph netgraph/) });
  });

  it('round-trips random graphs printed with dot.c formats', () => {
    fc.assert(
      fc.property(graphArb, (nodes) => {
        const r = parseNgctlDot(formatDot(nodes));
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.warnings).toEqual([]);
        expect(r.value.nodes).toEqual(nodes.map((n) => ({ id: n.id, name: n.name, type: n.type })));
        expect(r.value.edges.length).toBe(nodes.reduce((k, n) => k + n.hooks.length, 0) / 2);
      }),
    );
  });
});
