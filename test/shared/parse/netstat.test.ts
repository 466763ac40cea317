import { describe, expect, it } from 'vitest';
import { parseNetstatInterfaces } from '../../../shared/parse/netstat.js';
import { fixture } from './fixture.js';

describe('parseNetstatInterfaces', () => {
  it('takes each interface counters from its link-level row, in listing order', () => {
    const r = parseNetstatInterfaces(fixture('handmade/netstat-i-b-n-libxo.txt'));
    expect(r).toEqual({
      ok: true,
      warnings: [],
      value: [
        { name: 'lo0', counters: { inPackets: 2416, outPackets: 2416, inBytes: 170544, outBytes: 170544, inDrops: 0, inErrors: 0, outErrors: 0 } },
        { name: 'em0', counters: { inPackets: 38929211, outPackets: 34549262, inBytes: 23741691373, outBytes: 9220089573, inDrops: 12, inErrors: 3, outErrors: 1 } },
        { name: 'igb0', counters: { inPackets: 0, outPackets: 0, inBytes: 0, outBytes: 0, inDrops: 0, inErrors: 0, outErrors: 0 } },
        { name: 'e0a_web', counters: { inPackets: 118, outPackets: 131, inBytes: 11564, outBytes: 12838, inDrops: 0, inErrors: 0, outErrors: 0 } },
      ],
    });
  });

  it('accepts an empty interface list (a vnet jail with nothing in it) and counts printed as strings', () => {
    expect(parseNetstatInterfaces('{"statistics": {"interface": []}}\n')).toEqual({ ok: true, warnings: [], value: [] });
    const row = { name: 'x0', network: '<Link#9>', 'received-packets': '5', 'received-bytes': '7', 'sent-packets': '1', 'sent-bytes': '2' };
    const r = parseNetstatInterfaces(JSON.stringify({ statistics: { interface: [row] } }));
    expect(r.ok && r.value).toEqual([{ name: 'x0', counters: { inPackets: 5, outPackets: 1, inBytes: 7, outBytes: 2 } }]);
  });

  it('says what is wrong: not JSON, another document, netstat without -b, bad counts', () => {
    const first = (t: string): string => {
      const r = parseNetstatInterfaces(t);
      return r.ok ? 'ok' : r.errors[0]!.message;
    };
    expect(first('Name    Mtu Network       Address              Ipkts Ierrs Idrop    Opkts Oerrs  Coll')).toMatch(/^not a JSON document/);
    expect(first('{"__version": "2", "jail-information": {"jail": []}}')).toMatch(/expected \{"statistics": \{"interface"/);
    const noBytes = { name: 'em0', network: '<Link#1>', 'received-packets': 1, 'sent-packets': 1 };
    expect(first(JSON.stringify({ statistics: { interface: [noBytes] } }))).toBe('interface row 1 (em0): no "received-bytes" (netstat run without -b?)');
    const bad = { ...noBytes, 'received-bytes': -1, 'sent-bytes': 1 };
    expect(first(JSON.stringify({ statistics: { interface: [bad] } }))).toBe('interface row 1 (em0): "received-bytes" is not a count (-1)');
    expect(first('{"statistics": {"interface": [42]}}')).toBe('interface row 1: expected an object with a "name"');
  });

  it('warns about a second link-level row for one name and keeps the first', () => {
    const row = (n: number) => ({ name: 'em0', network: '<Link#1>', 'received-packets': n, 'received-bytes': n, 'sent-packets': n, 'sent-bytes': n });
    const r = parseNetstatInterfaces(JSON.stringify({ statistics: { interface: [row(1), row(2)] } }));
    expect(r.ok && r.value.map((i) => i.counters.inPackets)).toEqual([1]);
    expect(r.ok && r.warnings.map((w) => w.message)).toEqual(['interface row 2: a second link-level row for em0; the first one counts']);
  });
});
