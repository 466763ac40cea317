// A small model of the kernel's ng_parse ASCII syntax: parse message
// arguments (`{ field=value }`, `[ a b ]`, `"strings"`, numbers, MACs) and
// print responses the way ng_unparse does (fields equal to their default are
// omitted; an all-default struct is `{}`). Bad input → EINVAL.
import { SimErrno } from '../errno.js';

/** A parsed ASCII value: a bare word, a quoted string, a struct or an array. */
export type NgValue = { word: string } | { str: string } | { fields: Map<string, NgValue> } | { items: NgValue[] };

const bad = (what: string): SimErrno => new SimErrno('EINVAL', what);

function tokenize(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (/\s/.test(c)) i++;
    else if ('{}[]='.includes(c)) out.push(c), i++;
    else if (c === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
      if (j >= s.length) throw bad('unterminated string');
      out.push(s.slice(i, j + 1));
      i = j + 1;
    } else {
      let j = i;
      while (j < s.length && !/[\s{}[\]="]/.test(s[j] as string)) j++;
      out.push(s.slice(i, j));
      i = j;
    }
  }
  return out;
}

function unquote(tok: string): string {
  return tok.slice(1, -1).replace(/\\(.)/g, (_, ch: string) => ({ n: '\n', t: '\t', r: '\r' })[ch] ?? ch);
}

function parseAt(toks: string[], pos: { i: number }): NgValue {
  const t = toks[pos.i++];
  if (t === undefined) throw bad('missing value');
  if (t === '{' || t === '[') {
    const close = t === '{' ? '}' : ']';
    const fields = new Map<string, NgValue>();
    const items: NgValue[] = [];
    while (toks[pos.i] !== close) {
      if (toks[pos.i] === undefined) throw bad(`missing ${close}`);
      if (toks[pos.i + 1] === '=') {
        const key = toks[pos.i] as string;
        pos.i += 2;
        // ng_parse_composite: a field (or index) given twice is EALREADY.
        if (fields.has(key)) throw new SimErrno('EALREADY', `${key} given twice`);
        fields.set(key, parseAt(toks, pos));
      } else if (t === '{') throw bad('struct field without name');
      else items.push(parseAt(toks, pos));
    }
    pos.i++;
    return t === '{' ? { fields } : { items };
  }
  if ('}]='.includes(t)) throw bad(`unexpected ${t}`);
  return t.startsWith('"') ? { str: unquote(t) } : { word: t };
}

/** Parses one ASCII argument value (the whole text); EINVAL if empty, malformed or trailing junk. */
export function parseArgs(text: string): NgValue {
  const toks = tokenize(text);
  const pos = { i: 0 };
  const v = parseAt(toks, pos);
  if (pos.i !== toks.length) throw bad('trailing junk');
  return v;
}

/** An integer (decimal, 0x hex or 0 octal as strtol reads them) within [min, max]. */
export function asInt(v: NgValue | undefined, min: number, max: number): number {
  if (v === undefined || !('word' in v)) throw bad('not a number');
  const w = v.word;
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(w);
  if (m === null) throw bad(`bad number ${w}`);
  const body = m[2] as string;
  const n = (m[1] === '-' ? -1 : 1) * (/^0[xX]/.test(body) ? parseInt(body.slice(2), 16) : body.length > 1 && body.startsWith('0') ? parseInt(body, 8) : Number(body));
  if (n < min || n > max) throw bad(`out of range ${w}`);
  return n;
}

/** A quoted string value (ng_parse_string / fixed buffers of `size` bytes incl. NUL). */
export function asString(v: NgValue | undefined, size = 1024): string {
  if (v === undefined || !('str' in v)) throw bad('not a string');
  if (v.str.length >= size) throw bad('string too long');
  return v.str;
}

/** An Ethernet address `aa:bb:cc:dd:ee:ff` (ng_enaddr_parse), normalised to lowercase two digits. */
export function asEnaddr(v: NgValue | undefined): string {
  const w = v !== undefined && 'word' in v ? v.word : '';
  const parts = w.split(':');
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) throw bad(`bad ethernet address ${w}`);
  return parts.map((p) => p.toLowerCase().padStart(2, '0')).join(':');
}

/** The fields of a struct value, refusing names the struct does not have (ng_parse_composite: ENOENT). */
export function asStruct(v: NgValue | undefined, allowed: readonly string[]): Map<string, NgValue> {
  if (v === undefined || !('fields' in v)) throw bad('not a struct');
  for (const k of v.fields.keys()) if (!allowed.includes(k)) throw new SimErrno('ENOENT', `unknown field ${k}`);
  return v.fields;
}

/** ng_encode_string: double-quoted with C escapes, non-printables as octal. */
export function encodeString(s: string): string {
  const esc: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\f': '\\f', '\v': '\\v', '\b': '\\b' };
  let out = '"';
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    out += esc[ch] ?? (code < 0x20 || code === 0x7f ? `\\${code.toString(8).padStart(3, '0')}` : ch);
  }
  return `${out}"`;
}

/** ng_unparse_composite for structs: `[name, text]` pairs, `null` text = default value (omitted). */
export function unparseStruct(fields: ReadonlyArray<readonly [string, string | null]>): string {
  const shown = fields.filter(([, v]) => v !== null).map(([k, v]) => ` ${k}=${v as string}`);
  return `{${shown.join('')}${shown.length ? ' ' : ''}}`;
}

/** ng_unparse_composite for arrays: default items are skipped and the next one gets `index=`. */
export function unparseArray(items: ReadonlyArray<string | null>): string {
  let next = 0;
  const shown: string[] = [];
  items.forEach((v, i) => {
    if (v === null) return;
    shown.push(` ${i !== next ? `${i}=` : ''}${v}`);
    next = i + 1;
  });
  return `[${shown.join('')}${shown.length ? ' ' : ''}]`;
}

/** A number field for unparseStruct: 0 is its default. */
export const num = (n: number): string | null => (n === 0 ? null : String(n));
/** A string field for unparseStruct: "" is its default. */
export const str = (s: string | null | undefined): string | null => (s ? encodeString(s) : null);
