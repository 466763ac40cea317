// The jails panel's pure parts: the "New jail" form as data and its checks
// (each error keyed by the field it belongs to, in words), the console's
// argv splitting, the list rows (stored definitions merged with the live
// host), and agent errors turned into what a row shows.
import { JAIL_EXEC_HOOKS, type JailDef, type JailEntry, type JailExecHook } from '../../../../shared/protocol/rpc.js';
import type { HostSnapshot } from '../../../../shared/model/snapshot.js';
import { isSafeArg, validateInterfaceName, validateJailName } from '../../../../shared/model/names.js';

/** allow.* parameters offered as checkboxes (jail(8)); anything else goes in "other". */
export const COMMON_ALLOW = ['set_hostname', 'raw_sockets', 'sysvipc', 'chflags', 'mount', 'mount.devfs', 'mount.nullfs', 'mount.tmpfs', 'socket_af', 'mlock', 'reserved_ports'] as const;

/** What the form holds while the user types (text fields stay text until checked). */
export interface JailForm {
  name: string;
  path: string;
  hostname: string;
  vnet: boolean;
  /** Host interfaces ticked for vnet.interface. */
  interfaces: string[];
  /** More vnet.interface names, space or comma separated (e.g. ones exec.prestart creates). */
  extraInterfaces: string;
  persist: boolean;
  ip4: string;
  ip6: string;
  /** One command line per line, per hook. */
  exec: Record<JailExecHook, string>;
  mountDevfs: boolean;
  devfsRuleset: string;
  /** Ticked allow.* names (without the prefix). */
  allow: string[];
  /** More allow.* names, space or comma separated. */
  extraAllow: string;
}

/** A field the form can show an error at. */
export type FormField = 'name' | 'path' | 'hostname' | 'interfaces' | 'ip4' | 'ip6' | 'devfsRuleset' | 'allow' | `exec.${JailExecHook}`;

/** The form's errors by field, and the definition when there are none. */
export interface FormCheck {
  errors: Partial<Record<FormField, string>>;
  def: JailDef | null;
}

/** A fresh form: a persistent vnet jail rooted at / is the common case for netgraph labs. */
export function emptyForm(): JailForm {
  const exec = Object.fromEntries(JAIL_EXEC_HOOKS.map((h) => [h, ''])) as Record<JailExecHook, string>;
  return { name: '', path: '/', hostname: '', vnet: true, interfaces: [], extraInterfaces: '', persist: true, ip4: '', ip6: '', exec, mountDevfs: false, devfsRuleset: '', allow: [], extraAllow: '' };
}

// Same rules as the agent's checkJailDef (agent/engine/jails/def.ts), which checks again.
const IP4 = /^(?:[A-Za-z][A-Za-z0-9_.-]{0,14}\|)?(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?:\/(?:3[0-2]|[12]?\d))?$/;
const IP6 = /^(?:[A-Za-z][A-Za-z0-9_.-]{0,14}\|)?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:\/(?:12[0-8]|1[01]\d|\d?\d))?$/;
const ALLOW = /^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*$/;

/** Words of a list field: split on commas and whitespace, empties dropped. */
export function words(s: string): string[] {
  return s.split(/[\s,]+/).filter((w) => w !== '');
}

/** The first problem of a list of words, or null. */
function firstProblem(list: string[], check: (s: string) => string | null): string | null {
  for (const s of list) {
    const why = check(s);
    if (why !== null) return why;
  }
  return null;
}

function duplicate(list: string[]): string | null {
  const seen = new Set<string>();
  for (const s of list) {
    if (seen.has(s)) return s;
    seen.add(s);
  }
  return null;
}

function checkName(name: string, taken: readonly string[]): string | null {
  if (name === '') return 'a jail needs a name';
  const why = validateJailName(name);
  if (why !== null) return why;
  return taken.includes(name) ? `a jail named '${name}' already exists` : null;
}

function checkPath(path: string): string | null {
  if (path === '') return 'the path of the jail\'s root is empty (use / to share the host\'s)';
  if (!path.startsWith('/')) return `'${path.slice(0, 40)}' is not an absolute path (it must start with /)`;
  if (path.length > 1024) return 'the path is longer than 1024 characters';
  return isSafeArg(path) ? null : 'the path contains a control character';
}

function checkHostname(h: string): string | null {
  if (h === '') return null;
  if (/\s/.test(h)) return 'host.hostname cannot contain spaces';
  if (h.length > 255) return 'host.hostname is longer than 255 characters';
  return isSafeArg(h) ? null : 'host.hostname contains a control character';
}

/** vnet.interface: ticked and typed names, each valid and listed once; only for vnet jails. */
function checkInterfaces(f: JailForm, all: string[]): string | null {
  if (!f.vnet) return null;
  const bad = firstProblem(all, validateInterfaceName);
  if (bad !== null) return bad;
  const dup = duplicate(all);
  return dup === null ? null : `interface '${dup}' is listed twice`;
}

function checkAddresses(f: JailForm, field: 'ip4' | 'ip6', list: string[]): string | null {
  if (f.vnet && list.length > 0) return `${field}.addr is for non-vnet jails; a vnet jail configures its own interfaces (clear it or untick vnet)`;
  const re = field === 'ip4' ? IP4 : IP6;
  const hint = field === 'ip4' ? 'an IPv4 address like 192.0.2.10 or 192.0.2.10/24' : 'an IPv6 address like 2001:db8::10/64';
  return firstProblem(list, (s) => (re.test(s) ? null : `'${s.slice(0, 40)}' is not ${hint}`));
}

function checkRuleset(s: string): string | null {
  const t = s.trim();
  if (t === '') return null;
  if (!/^\d+$/.test(t) || Number(t) > 65535) return `devfs_ruleset must be a whole number 0..65535 (got '${t.slice(0, 20)}')`;
  return null;
}

function checkAllow(names: string[]): string | null {
  const bad = names.find((k) => !ALLOW.test(k));
  if (bad !== undefined) return `'${bad.slice(0, 40)}' is not an allow.* name (lowercase words joined by '.', without the "allow." prefix)`;
  const neg = names.find((k) => k.split('.').some((p) => p.startsWith('no')));
  return neg === undefined ? null : `allow.${neg} uses a "no" prefix; leave it unticked instead`;
}

/** The command lines of one exec.* hook (one per line, blank lines dropped). */
const lines = (s: string): string[] => s.split('\n').map((l) => l.trim()).filter((l) => l !== '');

/** Checks the form as the user types; `taken` are the names already listed. */
export function checkForm(f: JailForm, taken: readonly string[] = []): FormCheck {
  const errors: FormCheck['errors'] = {};
  const set = (field: FormField, why: string | null): void => void (why !== null && (errors[field] = why));
  const interfaces = f.vnet ? [...f.interfaces, ...words(f.extraInterfaces)] : [];
  const ip4 = words(f.ip4);
  const ip6 = words(f.ip6);
  const allowNames = [...f.allow, ...words(f.extraAllow).map((w) => w.replace(/^allow\./, ''))];
  set('name', checkName(f.name.trim(), taken));
  set('path', checkPath(f.path.trim()));
  set('hostname', checkHostname(f.hostname.trim()));
  set('interfaces', checkInterfaces(f, interfaces));
  set('ip4', checkAddresses(f, 'ip4', ip4));
  set('ip6', checkAddresses(f, 'ip6', ip6));
  set('devfsRuleset', checkRuleset(f.devfsRuleset));
  set('allow', checkAllow(allowNames));
  const exec: JailDef['exec'] = {};
  for (const h of JAIL_EXEC_HOOKS) {
    const ls = lines(f.exec[h]);
    if (ls.length > 0) exec[h] = ls;
    set(`exec.${h}`, ls.some((l) => l.length > 4096) ? `a command line of exec.${h} is longer than 4096 characters` : null);
  }
  if (Object.keys(errors).length > 0) return { errors, def: null };
  const def: JailDef = {
    name: f.name.trim(), path: f.path.trim(), vnet: f.vnet, interfaces, persist: f.persist, ip4: f.vnet ? [] : ip4, ip6: f.vnet ? [] : ip6,
    exec, mountDevfs: f.mountDevfs, allow: Object.fromEntries(allowNames.map((k) => [k, true])),
  };
  if (f.hostname.trim() !== '') def.hostname = f.hostname.trim();
  if (f.devfsRuleset.trim() !== '') def.devfsRuleset = Number(f.devfsRuleset.trim());
  return { errors, def };
}

/** A console line as argv, or why not. Split on whitespace only: no shell, so quotes and `|` pass literally. */
export function splitArgv(line: string): { ok: true; argv: string[] } | { ok: false; reason: string } {
  const argv = line.trim().split(/\s+/).filter((a) => a !== '');
  if (argv.length === 0) return { ok: false, reason: 'type a command to run in the jail, e.g. ifconfig' };
  if (!argv.every(isSafeArg)) return { ok: false, reason: 'the command contains a control character' };
  return { ok: true, argv };
}

/** Host interfaces a vnet jail can take (loopbacks are left out: every vnet has its own lo0). */
export function hostInterfaceChoices(s: HostSnapshot | null): string[] {
  if (s === null) return [];
  return s.interfaces.filter((i) => i.jail === null && i.kind !== 'loopback').map((i) => i.name).sort();
}

/** One line of the jails list. */
export interface JailRow {
  name: string;
  state: JailEntry['state'];
  jid: number | null;
  def: JailDef | null;
  file: string | null;
  problem?: string;
  path: string;
  /** In the jail's vnet now when running, else what the definition moves in. */
  interfaces: string[];
}

/**
 * Stored definitions (from jails.list) merged with the live host: the pushed
 * snapshot is fresher than the last list, so it decides running/stopped/dying;
 * a jail running without a definition is listed too.
 */
export function mergeJails(entries: readonly JailEntry[] | null, s: HostSnapshot | null): JailRow[] {
  const rows = new Map<string, JailRow>();
  for (const e of entries ?? []) {
    const live = s?.jails.find((j) => j.name === e.name);
    const state = s === null ? e.state : live === undefined ? 'stopped' : live.state === 'DYING' ? 'dying' : 'running';
    const jid = s === null ? e.jid : (live?.jid ?? null);
    rows.set(e.name, {
      name: e.name, state, jid, def: e.def, file: e.file, ...(e.problem !== undefined ? { problem: e.problem } : {}),
      path: live?.path ?? e.def?.path ?? '', interfaces: live?.interfaces ?? e.def?.interfaces ?? [],
    });
  }
  for (const j of s?.jails ?? []) {
    if (rows.has(j.name)) continue;
    rows.set(j.name, { name: j.name, state: j.state === 'DYING' ? 'dying' : 'running', jid: j.jid, def: null, file: null, path: j.path, interfaces: j.interfaces });
  }
  return [...rows.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** What a failed operation shows at its row: the message and, for a host command, the command and its stderr. */
export interface OpError {
  message: string;
  command?: string;
  exitCode?: number;
  stderr?: string;
  problems?: string[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** An agent error (or any thrown value) as an OpError, reading `details` as the jail methods send them. */
export function opError(e: unknown): OpError {
  const message = e instanceof Error ? e.message : String(e);
  const d = isObj(e) && isObj(e.details) ? e.details : null;
  const out: OpError = { message };
  if (d === null) return out;
  if (Array.isArray(d.command) && d.command.every((a) => typeof a === 'string')) out.command = d.command.join(' ');
  if (typeof d.exitCode === 'number') out.exitCode = d.exitCode;
  if (typeof d.stderr === 'string') out.stderr = d.stderr;
  if (Array.isArray(d.problems)) out.problems = d.problems.map(String);
  return out;
}
