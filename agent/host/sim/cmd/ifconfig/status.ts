// ifconfig's interface display, FreeBSD 14 layout (sbin/ifconfig status():
// flags/metric/mtu, options, ether, addresses, bridge status, groups, media,
// status, nd6), with the flag and capability bit names of net/if.h.
import type { SimIfnet, SimState } from '../../state.js';
import { ifById } from '../../ifnet.js';
import { addrsOf, broadcastOf, isTentative } from '../../net/ifaddr.js';
import { inet6Pton, inetNtoa, isLinkLocal6, maskOf } from '../../net/ipaddr.js';
import { vxlanStatusLine } from '../../net/vxlan.js';

/** net/if.h flag bits and names, in ifconfig's printing order. */
export const IFF: [number, string][] = [
  [0x1, 'UP'], [0x2, 'BROADCAST'], [0x4, 'DEBUG'], [0x8, 'LOOPBACK'], [0x10, 'POINTOPOINT'], [0x40, 'RUNNING'], [0x80, 'NOARP'],
  [0x100, 'PROMISC'], [0x200, 'ALLMULTI'], [0x800, 'SIMPLEX'], [0x8000, 'MULTICAST'], [0x20000, 'PPROMISC'], [0x1000000, 'LOWER_UP'],
];
const IFCAP: [number, string][] = [
  [0x1, 'RXCSUM'], [0x2, 'TXCSUM'], [0x8, 'VLAN_MTU'], [0x10, 'VLAN_HWTAGGING'], [0x20, 'JUMBO_MTU'], [0x80, 'VLAN_HWCSUM'],
  [0x10000, 'VLAN_HWFILTER'], [0x80000, 'LINKSTATE'], [0x200000, 'RXCSUM_IPV6'], [0x400000, 'TXCSUM_IPV6'], [0x800000, 'HWSTATS'], [0x4000000, 'MEXTPG'],
];

/** printb(): `name=hex<BIT,BIT>`; a zero value prints just `name=0`. */
export function printb(name: string, v: number, bits: [number, string][]): string {
  if (v === 0) return `${name}=0`;
  const set = bits.filter(([b]) => (v & b) !== 0).map(([, n]) => n);
  return `${name}=${v.toString(16)}<${set.join(',')}>`;
}

/** Is the interface's link up (IFF_LOWER_UP, `status: active`)? Depends on the driver. */
export function linkUp(state: SimState, ifp: SimIfnet): boolean {
  switch (ifp.kind) {
    case 'epair':
      return true; // both ends report LINK_STATE_UP from creation
    case 'eiface': {
      // ng_eiface: link up while its `ether` hook is connected.
      const node = state.vnets[String(ifp.home)]?.nodes.find((n) => n.id === ifp.ngNode);
      return node !== undefined && node.hooks.length > 0;
    }
    case 'bridge':
      return (ifp.members ?? []).some((m) => {
        const mi = ifById(state, m);
        return mi !== undefined && linkUp(state, mi);
      });
    case 'iface':
      return false;
    case 'vxlan':
      // LINK_STATE_UP once init succeeded, DOWN at teardown.
      return ifp.vxlan?.running === true;
    default:
      return ifp.up;
  }
}

/** The interface flags word as the kernel would report it. */
export function ifFlags(state: SimState, ifp: SimIfnet): number {
  // RUNNING (IFF_DRV_RUNNING) follows UP, except on a vxlan whose init failed.
  let f = ifp.up ? 0x1 | (ifp.kind !== 'vxlan' || ifp.vxlan?.running ? 0x40 : 0) : 0;
  if (ifp.kind === 'loopback') f |= 0x8 | 0x8000;
  else if (ifp.kind === 'iface') f |= 0x10 | 0x80 | 0x800 | 0x8000;
  else f |= 0x2 | 0x800 | 0x8000;
  if (ifp.promisc) f |= 0x100;
  if (linkUp(state, ifp)) f |= 0x1000000;
  return f;
}

export const CAPS: Partial<Record<SimIfnet['kind'], number>> = {
  ether: 0x481009b,
  epair: 0x8,
  eiface: 0x28,
  loopback: 0x680003,
  vlan: 0x3,
  // VXLAN_BASIC_IFCAPS: LINKSTATE | JUMBO_MTU (no hardware offload under it here).
  vxlan: 0x80020,
};

/** `\tinet ADDR[ --> DST] netmask 0xMASK[ broadcast BRD]` lines (in_status_nl), oldest first. */
function inetLines(ifp: SimIfnet): string[] {
  const brdcap = ifp.kind !== 'loopback' && ifp.kind !== 'iface';
  return addrsOf(ifp, 'inet').map((a) => {
    const brd = brdcap && a.plen !== 0 ? ` broadcast ${inetNtoa(broadcastOf(a))}` : '';
    const dst = a.dst !== undefined ? ` --> ${a.dst}` : '';
    return `\tinet ${a.addr}${dst} netmask 0x${maskOf(a.plen).toString(16)}${brd}`;
  });
}

/** `\tinet6 ADDR[%IF] prefixlen N[ tentative][ scopeid 0xI]` lines (in6_status_nl); link-local ones are scoped to the interface. */
function inet6Lines(state: SimState, ifp: SimIfnet): string[] {
  return addrsOf(ifp, 'inet6').map((a) => {
    const ll = isLinkLocal6(inet6Pton(a.addr) ?? []);
    return `\tinet6 ${a.addr}${ll ? `%${ifp.name}` : ''} prefixlen ${a.plen}${isTentative(state, a) ? ' tentative' : ''}${ll ? ` scopeid 0x${ifp.id.toString(16)}` : ''}`;
  });
}

/** Every address line: the families in order (inet, then inet6), each oldest first. */
function addressLines(state: SimState, ifp: SimIfnet): string[] {
  return [...inetLines(ifp), ...inet6Lines(state, ifp)];
}

/** STP path cost by link speed (bstp_calc_path_cost): 10G epair 2000, 1G 20000. */
function pathCost(m: SimIfnet): number {
  return m.kind === 'epair' ? 2000 : 20000;
}

/** if_bridge status block (sbin/ifconfig/ifbridge.c bridge_status). */
function bridgeLines(state: SimState, ifp: SimIfnet): string[] {
  const out = [
    '\tid 00:00:00:00:00:00 priority 32768 hellotime 2 fwddelay 15',
    '\tmaxage 20 holdcnt 6 proto rstp maxaddr 2000 timeout 1200',
    '\troot id 00:00:00:00:00:00 priority 32768 ifcost 0 port 0',
  ];
  for (const id of ifp.members ?? []) {
    const m = ifById(state, id);
    if (!m) continue;
    out.push(`\tmember: ${m.name} flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>`);
    out.push(`\t        ifmaxaddr 0 port ${m.id} priority 128 path cost ${pathCost(m)}`);
  }
  return out;
}

/** media:/status: lines for drivers that have ifmedia. */
function mediaLines(state: SimState, ifp: SimIfnet): string[] {
  const active = linkUp(state, ifp) ? 'active' : 'no carrier';
  if (ifp.kind === 'epair') return ['\tmedia: Ethernet 10Gbase-T (10Gbase-T <full-duplex>)', `\tstatus: ${active}`];
  if (ifp.kind === 'ether' || ifp.kind === 'eiface') return ['\tmedia: Ethernet autoselect (1000baseT <full-duplex>)', `\tstatus: ${active}`];
  // vxlan_media_status: always IFM_ETHER | IFM_FDX, active.
  if (ifp.kind === 'vxlan') return ['\tmedia: Ethernet autoselect (autoselect <full-duplex>)', '\tstatus: active'];
  return [];
}

/** nd6 options: loopbacks PERFORMNUD,AUTO_LINKLOCAL; bridges without AUTO_LINKLOCAL; IFDISABLED until an inet6 address is configured. */
function nd6Line(ifp: SimIfnet): string {
  if (ifp.kind === 'loopback') return '\tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>';
  const off = ifp.inet6On ? 0 : 0x8;
  const v = 0x1 | off | (ifp.kind === 'bridge' ? 0 : 0x20);
  const names = ['PERFORMNUD', ...(off ? ['IFDISABLED'] : []), ...(ifp.kind === 'bridge' ? [] : ['AUTO_LINKLOCAL'])];
  return `\tnd6 options=${v.toString(16)}<${names.join(',')}>`;
}

/** The first two lines every status block starts with: flags/metric/mtu and options. */
function headLines(state: SimState, ifp: SimIfnet): string[] {
  return [`${ifp.name}: ${printb('flags', ifFlags(state, ifp), IFF)} metric 0 mtu ${ifp.mtu}`, `\t${printb('options', ifp.caps ?? CAPS[ifp.kind] ?? 0, IFCAP)}`];
}

/**
 * `ifconfig IF ether` (or `link`/`lladdr`): status with a link-level address
 * family. 14.x status_nl prints the head, the link-level address, then only
 * that family's addresses and other-status (none for AF_LINK) — no media,
 * groups, bridge members or nd6. jng/jib read the MAC this way
 * (`ifconfig $iface ether | awk '/ether/,$0=$2'`).
 */
export function ifLinkStatus(state: SimState, ifp: SimIfnet): string {
  const lines = headLines(state, ifp);
  if (ifp.mac !== null) lines.push(`\tether ${ifp.mac}`);
  return lines.join('\n') + '\n';
}

/** `ifconfig IF inet` / `inet6`: the head and that family's addresses only (no media, groups or nd6). */
export function ifFamilyStatus(state: SimState, ifp: SimIfnet, af: 'inet' | 'inet6'): string {
  const lines = headLines(state, ifp);
  lines.push(...(af === 'inet' ? inetLines(ifp) : inet6Lines(state, ifp)));
  return lines.join('\n') + '\n';
}

/** The full `ifconfig IF` block of one interface, newline-terminated. */
export function ifStatus(state: SimState, ifp: SimIfnet): string {
  const lines = headLines(state, ifp);
  if (ifp.mac !== null) lines.push(`\tether ${ifp.mac}`);
  lines.push(...addressLines(state, ifp));
  if (ifp.kind === 'bridge') lines.push(...bridgeLines(state, ifp));
  const vx = ifp.vxlan === undefined ? null : vxlanStatusLine(ifp.vxlan);
  if (vx !== null) lines.push(vx);
  if (ifp.groups.length > 0) lines.push(`\tgroups: ${ifp.groups.join(' ')}`);
  lines.push(...mediaLines(state, ifp));
  lines.push(nd6Line(ifp));
  return lines.join('\n') + '\n';
}
