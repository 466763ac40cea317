// Parser for `ifconfig` / `ifconfig IF` display output (FreeBSD 13–15, sbin/ifconfig):
// a header line per interface, then TAB-indented property lines. Also infers the interface kind.
import type { InterfaceKind } from '../model/snapshot.js';
import { Issues, guarded, skipPreamble, splitLines } from './result.js';
import type { Parsed } from './result.js';

/** An `inet` line: address, netmask as printed (`0xffffff00`), its prefix length, broadcast. */
export interface IfInet {
  addr: string;
  netmask: string;
  prefixLen: number;
  broadcast: string | null;
}

/** An `inet6` line: address (with `%scope` when printed), prefix length, scope ID, extra flags (`tentative`, …). */
export interface IfInet6 {
  addr: string;
  prefixLen: number;
  scopeId: string | null;
  flags: string[];
}

/** One interface as ifconfig displays it. Lines not understood are kept, verbatim and trimmed, in `other`. */
export interface IfconfigInterface {
  name: string;
  flags: string[];
  flagsHex: string;
  up: boolean;
  mtu: number;
  metric: number;
  options: string[];
  ether: string | null;
  hwaddr: string | null;
  inet: IfInet[];
  inet6: IfInet6[];
  groups: string[];
  /** if_bridge members, in the order ifconfig lists them. */
  members: string[];
  media: string | null;
  status: string | null;
  nd6: string[];
  other: string[];
}

const HEADER = /^(\S+?): flags=([0-9a-fA-F]+)<([^>]*)> metric (\d+) mtu (\d+)$/;
const BITS = /^(?:options=|nd6 options=)([0-9a-fA-F]+)(?:<([^>]*)>)?$/;
const KNOWN = /^(?:options=|ether |hwaddr |inet |inet6 |groups: |member: |media: |status: |nd6 options=)/;

function bitNames(s: string): string[] {
  const m = BITS.exec(s);
  return m?.[2] ? m[2].split(',').filter((x) => x !== '') : [];
}

/** Prefix length of a netmask printed as 0xffffff00 (null when not contiguous). */
function maskBits(hex: string): number | null {
  const v = parseInt(hex.slice(2), 16);
  if (!/^0x[0-9a-fA-F]{1,8}$/.test(hex)) return null;
  const bits = v.toString(2).padStart(32, '0');
  return /^1*0*$/.test(bits) ? bits.indexOf('0') < 0 ? 32 : bits.indexOf('0') : null;
}

function newInterface(m: RegExpExecArray): IfconfigInterface {
  const flags = m[3]!.split(',').filter((x) => x !== '');
  return {
    name: m[1]!, flags, flagsHex: m[2]!.toLowerCase(), up: flags.includes('UP'), mtu: Number(m[5]), metric: Number(m[4]),
    options: [], ether: null, hwaddr: null, inet: [], inet6: [], groups: [], members: [], media: null, status: null, nd6: [], other: [],
  };
}

/** Applies one property line (already trimmed and space-collapsed) to `it`; returns a problem or null. */
function property(it: IfconfigInterface, s: string): string | null {
  const [word, ...rest] = s.split(' ');
  const arg = rest.join(' ');
  if (s.startsWith('options=')) it.options = bitNames(s);
  else if (s.startsWith('nd6 options=')) it.nd6 = bitNames(s);
  else if (word === 'ether' || word === 'hwaddr') {
    if (!/^[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}$/.test(arg)) return `'${arg}' is not a MAC address`;
    it[word] = arg.toLowerCase();
  } else if (word === 'inet') return inet(it, rest);
  else if (word === 'inet6') return inet6(it, rest);
  else if (word === 'groups:') it.groups = rest;
  else if (word === 'member:') {
    if (!rest[0]) return 'member: without an interface name';
    it.members.push(rest[0]);
    it.other.push(s);
  } else if (word === 'media:') it.media = arg;
  else if (word === 'status:') it.status = arg;
  else it.other.push(s);
  return null;
}

function inet(it: IfconfigInterface, w: string[]): string | null {
  const cidr = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(w[0] ?? '');
  if (cidr) {
    it.inet.push({ addr: cidr[1]!, netmask: '', prefixLen: Number(cidr[2]), broadcast: kv(w, 'broadcast') });
    return null;
  }
  const mask = kv(w, 'netmask');
  const len = mask === null ? null : maskBits(mask);
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(w[0] ?? '') || mask === null || len === null) return "expected 'inet A.B.C.D netmask 0x… [broadcast …]'";
  it.inet.push({ addr: w[0]!, netmask: mask, prefixLen: len, broadcast: kv(w, 'broadcast') });
  return null;
}

function inet6(it: IfconfigInterface, w: string[]): string | null {
  const addr = w[0] ?? '';
  const cidr = /^(.*:.*)\/(\d+)$/.exec(addr);
  const len = cidr ? cidr[2]! : kv(w, 'prefixlen');
  if (!addr.includes(':') || len === null || !/^\d+$/.test(len)) return "expected 'inet6 ADDR prefixlen N …'";
  const known = new Set(['prefixlen', 'scopeid']);
  const flags: string[] = [];
  for (let i = 1; i < w.length; i++) {
    if (known.has(w[i]!)) i++;
    else flags.push(w[i]!);
  }
  it.inet6.push({ addr: cidr ? cidr[1]! : addr, prefixLen: Number(len), scopeId: kv(w, 'scopeid'), flags });
  return null;
}

/** The word after `key` in `w`, or null. */
function kv(w: string[], key: string): string | null {
  const i = w.indexOf(key);
  return i >= 0 && i + 1 < w.length ? w[i + 1]! : null;
}

/**
 * Parses `ifconfig` (all interfaces) or `ifconfig IF`. Property lines are the
 * indented ones; an unindented known property (indentation lost in a paste) is
 * accepted with a warning. Interfaces moved into a vnet jail are simply absent.
 */
export function parseIfconfig(text: string): Parsed<IfconfigInterface[]> {
  return guarded(text, (t) => {
    const issues = new Issues();
    const out: IfconfigInterface[] = [];
    let cur: IfconfigInterface | null = null;
    for (const line of skipPreamble(splitLines(t), issues)) {
      if (line.text.trim() === '') continue;
      const indented = /^\s/.test(line.text);
      const s = line.text.trim().replace(/\s+/g, ' ');
      const head = indented ? null : HEADER.exec(s);
      if (head) {
        cur = newInterface(head);
        out.push(cur);
        continue;
      }
      if (!cur) { issues.error(line, "expected an interface header 'NAME: flags=…<…> metric N mtu N'"); continue; }
      if (!indented && !KNOWN.test(s)) { issues.error(line, 'not an ifconfig line (neither an interface header nor an indented property)'); continue; }
      if (!indented) issues.warn(line, 'property line is not indented');
      const problem = property(cur, s);
      if (problem) issues.error(line, problem);
    }
    if (out.length === 0 && issues.errors.length === 0) issues.error(1, 'no interface found');
    return issues.result(out);
  });
}

/**
 * The kind of an interface from what ifconfig shows, in this order:
 * 1. LOOPBACK flag → loopback; 2. group `epair` → epair (survives renames like e0a_foo);
 * 3. group `bridge` → bridge; 4. group `vlan` or a `vlan:` line → vlan;
 * 5. name `ngethN` → eiface (ng_eiface's default name); 6. name `ngN` with POINTOPOINT → iface;
 * 7. an `ether` address and a `hwaddr` line (only hardware NICs have a permanent address)
 *    or a name of a common NIC driver (em, igb, ix, vtnet, re, bge, …) → ether;
 * 8. anything else (including a renamed ng_eiface such as `vnet0`) → other.
 */
export function interfaceKindOf(it: IfconfigInterface): InterfaceKind {
  if (it.flags.includes('LOOPBACK')) return 'loopback';
  if (it.groups.includes('epair')) return 'epair';
  if (it.groups.includes('bridge')) return 'bridge';
  if (it.groups.includes('vlan') || it.other.some((o) => o.startsWith('vlan:'))) return 'vlan';
  if (/^ngeth\d+$/.test(it.name)) return 'eiface';
  if (/^ng\d+$/.test(it.name) && it.flags.includes('POINTOPOINT')) return 'iface';
  if (it.ether !== null && it.hwaddr !== null) return 'ether';
  if (it.ether !== null && /^(?:em|igb|ix|ixl|ice|vtnet|re|bge|bce|bxe|cxl|cc|mlxen|mce|ue|ure|axe|axge|vmx|hn|xn|alc|age|ale|msk|sk|fxp)\d+$/.test(it.name)) return 'ether';
  return 'other';
}
