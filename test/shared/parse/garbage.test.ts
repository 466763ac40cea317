// Every parser against garbage: it must return a result (never throw), with errors
// that carry line numbers, whatever the input.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseNgAscii, parseNgctlDot, parseNgctlList, parseNgctlListL, parseNgctlMsg, parseNgctlShow, parseNgctlTypes } from '../../../shared/parse/ngctl.js';
import { parseJls, parseJlsJson, parseJlsNamed, parseJlsParams } from '../../../shared/parse/jls.js';
import { parseIfconfig } from '../../../shared/parse/ifconfig.js';
import { parseNetstatInterfaces } from '../../../shared/parse/netstat.js';
import { parseBridgeStats, parseBridgeTable } from '../../../shared/parse/ng-bridge.js';
import { MAX_ISSUES } from '../../../shared/parse/result.js';
import type { Parsed } from '../../../shared/parse/result.js';
import { fixture } from './fixture.js';

const parsers: Record<string, (t: string) => Parsed<unknown>> = {
  parseNgctlList, parseNgctlShow, parseNgctlListL, parseNgctlTypes, parseNgctlDot, parseNgctlMsg, parseNgAscii,
  parseJls, parseJlsJson, parseJlsNamed, parseJlsParams: (t) => parseJlsParams(t, ['jid', 'name']), parseIfconfig,
  parseNetstatInterfaces, parseBridgeStats, parseBridgeTable,
};

function wellFormed(r: Parsed<unknown>): void {
  expect(typeof r.ok).toBe('boolean');
  const issues = r.ok ? r.warnings : r.errors;
  for (const i of issues) {
    expect(Number.isInteger(i.line)).toBe(true);
    expect(typeof i.message).toBe('string');
    expect(typeof i.text).toBe('string');
  }
  if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
}

describe.each(Object.entries(parsers))('%s on garbage', (_name, parse) => {
  it('fails on empty input with an error', () => {
    const r = parse('');
    wellFormed(r);
    if (_name !== 'parseJlsNamed' && _name !== 'parseJlsParams' && !_name.startsWith('parseNgctlTypes')) expect(r.ok).toBe(false);
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => wellFormed(parse(s))), { numRuns: 300 });
  });

  it('never throws on random lines built from output fragments', () => {
    const frag = fc.constantFrom('There are 3 total nodes:', '  Name: a Type: b ID: 00000001 Num hooks: 1', '  Local hook Peer name Peer type Peer ID Peer hook',
      '  ---------- --------- --------- ------- ---------', 'graph netgraph {', '};', '{', '"1.a" -- "2.b";', 'Args:\t{ a=[ 1', '   JID  IP Address      Hostname                      Path',
      'em0: flags=8843<UP> metric 0 mtu 1500', '\tinet 1.2.3.4', '{"__version": "2"', 'name="x', '\t', '');
    fc.assert(fc.property(fc.array(frag, { maxLength: 30 }), (ls) => wellFormed(parse(ls.join('\n')))), { numRuns: 200 });
  });

  it('rejects random bytes with line-numbered errors', () => {
    const bytes = Array.from({ length: 4000 }, (_, i) => String.fromCharCode((i * 7919 + 13) % 256)).join('');
    const r = parse(bytes);
    wellFormed(r);
    expect(r.ok).toBe(false);
  });

  it('survives 100k lines of junk and caps the error list', () => {
    const junk = Array.from({ length: 100_000 }, (_, i) => `junk line ${i}`).join('\n');
    const r = parse(junk);
    wellFormed(r);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.length).toBeLessThanOrEqual(MAX_ISSUES + 1);
  });

  it('returns an error for non-string input instead of throwing', () => {
    for (const v of [undefined, null, 42, {}, []]) {
      const r = parse(v as unknown as string);
      expect(r.ok).toBe(false);
    }
  });
});

describe('line numbers in junk', () => {
  it('point at the offending lines', () => {
    const r = parseNgctlList(`There are 1 total nodes:\n${'x\n'.repeat(3)}`);
    expect(!r.ok && r.errors.map((e) => e.line)).toEqual([2, 3, 4]);
    const big = parseNgctlList(`There are 0 total nodes:\n${'x\n'.repeat(100)}`);
    expect(!big.ok && big.errors[MAX_ISSUES - 1]!.line).toBe(MAX_ISSUES + 1);
    expect(!big.ok && big.errors[MAX_ISSUES]!.message).toBe(`${100 - MAX_ISSUES} more errors not listed`);
  });

  it('truncated captures report the line where they stop', () => {
    const full = fixture('handmade/facts-1.6-list-l.txt');
    const cut = full.split('\n').slice(0, 3).join('\n');
    const r = parseNgctlListL(cut);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]!.line).toBe(4);
    const dot = parseNgctlDot(fixture('handmade/facts-1.6-dot.txt').split('\n').slice(0, 20).join('\n'));
    expect(!dot.ok && dot.errors.at(-1)!.line).toBe(21);
    expect(!dot.ok && dot.partial?.nodes).toHaveLength(4);
  });
});
