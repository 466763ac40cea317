// Prints jails as canonical jail.conf(5) text that parseJailConf reads back to the
// same parameters: plain tokens left bare, anything else double-quoted with `\`, `"`,
// `$` and control characters escaped, booleans as `persist;`/`nopersist;`, and
// exec.* lists as `=` followed by `+=` lines (jail(8) runs them in that order).
import type { JailConfParam } from '../parse/jailconf/types.js';
import { equalOpts, isWildName } from '../parse/jailconf/resolve.js';

/** What the printer needs of a jail (a parsed JailConfJail fits). */
export interface PrintableJail {
  name: string;
  params: JailConfParam[];
}

/**
 * Unquoted values: letters, digits and `_ . : @ % -`, in `/`-separated segments.
 * `//` and `/*` would open comments and `*`, `+`, `$`, `#` mean something, so those get quotes.
 */
const BARE_VALUE = /^\/?[A-Za-z0-9_.:@%-]+(?:\/[A-Za-z0-9_.:@%-]+)*\/?$/;
/** Unquoted names: jaillex.l's atomic-string characters (one token, no `*`). */
const BARE_NAME = /^[A-Za-z0-9_.:@%-]+$/;

/** Canonical jail.conf text for `jails`. Throws an Error naming the jail and parameter when one cannot be written faithfully. */
export function printJailConf(jails: readonly PrintableJail[]): string {
  if (!Array.isArray(jails)) throw new Error('printJailConf: expected an array of jails');
  return jails.map((j, k) => printJail(j, k)).join('\n');
}

function printJail(j: PrintableJail, k: number): string {
  if (!j || typeof j.name !== 'string' || !Array.isArray(j.params)) throw new Error(`jail #${k + 1}: expected { name, params[] }`);
  const where = `jail "${j.name}"`;
  checkText(j.name, `${where}: name`);
  if (isWildName(j.name)) throw new Error(`${where}: a '*' component would make it a wildcard block, not a jail`);
  const lines = [`${quote(j.name, true)} {`];
  const seen: string[] = [];
  for (const p of j.params) {
    if (!p || typeof p.name !== 'string' || !Array.isArray(p.values)) throw new Error(`${where}: expected parameters { name, values[] }`);
    if (isImplicit(j.name, p)) continue;
    const clash = seen.find((s) => equalOpts(s, p.name));
    if (clash !== undefined) throw new Error(`${where}: parameter "${p.name}" is given twice (jail.conf merges it with "${clash}")`);
    seen.push(p.name);
    lines.push(...printParam(p, where));
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** The `name` (or `jid`, for a numeric jail name) jail.conf sets from the block name itself. */
function isImplicit(jail: string, p: JailConfParam): boolean {
  if (p.name !== 'name' && p.name !== 'jid') return false;
  return p.bool === undefined && p.values.length === 1 && p.values[0] === jail;
}

function printParam(p: JailConfParam, jail: string): string[] {
  const where = `${jail}, parameter "${p.name}"`;
  checkText(p.name, where);
  if (p.name === '.include') throw new Error(`${where}: '.include' is a directive, not a parameter`);
  if (p.name === 'name' || p.name === 'jid') throw new Error(`${where}: differs from the jail name, and jail(8) cannot redefine it`);
  for (const v of p.values) {
    if (typeof v !== 'string') throw new Error(`${where}: values must be strings`);
    checkText(v, `${where}, value`);
  }
  if (p.bool !== undefined) return [`\t${printBool(p, where)};`];
  if (p.values.length === 0) throw new Error(`${where}: has neither values nor a boolean`);
  const name = quote(p.name, true);
  const vals = p.values.map((v) => quote(v, false));
  if (!p.name.startsWith('exec.')) return [`\t${name} = ${vals.join(', ')};`];
  return vals.map((v, i) => `\t${name} ${i === 0 ? '=' : '+='} ${v};`);
}

/** `persist;` / `nopersist;` / `allow.nomount;` — the `no` goes on the last dotted component. */
function printBool(p: JailConfParam, where: string): string {
  if (typeof p.bool !== 'boolean') throw new Error(`${where}: bool must be true or false`);
  if (p.values.length > 0) throw new Error(`${where}: a boolean cannot also have values`);
  const parts = p.name.split('.');
  const last = parts[parts.length - 1]!;
  if (last.startsWith('no')) throw new Error(`${where}: a boolean whose name starts with "no" reads back as a negation`);
  if (!p.bool) parts[parts.length - 1] = `no${last}`;
  return quote(parts.join('.'), true);
}

function checkText(s: string, where: string): void {
  if (s.includes('\0')) throw new Error(`${where}: contains a NUL character, which jail(8) cannot carry`);
}

/** A value or name as one jail.conf token: bare when safe, else a double-quoted string. */
export function quote(s: string, isName: boolean): string {
  if ((isName ? BARE_NAME : BARE_VALUE).test(s)) return s;
  let out = '"';
  for (const c of s) out += escapeChar(c);
  return `${out}"`;
}

const NAMED: Record<string, string> = { '\\': '\\\\', '"': '\\"', $: '\\$', '\n': '\\n', '\t': '\\t', '\r': '\\r' };

function escapeChar(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.codePointAt(0)!;
  // Three octal digits always: a shorter form would swallow a following digit.
  if (code < 0x20 || code === 0x7f) return `\\${code.toString(8).padStart(3, '0')}`;
  return c;
}
