// ngctl output printers: the corner cases the §1.6 fixtures do not reach.
import { describe, expect, it } from 'vitest';
import { formatDot, formatList, formatMsgResponse, formatShow, formatTypes } from '../../../shared/ngctl/format.js';

describe('ngctl printers', () => {
  it('list: unnamed nodes, long names push columns, named-only header', () => {
    const out = formatList([{ id: 0x1f, name: null, type: 'socket', hooks: 0 }, { id: 2, name: 'a_very_long_node_name', type: 'bridge', hooks: 3 }], true);
    expect(out).toBe(
      'There are 2 total named nodes:\n' +
        '  Name: <unnamed>       Type: socket          ID: 0000001f   Num hooks: 0\n' +
        '  Name: a_very_long_node_name Type: bridge          ID: 00000002   Num hooks: 3\n',
    );
  });

  it('show: no hook table without hooks or with -n; unnamed peers', () => {
    const n = { id: 4, name: 'b', type: 'bridge', links: [{ ourhook: 'link0', peerhook: 'x', peer: { id: 9, name: null, type: 'socket', hooks: 1 } }] };
    expect(formatShow(n, true)).toBe('  Name: b               Type: bridge          ID: 00000004   Num hooks: 1\n');
    expect(formatShow(n).split('\n')[3]).toBe('  link0           <unnamed>       socket       00000009        x              ');
    expect(formatShow({ ...n, links: [] })).toBe('  Name: b               Type: bridge          ID: 00000004   Num hooks: 0\n');
  });

  it('dot: unnamed label escaped, empty cluster kept', () => {
    const out = formatDot([{ id: 10, name: null, type: 'hub', links: [{ ourhook: 'a', peerhook: 'b', peer: { id: 10, name: null, type: 'hub', hooks: 2 } }] }]);
    expect(out).toContain('\t\t"a" [ label = "{\\<unnamed\\>:|{hub|[a]:}}" ];\n');
    expect(out).toContain('\tsubgraph cluster_disconnected {\n\t\tbgcolor = pink;\n\t};\n');
    expect(out).toContain('\t"a.a" -- "a.b";\n');
  });

  it('dot accepts snapshot nodes', () => {
    const out = formatDot([
      { id: '2', name: 'e', type: 'eiface', hooks: [{ hook: 'ether', peerId: '4', peerHook: 'link0' }] },
      { id: '4', name: 'b', type: 'bridge', hooks: [{ hook: 'link0', peerId: '2', peerHook: 'ether' }] },
    ]);
    expect(out).toContain('\t"4.link0" -- "2.ether";\n');
    expect(out).not.toContain('"2.ether" -- "4.link0"');
  });

  it('types: empty list has no header', () => {
    expect(formatTypes([])).toBe('There are 0 total types:\n');
    expect(formatTypes([{ name: 'a_type_name_longer', count: 12 }])).toContain('a_type_name_longer      12\n');
  });

  it('msg: no arguments', () => {
    expect(formatMsgResponse({ cmdstr: 'x', cmd: 805306374, from: '[1]:', args: '' })).toBe('Rec\'d response "x" (805306374) from "[1]:":\nNo arguments\n');
  });
});
