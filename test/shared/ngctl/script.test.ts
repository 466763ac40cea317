// ngctl script reader rules (facts §1.3).
import { describe, expect, it } from 'vitest';
import { parseScript, tokenizeLine } from '../../../shared/ngctl/script.js';

describe('parseScript', () => {
  it('numbers physical lines, drops column-1 comments and blank lines', () => {
    expect(parseScript('# c\n\nlist\n  \nshow x:\n')).toEqual([
      { line: 3, argv: ['list'] },
      { line: 5, argv: ['show', 'x:'] },
    ]);
  });

  it('# only counts in column 1; trailing # words are arguments', () => {
    expect(parseScript(' # x\nlist # trailing\n')).toEqual([
      { line: 1, argv: ['#', 'x'] },
      { line: 2, argv: ['list', '#', 'trailing'] },
    ]);
  });

  it('has no quoting: quotes stay, runs of blanks collapse', () => {
    expect(tokenizeLine('msg x: set "a  b"\t\v\f\r')).toEqual(['msg', 'x:', 'set', '"a', 'b"']);
  });

  it('keeps at most 511 arguments', () => {
    expect(tokenizeLine(Array(600).fill('a').join(' '))).toHaveLength(511);
  });

  it('reads a last line without newline', () => {
    expect(parseScript('types')).toEqual([{ line: 1, argv: ['types'] }]);
  });

  it('12.x fgets chunks long lines, each chunk a line', () => {
    const long = `msg ${'x'.repeat(2100)}\nlist\n`;
    const r = parseScript(long, { lineMax: 2048 });
    expect(r.map((l) => l.line)).toEqual([1, 2, 3]);
    expect(r[0]!.argv[1]!.length).toBe(2047 - 4);
    expect(parseScript(long)).toHaveLength(2);
  });
});
