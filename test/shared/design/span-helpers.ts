// A small design spanning two hosts, for the span tests.
import type { Design, DesignTunnel } from '../../../shared/design/types.js';

/** Bridge br0 with a jail's eiface on the local host and on host `b`, joined by one udp tunnel. */
export function twoHosts(tunnel: Partial<DesignTunnel> = {}): Design {
  const side = (host?: string): Pick<Design, 'nodes' | 'links' | 'jails'> => {
    const h = host === undefined ? {} : { host };
    return {
      nodes: [{ name: 'br0', type: 'bridge', ...h }, { name: 'ng_j', type: 'eiface', ifname: 'ng_j', ...h }],
      links: [{ ...h, a: { node: 'br0', hook: 'link0' }, b: { node: 'ng_j', hook: 'ether' } }],
      jails: [{ name: 'j', path: '/', vnet: true, interfaces: ['ng_j'], ...h }],
    };
  };
  const a = side();
  const b = side('b');
  return {
    format: 1, nodes: [...a.nodes, ...b.nodes], links: [...a.links, ...b.links], epairs: [], bridges: [], jails: [...a.jails, ...b.jails],
    tunnels: [{ name: 'tun0', kind: 'udp', a: { node: 'br0', hook: 'link1' }, b: { host: 'b', node: 'br0', hook: 'link1' }, port: 5000, ...tunnel }],
  };
}
