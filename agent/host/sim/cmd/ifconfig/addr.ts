// ifconfig's address arguments for inet and inet6 (sbin/ifconfig af_inet.c,
// af_inet6.c, ifconfig.c): parsing `ADDR[/LEN]`, `netmask`, `prefixlen`,
// `broadcast`, `alias`/`-alias`/`delete`, with ifconfig's deferred order (a
// plain address first deletes the interface's first IPv4 address, then
// adds) and its messages: `X: bad value`, `X: bad value (width too large)`,
// the missing-mask warning, `ioctl (SIOCAIFADDR|SIOCDIFADDR): <strerror>`.
import { strerror } from '../../errno.js';
import { classfulPlen, bitcount, inetAton } from '../../net/ipaddr.js';
import { canon6, in6Add, in6Delete, inAdd, inDelete } from '../../net/ifaddr.js';
import type { SimIfnet, SimState } from '../../state.js';

/** err(1, …)/errx(1, …) inside address handling: `ifconfig: <msg>`, exit 1. */
export class AddrExit extends Error {}

const exit = (msg: string): never => {
  throw new AddrExit(msg);
};

/** The address request being built while ifconfig walks its arguments (in_add/in_del, in6_add/in6_del). */
export interface AddrReq {
  af: 'inet' | 'inet6';
  /** The address to add (ADDR) and the one to delete (RIDADDR). */
  add: string | null;
  del: string | null;
  plen: number | null;
  brd: number | null;
  /** 0 plain, 1 alias, -1 -alias/delete */
  doalias: number;
  setaddr: boolean;
  setmask: boolean;
  clearaddr: boolean;
  newaddr: boolean;
}

export function newAddrReq(af: 'inet' | 'inet6'): AddrReq {
  return { af, add: null, del: null, plen: null, brd: null, doalias: 0, setaddr: false, setmask: false, clearaddr: false, newaddr: true };
}

/** localhost is in /etc/hosts; anything else that is not numeric does not resolve here. */
const hostV4 = (s: string): number | null => (s === 'localhost' ? 0x7f000001 : inetAton(s));

/** in_getaddr/in6_getaddr for ADDR (with /LEN) or RIDADDR. */
function getAddr(r: AddrReq, word: string, into: 'add' | 'del'): void {
  let s = word;
  const slash = into === 'add' ? s.lastIndexOf('/') : -1;
  if (r.af === 'inet') {
    if (slash !== -1) {
      const w = s.slice(slash + 1);
      // strtonum(p + 1, 0, 32): a non-digit start is "invalid"; 33+ is "too large".
      if (!/^\d/.test(w)) exit(`${word}: bad value (width invalid)`);
      if (!/^\d+$/.test(w)) exit(`${word}: bad value (width invalid)`);
      if (Number(w) > 32) exit(`${word}: bad value (width too large)`);
      r.plen = Number(w);
      r.setmask = true;
      s = s.slice(0, slash);
    }
    const a = hostV4(s);
    if (a === null) exit(`${s}: bad value`);
    r[into] = String(a);
    return;
  }
  if (slash !== -1) {
    const w = s.slice(slash + 1);
    const n = parseInt(w, 10);
    const plen = Number.isNaN(n) ? 0 : n;
    if (plen < 0 || plen > 128) exit(`${w}: bad value`);
    r.plen = plen;
    s = s.slice(0, slash);
  }
  const bare = s.replace(/%[^%]*$/, '');
  const a = s === 'localhost' ? '::1' : canon6(bare);
  if (a === null) exit(`${s}: bad value`);
  r[into] = a;
}

/** setifaddr: a plain address first clears the old one (inet) unless `alias` was given. */
export function setAddr(r: AddrReq, word: string): void {
  r.setaddr = true;
  if (r.doalias === 0) r.clearaddr = true;
  getAddr(r, word, r.doalias >= 0 ? 'add' : 'del');
}

/** notealias: `alias`/`add` (1) or `-alias`/`delete`/`remove` (-1). */
export function noteAlias(r: AddrReq, param: 1 | -1): void {
  if (r.setaddr && r.doalias === 0 && param < 0) r.del = r.add;
  r.doalias = param;
  if (param < 0) {
    r.clearaddr = true;
    r.newaddr = false;
  } else r.clearaddr = false;
}

/** `netmask X` (inet: any dotted or hex form, its one bits count). */
export function setNetmask(r: AddrReq, word: string): void {
  if (r.af === 'inet6') exit(`${word}: bad value`);
  const m = inetAton(word);
  if (m === null) exit(`${word}: bad value`);
  r.plen = bitcount(m as number);
  r.setmask = true;
}

/** `prefixlen N` (inet6). */
export function setPrefixlen(r: AddrReq, word: string): void {
  const n = parseInt(word, 10);
  const plen = Number.isNaN(n) ? 0 : n;
  if (plen < 0 || plen > 128) exit(`${word}: bad value`);
  r.plen = plen;
}

/** `broadcast X` (inet). */
export function setBroadcast(r: AddrReq, word: string): void {
  const b = r.af === 'inet' ? hostV4(word) : null;
  if (b === null) exit(`${word}: bad value`);
  r.brd = b;
}

/** Runs a kernel call; its errno becomes `ioctl (<what>): <strerror>` (Perror). */
function ioctl(what: string, f: () => void): void {
  try {
    f();
  } catch (e) {
    exit(`ioctl (${what}): ${strerror(e)}`);
  }
}

/**
 * The deferred part once every argument was read: in_postproc (an inet
 * address without mask warns and takes the classful mask), SIOCDIFADDR
 * (its "no address" EADDRNOTAVAIL ignored unless deleting), SIOCAIFADDR.
 * Returns the warning for stderr and the IPv4 address added, if any.
 */
export function applyAddr(state: SimState, ifp: SimIfnet, r: AddrReq): { warn: string; added: string | null } {
  let warn = '';
  if (r.af === 'inet' && r.add !== null && !r.setmask && r.newaddr) {
    if (ifp.kind !== 'loopback' && ifp.kind !== 'iface') warn = 'ifconfig: WARNING: setting interface address without mask is deprecated,\ndefault mask may not be correct.\n';
    // in_postproc leaves a point-to-point interface's mask unset: the address is a host (/32, `netmask 0xffffffff`).
    // UNCONFIRMED against a capture; newest release's in_aifaddr_ioctl assumed.
    r.plen = ifp.kind === 'iface' ? 32 : classfulPlen(Number(r.add));
  }
  if (r.clearaddr) {
    try {
      if (r.af === 'inet') inDelete(state, ifp, r.del === null ? null : Number(r.del));
      else if (r.del !== null) in6Delete(state, ifp, r.del);
      else if (r.doalias < 0) throw Object.assign(new Error('EADDRNOTAVAIL'), { code: 'EADDRNOTAVAIL' });
    } catch (e) {
      const notThere = (e as { code?: string }).code === 'EADDRNOTAVAIL';
      if (!(notThere && r.doalias >= 0)) exit(`ioctl (SIOCDIFADDR): ${strerror(e)}`);
    }
  }
  let added: string | null = null;
  if (r.newaddr && (r.setaddr || r.setmask) && r.add !== null) {
    const add = r.add;
    if (r.af === 'inet') {
      ioctl('SIOCAIFADDR', () => {
        added = inAdd(state, ifp, Number(add), r.plen ?? 32, r.brd ?? undefined).addr;
      });
    } else ioctl('SIOCAIFADDR', () => in6Add(state, ifp, add, r.plen ?? 64));
  }
  return { warn, added };
}
