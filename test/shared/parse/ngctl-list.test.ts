import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseNgctlList, parseNgctlListL, parseNgctlShow, parseNgctlTypes } from '../../../shared/parse/ngctl.js';
import { fixture } from './fixture.js';
import { formatList, formatListL, formatShow } from './format.js';
import { graphArb } from './arbitraries.js';

describe('parseNgctlList', () => {
  it('reads the pfSense capture, <unnamed> as null, IDs unpadded', () => {
    const r = parseNgctlList(fixture('ngctl-list-pfatt.txt', { prompts: true }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([]);
    expect(r.value.total).toBe(9);
    expect(r.value.named).toBe(false);
    expect(r.value.nodes).toHaveLength(9);
    expect(r.value.nodes[0]).toEqual({ name: 'o2m', type: 'one2many', id: 'a0', numHooks: 3 });
    expect(r.value.nodes[3]).toEqual({ name: null, type: 'socket', id: '6', numHooks: 0 });
    expect(r.value.nodes[8]).toEqual({ name: 'ue0', type: 'ether', id: '16', numHooks: 2 });
  });

  it('skips a leading prompt line with a warning', () => {
    const r = parseNgctlList(fixture('ngctl-list-pfatt.txt'));
    expect(r.ok && r.warnings).toEqual([{ line: 1, message: 'skipped a shell prompt line', text: '$ ngctl list' }]);
  });

  it('reads the iocage capture and warns that the header count (17) differs from the rows (16)', () => {
    const r = parseNgctlList(fixture('ngctl-list-iocage.txt'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.total).toBe(17);
    expect(r.value.nodes).toHaveLength(16);
    expect(r.value.nodes[9]).toEqual({ name: 'vnet1_38', type: 'eiface', id: '2ed', numHooks: 1 });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ line: 1, message: 'header says 17 nodes but 16 are listed' });
  });

  it('reads the §1.6 worked example and the list -n header', () => {
    const r = parseNgctlList(fixture('handmade/facts-1.6-list.txt'));
    expect(r.ok && r.value.nodes.map((n) => [n.name, n.id])).toEqual([['ngeth0', '2'], ['br0', '4'], ['ngeth1', '7'], ['ngctl1234', '8']]);
    const n = parseNgctlList('There are 1 total named nodes:\n  Name: em0             Type: ether           ID: 00000001   Num hooks: 0\n');
    expect(n.ok && n.value).toEqual({ total: 1, named: true, nodes: [{ name: 'em0', type: 'ether', id: '1', numHooks: 0 }] });
  });

  it('accepts CRLF, collapsed whitespace and over-long names that push columns', () => {
    const text = 'There are 2 total nodes:\r\n Name: a Type: bridge ID: 0000000a Num hooks: 2 \r\n  Name: averyveryverylongname_31chars__ Type: eiface ID: 00000b00   Num hooks: 0\r\n';
    const r = parseNgctlList(text);
    expect(r.ok && r.value.nodes).toEqual([
      { name: 'a', type: 'bridge', id: 'a', numHooks: 2 },
      { name: 'averyveryverylongname_31chars__', type: 'eiface', id: 'b00', numHooks: 0 },
    ]);
  });

  it('reports foreign lines with their line numbers', () => {
    const r = parseNgctlList('There are 2 total nodes:\n  Name: a Type: b ID: 00000001 Num hooks: 0\nhello\n  Name: c Type: d ID: zz Num hooks: 0\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.line, e.text])).toEqual([[3, 'hello'], [4, '  Name: c Type: d ID: zz Num hooks: 0']]);
    expect(r.partial?.nodes).toHaveLength(1);
  });

  it('fails clearly on empty input and on a missing header', () => {
    const e = parseNgctlList('');
    expect(e.ok).toBe(false);
    expect(!e.ok && e.errors[0]!.message).toMatch(/empty input/);
    const h = parseNgctlList('  Name: a Type: b ID: 00000001 Num hooks: 0\n');
    expect(!h.ok && h.errors[0]).toMatchObject({ line: 1, message: expect.stringMatching(/There are N total nodes/) });
  });

  it('round-trips random node lists printed with the list format', () => {
    fc.assert(
      fc.property(graphArb, (nodes) => {
        const r = parseNgctlList(formatList(nodes));
        expect(r.ok && r.value.nodes).toEqual(nodes.map((n) => ({ name: n.name, type: n.type, id: n.id, numHooks: n.hooks.length })));
      }),
    );
  });
});

describe('parseNgctlShow', () => {
  it('reads the pfSense ether node (padding trimmed) and the iocage bridge', () => {
    const r = parseNgctlShow(fixture('ngctl-show-ether-pfatt.txt', { prompts: true }));
    expect(r.ok && r.value).toEqual({
      name: 'ue0', type: 'ether', id: '16', numHooks: 2,
      hooks: [
        { hook: 'upper', peerName: 'laneapfilter', peerType: 'etf', peerId: 'ae', peerHook: 'nomatch' },
        { hook: 'lower', peerName: 'laneapfilter', peerType: 'etf', peerId: 'ae', peerHook: 'downstream' },
      ],
    });
    const b = parseNgctlShow(fixture('ngctl-show-bridge-iocage-1.txt'));
    expect(b.ok && b.value.hooks).toEqual([{ hook: 'link0', peerName: 'ngeth0', peerType: 'eiface', peerId: '39', peerHook: 'ether' }]);
  });

  it('reads the §1.6 br0 block with its trailing padding', () => {
    const r = parseNgctlShow(fixture('handmade/facts-1.6-show-br0.txt'));
    expect(r.ok && r.warnings).toEqual([]);
    expect(r.ok && r.value.hooks?.map((h) => `${h.hook}>${h.peerName}:${h.peerHook}`)).toEqual(['link1>ngeth1:ether', 'link0>ngeth0:ether']);
  });

  it('show -n: a node with hooks but no table has hooks null; 0 hooks gives []', () => {
    const r = parseNgctlShow('  Name: ngeth3          Type: eiface          ID: 0000002a   Num hooks: 1\n');
    expect(r.ok && r.value).toEqual({ name: 'ngeth3', type: 'eiface', id: '2a', numHooks: 1, hooks: null });
    const z = parseNgctlShow('  Name: <unnamed>       Type: socket          ID: 00000006   Num hooks: 0\n');
    expect(z.ok && z.value.hooks).toEqual([]);
  });

  it('rejects a missing rule line and trailing junk with line numbers', () => {
    const text = '  Name: a Type: b ID: 00000001 Num hooks: 1\n  Local hook Peer name Peer type Peer ID Peer hook\n  x y z 00000002 w\nJUNK\n';
    const r = parseNgctlShow(text);
    expect(!r.ok && r.errors.map((e) => e.line)).toEqual([3, 4]);
  });

  it('round-trips random nodes printed with the show format', () => {
    fc.assert(
      fc.property(graphArb, (nodes) => {
        for (const n of nodes) {
          const r = parseNgctlShow(formatShow(n, nodes));
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          expect(r.value.hooks?.map((h) => ({ hook: h.hook, peerId: h.peerId, peerHook: h.peerHook }))).toEqual(n.hooks);
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe('parseNgctlListL', () => {
  it('reads the §1.6 example in the 13+ and the 12.x layouts to the same value', () => {
    const a = parseNgctlListL(fixture('handmade/facts-1.6-list-l.txt'));
    const b = parseNgctlListL(fixture('handmade/facts-1.6-list-l-12x.txt'));
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.warnings).toEqual([]);
    expect(a.value).toEqual(b.value);
    expect(a.value.nodes.map((n) => n.hooks?.length)).toEqual([1, 2, 1, 0]);
    expect(a.value.nodes[2]!.hooks).toEqual([{ hook: 'ether', peerName: 'br0', peerType: 'bridge', peerId: '4', peerHook: 'link1' }]);
  });

  it('round-trips random graphs in both layouts', () => {
    fc.assert(
      fc.property(graphArb, fc.constantFrom('12' as const, '13' as const), (nodes, layout) => {
        const r = parseNgctlListL(formatListL(nodes, layout));
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.value.nodes.map((n) => ({ id: n.id, name: n.name, type: n.type, hooks: n.hooks!.map((h) => ({ hook: h.hook, peerId: h.peerId, peerHook: h.peerHook })) }))).toEqual(nodes);
      }),
    );
  });

  it('reports a stray line inside a block', () => {
    const text = fixture('handmade/facts-1.6-list-l.txt').replace('  Name: ngeth1', 'oops\n  Name: ngeth1');
    const r = parseNgctlListL(text);
    expect(!r.ok && r.errors).toEqual([{ line: 13, message: expect.any(String), text: 'oops' }]);
  });
});

describe('parseNgctlTypes', () => {
  it('reads the §1.6 example', () => {
    const r = parseNgctlTypes(fixture('handmade/facts-1.6-types.txt'));
    expect(r.ok && r.value).toEqual([{ name: 'bridge', count: 1 }, { name: 'eiface', count: 2 }, { name: 'socket', count: 1 }]);
  });

  it('reads an empty type list and flags junk rows', () => {
    expect(parseNgctlTypes('There are 0 total types:\n')).toEqual({ ok: true, value: [], warnings: [] });
    const r = parseNgctlTypes('There are 1 total types:\n      Type name   Number of living nodes\n      ---------   ----------------------\n         ether    x\n');
    expect(!r.ok && r.errors[0]!.line).toBe(4);
  });
});
