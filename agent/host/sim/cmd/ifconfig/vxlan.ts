// ifconfig's vxlan words (sbin/ifconfig/ifvxlan.c): how many arguments each
// takes, ifconfig's own checks with its errx() texts, and the setting each
// changes. On `create` they become the clone parameters; on an existing
// vxlan interface each is its VXLAN_CMD_SET_* ioctl (err() with the
// command's name when the kernel refuses: EBUSY while the interface runs);
// on any other interface vxlan_exists() fails and ifconfig only records
// them as parameters for a create that never comes: nothing happens.
import type { SimVxlan } from '../../state.js';
import { VXLAN_VNI_MAX } from '../../net/vxlan.js';
import { inetPton4 } from '../../net/ipaddr.js';

/** The words and their argument counts. */
const WORDS: Record<string, number> = {
  vni: 1, vxlanid: 1, vxlanlocal: 1, vxlanremote: 1, vxlangroup: 1, vxlanlocalport: 1, vxlanremoteport: 1, vxlanportrange: 2,
  vxlantimeout: 1, vxlanmaxaddr: 1, vxlandev: 1, vxlanttl: 1, vxlanlearn: 0, '-vxlanlearn': 0, vxlanflush: 0, vxlanflushall: 0,
};

/** How many arguments a vxlan word takes, or null when `word` is not one. */
export const vxlanArgs = (word: string): number | null => WORDS[word] ?? null;

/** errx(1, …) from a vxlan word. */
export class VxlanWordError extends Error {}

/** get_val(): strtoul with base 0, the whole string. */
function getVal(s: string): number | null {
  if (!/^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.test(s)) return null;
  const v = s.startsWith('0x') || s.startsWith('0X') ? parseInt(s.slice(2), 16) : s.length > 1 && s.startsWith('0') ? parseInt(s, 8) : Number(s);
  return Number.isSafeInteger(v) ? v : null;
}

const isMulticast4 = (s: string): boolean => ((inetPton4(s) ?? 0) >>> 28) === 0xe;

/** An address word: IPv4 here (getaddrinfo's other families are not emulated). */
function address(which: 'local' | 'remote' | 'group', s: string): string {
  if (inetPton4(s) === null) {
    if (s.includes(':')) throw new VxlanWordError(`${which} address ${s} not supported`);
    throw new VxlanWordError(`error in parsing ${which} address string: hostname nor servname provided, or not known`);
  }
  if (which === 'group' ? !isMulticast4(s) : isMulticast4(s)) throw new VxlanWordError(which === 'group' ? 'group address must be multicast' : `${which} address cannot be multicast`);
  return s;
}

/** What a word sets, and the name of the ioctl it runs on an existing interface. */
export interface VxlanChange {
  patch: Partial<SimVxlan>;
  ioctl: string;
}

/** Checks a vxlan word's arguments as ifconfig does; null for the words that change nothing emulated (learning, the address table). */
export function vxlanWord(word: string, args: string[]): VxlanChange | null {
  const a = args[0] ?? '';
  switch (word) {
    case 'vni':
    case 'vxlanid': {
      const v = getVal(a);
      if (v === null || v >= VXLAN_VNI_MAX) throw new VxlanWordError(`invalid network identifier: ${a}`);
      return { patch: { vni: v }, ioctl: 'VXLAN_CMD_SET_VNI' };
    }
    case 'vxlanlocal':
      return { patch: { local: address('local', a) }, ioctl: 'VXLAN_CMD_SET_LOCAL_ADDR' };
    case 'vxlanremote':
      return { patch: { remote: address('remote', a) }, ioctl: 'VXLAN_CMD_SET_REMOTE_ADDR' };
    case 'vxlangroup':
      return { patch: { remote: address('group', a) }, ioctl: 'VXLAN_CMD_SET_REMOTE_ADDR' };
    case 'vxlanlocalport':
    case 'vxlanremoteport': {
      const v = getVal(a);
      const side = word === 'vxlanlocalport' ? 'local' : 'remote';
      if (v === null || v >= 0xffff) throw new VxlanWordError(`invalid ${side} port: ${a}`);
      return side === 'local' ? { patch: { localPort: v }, ioctl: 'VXLAN_CMD_SET_LOCAL_PORT' } : { patch: { remotePort: v }, ioctl: 'VXLAN_CMD_SET_REMOTE_PORT' };
    }
    case 'vxlanportrange': {
      const min = getVal(a);
      const max = getVal(args[1] ?? '');
      if (min === null || min >= 0xffff) throw new VxlanWordError(`invalid port range minimum: ${a}`);
      if (max === null || max >= 0xffff) throw new VxlanWordError(`invalid port range maximum: ${args[1] ?? ''}`);
      if (max < min) throw new VxlanWordError('invalid port range');
      return { patch: { minPort: min, maxPort: max }, ioctl: 'VXLAN_CMD_SET_PORT_RANGE' };
    }
    case 'vxlanttl': {
      const v = getVal(a);
      if (v === null || v > 256) throw new VxlanWordError(`invalid TTL value: ${a}`);
      return { patch: { ttl: v }, ioctl: 'VXLAN_CMD_SET_TTL' };
    }
    case 'vxlantimeout':
    case 'vxlanmaxaddr': {
      const v = getVal(a);
      if (v === null || v > 0xffffffff) throw new VxlanWordError(`invalid ${word === 'vxlantimeout' ? 'timeout' : 'maxaddr'} value: ${a}`);
      return null;
    }
    default:
      return null;
  }
}
