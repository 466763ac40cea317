// route(8) of the emulated host: static IPv4 routes through a gateway on a
// connected network, newroute's report lines and errors, and the IP layer
// sending through them (ARP for the gateway, not the destination).
import { describe, expect, it } from 'vitest';
import { lab } from './lab.js';

describe('route add / delete', () => {
  it('reads networks and hosts as route(8) does, and refuses what the kernel would', async () => {
    const l = lab();
    await l.ok('ifconfig em0 inet 192.0.2.1/24');
    expect(await l.sh('route add 10.0.0.0 192.0.2.254')).toEqual({ stdout: 'add net 10.0.0.0: gateway 192.0.2.254\n', stderr: '', code: 0 });
    expect(await l.sh('route add 10.1.2.3 192.0.2.254')).toEqual({ stdout: 'add host 10.1.2.3: gateway 192.0.2.254\n', stderr: '', code: 0 });
    expect(await l.sh('route add -net 172.16.5.0/24 192.0.2.254')).toEqual({ stdout: 'add net 172.16.5.0/24: gateway 192.0.2.254\n', stderr: '', code: 0 });
    expect(await l.sh('route -q add 198.18.0.0 -netmask 255.254.0.0 192.0.2.254')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(await l.sh('route add 10.0.0.0 192.0.2.254')).toEqual({ stdout: 'add net 10.0.0.0: gateway 192.0.2.254: File exists\n', stderr: '', code: 1 });
    // 10.9.0.0 is class A with a non-zero host part (inet_lnaof): a host.
    expect(await l.sh('route add 10.9.0.0 198.51.100.1')).toEqual({ stdout: 'add host 10.9.0.0: gateway 198.51.100.1: Network is unreachable\n', stderr: '', code: 1 });
    expect(await l.sh('route delete 10.0.0.0')).toEqual({ stdout: 'delete net 10.0.0.0\n', stderr: '', code: 0 });
    expect(await l.sh('route delete 10.0.0.0')).toEqual({ stdout: 'delete net 10.0.0.0: not in table\n', stderr: '', code: 1 });
    expect((await l.sh('route add 10.7.0.0')).stderr).toBe('route: missing gateway specification\n');
    expect((await l.sh('route add nothost 192.0.2.254')).code).toBe(2);
    expect(l.state.vnets['0']!.routes).toEqual([
      { dst: '10.1.2.3', plen: 32, gw: '192.0.2.254', ifnet: 1 },
      { dst: '172.16.5.0', plen: 24, gw: '192.0.2.254', ifnet: 1 },
      { dst: '198.18.0.0', plen: 15, gw: '192.0.2.254', ifnet: 1 },
    ]);
    // Routes through em0 go when em0 leaves the vnet (rt_flushifroutes).
    await l.ok(['jail', '-c', 'name=j', 'path=/', 'vnet', 'persist', 'vnet.interface=em0']);
    expect(l.state.vnets['0']!.routes).toBeUndefined();
  });

  it('sends through the gateway: a jail pings an address behind another jail that has it on its loopback', async () => {
    const l = lab();
    await l.ok('ifconfig epair create');
    await l.jail('a', 'epair0a', '10.0.0.1');
    await l.jail('b', 'epair0b', '10.0.0.2');
    await l.ok('jexec b ifconfig lo0 inet 10.5.5.5/32 alias');
    expect((await l.sh('jexec a ping -c 1 10.5.5.5')).stderr).toBe('ping: sendto: No route to host\n');
    expect(await l.ok('jexec a route add default 10.0.0.2')).toBe('add net default: gateway 10.0.0.2\n');
    // b answers from 10.5.5.5 to 10.0.0.1, on its connected network.
    expect((await l.sh('jexec a ping -c 1 10.5.5.5')).stdout).toContain('1 packets transmitted, 1 packets received');
    expect(await l.ok('jexec a arp -an')).not.toContain('10.5.5.5');
  });
});
