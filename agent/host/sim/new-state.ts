// A fresh emulated FreeBSD host: just booted, physical NICs and lo0 attached,
// only the kernel loaded (netgraph and cloners autoload on first use).
// Deterministic, so tests can compare outputs byte for byte.
import type { SimIfnet, SimState } from './state.js';

export interface NewStateOptions {
  /** e.g. `14.3-RELEASE` (default); major 12 switches a few netgraph rules. */
  release?: string;
  hostname?: string;
  /** Physical Ethernet NICs in boot order (default: em0 with a fixed VMware-style MAC). */
  nics?: { name: string; mac: string }[];
  /** A clock that only simulated time moves (ping's waits), for tests that compare ages and expiries. */
  frozenClock?: boolean;
}

/** The default NIC: em0 with a fixed MAC (VMware OUI, as on a typical VM). */
export const DEFAULT_NICS: readonly { name: string; mac: string }[] = [{ name: 'em0', mac: '00:0c:29:4f:8e:35' }];

const NIC_NAME = /^([a-z]+)(\d+)$/;

/** The releases the emulator models: their behaviour differs where a script or parser can see it (ng_bridge hooks, `list -l`, eiface MACs …). */
export const RELEASE_MAJORS: readonly number[] = [12, 13, 14, 15];

/** Checks a release name like `uname -r` prints it (`12.4-RELEASE`, `14.3-RELEASE-p2`, `15.0-STABLE`); returns the error, or null. */
export function releaseProblem(release: string): string | null {
  const m = /^(\d+)\.(\d+)-[A-Z][A-Z0-9]*(-p\d+)?$/.exec(release);
  if (!m) return `bad release "${release}" (want MAJOR.MINOR-RELEASE, e.g. 14.3-RELEASE)`;
  if (!RELEASE_MAJORS.includes(Number(m[1]))) return `release ${release} is not emulated (majors ${RELEASE_MAJORS.join(', ')})`;
  return null;
}
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

/** A physical NIC as the kernel attaches it at boot (up, as rc.conf usually leaves it). */
function nic(id: number, name: string, mac: string): SimIfnet {
  const m = NIC_NAME.exec(name);
  if (!m || name.length > 15) throw new Error(`newState: bad NIC name "${name}" (want driver+unit, e.g. em0, at most 15 characters)`);
  if (!MAC.test(mac.toLowerCase())) throw new Error(`newState: bad MAC "${mac}" for ${name} (want aa:bb:cc:dd:ee:ff)`);
  return { id, name, kind: 'ether', vnet: 0, home: 0, driver: m[1]!, unit: Number(m[2]), mac: mac.toLowerCase(), up: true, mtu: 1500, groups: [] };
}

/** Builds the state of a freshly booted emulated host. */
export function newState(opts: NewStateOptions = {}): SimState {
  const bad = opts.release === undefined ? null : releaseProblem(opts.release);
  if (bad !== null) throw new Error(`newState: ${bad}`);
  const nics = opts.nics ?? DEFAULT_NICS;
  const names = new Set<string>();
  const ifnets: SimIfnet[] = [];
  let id = 1;
  for (const n of nics) {
    if (names.has(n.name) || n.name === 'lo0') throw new Error(`newState: duplicate NIC name "${n.name}"`);
    names.add(n.name);
    ifnets.push(nic(id++, n.name, n.mac));
  }
  // lo0 comes after the NICs: drivers attach before the loopback in a typical boot. rc.d/netif
  // enabled IPv6 on it first (::1 and fe80::1 on up), then set ifconfig_lo0="inet 127.0.0.1".
  ifnets.push({
    id: id++, name: 'lo0', kind: 'loopback', vnet: 0, home: 0, driver: 'lo', unit: 0, mac: null, up: true, mtu: 16384, groups: ['lo'],
    addrs: [{ af: 'inet6', addr: '::1', plen: 128 }, { af: 'inet6', addr: 'fe80::1', plen: 64 }, { af: 'inet', addr: '127.0.0.1', plen: 8 }],
  });
  return {
    format: 1,
    release: opts.release ?? '14.3-RELEASE',
    hostname: opts.hostname ?? 'freebsd-host',
    nextPid: 1000,
    nextJid: 1,
    nextIfId: id,
    nextModuleId: 2,
    modules: [{ id: 1, name: 'kernel' }],
    vnets: { '0': { nextNodeId: 1, nodes: [], types: [] } },
    ifnets,
    jails: [],
    generation: 1,
    clock: opts.frozenClock ? { boot: 0, skew: 0, frozen: true } : { boot: Date.now(), skew: 0 },
  };
}
