// Test helpers: small observed hosts and designs written as data.
import type { HostSnapshot, Interface } from '../../../shared/model/snapshot.js';
import type { Design } from '../../../shared/design/types.js';

/** An interface with everything defaulted but its name and kind. */
export function iface(name: string, kind: Interface['kind'], more: Partial<Interface> = {}): Interface {
  return {
    name, kind, mac: null, up: true, jail: null, flags: [], mtu: 1500, groups: [], epairPeer: null, members: [], ngNode: null, ...more,
  };
}

/** A FreeBSD host with em0 and lo0, no netgraph, no jails. */
export function emptyHost(more: Partial<HostSnapshot> = {}): HostSnapshot {
  return {
    version: 1,
    host: { hostname: 'h', backend: 'sim', release: '14.3-RELEASE', emulated: true },
    modules: [],
    netgraph: { nodes: [], types: [] },
    interfaces: [iface('em0', 'ether', { mac: '00:0c:29:00:00:01' }), iface('lo0', 'loopback')],
    jails: [],
    ...more,
  };
}

/** The FreeBSD wiki example: bridge br0, eifaces ng_host, ng_test1, ng_test2, vnet jails test1 and test2. */
export const wiki: Design = {
  format: 1,
  nodes: [
    { name: 'br0', type: 'bridge' },
    { name: 'ng_host', type: 'eiface', ifname: 'ng_host' },
    { name: 'ng_test1', type: 'eiface', ifname: 'ng_test1' },
    { name: 'ng_test2', type: 'eiface', ifname: 'ng_test2' },
  ],
  links: [
    { a: { node: 'br0', hook: 'link0' }, b: { node: 'ng_host', hook: 'ether' } },
    { a: { node: 'br0', hook: 'link1' }, b: { node: 'ng_test1', hook: 'ether' } },
    { a: { node: 'br0', hook: 'link2' }, b: { node: 'ng_test2', hook: 'ether' } },
  ],
  epairs: [],
  bridges: [],
  jails: [
    { name: 'test1', path: '/jails/test1', vnet: true, interfaces: ['ng_test1'] },
    { name: 'test2', path: '/jails/test2', vnet: true, interfaces: ['ng_test2'] },
  ],
};

