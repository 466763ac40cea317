// Character-level helpers of the jail.conf tokenizer: where quoted strings and
// `${…}` names end, and backslash escapes decoded as jaillex.l's text2lval() does.

/** True if s[from, end) has a `$` not escaped by a backslash. */
export function hasDollar(s: string, from: number, end: number): boolean {
  for (let j = from; j < end; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === '$') return true;
  }
  return false;
}

/** Index of the closing quote of a string whose body starts at `from` (backslash escapes any char, newlines allowed), or -1. */
export function quoteEnd(s: string, from: number, q: string): number {
  for (let j = from; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === q) return j;
  }
  return -1;
}

/** Index of the `}` closing `${…`, or -1: no raw newline or `{`/`}` inside (nor `"` inside a double-quoted string). */
export function braceEnd(s: string, from: number, limit: number, inDq: boolean): number {
  for (let j = from; j < limit; j++) {
    const c = s[j]!;
    if (c === '\\' && j + 1 < limit) j++;
    else if (c === '}') return j;
    else if (c === '\n' || c === '{' || (inDq && c === '"')) return -1;
  }
  return -1;
}

const SIMPLE: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/**
 * One backslash escape whose body starts at `j` (just after the `\`), as text2lval
 * reads it: up to 3 octal digits, `\xH[H]`, C letters, backslash-newline = nothing,
 * any other character = itself. Values above 255 wrap like a C char.
 */
export function unescape(s: string, j: number, end: number): { text: string; end: number } {
  const c = s[j];
  if (c === undefined || j >= end) return { text: '', end: j };
  if (c >= '0' && c <= '7') {
    let v = 0;
    let k = j;
    while (k < end && k < j + 3 && s[k]! >= '0' && s[k]! <= '7') v = v * 8 + Number(s[k++]);
    return { text: String.fromCharCode(v & 0xff), end: k };
  }
  if (c === 'x') {
    let v = 0;
    let k = j + 1;
    while (k < end && k < j + 3 && /[0-9A-Fa-f]/.test(s[k]!)) v = v * 16 + parseInt(s[k++]!, 16);
    return { text: String.fromCharCode(v), end: k };
  }
  if (c === '\n') return { text: '', end: j + 1 };
  // A surrogate pair stays whole (the C code works on bytes; a UTF-8 sequence passes through unchanged).
  const cp = s.codePointAt(j)!;
  const ch = String.fromCodePoint(cp);
  return { text: SIMPLE[ch] ?? ch, end: j + ch.length };
}

/** Processes every escape in s[from, end). */
export function unescapeAll(s: string, from: number, end: number): string {
  let out = '';
  for (let j = from; j < end; ) {
    if (s[j] === '\\') {
      const e = unescape(s, j + 1, end);
      out += e.text;
      j = e.end;
    } else out += s[j++];
  }
  return out;
}
