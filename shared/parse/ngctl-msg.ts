// Parsers for `ngctl msg` responses (facts.md §1.4 MsgRead format) and for the
// ng_parse ASCII form of message arguments (`{ a=1 b="x" c=[ 1 2 ] }`).
import { Issues, guarded, skipPreamble, splitLines } from './result.js';
import type { Parsed } from './result.js';

/** A message ngctl received and printed. `args` is the text after `Args:`, null for `No arguments`. */
export interface NgctlMsg {
  kind: 'response' | 'command';
  cmd: string;
  cmdNum: number;
  from: string;
  args: string | null;
}

/** A decoded ng_parse value: quoted strings stay strings, integer tokens become numbers when exact. */
export type NgValue = string | number | null | NgValue[] | { [field: string]: NgValue };

const RECD = /^Rec'd (response|command) "([^"]*)" \((-?\d+)\) from "([^"]*)":$/;
const RECD_BINARY = /^Rec'd (response|command) (-?\d+) from "([^"]*)":$/;

/**
 * Parses the stdout of `ngctl msg PATH CMD`. Argument text wrapped over several
 * lines (as in hand-edited tutorials) is joined with single spaces, with a warning.
 */
export function parseNgctlMsg(text: string): Parsed<NgctlMsg> {
  return guarded(text, (t) => {
    const issues = new Issues();
    const lines = skipPreamble(splitLines(t), issues).filter((l) => l.text.trim() !== '');
    const msg: NgctlMsg = { kind: 'response', cmd: '', cmdNum: 0, from: '', args: null };
    const head = lines[0];
    const m = head ? RECD.exec(head.text.trim()) : null;
    if (!head || !m) {
      const bin = head ? RECD_BINARY.exec(head.text.trim()) : null;
      const why = bin ? 'the message has no ASCII form (ngctl printed a hex dump)' : "expected 'Rec'd response \"CMD\" (N) from \"PATH\":'";
      issues.error(head ?? 1, why);
      return issues.result(msg);
    }
    Object.assign(msg, { kind: m[1], cmd: m[2], cmdNum: Number(m[3]), from: m[4] });
    const body = lines[1];
    if (!body) {
      issues.error(head.no + 1, "expected 'Args:' or 'No arguments' after the Rec'd line");
      return issues.result(msg);
    }
    const b = body.text.trim();
    if (b === 'No arguments') {
      for (const extra of lines.slice(2)) issues.error(extra, "unexpected line after 'No arguments'");
      return issues.result(msg);
    }
    const a = /^Args:\s+(.*)$/.exec(b);
    if (!a) {
      issues.error(body, "expected 'Args:<TAB>…' or 'No arguments'");
      return issues.result(msg);
    }
    const parts = [a[1]!];
    for (const extra of lines.slice(2)) {
      issues.warn(extra, 'argument text continues on another line (wrapped by hand?); joined with a space');
      parts.push(extra.text.trim());
    }
    msg.args = parts.join(' ');
    return issues.result(msg);
  });
}

type Tok = { kind: 'open' | 'close' | 'lbr' | 'rbr' | 'eq' | 'str' | 'word'; text: string; pos: number };

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', v: '\v', f: '\f', b: '\b', a: '\x07', '"': '"', '\\': '\\' };

/** Reads a C-style quoted string starting at s[i] === '"'; returns its value and the index after it. */
function readString(s: string, i: number): { value: string; end: number } | string {
  let out = '';
  let j = i + 1;
  while (j < s.length) {
    const c = s[j]!;
    if (c === '"') return { value: out, end: j + 1 };
    if (c !== '\\') { out += c; j++; continue; }
    const n = s[j + 1] ?? '';
    const oct = /^[0-7]{1,3}/.exec(s.slice(j + 1, j + 4));
    const hex = /^x([0-9a-fA-F]{1,2})/.exec(s.slice(j + 1, j + 4));
    if (oct) { out += String.fromCharCode(parseInt(oct[0], 8)); j += 1 + oct[0].length; }
    else if (hex) { out += String.fromCharCode(parseInt(hex[1]!, 16)); j += 1 + hex[0].length; }
    else if (n in ESCAPES) { out += ESCAPES[n]; j += 2; }
    else { out += n; j += 2; }
  }
  return `unterminated string starting at column ${i + 1}`;
}

function tokenize(s: string): Tok[] | string {
  const toks: Tok[] = [];
  const single: Record<string, Tok['kind']> = { '{': 'open', '}': 'close', '[': 'lbr', ']': 'rbr', '=': 'eq' };
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (single[c]) { toks.push({ kind: single[c]!, text: c, pos: i }); i++; continue; }
    if (c === '"') {
      const r = readString(s, i);
      if (typeof r === 'string') return r;
      toks.push({ kind: 'str', text: r.value, pos: i });
      i = r.end;
      continue;
    }
    const w = /^[^\s{}[\]="]+/.exec(s.slice(i))!;
    toks.push({ kind: 'word', text: w[0], pos: i });
    i += w[0].length;
  }
  return toks;
}

/** A bare token as a number when it is an integer that survives the round trip (big uint64 stays text). */
function wordValue(w: string): NgValue {
  if (/^-?(?:0|[1-9]\d*)$/.test(w)) {
    const n = Number(w);
    return Number.isSafeInteger(n) ? n : w;
  }
  if (/^0x[0-9a-fA-F]+$/.test(w)) {
    const n = parseInt(w, 16);
    return Number.isSafeInteger(n) ? n : w;
  }
  return w;
}

class AsciiReader {
  i = 0;
  constructor(readonly toks: Tok[]) {}

  fail(msg: string): never {
    const t = this.toks[this.i];
    throw new AsciiError(t ? `${msg} at column ${t.pos + 1}` : `${msg} at end of text`);
  }

  value(depth: number): NgValue {
    if (depth > 64) this.fail('nesting deeper than 64 levels');
    const t = this.toks[this.i++];
    if (!t) return this.fail('expected a value');
    if (t.kind === 'str') return t.text;
    if (t.kind === 'word') return wordValue(t.text);
    if (t.kind === 'open') return this.struct(depth);
    if (t.kind === 'lbr') return this.array(depth);
    this.i--;
    return this.fail(`unexpected '${t.text}'`);
  }

  struct(depth: number): NgValue {
    const out: { [k: string]: NgValue } = {};
    for (;;) {
      const t = this.toks[this.i];
      if (!t) this.fail("missing '}'");
      if (t.kind === 'close') { this.i++; return out; }
      if (t.kind !== 'word' || this.toks[this.i + 1]?.kind !== 'eq') this.fail('expected field=value');
      this.i += 2;
      out[t.text] = this.value(depth + 1);
    }
  }

  /** Arrays may skip default elements and name the next index (`[ 3=x ]`, ng_unparse_composite); gaps are null. */
  array(depth: number): NgValue {
    const out: NgValue[] = [];
    for (;;) {
      const t = this.toks[this.i];
      if (!t) this.fail("missing ']'");
      if (t.kind === 'rbr') { this.i++; return out; }
      if (t.kind === 'word' && /^\d+$/.test(t.text) && this.toks[this.i + 1]?.kind === 'eq') {
        const index = Number(t.text);
        if (index < out.length || index > 1_000_000) this.fail(`bad array index ${t.text}`);
        while (out.length < index) out.push(null);
        this.i += 2;
      }
      out.push(this.value(depth + 1));
    }
  }
}

class AsciiError extends Error {}

/** Decodes ng_parse ASCII (the text after `Args:`) into plain values. Line numbers in issues are always 1. */
export function parseNgAscii(args: string): Parsed<NgValue> {
  return guarded(args, (s) => {
    const toks = tokenize(s);
    const fail = (message: string): Parsed<NgValue> => ({ ok: false, errors: [{ line: 1, message, text: s.slice(0, 200) }] });
    if (typeof toks === 'string') return fail(toks);
    if (toks.length === 0) return fail('empty argument text');
    const r = new AsciiReader(toks);
    try {
      const value = r.value(0);
      if (r.i < toks.length) return fail(`unexpected text after the value at column ${toks[r.i]!.pos + 1}`);
      return { ok: true, value, warnings: [] };
    } catch (e) {
      if (e instanceof AsciiError) return fail(e.message);
      throw e;
    }
  });
}
