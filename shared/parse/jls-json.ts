// Parser for `jls --libxo json` in default, -v and parameter-list modes (facts.md §5.3):
// envelope {"__version": "1"|"2", "jail-information": {"jail": [...]}}.
import { Issues, guarded } from './result.js';
import type { Parsed } from './result.js';
import { applyParams } from './jls-record.js';
import type { JlsJail, JlsValue } from './jls-record.js';

/** 1-based line of a character offset. */
function lineOf(text: string, pos: number): number {
  let n = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text[i] === '\n') n++;
  return n;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses the JSON text and checks the libxo envelope; returns the jail array or records errors. */
function envelope(text: string, issues: Issues): unknown[] | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // V8 names the position for most errors; "end of input" is at the last line; otherwise line 1.
    const pos = /position (\d+)/.exec(msg);
    const end = /end of JSON input/.test(msg) ? lineOf(text, text.trimEnd().length) : 1;
    issues.error(pos ? lineOf(text, Number(pos[1])) : end, `invalid JSON: ${msg}`);
    return null;
  }
  if (!isObject(doc)) {
    issues.error(1, 'expected a JSON object {"__version": …, "jail-information": …}');
    return null;
  }
  const v = doc['__version'];
  if (v !== '1' && v !== '2') issues.warn(1, `unknown jls __version ${JSON.stringify(v) ?? 'missing'} (known: "1", "2")`);
  const info = doc['jail-information'];
  const list = isObject(info) ? info['jail'] : undefined;
  if (!Array.isArray(list)) {
    issues.error(1, 'expected "jail-information": {"jail": [ … ]}');
    return null;
  }
  return list;
}

/** Reads one address array; an address in the wrong family (old jls put IPv6 into ipv4_addrs) is moved, with a warning. */
function addrs(rec: JlsJail, key: string, v: unknown, issues: Issues, at: number): string | null {
  if (!Array.isArray(v) || !v.every((a) => typeof a === 'string')) return `"${key}" is not an array of strings`;
  for (const a of v as string[]) {
    const v6 = a.includes(':');
    if (v6 !== (key === 'ipv6_addrs')) issues.warn(at, `address ${a} listed under "${key}"; filed by its family`);
    (v6 ? (rec.ip6 ??= []) : (rec.ip4 ??= [])).push(a);
  }
  return null;
}

function numeric(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return null;
}

/** Maps one jail object to a record, or returns the problem. */
function jailObject(o: unknown, issues: Issues, at: number): JlsJail | string {
  if (!isObject(o)) return 'a jail entry is not an object';
  const rec: JlsJail = {};
  const params: Record<string, JlsValue> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'jid' || k === 'cpusetid') {
      const n = numeric(v);
      if (n === null) return `"${k}" is not a number: ${JSON.stringify(v)}`;
      rec[k] = n;
    } else if (k === 'name' || k === 'hostname' || k === 'path' || k === 'state') {
      if (typeof v !== 'string') return `"${k}" is not a string`;
      rec[k] = v;
    } else if (k === 'ipv4') {
      if (typeof v !== 'string') return '"ipv4" is not a string';
      rec.ip4 = v === '' ? [] : [v];
    } else if (k === 'ipv4_addrs' || k === 'ipv6_addrs') {
      rec.ip4 ??= [];
      rec.ip6 ??= [];
      const p = addrs(rec, k, v, issues, at);
      if (p) return p;
    } else if (typeof v === 'string' || typeof v === 'boolean') params[k] = v;
    else if (typeof v === 'number') params[k] = String(v);
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) params[k] = v as string[];
    else return `parameter "${k}" has an unexpected value ${JSON.stringify(v)?.slice(0, 40)}`;
  }
  if (Object.keys(params).length > 0) {
    const p = applyParams(rec, params);
    if (p) return p;
  }
  return rec;
}

/** Parses `jls --libxo json [...]` output. Numbers may be numbers (-v) or strings (parameter mode). */
export function parseJlsJson(text: string): Parsed<JlsJail[]> {
  return guarded(text, (t) => {
    const issues = new Issues();
    const jails: JlsJail[] = [];
    const list = envelope(t, issues);
    if (!list) return issues.result(jails);
    list.forEach((o, k) => {
      const rec = jailObject(o, issues, 1);
      if (typeof rec === 'string') issues.error(1, `jail #${k + 1}: ${rec}`);
      else jails.push(rec);
    });
    return issues.result(jails);
  });
}
