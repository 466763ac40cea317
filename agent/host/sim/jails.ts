// The emulated jail subsystem: jail records (kern_jail's view) and the
// command sequences jail(8) runs around creation and removal (exec.* hooks,
// vnet.interface moves, vnet teardown returning moved-in interfaces).
// Processes (as FreeBSD): exec.start and `command` run as real child processes,
// each leading its own process group, recorded in `procs`. jail(8) waits for
// the command itself; a non-persistent jail then lives only while one of
// those groups has a live member (a daemon forked in the background keeps
// it), and jailReap — run before every emulated command and by the observer —
// removes it once they are all gone. Recording the group in the state (rather
// than a waiter process) survives the agent or the emulated command exiting.
// `jail -r` sends SIGTERM to the groups; a group still alive a moment later
// (it ignores TERM) leaves the jail DYING — invisible to names and jexec, its
// vnet and interfaces kept — until the reaper sees it end. (FreeBSD would
// SIGKILL after stop.timeout; the emulator does not, so DYING can be seen.)
// Jails made from inside a jail are its children (jail-tree.ts); removing a
// jail removes its descendants first, as kern_jail's jail_remove does.
import { readdirSync, readFileSync } from 'node:fs';
import { ifAttachVnetLoopback, ifVnetTeardown } from './ifnet.js';
import { vnetCreate, vnetDestroy } from './netgraph.js';
import type { CmdResult } from './cmd/types.js';
import type { SimJail, SimState, VnetId } from './state.js';
import { JailError, checkMayCreate, jailChildren, jailVnet, placeNewJail, renameJail, type NewJailPlace } from './jail-tree.js';

export { JailError, jailFind, jailVnet } from './jail-tree.js';

/** Runs one command line for a jail hook: inside the jail, or (where null) where jail(8) itself runs. */
export type JailRunner = (argv: string[], where: { vnet: VnetId; jid: number } | null, env: Record<string, string>, track?: boolean) => Promise<CmdResult>;

/** Collected output of the hook commands (jail(8) lets them write to its own stdout/stderr). */
export interface JailOutput {
  stdout: string;
  stderr: string;
}

/** Ordered parameters as given (`exec.*` may repeat and then accumulate). */
export type JailParams = [string, string][];

/** Is a process group alive? On Linux zombies do not count (a container's init may never reap them). */
export function groupAlive(pgid: number): boolean {
  if (!Number.isInteger(pgid) || pgid <= 1) return false;
  let entries: string[] | null = null;
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    entries = null;
  }
  if (entries === null || entries.length === 0) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
  for (const e of entries) {
    let st: string;
    try {
      st = readFileSync(`/proc/${e}/stat`, 'utf8');
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses.
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    if (Number(f[2]) === pgid && f[0] !== 'Z' && f[0] !== 'X') return true;
  }
  return false;
}

/** Does a tracked process still keep the jail? */
function procsAlive(j: SimJail): boolean {
  return (j.procs ?? []).some(groupAlive);
}

/** Removes jails whose tracked processes all ended (non-persistent or dying ones); true if any went. */
export function jailReap(state: SimState): boolean {
  let gone = false;
  for (const j of [...state.jails]) {
    if (!j.procs || j.procs.length === 0 || procsAlive(j)) continue;
    if (j.dying || !j.persist) {
      destroyRecord(state, j);
      gone = true;
    } else {
      delete j.procs;
      state.generation++;
    }
  }
  return gone;
}

/**
 * Reboot: every process started in a jail (exec.start, command) is killed.
 * reboot(8) sends SIGTERM and SIGKILL a few seconds later; the emulator does
 * not wait, it sends SIGKILL to each tracked group still alive.
 */
export function jailKillAll(state: SimState): void {
  for (const j of state.jails) killProcs(j);
}

const EXEC = ['exec.prestart', 'exec.created', 'exec.start', 'exec.poststart', 'exec.prestop', 'exec.stop', 'exec.poststop', 'exec.prepare', 'exec.release'];
const KNOWN = new Set([
  'jid', 'name', 'path', 'host.hostname', 'host.domainname', 'host.hostuuid', 'host.hostid', 'host', 'vnet', 'persist', 'ip4.addr', 'ip6.addr', 'ip4', 'ip6',
  'ip4.saddrsel', 'ip6.saddrsel', 'securelevel', 'devfs_ruleset', 'enforce_statfs', 'children.max', 'mount.devfs', 'mount.fdescfs', 'mount.procfs',
  'mount.fstab', 'mount', 'vnet.interface', 'interface', 'ip_hostname', 'osrelease', 'osreldate', 'sysvmsg', 'sysvsem', 'sysvshm', 'stop.timeout',
  'depend', 'meta', 'env', 'exec.clean', 'exec.jail_user', 'exec.system_user', 'exec.system_jail_user', 'exec.consolelog', 'exec.timeout', 'exec.fib',
  'linux', 'linux.osname', 'linux.osrelease', 'linux.oss_version', 'command', 'cpuset.id', 'parent', 'dying', ...EXEC,
]);

/** `nopersist` → [persist, false]; `allow.nomount` → [allow.mount, false]; `vnet` → [vnet, new]. */
export function normalizeParam(raw: string): [string, string] {
  const eq = raw.indexOf('=');
  if (eq >= 0) return [raw.slice(0, eq), raw.slice(eq + 1)];
  if (raw === 'vnet') return ['vnet', 'new'];
  const dot = raw.lastIndexOf('.');
  const leaf = raw.slice(dot + 1);
  if (leaf.startsWith('no') && leaf.length > 2 && !KNOWN.has(raw)) return [raw.slice(0, dot + 1) + leaf.slice(2), 'false'];
  return [raw, 'true'];
}

/** Checks a parameter name like the kernel does (`unknown parameter: X`). */
function checkKnown(key: string): void {
  if (KNOWN.has(key) || /^allow\.[a-z_.]+$/.test(key)) return;
  throw new JailError(`unknown parameter: ${key}`);
}

/** Folds parameters into the jail record fields (lists comma-separated, exec.* accumulating). */
function applyParams(j: SimJail, params: JailParams): void {
  for (const [k, v] of params) {
    checkKnown(k);
    if (EXEC.includes(k) && j.params[k] !== undefined) j.params[k] = `${j.params[k]}\n${v}`;
    else j.params[k] = v;
    if (k === 'path') j.path = v;
    else if (k === 'host.hostname') j.hostname = v;
    else if (k === 'persist') j.persist = v !== 'false';
    else if (k === 'ip4.addr') j.ip4 = v === '' ? [] : v.split(',').map((a) => a.trim().replace(/\/.*$/, '').replace(/^.*\|/, ''));
    else if (k === 'ip6.addr') j.ip6 = v === '' ? [] : v.split(',').map((a) => a.trim().replace(/\/.*$/, '').replace(/^.*\|/, ''));
  }
}

/** The argv jail(8) runs for an exec.* value: through /bin/sh -c only when it holds shell metacharacters. */
export function hookArgv(value: string): string[] {
  return /[!"$&'()*;<>?[\\\]`{|}~]/.test(value) ? ['/bin/sh', '-c', value] : value.split(/[ \t\n]+/).filter((s) => s !== '');
}

/** Runs the values of one exec.* parameter in order; the first failure throws `<command>: failed`. */
async function runHook(state: SimState, j: SimJail, key: string, inJail: boolean, run: JailRunner, out: JailOutput, track = false): Promise<void> {
  const v = j.params[key];
  if (v === undefined || v === '') return;
  for (const line of v.split('\n')) await runOne(state, j, hookArgv(line), inJail, run, out, line, track);
}

async function runOne(state: SimState, j: SimJail, argv: string[], inJail: boolean, run: JailRunner, out: JailOutput, text: string, track = false): Promise<void> {
  if (argv.length === 0) return;
  const env = { JID: String(j.jid), JNAME: j.name, JPATH: j.path };
  const r = await run(argv, inJail ? { vnet: jailVnet(state, j), jid: j.jid } : null, env, track);
  if (r.pgid !== undefined) (j.procs ??= []).push(r.pgid);
  out.stdout += r.stdout;
  // An execvp failure is reported by jail(8) itself, under its own name.
  out.stderr += r.code === 127 && r.stderr.startsWith('execvp: ') ? `jail: ${r.stderr}` : r.stderr;
  if (r.code !== 0) throw new JailError(`${text}: failed`);
}

const lastParam = (params: JailParams, k: string): string | undefined => [...params].reverse().find(([p]) => p === k)?.[1];

/** Where a jail made from jail `from` with these parameters goes (throws the kernel's refusal). */
function place(state: SimState, params: JailParams, from: number): NewJailPlace {
  const name = lastParam(params, 'name');
  // A name that is the new jail's jid is the kernel's default name: no name of its own.
  return placeNewJail(state, name === String(newJid(state, params)) ? undefined : name, from, lastParam(params, 'children.max'));
}

/** The jid a new jail gets: the one asked for, else the next free one. */
function newJid(state: SimState, params: JailParams): number {
  const jidReq = lastParam(params, 'jid');
  return jidReq !== undefined && /^\d+$/.test(jidReq) && Number(jidReq) > 0 ? Number(jidReq) : state.nextJid;
}

/** Makes the kernel record (jail_set JAIL_CREATE): jid, full name under its parent, vnet with its own lo0. */
function makeRecord(state: SimState, params: JailParams, where: NewJailPlace): SimJail {
  const jid = newJid(state, params);
  if (state.jails.some((x) => x.jid === jid)) throw new JailError(`jail ${jid} already exists`);
  const leaf = where.leaf ?? String(jid);
  const name = where.parent ? `${where.parent.name}.${leaf}` : leaf;
  const vnetParam = lastParam(params, 'vnet');
  // A new jail starts with its parent's hostname unless host.hostname is given.
  const hostname = where.parent?.hostname ?? state.hostname;
  const j: SimJail = { jid, name, path: '/', hostname, vnet: vnetParam === 'new', persist: false, dying: false, ip4: [], ip6: [], params: {} };
  if (where.parent) j.parent = where.parent.jid;
  applyParams(j, params);
  j.params.name = name;
  if (jid >= state.nextJid) state.nextJid = jid + 1;
  state.jails.push(j);
  state.generation++;
  if (j.vnet) {
    vnetCreate(state, jid);
    ifAttachVnetLoopback(state, jid);
  }
  return j;
}

/** SIGKILL to a jail's tracked process groups (what prison_remove_one does to a jail's processes). */
function killProcs(j: SimJail): void {
  for (const g of (j.procs ?? []).filter(groupAlive)) {
    try {
      process.kill(-g, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/**
 * Kernel-side removal: descendants first (newest child first, each with its
 * own descendants), then vnet teardown (moved-in interfaces go home, the
 * others die) and the record.
 */
function destroyRecord(state: SimState, j: SimJail): void {
  for (const c of jailChildren(state, j)) {
    killProcs(c);
    destroyRecord(state, c);
  }
  if (j.vnet) {
    ifVnetTeardown(state, j.jid);
    vnetDestroy(state, j.jid);
  }
  // By jid: a hook run as a real process reloads the state, so `j` may be an older copy.
  state.jails = state.jails.filter((x) => x.jid !== j.jid);
  state.generation++;
}

/**
 * The jail's current record after a hook ran: a real process in between made
 * the store reload the state into new objects. Process groups recorded on the
 * older copy are carried over.
 */
function live(state: SimState, j: SimJail): SimJail {
  const cur = state.jails.find((x) => x.jid === j.jid);
  if (!cur || cur === j) return j;
  const procs = [...new Set([...(cur.procs ?? []), ...(j.procs ?? [])])];
  if (procs.length > 0) cur.procs = procs;
  return cur;
}

/** Does the jail have something keeping it alive besides `persist`? (see module note) */
function hasProcess(j: SimJail): boolean {
  return procsAlive(j);
}

/**
 * jail -c: exec.prestart, create, exec.created, vnet.interface moves,
 * exec.start (or the command), exec.poststart. A failing step removes the
 * jail again and throws. Returns the jail, or null if it died at once
 * (no persist, nothing running).
 */
export async function jailCreate(state: SimState, params: JailParams, command: string[] | null, run: JailRunner, out: JailOutput, from = 0): Promise<SimJail | null> {
  checkMayCreate(state, from);
  // exec.prestart runs before the record exists; validate what we can first.
  const probe: SimJail = { jid: 0, name: '', path: '/', hostname: '', vnet: false, persist: false, dying: false, ip4: [], ip6: [], params: {} };
  applyParams(probe, params);
  place(state, params, from);
  probe.name = lastParam(params, 'name') ?? '';
  await runHook(state, probe, 'exec.prestart', false, run, out);
  let j = makeRecord(state, params, place(state, params, from));
  if (command) j.params.command = command.join(' ');
  try {
    await runHook(state, j, 'exec.created', false, run, out);
    j = live(state, j);
    for (const ifname of (j.params['vnet.interface'] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')) {
      const argv = ['/sbin/ifconfig', ifname, 'vnet', String(j.jid)];
      await runOne(state, j, argv, false, run, out, argv.join(' '));
      j = live(state, j);
    }
    await runHook(state, j, 'exec.start', true, run, out, true);
    j = live(state, j);
    if (command) await runOne(state, j, command, true, run, out, command.join(' '), true);
    j = live(state, j);
    await runHook(state, j, 'exec.poststart', false, run, out);
    j = live(state, j);
  } catch (e) {
    j = live(state, j);
    await stopProcs(j);
    destroyRecord(state, j);
    throw e;
  }
  if (j.procs) state.generation++;
  if (!j.persist && !hasProcess(j)) {
    destroyRecord(state, j);
    return null;
  }
  return j;
}

/** jail -r: exec.prestop, exec.stop (inside), removal, exec.poststop. */
export async function jailRemove(state: SimState, j: SimJail, run: JailRunner, out: JailOutput): Promise<void> {
  let failure: unknown = null;
  try {
    await runHook(state, j, 'exec.prestop', false, run, out);
    j = live(state, j);
    await runHook(state, j, 'exec.stop', true, run, out);
  } catch (e) {
    failure = e;
  }
  j = live(state, j);
  if (await stopProcs(j)) {
    j.dying = true;
    state.generation++;
  } else destroyRecord(state, j);
  await runHook(state, j, 'exec.poststop', false, run, out);
  if (failure) throw failure;
}

/** SIGTERM to the jail's tracked groups; true if one is still alive after a short grace (the jail is then DYING). */
async function stopProcs(j: SimJail): Promise<boolean> {
  const live = (j.procs ?? []).filter(groupAlive);
  if (live.length === 0) return false;
  for (const g of live) {
    try {
      process.kill(-g, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
  for (let k = 0; k < 20; k++) {
    if (!live.some(groupAlive)) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/** jail -m: updates parameters; `vnet` cannot change; dropping persist with nothing running removes the jail. */
export function jailModify(state: SimState, j: SimJail, params: JailParams, from = 0): void {
  for (const [k, v] of params) {
    checkKnown(k);
    if (k === 'vnet' && (v === 'new') !== j.vnet) throw new JailError('vnet cannot be changed after creation');
  }
  const nm = lastParam(params, 'name');
  if (nm !== undefined) renameJail(state, j, nm, from);
  const full = j.name;
  applyParams(j, params);
  j.params.name = full;
  state.generation++;
  if (!j.persist && !hasProcess(j)) destroyRecord(state, j);
}
