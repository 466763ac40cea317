// A change in words, for the plan panel and `ngstudio plan`.
import type { Change } from './types.js';
import { assertNever } from './types.js';

/** One sentence saying what the change does. */
export function describe(c: Change): string {
  switch (c.type) {
    case 'kldload': return `load kernel module ${c.module}`;
    case 'create-node': return c.from === '.'
      ? `create ${c.ngType} node ${c.node} on its hook ${c.peerHook}, held by ngctl's own node until the script ends`
      : `create ${c.ngType} node ${c.node}, linked from ${c.from}${c.hook} to its hook ${c.peerHook}`;
    case 'name-node': return `name the node at ${c.path} ${c.node}`;
    case 'set-persistent': return c.reason === 'design'
      ? `make ${c.node} persistent`
      : `make ${c.node} persistent so it survives losing its hooks`;
    case 'set-config': return `configure bridge ${c.node}`;
    case 'connect': return `link ${c.a.node}:${c.a.hook} to ${c.b.node}:${c.b.hook}`;
    case 'disconnect': return `unlink ${c.node}:${c.hook} from ${c.peer.node}:${c.peer.hook}`;
    case 'vlan-filter': return `send VLAN ${c.vlan} on ${c.node} to hook ${c.hook}`;
    case 'shutdown-node': return c.bypass
      ? `shut down ${c.ngType} node ${c.node}; the kernel links ${c.bypass.a} and ${c.bypass.b} to each other again as it goes`
      : `shut down ${c.ngType} node ${c.node}`;
    case 'pipe-config': return `set pipe ${c.node} on link ${c.link} with setcfg: ${c.summary}`;
    case 'ksocket-msg': return c.msg === 'bind' ? `bind ksocket ${c.node} to ${c.address}` : `connect ksocket ${c.node} to ${c.address}`;
    case 'create-vxlan': return `create vxlan interface ${c.name} (VNI ${c.vni}, ${c.local} to ${c.remote})`;
    case 'get-ifname': return `find the interface name of new eiface ${c.node} (to rename it ${c.ifname})`;
    case 'rename-if': return c.from === null ? `name the new interface ${c.to}` : `rename interface ${c.from} to ${c.to}`;
    case 'set-mac': return `set the MAC address of ${c.ifname} to ${c.mac}`;
    case 'if-up': return `bring ${c.ifname} ${c.up ? 'up' : 'down'}`;
    case 'create-epair': return `create epair ${c.a}/${c.b}`;
    case 'destroy-epair': return `destroy epair ${c.a}${c.b ? `/${c.b}` : ''}`;
    case 'create-if-bridge': return `create if_bridge ${c.name}`;
    case 'addm': return `add ${c.member} to if_bridge ${c.bridge}`;
    case 'deletem': return `remove ${c.member} from if_bridge ${c.bridge}`;
    case 'destroy-if': return `destroy interface ${c.name}`;
    case 'vnet-move': return c.direction === 'in' ? `move ${c.ifname} into jail ${c.jail}` : `move ${c.ifname} out of jail ${c.jail} to the host`;
    case 'create-jail': return `create jail ${c.jail}`;
    case 'modify-jail': return `change ${c.params.join(', ')} of jail ${c.jail}`;
    case 'remove-jail': return `remove jail ${c.jail}`;
    default: return assertNever(c);
  }
}
