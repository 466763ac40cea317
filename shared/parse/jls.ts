// Parsers for jls(8) text output: default view, -N, -v, -n/-s (name=value) and parameter
// lists (facts.md §5.3, §8.13). JSON output is in jls-json.ts.
import { Issues, guarded, skipPreamble, splitLines } from './result.js';
import type { Line, Parsed } from './result.js';
import { applyParams } from './jls-record.js';
import type { JlsJail, JlsValue } from './jls-record.js';

export * from './jls-record.js';
export * from './jls-json.js';

const canon = (s: string) => s.trim().replace(/\s+/g, ' ');
const HDR_DEFAULT = 'JID IP Address Hostname Path';
const HDR_V = ['JID Hostname Path', 'Name State', 'CPUSetID', 'IP Address(es)'];
const IP_ONLY = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(?:%\S+)?)$/;

/** Splits `IP HOSTNAME PATH` where the 15/29-wide columns may be intact or collapsed (hostnames may contain spaces). */
function ipHostPath(rest: string, withIp: boolean): { ip: string; hostname: string; path: string } | null {
  // Intact padding: fields sit at fixed offsets (%-15.15s %-29.29s %.74s).
  const hOff = withIp ? 16 : 0;
  if (rest.length > hOff + 30 && (!withIp || rest[15] === ' ') && rest[hOff + 29] === ' ' && rest[hOff + 30] === '/') {
    return { ip: withIp ? rest.slice(0, 15).trim() : '', hostname: rest.slice(hOff, hOff + 29).trimEnd(), path: rest.slice(hOff + 30) };
  }
  const r = canon(rest);
  const m = withIp
    ? /^(?:(-|\d{1,3}(?:\.\d{1,3}){3}) )?(?:(.*?) )?(\/.*)$/.exec(r)
    : /^()(?:(.*?) )?(\/.*)$/.exec(r);
  if (!m) return null;
  return { ip: m[1] ?? '', hostname: m[2] ?? '', path: m[3]! };
}

/** Default view row: `%6d  %-15.15s %-29.29s %.74s`; `-` (pre-libxo) and empty IP mean no IPv4. */
function defaultRow(line: Line): JlsJail | null {
  const m = /^\s*(\d+) {1,2}(.*)$/.exec(line.text);
  if (!m) return null;
  const f = ipHostPath(m[2]!, true);
  if (!f) return null;
  return { jid: Number(m[1]), hostname: f.hostname, path: f.path, ip4: f.ip === '' || f.ip === '-' ? [] : [f.ip] };
}

/** -N row: ` %-15s %-15.15s %-29.29s %.74s` with the jail name first (never truncated, so it may push the columns). */
function namedRow(line: Line): JlsJail | null {
  const m = /^\s*(\S+)(\s+)(.*)$/.exec(line.text);
  if (!m) return null;
  const pad = m[1]!.length < 15 ? 15 - m[1]!.length + 1 : 1;
  const rest = m[2]!.length === pad ? m[3]! : canon(m[3]!);
  const f = ipHostPath(rest, true);
  if (!f) return null;
  return { name: m[1]!, hostname: f.hostname, path: f.path, ip4: f.ip === '' || f.ip === '-' ? [] : [f.ip] };
}

/** Parses `jls`, `jls -N` and `jls -v` text output (mode chosen by the header). */
export function parseJls(text: string): Parsed<JlsJail[]> {
  return guarded(text, (t) => {
    const issues = new Issues();
    const lines = skipPreamble(splitLines(t), issues);
    const jails: JlsJail[] = [];
    const head = lines[0] ? canon(lines[0].text) : '';
    if (head === HDR_V[0]) return parseVerbose(lines, issues);
    if (head !== HDR_DEFAULT) {
      issues.error(lines[0] ?? 1, `expected the jls header '   JID  IP Address      Hostname                      Path' (or the -v header)`);
      return issues.result(jails);
    }
    const named = /^\s?JID {2,}IP/.test(lines[0]!.text) && !/^ {3}JID  IP/.test(lines[0]!.text);
    for (const line of lines.slice(1)) {
      if (line.text === '') continue;
      const rec = named ? namedRow(line) : defaultRow(line);
      if (rec) jails.push(rec);
      else issues.error(line, named ? 'expected a jls -N row: NAME IP HOSTNAME PATH' : 'expected a jls row: JID IP HOSTNAME PATH');
    }
    return issues.result(jails);
  });
}

/** `jls -v`: a 4-line header, then per jail `JID HOSTNAME PATH`, `NAME STATE`, `CPUSETID`, and one line per address. */
function parseVerbose(lines: Line[], issues: Issues): Parsed<JlsJail[]> {
  const jails: JlsJail[] = [];
  for (let k = 1; k < 4; k++) {
    if (canon(lines[k]?.text ?? '') !== HDR_V[k]) issues.error(lines[k] ?? lines[0]!.no + k, `expected the jls -v header line '${HDR_V[k]}'`);
  }
  let cur: JlsJail | null = null;
  let part = 0; // which line of the current record comes next: 1 = name/state, 2 = cpusetid, 3 = addresses
  for (const line of lines.slice(4)) {
    const s = canon(line.text);
    if (s === '') continue;
    if (cur && part === 1) {
      const m = /^(?:(.*) )?(\S+)$/.exec(s)!;
      cur.name = m[1] ?? '';
      cur.state = m[2]!;
      if (m[2] !== 'ACTIVE' && m[2] !== 'DYING') issues.warn(line, `unknown jail state '${m[2]}'`);
      part = 2;
    } else if (cur && part === 2) {
      if (/^\d+$/.test(s)) cur.cpusetid = Number(s);
      else issues.error(line, 'expected the CPU set ID line');
      part = 3;
    } else if (cur && part === 3 && IP_ONLY.test(s)) {
      (s.includes(':') ? cur.ip6! : cur.ip4!).push(s);
    } else {
      const m = /^\s*(\d+) {1,2}(.*)$/.exec(line.text);
      const f = m ? ipHostPath(m[2]!, false) : null;
      if (!m || !f) { issues.error(line, 'expected a jls -v record line: JID HOSTNAME PATH'); cur = null; continue; }
      cur = { jid: Number(m[1]), hostname: f.hostname, path: f.path, ip4: [], ip6: [] };
      jails.push(cur);
      part = 1;
    }
  }
  if (cur && part < 3) issues.error(lines[lines.length - 1]!.no + 1, 'truncated: the last jls -v record is incomplete');
  return issues.result(jails);
}

/** Splits a -n/-s line into tokens, honouring `"…"`/`'…'` quoting with backslash escapes (jls -q). */
function tokens(s: string): string[] | string {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (s[i] === ' ' || s[i] === '\t') i++;
    if (i >= s.length) break;
    let tok = '';
    while (i < s.length && s[i] !== ' ' && s[i] !== '\t') {
      const q = s[i]!;
      if (q !== '"' && q !== "'") { tok += q; i++; continue; }
      const end = closeQuote(s, i + 1, q);
      if (end < 0) return `unterminated ${q} quote at column ${i + 1}`;
      tok += s.slice(i + 1, end).replace(/\\(.)/g, '$1');
      i = end + 1;
    }
    out.push(tok);
  }
  return out;
}

function closeQuote(s: string, from: number, q: string): number {
  for (let j = from; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === q) return j;
  }
  return -1;
}

/**
 * Parses `jls -n` / `jls -s` (one line per jail of `name=value` and boolean
 * `name`/`noname` tokens; for dotted booleans the `no` follows the last dot, `allow.nomount`).
 * Without -q a value containing spaces cannot be told apart: such lines are errors.
 */
export function parseJlsNamed(text: string): Parsed<JlsJail[]> {
  return guarded(text, (t) => {
    const issues = new Issues();
    const jails: JlsJail[] = [];
    for (const line of skipPreamble(splitLines(t), issues)) {
      if (line.text.trim() === '') continue;
      const toks = tokens(line.text);
      if (typeof toks === 'string') { issues.error(line, toks); continue; }
      const params: Record<string, JlsValue> = {};
      let bad = false;
      for (const tok of toks) {
        const eq = tok.indexOf('=');
        if (eq > 0) params[tok.slice(0, eq)] = tok.slice(eq + 1);
        else if (/^[A-Za-z_][\w.]*$/.test(tok)) setBool(params, tok);
        else { issues.error(line, `'${tok}' is neither name=value nor a boolean parameter (a value with spaces needs jls -q or -s)`); bad = true; break; }
      }
      if (bad) continue;
      const rec: JlsJail = {};
      const problem = applyParams(rec, params);
      if (problem) issues.error(line, problem);
      else jails.push(rec);
    }
    return issues.result(jails);
  });
}

function setBool(params: Record<string, JlsValue>, tok: string): void {
  const dot = tok.lastIndexOf('.');
  const last = tok.slice(dot + 1);
  if (last.startsWith('no') && last.length > 2) params[tok.slice(0, dot + 1) + last.slice(2)] = false;
  else params[tok] = true;
}

/**
 * Parses parameter-list mode (`jls -j J p1 p2 …`): one line per jail, values
 * separated by single spaces, `""` for an empty string. A value containing a
 * newline continues on the next line (jailmeta tests): lines are joined until
 * the record has one value per requested parameter.
 */
export function parseJlsParams(text: string, params: string[]): Parsed<JlsJail[]> {
  return guarded(text, (t) => {
    const issues = new Issues();
    const jails: JlsJail[] = [];
    if (!Array.isArray(params) || params.length === 0) {
      issues.error(0, 'no parameter names given: parameter-list output cannot be read without them');
      return issues.result(jails);
    }
    let acc: string | null = null;
    let first: Line | null = null;
    for (const line of splitLines(t)) {
      acc = acc === null ? line.raw : `${acc}\n${line.raw}`;
      first ??= line;
      const vals = acc.split(' ');
      if (vals.length < params.length) continue;
      if (vals.length > params.length) issues.error(first, `expected ${params.length} values separated by single spaces, found ${vals.length} (a value contains a space?)`);
      else {
        const rec: JlsJail = {};
        const p: Record<string, JlsValue> = {};
        params.forEach((name, k) => (p[name] = vals[k] === '""' ? '' : vals[k]!));
        const problem = applyParams(rec, p);
        if (problem) issues.error(first, problem);
        else jails.push(rec);
      }
      acc = null;
      first = null;
    }
    if (first) issues.error(first, `truncated: expected ${params.length} values, the input ended first`);
    return issues.result(jails);
  });
}
