// Builds each jail's final parameters the way usr.sbin/jail/config.c load_config()
// does: implicit name/jid, wildcard blocks and top-level parameters merged in file
// order (later overrides earlier, `+=` appends, `noX` and `X` are one parameter),
// then `$var` / `${param}` expanded per jail; variables are dropped at the end.
import type { Piece } from './lex.js';
import type { JailConfJail, JailConfParam, RawJail, RawParam, Where } from './types.js';

/** A parameter while a jail is being assembled. */
interface Slot {
  name: string;
  isVar: boolean;
  immutable: boolean;
  values: Piece[][];
  at: Where;
  /** Expanded values, once resolved. */
  done?: string[];
}

/** Reports an error against a jail; returns nothing so callers can `return report(...)`. */
export type Report = (at: Where, message: string) => void;

/**
 * Parameters jail(8) itself knows (config.c intparams[]); a `$variable` may not share
 * a name with them, even when the jail does not set them.
 */
const KNOWN = [
  'allow.dying', 'command', 'depend', 'exec.clean', 'exec.consolelog', 'exec.fib', 'exec.jail_user', 'exec.poststart',
  'exec.poststop', 'exec.prepare', 'exec.prestart', 'exec.prestop', 'exec.release', 'exec.created', 'exec.start', 'exec.stop',
  'exec.system_jail_user', 'exec.system_user', 'exec.timeout', 'interface', 'ip_hostname', 'mount', 'mount.devfs',
  'mount.fdescfs', 'mount.procfs', 'mount.fstab', 'stop.timeout', 'vnet.interface', 'ip4.addr', 'ip6.addr', 'allow.chflags',
  'allow.mount', 'allow.raw_sockets', 'allow.set_hostname', 'allow.socket_af', 'allow.sysvipc', 'devfs_ruleset',
  'host.hostname', 'jid', 'name', 'path', 'persist', 'securelevel', 'vnet', 'zfs.dataset',
];

/** config.c equalopts(): names are equal, or equal but for a `no` prefix on the same dotted component (`allow.nomount` = `allow.mount`). */
export function equalOpts(a: string, b: string): boolean {
  if (a === b) return true;
  const as = a.split('.');
  const bs = b.split('.');
  if (as.length !== bs.length) return false;
  for (let k = 0; k < as.length - 1; k++) if (as[k] !== bs[k]) return false;
  const x = as[as.length - 1]!;
  const y = bs[bs.length - 1]!;
  return (x.startsWith('no') && x.slice(2) === y) || (y.startsWith('no') && y.slice(2) === x);
}

/** config.c wild_jail_name(): a `*` forming a whole dotted component. */
export function isWildName(name: string): boolean {
  return name.split('.').includes('*');
}

/** config.c wild_jail_match(): a non-final `*` matches one component, a final `*` one or more. */
export function wildMatch(jname: string, wname: string): boolean {
  const js = jname.split('.');
  const ws = wname.split('.');
  let k = 0;
  for (; k < js.length - 1 && k < ws.length - 1; k++) if (js[k] !== ws[k] && ws[k] !== '*') return false;
  return js.slice(k).join('.') === ws.slice(k).join('.') || (ws[k] === '*' && k === ws.length - 1);
}

/** strtol(name) && !*ep: a jail named by a non-zero number gets a `jid`, not a `name`. */
function isJidName(name: string): boolean {
  return /^\s*[+-]?\d+$/.test(name) && Number(name) !== 0;
}

/** config.c add_param(): find by equalopts, then replace (or append for `+=`); errors as jail(8) words them. */
function addParam(slots: Slot[], p: RawParam, jail: string, report: Report): void {
  const dp = slots.find((s) => equalOpts(s.name, p.name));
  const label = p.isVar ? `$${p.name}` : p.name;
  if (!dp) {
    if (p.isVar && KNOWN.some((k) => equalOpts(k, p.name))) return report(p.at, `jail "${jail}": variable "${label}" cannot have the same name as a parameter`);
    slots.push({ name: p.name, isVar: p.isVar, immutable: false, values: [...p.values], at: p.at });
    return;
  }
  if (dp.isVar !== p.isVar) {
    const v = p.isVar ? p.name : dp.name;
    return report(p.at, `jail "${jail}": variable "$${v}" cannot have the same name as a parameter`);
  }
  if (dp.immutable) return report(p.at, `jail "${jail}": cannot redefine parameter "${dp.name}"`);
  dp.name = p.name;
  if (!p.append || p.values.length === 0) dp.values = [];
  dp.values.push(...p.values);
  dp.at = p.at;
}

/** Merges a real jail's parameters with the wildcard blocks, in config.c's order. */
function collect(j: RawJail, seq: number, wild: { j: RawJail; seq: number }[], report: Report): Slot[] {
  const slots: Slot[] = [{ name: isJidName(j.name) ? 'jid' : 'name', isVar: false, immutable: true, values: [[{ lit: j.name }]], at: j.at }];
  let didSelf = false;
  for (const w of wild) {
    if (seq < w.seq && !didSelf) {
      for (const p of j.params) addParam(slots, p, j.name, report);
      didSelf = true;
    }
    if (wildMatch(j.name, w.j.name)) for (const p of w.j.params) addParam(slots, p, j.name, report);
  }
  if (!didSelf) for (const p of j.params) addParam(slots, p, j.name, report);
  return slots;
}

/** Expands the variables of one slot (recursively resolving the ones it refers to). */
function expand(slot: Slot, slots: Slot[], jail: string, report: Report, visiting: Set<Slot>): string[] | null {
  if (slot.done) return slot.done;
  if (visiting.has(slot)) return null;
  visiting.add(slot);
  const out: string[] = [];
  let ok = true;
  for (const pieces of slot.values) {
    const r = expandString(pieces, slot, slots, jail, report, visiting);
    if (r) out.push(...r);
    else ok = false;
  }
  visiting.delete(slot);
  if (!ok) return null;
  slot.done = out;
  return out;
}

function expandString(pieces: Piece[], slot: Slot, slots: Slot[], jail: string, report: Report, visiting: Set<Slot>): string[] | null {
  const label = slot.isVar ? `$${slot.name}` : slot.name;
  let text = '';
  for (let k = 0; k < pieces.length; k++) {
    const p = pieces[k]!;
    if ('lit' in p) { text += p.lit; continue; }
    const vp = slots.find((s) => s.name === p.var);
    if (!vp || vp.values.length === 0) {
      report(slot.at, `jail "${jail}": ${label}: variable "${p.var}" not found`);
      return null;
    }
    if (visiting.has(vp)) {
      report(slot.at, `jail "${jail}": ${label}: variable loop through "${p.var}"`);
      return null;
    }
    const vals = expand(vp, slots, jail, report, visiting);
    if (!vals) return null;
    if (vals.length > 1) {
      // A list can only stand alone ("$list"), where it becomes several values.
      const rest = pieces.slice(k + 1);
      if (text !== '' || rest.some((r) => 'var' in r || r.lit !== '')) {
        report(slot.at, `jail "${jail}": ${label}: list "${p.var}" cannot be substituted inline`);
        return null;
      }
      return vals;
    }
    text += vals[0] ?? '';
  }
  return [text];
}

/** A valueless parameter is a boolean: `X;` true, `noX;` false (config.c bool_param), reported as X. */
function finish(slot: Slot, values: string[]): JailConfParam {
  if (slot.values.length > 0) return { name: slot.name, values };
  const parts = slot.name.split('.');
  const last = parts[parts.length - 1]!;
  if (!last.startsWith('no')) return { name: slot.name, values: [], bool: true };
  parts[parts.length - 1] = last.slice(2);
  return { name: parts.join('.'), values: [], bool: false };
}

/** Resolves the raw jails of a file (and its includes) into the real jails' final parameters. */
export function resolveJails(raw: RawJail[], report: Report): JailConfJail[] {
  const wild: { j: RawJail; seq: number }[] = [];
  const real: { j: RawJail; seq: number }[] = [];
  raw.forEach((j, k) => (isWildName(j.name) ? wild : real).push({ j, seq: k + 1 }));
  return real.map(({ j, seq }) => {
    const slots = collect(j, seq, wild, report);
    const params: JailConfParam[] = [];
    for (const s of slots) {
      const vals = expand(s, slots, j.name, report, new Set());
      if (!s.isVar) params.push(finish(s, vals ?? []));
    }
    const jail: JailConfJail = { name: j.name, params, line: j.at.line };
    if (j.at.file !== null) jail.file = j.at.file;
    return jail;
  });
}
