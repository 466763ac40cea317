// ng_iface's data path: a point-to-point ngN addressed `ifconfig ng0 A B`
// sends what is routed to B out of its `inet` hook as a bare IP packet and
// takes IP packets in from it. Two ifaces joined hook to hook form a link
// between two vnet jails' worth of addresses on one host.
import { describe, expect, it } from 'vitest';
import { lab } from './lab.js';

describe('ng_iface', () => {
  it('routes to the other end through the inet hook: two ifaces joined inet to inet answer each other’s ping', async () => {
    const l = lab();
    await l.ok('ngctl mkpeer iface dummy inet');
    await l.ok('ngctl mkpeer iface dummy inet');
    await l.ok('ngctl connect ng0: ng1: inet inet');
    await l.ok(['jail', '-c', 'name=b', 'path=/', 'vnet', 'persist', 'vnet.interface=ng1']);
    await l.ok('ifconfig ng0 inet 172.30.0.1 172.30.0.2');
    await l.ok('jexec b ifconfig ng1 172.30.0.2 172.30.0.1');
    expect(await l.ok('ifconfig ng0 inet')).toBe(
      'ng0: flags=88d1<UP,POINTOPOINT,RUNNING,NOARP,SIMPLEX,MULTICAST> metric 0 mtu 1500\n\toptions=0\n\tinet 172.30.0.1 --> 172.30.0.2 netmask 0xffffffff\n',
    );
    const r = await l.sh('ping -c 2 172.30.0.2');
    expect(r.stdout).toContain('2 packets transmitted, 2 packets received, 0.0% packet loss');
    // 84-byte IP packets, no link header.
    expect(l.count('ng0', 'opackets')).toBe(2);
    expect(l.count('ng0', 'obytes')).toBe(168);
    expect(l.count('ng1', 'ibytes')).toBe(168);
    // Only the other end is on the link: its neighbours are not.
    expect((await l.sh('ping -c 1 172.30.0.3')).stderr).toBe('ping: sendto: No route to host\n');
  });

  it('fails the send without a hook on inet, and drops what arrives while down', async () => {
    const l = lab();
    await l.ok('ngctl mkpeer iface dummy inet');
    await l.ok('ifconfig ng0 inet 172.30.0.1 172.30.0.2');
    expect((await l.sh('ping -c 1 172.30.0.2')).stderr).toBe('ping: sendto: Socket is not connected\n');
    expect(l.count('ng0', 'oerrors')).toBe(1);
    await l.ok('ngctl mkpeer iface dummy inet');
    await l.ok('ngctl connect ng0: ng1: inet inet');
    await l.ok(['jail', '-c', 'name=b', 'path=/', 'vnet', 'persist', 'vnet.interface=ng1']);
    await l.ok('jexec b ifconfig ng1 172.30.0.2 172.30.0.1');
    await l.ok('jexec b ifconfig ng1 down');
    expect((await l.sh('ping -c 1 172.30.0.2')).stdout).toContain('1 packets transmitted, 0 packets received');
    expect(l.count('ng0', 'oerrors')).toBe(2);
    expect(l.count('ng1', 'ipackets')).toBe(0);
    // The iface messages still answer.
    expect(await l.ok('ngctl msg ng0: getifname')).toBe('Rec\'d response "getifname" (1) from "[2]:":\nArgs:\t"ng0"\n');
  });
});
