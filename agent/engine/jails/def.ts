// Jail definitions as data: checking one from a form, the design or the wire
// (every name checked before anything runs), and converting it to and from
// the jail.conf(5) block kept in `<data-dir>/jail.conf.d/NAME.conf`.
import { JAIL_EXEC_HOOKS, type JailDef, type JailExecHook } from '../../../shared/protocol/rpc.js';
import type { DesignJail } from '../../../shared/design/types.js';
import { isSafeArg, validateInterfaceName, validateJailName } from '../../../shared/model/names.js';
import { jailParams, parseJailConf, type JailConfParam } from '../../../shared/parse/jailconf.js';
import { printJailConf } from '../../../shared/export/jailconf-print.js';

const KEYS = ['name', 'path', 'hostname', 'vnet', 'interfaces', 'persist', 'ip4', 'ip6', 'exec', 'mountDevfs', 'devfsRuleset', 'allow'];
const IP4 = /^(?:[A-Za-z][A-Za-z0-9_.-]{0,14}\|)?(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?:\/(?:3[0-2]|[12]?\d))?$/;
const IP6 = /^(?:[A-Za-z][A-Za-z0-9_.-]{0,14}\|)?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:\/(?:12[0-8]|1[01]\d|\d?\d))?$/;
const ALLOW = /^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*$/;

/** Checked definition, or the list of what is wrong (each naming the field). */
export type DefCheck = { ok: true; def: JailDef } | { ok: false; problems: string[] };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function strList(v: unknown, field: string, each: (s: string) => string | null, problems: string[]): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
    problems.push(`${field} must be a list of strings`);
    return [];
  }
  for (const s of v as string[]) {
    const why = each(s);
    if (why) problems.push(`${field}: ${why}`);
  }
  return [...(v as string[])];
}

const textProblem = (what: string, s: string, max = 1024): string | null =>
  s === '' ? `${what} is empty` : s.length > max ? `${what} is longer than ${max} characters` : !isSafeArg(s) ? `${what} contains NUL or a line break` : null;

function checkExec(v: unknown, problems: string[]): JailDef['exec'] {
  if (v === undefined) return {};
  if (!isObj(v)) return (problems.push(`exec must be an object of hook → command lines (${JAIL_EXEC_HOOKS.join(', ')})`), {});
  const out: JailDef['exec'] = {};
  for (const [k, lines] of Object.entries(v)) {
    if (!(JAIL_EXEC_HOOKS as readonly string[]).includes(k)) problems.push(`exec.${k} is not a hook ngstudio sets (${JAIL_EXEC_HOOKS.join(', ')})`);
    else out[k as JailExecHook] = strList(lines, `exec.${k}`, (s) => textProblem('a command line', s, 4096), problems);
  }
  return out;
}

function checkAllow(v: unknown, problems: string[]): Record<string, boolean> {
  if (v === undefined) return {};
  if (!isObj(v)) return (problems.push('allow must be an object of name → true/false'), {});
  for (const [k, b] of Object.entries(v)) {
    if (!ALLOW.test(k) || k.split('.').some((p) => p.startsWith('no'))) problems.push(`allow.${k.slice(0, 40)} is not an allow.* parameter name (lowercase words; no "no" prefix: use false)`);
    if (typeof b !== 'boolean') problems.push(`allow.${k.slice(0, 40)} must be true or false`);
  }
  return { ...(v as Record<string, boolean>) };
}

/** Checks a definition from the wire; defaults: persist true, no vnet, devfs not mounted. */
export function checkJailDef(v: unknown): DefCheck {
  if (!isObj(v)) return { ok: false, problems: ['a jail definition must be a JSON object'] };
  const problems: string[] = [];
  for (const k of Object.keys(v)) if (!KEYS.includes(k)) problems.push(`unknown field ${JSON.stringify(k.slice(0, 40))} (expected ${KEYS.join(', ')})`);
  const name = typeof v.name === 'string' ? v.name : '';
  const nameWhy = typeof v.name === 'string' ? validateJailName(name) : 'name must be a string';
  if (nameWhy) problems.push(nameWhy);
  const path = typeof v.path === 'string' ? v.path : '';
  if (!path.startsWith('/') || textProblem('path', path)) problems.push(`path must be an absolute path (got ${JSON.stringify(String(v.path).slice(0, 60))})`);
  if (v.hostname !== undefined && (typeof v.hostname !== 'string' || textProblem('hostname', v.hostname, 255) || /\s/.test(v.hostname))) problems.push('hostname must be 1..255 characters without spaces');
  for (const b of ['vnet', 'persist', 'mountDevfs']) if (v[b] !== undefined && typeof v[b] !== 'boolean') problems.push(`${b} must be true or false`);
  const vnet = v.vnet === true;
  const interfaces = strList(v.interfaces, 'interfaces', validateInterfaceName, problems);
  const ip4 = strList(v.ip4, 'ip4', (s) => (IP4.test(s) ? null : `'${s.slice(0, 40)}' is not an IPv4 address (a.b.c.d[/len])`), problems);
  const ip6 = strList(v.ip6, 'ip6', (s) => (IP6.test(s) && isSafeArg(s) ? null : `'${s.slice(0, 40)}' is not an IPv6 address`), problems);
  if (!vnet && interfaces.length > 0) problems.push('interfaces (vnet.interface) need vnet: true');
  if (vnet && ip4.length + ip6.length > 0) problems.push('ip4/ip6 addresses are for non-vnet jails; a vnet jail configures its own interfaces');
  const rs = v.devfsRuleset;
  if (rs !== undefined && !(typeof rs === 'number' && Number.isInteger(rs) && rs >= 0 && rs <= 65535)) problems.push('devfsRuleset must be an integer 0..65535');
  const exec = checkExec(v.exec, problems);
  const allow = checkAllow(v.allow, problems);
  if (problems.length > 0) return { ok: false, problems };
  const def: JailDef = { name, path, vnet, interfaces, persist: v.persist !== false, ip4, ip6, exec, mountDevfs: v.mountDevfs === true, allow };
  if (typeof v.hostname === 'string') def.hostname = v.hostname;
  if (typeof rs === 'number') def.devfsRuleset = rs;
  return { ok: true, def };
}

/** A design's jail as a definition (extra `params` are not carried: the form covers what ngstudio manages). */
export function defFromDesignJail(j: DesignJail): DefCheck {
  return checkJailDef({
    name: j.name, path: j.path, vnet: j.vnet, interfaces: j.vnet ? j.interfaces : [], ip4: j.ip4 ?? [], ip6: j.ip6 ?? [], persist: true,
    ...(j.hostname !== undefined ? { hostname: j.hostname } : {}),
  });
}

/** The jail.conf(5) block for a definition (canonical printer; parses back to the same definition). */
export function defToConf(d: JailDef): string {
  const params: JailConfParam[] = [{ name: 'path', values: [d.path] }];
  const add = (name: string, values: string[]): void => void (values.length > 0 && params.push({ name, values }));
  if (d.hostname !== undefined) add('host.hostname', [d.hostname]);
  params.push({ name: 'vnet', values: [], bool: d.vnet });
  add('vnet.interface', d.interfaces);
  params.push({ name: 'persist', values: [], bool: d.persist });
  add('ip4.addr', d.ip4);
  add('ip6.addr', d.ip6);
  for (const h of JAIL_EXEC_HOOKS) add(`exec.${h}`, d.exec[h] ?? []);
  params.push({ name: 'mount.devfs', values: [], bool: d.mountDevfs });
  if (d.devfsRuleset !== undefined) add('devfs_ruleset', [String(d.devfsRuleset)]);
  for (const [k, b] of Object.entries(d.allow)) params.push({ name: `allow.${k}`, values: [], bool: b });
  return `# Written by ngstudio; started with jail -f THIS_FILE -c ${d.name}\n${printJailConf([{ name: d.name, params }])}`;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter((s) => s !== '') : []);

/** Reads a definition file back (the admin may have edited it); the first jail block is the definition. */
export function defFromConf(text: string, file: string): DefCheck {
  const p = parseJailConf(text, { file });
  if (!p.ok) return { ok: false, problems: p.errors.map((e) => `${file} line ${e.line}: ${e.message}`) };
  const j = p.value.jails[0];
  if (!j) return { ok: false, problems: [`${file}: no jail block`] };
  const r = jailParams(j);
  const exec: Record<string, string[]> = {};
  for (const h of JAIL_EXEC_HOOKS) if (r[`exec.${h}`] !== undefined) exec[h] = list(r[`exec.${h}`]);
  const allow: Record<string, boolean> = {};
  for (const [k, v] of Object.entries(r)) if (k.startsWith('allow.')) allow[k.slice(6)] = v === true || v === 'true' || v === '1';
  const rs = r.devfs_ruleset;
  return checkJailDef({
    name: j.name, path: r.path, vnet: r.vnet === true || r.vnet === 'new', interfaces: list(r['vnet.interface']),
    persist: r.persist === true || r.persist === 'true', ip4: list(r['ip4.addr']), ip6: list(r['ip6.addr']), exec,
    mountDevfs: r['mount.devfs'] === true || r['mount.devfs'] === 'true', allow,
    ...(typeof r['host.hostname'] === 'string' ? { hostname: r['host.hostname'] } : {}),
    ...(typeof rs === 'string' && /^\d+$/.test(rs) ? { devfsRuleset: Number(rs) } : {}),
  });
}
