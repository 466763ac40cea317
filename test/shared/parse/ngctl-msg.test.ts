import { describe, expect, it } from 'vitest';
import { parseNgAscii, parseNgctlMsg } from '../../../shared/parse/ngctl.js';
import { fixture } from './fixture.js';

describe('parseNgctlMsg', () => {
  it('reads the §1.6 getifname response (TAB after Args:)', () => {
    const r = parseNgctlMsg(fixture('handmade/facts-1.6-msg-getifname.txt'));
    expect(r).toEqual({ ok: true, warnings: [], value: { kind: 'response', cmd: 'getifname', cmdNum: 1, from: '[7]:', args: '"ngeth1"' } });
    if (r.ok) expect(parseNgAscii(r.value.args!)).toEqual({ ok: true, value: 'ngeth1', warnings: [] });
  });

  it('reads the iocage getstats response and decodes the stats struct', () => {
    const r = parseNgctlMsg(fixture('ngctl-msg-getstats-iocage.txt'));
    expect(r.ok && r.value).toMatchObject({ cmd: 'getstats', cmdNum: 4, from: '[40]:' });
    const a = r.ok ? parseNgAscii(r.value.args!) : null;
    expect(a?.ok && a.value).toEqual({
      recvOctets: 23741691373, recvPackets: 38929211, recvMulticast: 27405, recvBroadcast: 163203, recvUnknown: 12573,
      xmitOctets: 9220089573, xmitPackets: 34549262, xmitMulticasts: 281, xmitBroadcasts: 114523,
    });
  });

  it('reads the tutorial getname response (bare token, spaces after Args:)', () => {
    const r = parseNgctlMsg(fixture('ngctl-msg-getname-example.txt', { prompts: true }));
    expect(r.ok && r.value).toEqual({ kind: 'response', cmd: 'getname', cmdNum: 5, from: 'fred:', args: 'inet/192.168.1.1:1029' });
    expect(parseNgAscii('inet/192.168.1.1:1029')).toEqual({ ok: true, value: 'inet/192.168.1.1:1029', warnings: [] });
  });

  it('joins hand-wrapped argument lines with a warning and decodes nested structs and arrays', () => {
    const r = parseNgctlMsg(fixture('ngctl-msg-listhooks-example.txt', { prompts: true }));
    expect(r.ok && r.warnings.map((w) => w.line)).toEqual([3, 4]);
    const a = r.ok ? parseNgAscii(r.value.args!) : null;
    expect(a?.ok && a.value).toEqual({
      nodeinfo: { type: 'ksocket', id: 9, hooks: 1 },
      linkinfo: [{ ourhook: 'local/stream/0', peerhook: 'bar', nodeinfo: { name: 'ngctl1327', type: 'socket', id: 8, hooks: 1 } }],
    });
  });

  it('reads No arguments and command messages', () => {
    const r = parseNgctlMsg('Rec\'d command "setpersistent" (8) from "[2a]:":\nNo arguments\n');
    expect(r.ok && r.value).toEqual({ kind: 'command', cmd: 'setpersistent', cmdNum: 8, from: '[2a]:', args: null });
  });

  it('reports stderr text, a hex dump and a missing body', () => {
    const e = parseNgctlMsg(fixture('ngctl-msg-error-example.txt', { prompts: true }));
    expect(!e.ok && e.errors[0]).toMatchObject({ line: 1, text: '    ngctl: send msg: Operation now in progress' });
    const b = parseNgctlMsg('Rec\'d response 12 from "[3]:":\n0000:  00 01\n');
    expect(!b.ok && b.errors[0]!.message).toMatch(/hex dump/);
    const m = parseNgctlMsg('Rec\'d response "getifname" (1) from "[7]:":\n');
    expect(!m.ok && m.errors[0]!.line).toBe(2);
  });
});

describe('parseNgAscii', () => {
  it('decodes strings with escapes, hex and negative numbers, big numbers as text', () => {
    const r = parseNgAscii('{ s="a\\"b\\n\\101\\x42" h=0x1f n=-3 big=18446744073709551615 mac=00:11:22:33:44:55 e={} }');
    expect(r.ok && r.value).toEqual({ s: 'a"b\nAB', h: 31, n: -3, big: '18446744073709551615', mac: '00:11:22:33:44:55', e: {} });
  });

  it('fills array gaps from explicit indexes (ng_unparse skips default elements)', () => {
    expect(parseNgAscii('[ 1 3=7 ]')).toEqual({ ok: true, value: [1, null, null, 7], warnings: [] });
  });

  it('reports unbalanced and malformed text with the column', () => {
    for (const bad of ['{ a=1', '[ 1 2', '"abc', '{ =1 }', '{ a=1 } x', '', '}', '{ a }']) {
      const r = parseNgAscii(bad);
      expect(r.ok, bad).toBe(false);
      expect(!r.ok && r.errors[0]!.line).toBe(1);
    }
    const r = parseNgAscii('{ a=1 b=] }');
    expect(!r.ok && r.errors[0]!.message).toMatch(/column 9/);
  });

  it('does not overflow the stack on deep nesting', () => {
    const r = parseNgAscii('['.repeat(100000) + ']'.repeat(100000));
    expect(!r.ok && r.errors[0]!.message).toMatch(/deeper than 64/);
  });
});
