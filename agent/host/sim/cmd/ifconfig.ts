// Emulated ifconfig(8): listing (-a, -l, -g, -u, -d, by address family),
// status of one interface, and the actions create/destroy/name/up/down/
// ether/addm/deletem/vnet/-vnet/mtu/promisc processed left to right like
// ifconfig does, plus inet/inet6 addresses (cmd/ifconfig/addr.ts), whose
// ioctls run after every argument was read; the first failing action ends
// the command (err(1, …)) with earlier ones kept.
import { SimErrno, strerror } from '../errno.js';
import {
  ifBridgeAdd, ifBridgeDel, ifCloneCreate, ifDestroy, ifFind, ifList, ifRename, ifSetMac, ifSetUp, ifVnetMove,
} from '../ifnet.js';
import { jailFind, jailVnet } from '../jails.js';
import { arpAnnounce } from '../dataplane/arp.js';
import { Transit } from '../dataplane/deliver.js';
import { addrsOf } from '../net/ifaddr.js';
import type { SimIfnet, SimState, SimVxlan } from '../state.js';
import { AddrExit, applyAddr, newAddrReq, noteAlias, setAddr, setBroadcast, setNetmask, setPrefixlen, type AddrReq } from './ifconfig/addr.js';
import { CAPS, ifFamilyStatus, ifFlags, ifLinkStatus, ifStatus } from './ifconfig/status.js';
import { vxlanArgs, vxlanWord, VxlanWordError, type VxlanChange } from './ifconfig/vxlan.js';
import { vxlanSet } from '../net/vxlan.js';
import type { CmdContext, CmdResult, SimCommand } from './types.js';

/** err(1, …)/errx(1, …): ends ifconfig with `ifconfig: <msg>` and exit 1. */
class IfconfigExit extends Error {}

const fail = (msg: string): never => {
  throw new IfconfigExit(msg);
};

/** Wraps a kernel call so a SimErrno prints like err(1, "<what>"). */
function kernel(what: string, f: () => void): void {
  try {
    f();
  } catch (e) {
    if (e instanceof IfconfigExit) throw e;
    fail(`${what}: ${strerror(e)}`);
  }
}

/**
 * libc link_addr() as ifconfig's link_getaddr() calls it (on ":" + addr): hex
 * digits pair up into bytes, any other character ends the current byte (even
 * an empty one), so `2:0:c0:4f:8e:35`, `02-00-c0-4f-8e-35` and `0200c04f8e35`
 * all give six bytes. The byte count is not checked here: the kernel's
 * if_setlladdr rejects a length change with EINVAL. More than 14 bytes
 * (sizeof sa_data) is ifconfig's own "malformed link-level address".
 */
export function linkAddr(addr: string): number[] | null {
  const out: number[] = [];
  let digits = 0;
  let byte = 0;
  for (const ch of addr) {
    if (/^[0-9a-fA-F]$/.test(ch)) {
      if (digits === 2) {
        out.push(byte);
        digits = 0;
        byte = 0;
      }
      byte = (byte << 4) + parseInt(ch, 16);
      digits++;
    } else {
      out.push(byte);
      digits = 0;
      byte = 0;
    }
  }
  if (digits > 0) out.push(byte);
  return out.length > 14 ? null : out;
}

/** jail_getid() for `vnet JAIL` (relative to the caller's jail): errx with libjail's message when missing. */
function jidOf(ctx: CmdContext, key: string): number {
  const j = jailFind(ctx.state, key, ctx.jid);
  if (!j) fail(/^\d+$/.test(key) ? `jail ${key} not found` : `jail "${key}" not found`);
  return j!.jid;
}

interface Run {
  ctx: CmdContext;
  ifp: SimIfnet;
  printName: boolean;
  addr: AddrReq;
}

/** Address families naming the link level (sbin/ifconfig af_link.c: `link`, `ether`, `lladdr`, all AF_LINK). */
const LINK_AFS = new Set(['ether', 'link', 'lladdr']);

/** Capability words of ifconfig(8) (setifcap) and their IFCAP bits (sys/net/if.h). */
const CAP_WORDS: Record<string, number> = {
  rxcsum: 0x1, txcsum: 0x2, netcons: 0x4, vlanmtu: 0x8, vlanhwtag: 0x10, jumbo_mtu: 0x20, polling: 0x40, vlanhwcsum: 0x80,
  tso4: 0x100, tso6: 0x200, tso: 0x300, lro: 0x400, wol_ucast: 0x800, wol_mcast: 0x1000, wol_magic: 0x2000, toe4: 0x4000, toe6: 0x8000,
  vlanhwfilter: 0x10000, vlanhwtso: 0x40000, rxcsum6: 0x200000, txcsum6: 0x400000,
};

/** Address families ifconfig takes right after the interface name. */
const IP_AFS = new Set(['inet', 'inet6']);

const ONE_ARG = new Set(['name', 'ether', 'lladdr', 'link', 'addm', 'deletem', 'vnet', '-vnet', 'mtu', 'netmask', 'broadcast', 'prefixlen']);

/** Applies one action word (with its argument if it takes one). */
function action(r: Run, word: string, arg: string | undefined): void {
  const { state } = r.ctx;
  const ifp = r.ifp;
  switch (word) {
    case 'up':
    case 'down':
      // A vxlan whose init fails stays up but not running: the kernel says why on the console, ifconfig exits 0.
      ifSetUp(state, ifp, word === 'up');
      return;
    case 'destroy':
    case 'unplumb':
      return kernel('SIOCIFDESTROY', () => ifDestroy(state, ifp));
    case 'name':
      kernel('ioctl SIOCSIFNAME (set name)', () => ifRename(state, ifp, arg!));
      r.printName = true;
      return;
    case 'ether':
    case 'lladdr':
    case 'link': {
      const bytes = linkAddr(arg!);
      if (bytes === null) fail('malformed link-level address');
      // ifconfig issues SIOCSIFLLADDR through the generic "add address" step,
      // whose failure is Perror("ioctl (SIOCAIFADDR)") (12.x ifconfig.c;
      // 14.x kept the text — UNCONFIRMED, following 12.x). The kernel refuses
      // a length other than the interface's six bytes with EINVAL.
      return kernel('ioctl (SIOCAIFADDR)', () => {
        if (bytes!.length !== 6) throw new SimErrno('EINVAL', `link-level address of ${bytes!.length} bytes`);
        ifSetMac(state, ifp, bytes!.map((b) => b.toString(16).padStart(2, '0')).join(':'));
      });
    }
    case 'addm':
      return kernel(`BRDGADD ${arg}`, () => ifBridgeAdd(state, ifp, arg!));
    case 'deletem':
      return kernel(`BRDGDEL ${arg}`, () => ifBridgeDel(state, ifp, arg!));
    case 'vnet': {
      const jid = jidOf(r.ctx, arg!);
      const j = state.jails.find((x) => x.jid === jid)!;
      return kernel('SIOCSIFVNET', () => ifVnetMove(state, ifp, jailVnet(state, j)));
    }
    case 'mtu': {
      if (!/^\d+$/.test(arg!) || Number(arg) < 72 || Number(arg) > 65535) fail('SIOCSIFMTU (set mtu): Invalid argument');
      ifp.mtu = Number(arg);
      ifp.userMtu = true;
      state.generation++;
      return;
    }
    case 'promisc':
    case '-promisc':
      ifp.promisc = word === 'promisc';
      state.generation++;
      return;
    case 'alias':
    case 'add':
      return noteAlias(r.addr, 1);
    case '-alias':
    case 'delete':
    case 'remove':
      return noteAlias(r.addr, -1);
    case 'netmask':
      return setNetmask(r.addr, arg!);
    case 'broadcast':
      return setBroadcast(r.addr, arg!);
    case 'prefixlen':
      // An inet6 command; in an inet context the word is just another address.
      if (r.addr.af === 'inet6') return setPrefixlen(r.addr, arg!);
      return setAddr(r.addr, word);
    default: {
      const cap = CAP_WORDS[word.replace(/^-/, '')];
      if (cap !== undefined) {
        // setifcap: current caps with the bit set or cleared, masked by what the
        // driver supports (here: what it enables at boot); an unsupported bit is ignored.
        const supported = CAPS[ifp.kind] ?? 0;
        const cur = ifp.caps ?? supported;
        const next = (word.startsWith('-') ? cur & ~cap : cur | cap) & supported;
        if (next !== cur) (ifp.caps = next), state.generation++;
        return;
      }
      // Not a command: the address, then (inet, broadcast-capable) the broadcast/destination address.
      if (r.addr.setaddr && r.addr.af === 'inet') return setBroadcast(r.addr, word);
      return setAddr(r.addr, word);
    }
  }
}

/** `ifconfig IF -vnet JAIL`: the name is looked up inside the jail (SIOCSIFRVNET). */
function reclaim(ctx: CmdContext, name: string, key: string): void {
  const jid = jidOf(ctx, key);
  const j = ctx.state.jails.find((x) => x.jid === jid)!;
  kernel(`SIOCSIFRVNET(${jid}, ${name})`, () => {
    const ifp = ifFind(ctx.state, jailVnet(ctx.state, j), name);
    if (!ifp || !j.vnet) throw Object.assign(new Error('ENXIO'), { code: 'ENXIO' });
    ifVnetMove(ctx.state, ifp, ctx.vnet);
  });
}

/** `ifconfig IF args…`: create first if asked, then the actions in order, then the address ioctls. */
function configure(ctx: CmdContext, name: string, args: string[]): { stdout: string; stderr: string } {
  if (args[0] === '-vnet' && args.length === 2) {
    reclaim(ctx, name, args[1]!);
    return { stdout: '', stderr: '' };
  }
  let ifp = ifFind(ctx.state, ctx.vnet, name);
  let printName = false;
  let created = false;
  if (args[0] === 'create' || args[0] === 'plumb') {
    if (ifp) fail('SIOCIFCREATE2: File exists');
    // The vxlan words are the clone's parameters (ifvxlan.c's DEF_CLONE_CMD_ARG), read before it is made.
    const cloneParams: Partial<SimVxlan> = {};
    if (/^vxlan\d*$/.test(name)) args = [args[0]!, ...takeVxlanParams(args.slice(1), cloneParams)];
    kernel('SIOCIFCREATE2', () => {
      ifp = ifCloneCreate(ctx.state, ctx.vnet, name, cloneParams);
    });
    printName = ifp!.name !== name;
    created = true;
    args = args.slice(1);
  }
  if (!ifp) fail(`interface ${name} does not exist`);
  const out = (stdout: string): { stdout: string; stderr: string } => ({ stdout, stderr: '' });
  if (args.length === 0 && !created) return out(ifStatus(ctx.state, ifp!));
  // `ifconfig IF ether` (or inet, inet6) with nothing after is a status request
  // for that family: only interfaces with such an address match (14.x
  // match_iface), others print nothing and exit 0.
  if (args.length === 1 && LINK_AFS.has(args[0]!) && !created) return out(ifp!.mac !== null ? ifLinkStatus(ctx.state, ifp!) : '');
  let af: 'inet' | 'inet6' = 'inet';
  if (IP_AFS.has(args[0]!)) {
    af = args[0] as 'inet' | 'inet6';
    args = args.slice(1);
    if (args.length === 0 && !created) return out(addrsOf(ifp!, af).length > 0 ? ifFamilyStatus(ctx.state, ifp!, af) : '');
  }
  const r: Run = { ctx, ifp: ifp!, printName, addr: newAddrReq(af) };
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const vx = vxlanWordAt(args, i);
    if (vx !== null) {
      i = vx.next - 1;
      // On an existing vxlan: its VXLAN_CMD_SET_* ioctl; on any other interface: nothing.
      if (vx.change !== null && r.ifp.vxlan !== undefined) kernel(vx.change.ioctl, () => vxlanSet(ctx.state, r.ifp, vx.change!.patch));
      continue;
    }
    let arg: string | undefined;
    if (ONE_ARG.has(word) && !(word === 'prefixlen' && af !== 'inet6')) {
      arg = args[++i];
      if (arg === undefined) fail(`'${word}' requires argument`);
    }
    action(r, word, arg);
  }
  let stderr = '';
  const a = r.addr;
  if (a.setaddr || a.setmask || a.clearaddr) {
    const done = applyAddr(ctx.state, r.ifp, a);
    stderr = done.warn;
    // The kernel announces a new IPv4 address with a gratuitous ARP (arp_ifinit).
    if (done.added !== null) arpAnnounce(new Transit(ctx.state), r.ifp, done.added);
  }
  return { stdout: r.printName ? `${r.ifp.name}\n` : '', stderr };
}

/**
 * The vxlan word at args[i] with its arguments, checked as ifconfig does
 * (errx with ifvxlan.c's text); null when args[i] is not one. `next`: the
 * index after its arguments.
 */
function vxlanWordAt(args: string[], i: number): { change: VxlanChange | null; next: number } | null {
  const word = args[i]!;
  const n = vxlanArgs(word);
  if (n === null) return null;
  const vargs = args.slice(i + 1, i + 1 + n);
  if (vargs.length < n) fail(`'${word}' requires argument`);
  try {
    return { change: vxlanWord(word, vargs), next: i + 1 + n };
  } catch (e) {
    if (e instanceof VxlanWordError) fail(e.message);
    throw e;
  }
}

/** Takes the vxlan words out of a create's arguments into `params`; returns the rest, in order. */
function takeVxlanParams(args: string[], params: Partial<SimVxlan>): string[] {
  const rest: string[] = [];
  for (let i = 0; i < args.length; ) {
    const vx = vxlanWordAt(args, i);
    if (vx === null) {
      rest.push(args[i++]!);
      continue;
    }
    i = vx.next;
    // vxlan_set_user_config ignores a TTL above MAXTTL.
    const patch = vx.change?.patch;
    if (patch !== undefined && !(patch.ttl !== undefined && patch.ttl > 255)) Object.assign(params, patch);
  }
  return rest;
}

/** Interfaces of the caller's vnet, filtered by -u/-d and an optional address family. */
function selected(ctx: CmdContext, up: boolean, down: boolean): SimIfnet[] {
  return ifList(ctx.state, ctx.vnet).filter((i) => {
      const isUp = (ifFlags(ctx.state, i) & 1) !== 0;
      return !(up && !isUp) && !(down && isUp);
    });
}

const USAGE =
  'usage: ifconfig [-j jail] [-f type:format] [-L] [-C] [-g groupname] interface address_family\n' +
  '                [address [dest_address]] [parameters]\n' +
  '       ifconfig [-j jail] interface create\n' +
  '       ifconfig [-j jail] -a [-L] [-d] [-m] [-u] [-v] [address_family]\n' +
  '       ifconfig [-j jail] -l [-d] [-u] [address_family]\n' +
  '       ifconfig [-j jail] [-L] [-d] [-m] [-u] [-v]\n';

/** Handles the listing forms: no interface name given. */
function listing(ctx: CmdContext, opts: Set<string>, group: string | null, rest: string[]): CmdResult {
  const ifs = selected(ctx, opts.has('u'), opts.has('d'));
  if (group !== null) {
    const names = ifs.filter((i) => group === 'all' || i.groups.includes(group)).map((i) => `${i.name}\n`);
    return { stdout: names.join(''), stderr: '', code: 0 };
  }
  const linkAf = rest[0] !== undefined && LINK_AFS.has(rest[0]);
  const ipAf = rest[0] !== undefined && IP_AFS.has(rest[0]) ? (rest[0] as 'inet' | 'inet6') : null;
  const want = linkAf ? ifs.filter((i) => i.mac !== null) : ipAf ? ifs.filter((i) => addrsOf(i, ipAf).length > 0) : ifs;
  if (opts.has('l')) return { stdout: want.map((i) => i.name).join(' ') + '\n', stderr: '', code: 0 };
  const show = (s: SimState, i: SimIfnet): string => (linkAf ? ifLinkStatus(s, i) : ipAf ? ifFamilyStatus(s, i, ipAf) : ifStatus(s, i));
  return { stdout: want.map((i) => show(ctx.state, i)).join(''), stderr: '', code: 0 };
}

/** Emulated ifconfig(8). */
export const ifconfig: SimCommand = (argv, ctx) => {
  const opts = new Set<string>();
  let group: string | null = null;
  let i = 1;
  for (; i < argv.length && argv[i]!.startsWith('-') && argv[i] !== '-vnet'; i++) {
    const a = argv[i]!;
    if (a === '-g') {
      group = argv[++i] ?? null;
      if (group === null) return { stdout: '', stderr: USAGE, code: 1 };
      continue;
    }
    for (const c of a.slice(1)) {
      if (!'adluvmLC'.includes(c)) return { stdout: '', stderr: `ifconfig: illegal option -- ${c}\n${USAGE}`, code: 1 };
      opts.add(c);
    }
  }
  const rest = argv.slice(i);
  try {
    if (opts.has('a') || opts.has('l') || group !== null || rest.length === 0 || opts.has('d') || opts.has('u')) {
      if (opts.has('a') || opts.has('l') || group !== null || rest.length === 0 || LINK_AFS.has(rest[0]!) || IP_AFS.has(rest[0]!)) {
        return listing(ctx, opts, group, rest);
      }
    }
    return { ...configure(ctx, rest[0]!, rest.slice(1)), code: 0 };
  } catch (e) {
    if (e instanceof IfconfigExit || e instanceof AddrExit) return { stdout: '', stderr: `ifconfig: ${e.message}\n`, code: 1 };
    throw e;
  }
};
