// Emulated jls(8): default, -N, -v, parameter lists (-n, -s, -q, -h), -j,
// -d, and `--libxo json` / `--libxo=json` in each mode, with jls.c's
// column widths and libxo's spacing quirks (lists preceded by ", ").
import { jailFind, jailNameFrom, jailParentFrom, jailsBelow } from '../jail-tree.js';
import { releaseMajor, type SimJail, type SimState } from '../state.js';
import type { CmdResult, SimCommand } from './types.js';

const USAGE = 'usage: jls [-dhNnqv] [-j jail] [param ...]\n';

type Kind = 'bool' | 'sys' | 'str' | 'num' | 'list';

/** Kernel parameters jls knows, with how each prints; writable ones can be fed back to jail(8) (-s). */
const PARAMS: Record<string, { kind: Kind; ro?: boolean; val: (j: SimJail, s: SimState) => string | string[] }> = {
  'allow.chflags': { kind: 'bool', val: (j) => j.params['allow.chflags'] ?? 'false' },
  'allow.mount': { kind: 'bool', val: (j) => j.params['allow.mount'] ?? 'false' },
  'allow.raw_sockets': { kind: 'bool', val: (j) => j.params['allow.raw_sockets'] ?? 'false' },
  'allow.set_hostname': { kind: 'bool', val: (j) => j.params['allow.set_hostname'] ?? 'false' },
  'allow.socket_af': { kind: 'bool', val: (j) => j.params['allow.socket_af'] ?? 'false' },
  'allow.sysvipc': { kind: 'bool', val: (j) => j.params['allow.sysvipc'] ?? 'false' },
  'children.cur': { kind: 'num', ro: true, val: (j) => j.params['children.cur'] ?? '0' },
  'children.max': { kind: 'num', val: (j) => j.params['children.max'] ?? '0' },
  'cpuset.id': { kind: 'num', ro: true, val: (j) => String(j.jid + 2) },
  devfs_ruleset: { kind: 'num', val: (j) => j.params.devfs_ruleset ?? (j.params['mount.devfs'] === 'true' ? '4' : '0') },
  dying: { kind: 'bool', ro: true, val: (j) => String(j.dying) },
  enforce_statfs: { kind: 'num', val: (j) => j.params.enforce_statfs ?? '2' },
  env: { kind: 'str', val: (j) => j.params.env ?? '' },
  host: { kind: 'sys', val: () => 'new' },
  'host.domainname': { kind: 'str', val: (j) => j.params['host.domainname'] ?? '' },
  'host.hostid': { kind: 'num', val: (j) => j.params['host.hostid'] ?? '0' },
  'host.hostname': { kind: 'str', val: (j) => j.hostname },
  'host.hostuuid': { kind: 'str', val: (j) => j.params['host.hostuuid'] ?? '00000000-0000-0000-0000-000000000000' },
  ip4: { kind: 'sys', val: (j) => (j.ip4.length > 0 ? 'new' : 'disable') },
  'ip4.addr': { kind: 'list', val: (j) => j.ip4 },
  'ip4.saddrsel': { kind: 'bool', val: () => 'true' },
  ip6: { kind: 'sys', val: (j) => (j.ip6.length > 0 ? 'new' : 'disable') },
  'ip6.addr': { kind: 'list', val: (j) => j.ip6 },
  'ip6.saddrsel': { kind: 'bool', val: () => 'true' },
  jid: { kind: 'num', val: (j) => String(j.jid) },
  meta: { kind: 'str', val: (j) => j.params.meta ?? '' },
  name: { kind: 'str', val: (j) => j.name },
  osreldate: { kind: 'num', val: (_j, s) => String(releaseMajor(s) * 100000 + Number(/^\d+\.(\d+)/.exec(s.release)?.[1] ?? 0) * 1000) },
  osrelease: { kind: 'str', val: (_j, s) => s.release },
  parent: { kind: 'num', ro: true, val: (j) => j.params.parent ?? '0' },
  path: { kind: 'str', val: (j) => j.path },
  persist: { kind: 'bool', val: (j) => String(j.persist) },
  securelevel: { kind: 'num', val: (j) => j.params.securelevel ?? '-1' },
  sysvmsg: { kind: 'sys', val: () => 'disable' },
  sysvsem: { kind: 'sys', val: () => 'disable' },
  sysvshm: { kind: 'sys', val: () => 'disable' },
  vnet: { kind: 'sys', val: (j) => (j.vnet ? 'new' : 'inherit') },
};

/** jls's sort_param: top-level names first, then dotted ones, each alphabetical. */
function allParams(writableOnly: boolean): string[] {
  const names = Object.keys(PARAMS).filter((n) => !(writableOnly && PARAMS[n]!.ro));
  const top = names.filter((n) => !n.includes('.')).sort();
  const dotted = names.filter((n) => n.includes('.')).sort();
  return [...top, ...dotted];
}

/** -q quoting: double quotes, or single quotes when the value holds a double quote. */
function quote(v: string, q: boolean): string {
  if (v === '') return '""';
  if (!q || !/[\s"'\\]/.test(v)) return v;
  return v.includes('"') ? `'${v}'` : `"${v}"`;
}

/** One parameter as text: `name=value` (-n) or the bare value; booleans as name / noname in -n. */
function paramText(j: SimJail, s: SimState, name: string, nameval: boolean, q: boolean): string {
  const p = PARAMS[name];
  const raw = p ? p.val(j, s) : (j.params[name] ?? '');
  if (p?.kind === 'bool' && nameval) {
    const dot = name.lastIndexOf('.');
    return raw === 'true' ? name : `${name.slice(0, dot + 1)}no${name.slice(dot + 1)}`;
  }
  const v = Array.isArray(raw) ? raw.join(',') : raw;
  return nameval ? `${name}=${quote(v, q)}` : quote(v, q);
}

const esc = (v: string): string => JSON.stringify(v);

/**
 * A jail as jail_get answers a process in jail `from`: its name relative to
 * that jail, `parent` 0 when its parent is that jail, and children.cur its
 * descendants. A copy: the record itself is not changed.
 */
function seenFrom(s: SimState, j: SimJail, from: number): SimJail {
  const cur = String(jailsBelow(s, j.jid).length);
  const parent = String(jailParentFrom(j, from));
  return { ...j, name: jailNameFrom(s, j, from), params: { ...j.params, 'children.cur': cur, parent } };
}

/** The libxo JSON envelope around the jail objects. */
function envelope(items: string[]): string {
  return `{"__version": "2", "jail-information": {"jail": [${items.join(', ')}]}}\n`;
}

/** One jail in parameter-list JSON: values are strings, lists arrays, booleans true/false. */
function paramJson(j: SimJail, s: SimState, names: string[]): string {
  const parts: string[] = [];
  for (const n of names) {
    const p = PARAMS[n];
    if (!p && j.params[n] === undefined) continue;
    const raw = p ? p.val(j, s) : j.params[n]!;
    if (p?.kind === 'list') parts.push(`, ${esc(n)}: [${(raw as string[]).map(esc).join(',')}]`);
    else if (p?.kind === 'bool') parts.push(`${parts.length ? ',' : ''}${esc(n)}:${raw === 'true'}`);
    else parts.push(`${parts.length ? ',' : ''}${esc(n)}:${esc(raw as string)}`);
  }
  return `{${parts.join('').replace(/^, /, '')}}`;
}

const pad = (s: string, w: number): string => s.slice(0, w).padEnd(w);

/** Default (and -N) text row / JSON object. */
function defaultRow(j: SimJail, byName: boolean, json: boolean): string {
  const ip = j.ip4[0] ?? '';
  if (json) return `{${byName ? `"name":${esc(j.name)}` : `"jid":${j.jid}`},"ipv4":${esc(ip)},"hostname":${esc(j.hostname)},"path":${esc(j.path)}}`;
  const head = byName ? ` ${j.name.padEnd(15)} ` : `${String(j.jid).padStart(6)}  `;
  return `${head}${pad(ip, 15)} ${pad(j.hostname, 29)} ${j.path.slice(0, 74)}\n`;
}

/** -v text block / JSON object. */
function verboseRow(j: SimJail, json: boolean): string {
  const state = j.dying ? 'DYING' : 'ACTIVE';
  const cpuset = j.jid + 2;
  if (json) {
    return `{"jid":${j.jid},"hostname":${esc(j.hostname)},"path":${esc(j.path)},"name":${esc(j.name)},"state":"${state}","cpusetid":${cpuset}, "ipv4_addrs": [${j.ip4.map(esc).join(',')}], "ipv6_addrs": [${j.ip6.map(esc).join(',')}]}`;
  }
  let out = `${String(j.jid).padStart(6)}  ${pad(j.hostname, 29)} ${j.path.slice(0, 74)}\n        ${pad(j.name, 29)} ${state}\n        ${cpuset}\n`;
  for (const a of [...j.ip4, ...j.ip6]) out += `        ${a}\n`;
  return out;
}

interface Opts {
  d: boolean; h: boolean; N: boolean; n: boolean; q: boolean; s: boolean; v: boolean; json: boolean; j: string | null;
}

/** Parses jls options (getopt plus libxo's --libxo). */
function parse(argv: string[]): { o: Opts; params: string[] } | string {
  const o: Opts = { d: false, h: false, N: false, n: false, q: false, s: false, v: false, json: false, j: null };
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--libxo' || a.startsWith('--libxo=') || a.startsWith('--libxo:')) {
      const fmt = a === '--libxo' ? argv[++i] : a.slice(8);
      if (fmt === undefined) return USAGE;
      o.json = fmt.split(/[,:]/).includes('json');
      continue;
    }
    if (a === '--') { i++; break; }
    if (!a.startsWith('-') || a === '-') break;
    for (let k = 1; k < a.length; k++) {
      const c = a[k]!;
      if (c === 'j') {
        o.j = a.slice(k + 1) || argv[++i] || null;
        if (o.j === null) return `jls: option requires an argument -- j\n${USAGE}`;
        break;
      }
      if (!'dhNnqsv'.includes(c)) return `jls: illegal option -- ${c}\n${USAGE}`;
      (o as unknown as Record<string, boolean>)[c] = true;
    }
  }
  return { o, params: argv.slice(i) };
}

/** Emulated jls(8). */
export const jls: SimCommand = (argv, ctx): CmdResult => {
  const p = parse(argv);
  if (typeof p === 'string') return { stdout: '', stderr: p, code: 1 };
  const { o } = p;
  let params = p.params;
  const s = ctx.state;
  // Inside a jail only the jails below it are listed, named relative to it (jail_get from that jail).
  let jails = jailsBelow(s, ctx.jid).filter((j) => o.d || !j.dying).map((j) => seenFrom(s, j, ctx.jid));
  if (o.j !== null) {
    const j = jailFind(s, o.j, ctx.jid);
    if (!j) return { stdout: '', stderr: `jls: ${/^\d+$/.test(o.j) ? `jail ${o.j}` : `jail "${o.j}"`} not found\n`, code: 1 };
    jails = [seenFrom(s, j, ctx.jid)];
  }
  if (o.s) o.n = o.q = true;
  for (const n of params) {
    if (n !== 'all' && !PARAMS[n] && !/^meta\.|^env\./.test(n)) return { stdout: '', stderr: `jls: unknown parameter: ${n}\n`, code: 1 };
  }
  const paramMode = params.length > 0 || o.n || o.h || o.s;
  if (paramMode) {
    if (params.length === 0 || params.includes('all')) params = allParams(o.s);
    if (o.json) return { stdout: envelope(jails.map((j) => paramJson(j, s, params))), stderr: '', code: 0 };
    let out = o.h ? `${params.join(' ')}\n` : '';
    for (const j of jails) out += params.map((n) => paramText(j, s, n, o.n, o.q)).join(' ') + '\n';
    return { stdout: out, stderr: '', code: 0 };
  }
  if (o.v) {
    if (o.json) return { stdout: envelope(jails.map((j) => verboseRow(j, true))), stderr: '', code: 0 };
    const head = `   JID  Hostname${' '.repeat(22)}Path\n        Name${' '.repeat(26)}State\n        CPUSetID\n        IP Address(es)\n`;
    return { stdout: head + jails.map((j) => verboseRow(j, false)).join(''), stderr: '', code: 0 };
  }
  if (o.json) return { stdout: envelope(jails.map((j) => defaultRow(j, o.N, true))), stderr: '', code: 0 };
  const head = o.N ? ` ${'JID'.padEnd(15)} ${'IP Address'.padEnd(15)} ${'Hostname'.padEnd(29)} Path\n` : '   JID  IP Address      Hostname                      Path\n';
  return { stdout: head + jails.map((j) => defaultRow(j, o.N, false)).join(''), stderr: '', code: 0 };
};
