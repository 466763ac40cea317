// The jail hierarchy as kern_jail.c keeps it: a jail made from inside another
// is its child, recorded under the full name `parent.child`; a process in a
// jail sees only the jails below it, named relative to its own, and finds them
// by relative name or by JID (JIDs are global); a jail may make children only
// while its children.max allows (0 by default, so by default it may not).
// Source: kern_jail.c (kern_jail_set, prison_find_name, prison_name,
// kern_jail_get, sys_jail_remove) and jail_basic_test's "nested" case.
import type { SimJail, SimState, VnetId } from './state.js';

/** A jail(8)/kernel failure: `message` is the text printed after `jail: `. */
export class JailError extends Error {
  constructor(message: string) {
    super(message);
    Object.defineProperty(this, 'name', { value: 'JailError', enumerable: false });
  }
}

const byJid = (state: SimState, jid: number): SimJail | undefined => state.jails.find((x) => x.jid === jid);

/** Is `j` below the jail `from` (prison_ischild)? From the host (0) every jail is. */
export function jailBelow(state: SimState, j: SimJail, from: number): boolean {
  if (from === 0) return true;
  for (let p = j.parent; p !== undefined; p = byJid(state, p)?.parent) if (p === from) return true;
  return false;
}

/** The jails a process in jail `from` sees (its descendants; from the host, all), dying ones included. */
export function jailsBelow(state: SimState, from: number): SimJail[] {
  return state.jails.filter((j) => j.jid !== from && jailBelow(state, j, from));
}

/** A jail's name as seen from jail `from` (prison_name): the full name without the viewer's `name.` prefix. */
export function jailNameFrom(state: SimState, j: SimJail, from: number): string {
  const me = from === 0 ? undefined : byJid(state, from);
  return me && j.name.startsWith(`${me.name}.`) ? j.name.slice(me.name.length + 1) : j.name;
}

/** The `parent` parameter as seen from jail `from`: 0 when the parent is the viewer (or the host), else its JID. */
export function jailParentFrom(j: SimJail, from: number): number {
  return j.parent === undefined || j.parent === from ? 0 : j.parent;
}

/** jail_getid() from jail `from` (0 = the host): a number is a JID, anything else a name relative to it. */
export function jailFind(state: SimState, key: string, from = 0): SimJail | undefined {
  // A dying jail is not found by jail_getid(), as without JAIL_DYING.
  const seen = jailsBelow(state, from).filter((j) => !j.dying);
  if (/^\d+$/.test(key)) return seen.find((j) => j.jid === Number(key));
  return seen.find((j) => jailNameFrom(state, j, from) === key);
}

/** The vnet a jail's processes see: its own for vnet jails, else its parent's (the host's at the top). */
export function jailVnet(state: SimState, j: SimJail): VnetId {
  if (j.vnet) return j.jid;
  const p = j.parent === undefined ? undefined : byJid(state, j.parent);
  return p ? jailVnet(state, p) : 0;
}

/** children.max of a jail (0 unless set). */
const childMax = (j: SimJail): number => Number(j.params['children.max'] ?? 0);

/** The children of a jail, newest first (the kernel's LIST_INSERT_HEAD on pr_children). */
export function jailChildren(state: SimState, j: SimJail): SimJail[] {
  return state.jails.filter((x) => x.parent === j.jid).reverse();
}

/**
 * The first check of jail_set with JAIL_CREATE: a jail whose children.max is
 * 0 may make no jail at all (EPERM, which jail(8) prints as
 * `jail_set: Operation not permitted`; FreeBSD's jail_basic_test asserts it).
 */
export function checkMayCreate(state: SimState, from: number): void {
  const me = from === 0 ? undefined : byJid(state, from);
  if (me && childMax(me) === 0) throw new JailError('jail_set: Operation not permitted');
}

/** Where a new jail goes: its parent (undefined = the host) and its own name component (undefined = its JID). */
export interface NewJailPlace {
  parent: SimJail | undefined;
  leaf: string | undefined;
}

/**
 * kern_jail_set's checks for a new jail made from jail `from`, in its order:
 * a dotted name's parent must exist below `from`; the name must be free among
 * its siblings and not numeric; no jail from `from` up may already hold
 * children.max descendants (`prison limit exceeded`); and a children.max
 * asked for must stay below the parent's.
 */
export function placeNewJail(state: SimState, name: string | undefined, from: number, wantChildMax: string | undefined): NewJailPlace {
  const me = from === 0 ? undefined : byJid(state, from);
  let parent = me;
  let leaf = name;
  if (name !== undefined && name.includes('.')) {
    const up = name.slice(0, name.lastIndexOf('.'));
    parent = jailFind(state, up, from);
    if (!parent) throw new JailError(`jail "${up}" not found`);
    leaf = name.slice(name.lastIndexOf('.') + 1);
  }
  if (leaf !== undefined) {
    if (/^\d+$/.test(leaf)) throw new JailError('name cannot be numeric (unless it is the jid)');
    const full = parent ? `${parent.name}.${leaf}` : leaf;
    if (state.jails.some((x) => x.name === full && !x.dying)) throw new JailError(`"${name}" already exists`);
  }
  for (let t = me; t !== undefined; t = t.parent === undefined ? undefined : byJid(state, t.parent)) {
    if (jailsBelow(state, t.jid).length >= childMax(t)) throw new JailError('prison limit exceeded');
  }
  if (parent && wantChildMax !== undefined && Number(wantChildMax) >= childMax(parent)) throw new JailError('jail_set: Operation not permitted');
  return { parent, leaf };
}

/**
 * jail -m name=NEW from jail `from`: the name is relative to `from`; a dotted
 * one must keep the jail's parent (`cannot change jail's parent`). The jail's
 * descendants follow the new name.
 */
export function renameJail(state: SimState, j: SimJail, name: string, from: number): void {
  if (name === jailNameFrom(state, j, from)) return;
  const parent = j.parent === undefined ? undefined : byJid(state, j.parent);
  let leaf = name;
  if (name.includes('.')) {
    const up = name.slice(0, name.lastIndexOf('.'));
    if (!parent || jailNameFrom(state, parent, from) !== up) throw new JailError("cannot change jail's parent");
    leaf = name.slice(name.lastIndexOf('.') + 1);
  }
  if (/^\d+$/.test(leaf) && leaf !== String(j.jid)) throw new JailError('name cannot be numeric (unless it is the jid)');
  const full = parent ? `${parent.name}.${leaf}` : leaf;
  if (state.jails.some((x) => x !== j && x.name === full && !x.dying)) throw new JailError(`"${name}" already exists`);
  for (const d of jailsBelow(state, j.jid)) {
    d.name = `${full}${d.name.slice(j.name.length)}`;
    d.params.name = d.name;
  }
  j.name = full;
  j.params.name = full;
}
