// A literal HostSnapshot shaped like the agent's demo host (bridge br0 with
// three eifaces, two of them in vnet jails; em0 uplink into em0bridge with
// ng0_web in jail web; if_bridge em1bridge with epair e0a_db/e0b_db, e0b_db in
// jail db), written out by hand so the UI's pure modules are tested on data.
import type { HostSnapshot, Interface, NgNode } from '../../shared/model/snapshot.js';

const node = (id: string, name: string | null, type: string, hooks: [string, string, string][]): NgNode => ({
  id,
  name,
  type,
  hooks: hooks.map(([hook, peerId, peerHook]) => ({ hook, peerId, peerHook })),
});

const iface = (name: string, kind: Interface['kind'], more: Partial<Interface> = {}): Interface => ({
  name,
  kind,
  mac: kind === 'loopback' ? null : '02:00:00:00:00:01',
  up: true,
  jail: null,
  flags: ['UP', 'BROADCAST', 'RUNNING', 'SIMPLEX', 'MULTICAST'],
  mtu: 1500,
  groups: [],
  epairPeer: null,
  members: [],
  ngNode: null,
  ...more,
});

const jail = (jid: number, name: string, interfaces: string[]) => ({
  jid,
  name,
  hostname: `${name}.example.org`,
  path: `/jails/${name}`,
  vnet: true,
  persist: true,
  state: 'ACTIVE' as const,
  ip4: [],
  ip6: [],
  interfaces,
});

/** The demo host, version 1. */
export function demoSnapshot(): HostSnapshot {
  return {
    version: 1,
    host: { hostname: 'demo.example.org', backend: 'sim', release: '14.3-RELEASE', emulated: true },
    modules: ['netgraph', 'ng_bridge', 'ng_eiface', 'ng_ether', 'if_bridge', 'if_epair'],
    netgraph: {
      nodes: [
        node('1', 'em0', 'ether', [
          ['upper', '7', 'link1'],
          ['lower', '7', 'link0'],
        ]),
        node('2', 'em1', 'ether', []),
        node('3', 'br0', 'bridge', [
          ['link2', '6', 'ether'],
          ['link1', '5', 'ether'],
          ['link0', '4', 'ether'],
        ]),
        node('4', 'ng_host', 'eiface', [['ether', '3', 'link0']]),
        node('5', 'ng_test1', 'eiface', [['ether', '3', 'link1']]),
        node('6', 'ng_test2', 'eiface', [['ether', '3', 'link2']]),
        node('7', 'em0bridge', 'bridge', [
          ['link2', '8', 'ether'],
          ['link1', '1', 'upper'],
          ['link0', '1', 'lower'],
        ]),
        node('8', 'ng0_web', 'eiface', [['ether', '7', 'link2']]),
      ],
      types: [],
    },
    interfaces: [
      iface('e0a_db', 'epair', { epairPeer: 'e0b_db' }),
      iface('em0', 'ether', { ngNode: '1' }),
      iface('em1', 'ether', { ngNode: '2' }),
      iface('em1bridge', 'bridge', { members: ['e0a_db', 'em1'] }),
      iface('lo0', 'loopback', { flags: ['UP', 'LOOPBACK', 'RUNNING', 'MULTICAST'], mtu: 16384 }),
      iface('ng_host', 'eiface', { ngNode: '4' }),
      iface('e0b_db', 'epair', { jail: 'db', epairPeer: 'e0a_db' }),
      iface('ng_test1', 'eiface', { jail: 'test1', ngNode: '5' }),
      iface('ng_test2', 'eiface', { jail: 'test2', ngNode: '6' }),
      iface('ng0_web', 'eiface', { jail: 'web', ngNode: '8' }),
    ],
    jails: [jail(1, 'test1', ['ng_test1']), jail(2, 'test2', ['ng_test2']), jail(3, 'web', ['ng0_web']), jail(4, 'db', ['e0b_db'])],
  };
}
