// parseJailConf on garbage: always a result, never a throw, errors with line numbers.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseJailConf } from '../../../shared/parse/jailconf.js';
import type { JailConf } from '../../../shared/parse/jailconf.js';
import { MAX_ISSUES } from '../../../shared/parse/result.js';
import type { Parsed } from '../../../shared/parse/result.js';

function wellFormed(r: Parsed<JailConf>, lines: number): void {
  expect(typeof r.ok).toBe('boolean');
  const issues = r.ok ? r.warnings : r.errors;
  for (const i of issues) {
    expect(Number.isInteger(i.line)).toBe(true);
    expect(i.line).toBeGreaterThanOrEqual(0);
    expect(i.line).toBeLessThanOrEqual(lines + 1);
    expect(typeof i.message).toBe('string');
    expect(i.message.length).toBeGreaterThan(0);
  }
  if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
}

const lineCount = (s: string) => s.split('\n').length;

describe('parseJailConf on garbage', () => {
  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string(), (s) => wellFormed(parseJailConf(s), lineCount(s))), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => wellFormed(parseJailConf(s), lineCount(s))), { numRuns: 300 });
  });

  it('never throws on soups of jail.conf fragments', () => {
    const frag = fc.constantFrom('j', '{', '}', ';', '=', '+=', ',', '"', "'", '"a$b"', '${x}', '$x', '${', '/*', '*/', '//', '#', '\\', '\\\n',
      '\n', ' ', 'persist', 'nopersist', '.include', '"/etc/*.conf"', '*', 'foo.*', '"foo.*"', '$name', 'exec.start', '\\x', '\\0', '1');
    const include = () => [{ path: '/inc', text: 'j { a = 1; }\n.include "/inc";' }];
    fc.assert(fc.property(fc.array(frag, { maxLength: 40 }), (ls) => {
      const s = ls.join('');
      wellFormed(parseJailConf(s), lineCount(s));
      wellFormed(parseJailConf(s, { include }), lineCount(s));
    }), { numRuns: 500 });
  });

  it('returns an error for non-string input and ignores a bad options value', () => {
    for (const v of [undefined, null, 42, {}, []]) expect(parseJailConf(v as unknown as string).ok).toBe(false);
    expect(parseJailConf('j { }', null as unknown as undefined).ok).toBe(true);
    expect(parseJailConf('j { }', { include: 'nope' as unknown as undefined }).ok).toBe(true);
  });

  it('fails an empty-handed parse cleanly: empty text is an empty config', () => {
    expect(parseJailConf('')).toEqual({ ok: true, value: { jails: [] }, warnings: [] });
    expect(parseJailConf('# only a comment\n;;\n')).toMatchObject({ ok: true, value: { jails: [] } });
  });

  it('survives 100k lines of junk and caps the error list', () => {
    const junk = Array.from({ length: 100_000 }, (_, i) => `junk line ${i} }`).join('\n');
    const r = parseJailConf(junk);
    wellFormed(r, 100_000);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.length).toBeLessThanOrEqual(MAX_ISSUES + 1);
  });

  it('handles many jails and deep variable chains without blowing the stack', () => {
    const many = Array.from({ length: 2000 }, (_, i) => `j${i} { path = "/j/$name"; }`).join('\n');
    const r = parseJailConf(`exec.clean;\n${many}`);
    expect(r.ok && r.value.jails.length).toBe(2000);
    const chain = Array.from({ length: 500 }, (_, i) => `$v${i} = "\${v${i + 1}}x";`).join('\n');
    const c = parseJailConf(`j {\n${chain}\n$v500 = end;\np = $v0;\n}`);
    expect(c.ok && c.value.jails[0]!.params.find((p) => p.name === 'p')!.values[0]).toBe(`end${'x'.repeat(500)}`);
  });
});
