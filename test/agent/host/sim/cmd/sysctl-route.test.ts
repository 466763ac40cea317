// Emulated sysctl(8) and route(8), as far as virtual.chain uses them: the
// outputs and exit statuses of sbin/sysctl/sysctl.c parse() and
// sbin/route/route.c newroute(), per vnet, and EPERM in a jail that shares
// its parent's vnet.
import { describe, expect, it } from 'vitest';
import { host } from '../helpers.js';

describe('sysctl', () => {
  it('reads and sets net.inet.ip.forwarding per vnet: name: old -> new', async () => {
    const h = host();
    expect(await h.sh('sysctl net.inet.ip.forwarding')).toEqual({ stdout: 'net.inet.ip.forwarding: 0\n', stderr: '', code: 0 });
    // -w is accepted and ignored (compatibility); values are strtol base 0.
    expect(await h.sh('sysctl -w net.inet.ip.forwarding=0x1')).toEqual({ stdout: 'net.inet.ip.forwarding: 0 -> 1\n', stderr: '', code: 0 });
    expect(await h.sh('sysctl -n net.inet.ip.forwarding net.inet6.ip6.forwarding')).toEqual({ stdout: '1\n0\n', stderr: '', code: 0 });
    expect(await h.sh('sysctl -e net.inet.ip.forwarding')).toEqual({ stdout: 'net.inet.ip.forwarding=1\n', stderr: '', code: 0 });
    // A vnet jail has its own value, 0 when it starts.
    await h.ok('jail -c name=v vnet persist path=/');
    expect(await h.ok('jexec v sysctl net.inet.ip.forwarding')).toBe('net.inet.ip.forwarding: 0\n');
    expect(await h.ok('jexec v sysctl net.inet6.ip6.forwarding=1')).toBe('net.inet6.ip6.forwarding: 0 -> 1\n');
    expect(await h.ok('sysctl net.inet6.ip6.forwarding')).toBe('net.inet6.ip6.forwarding: 0\n');
    // Removing the jail removes its vnet and what was set in it.
    await h.ok('jail -r v');
    await h.ok('jail -c name=v vnet persist path=/');
    expect(await h.ok('jexec v sysctl -n net.inet6.ip6.forwarding')).toBe('0\n');
  });

  it('fails like sysctl.c: EPERM in a jail without its own vnet, bad integers, bad options; the exit status counts failures', async () => {
    const h = host();
    await h.ok('jail -c name=p persist path=/');
    // show_var printed the old value, the write failed: a newline, then warn().
    expect(await h.sh('jexec p sysctl net.inet.ip.forwarding=1')).toEqual({ stdout: 'net.inet.ip.forwarding: 0\n', stderr: 'sysctl: net.inet.ip.forwarding=1: Operation not permitted\n', code: 1 });
    expect(await h.sh('jexec p sysctl net.inet.ip.forwarding')).toEqual({ stdout: 'net.inet.ip.forwarding: 0\n', stderr: '', code: 0 });
    expect(await h.sh('sysctl net.inet.ip.forwarding=yes net.inet6.ip6.forwarding=')).toEqual({ stdout: '', stderr: "sysctl: invalid integer 'yes'\nsysctl: empty numeric value\n", code: 2 });
    expect(await h.sh('sysctl -z x')).toEqual({ stdout: '', stderr: 'sysctl: illegal option -- z\nusage: sysctl [-bdehiNnoqTtWx] [ -B <bufsize> ] [-f filename] name[=value] ...\n       sysctl [-bdehNnoqTtWx] [ -B <bufsize> ] -a\n', code: 1 });
    expect((await h.sh('sysctl')).code).toBe(1);
  });

  it('says plainly what it does not emulate', async () => {
    const h = host();
    expect(await h.sh('sysctl kern.hostname')).toEqual({ stdout: '', stderr: 'ngstudio sim: sysctl kern.hostname is not emulated (the emulated host has net.inet.ip.forwarding and net.inet6.ip6.forwarding)\n', code: 2 });
    expect((await h.sh('sysctl -a')).stderr).toMatch(/^ngstudio sim: sysctl -a is not emulated /);
    // -i skips unknown names, as sysctl -i does.
    expect(await h.sh('sysctl -i kern.hostname net.inet.ip.forwarding')).toEqual({ stdout: 'net.inet.ip.forwarding: 0\n', stderr: '', code: 0 });
  });
});

describe('route', () => {
  it('adds and deletes the default route of the vnet it runs in, printing what newroute prints', async () => {
    const h = host();
    await h.ok('ifconfig em0 inet 192.0.2.10/24');
    expect(await h.sh('route add -inet default 192.0.2.1')).toEqual({ stdout: 'add net default: gateway 192.0.2.1\n', stderr: '', code: 0 });
    expect(await h.sh('route add default 192.0.2.254')).toEqual({ stdout: 'add net default: gateway 192.0.2.254: File exists\n', stderr: '', code: 1 });
    expect(await h.sh('route -q delete default 192.0.2.254')).toEqual({ stdout: '', stderr: '', code: 1 });
    expect(await h.sh('route delete default')).toEqual({ stdout: 'delete net default\n', stderr: '', code: 0 });
    expect(await h.sh('route delete -inet default')).toEqual({ stdout: 'delete net default: not in table\n', stderr: '', code: 1 });
    // The gateway must be on a connected prefix (ifa_ifwithroute).
    expect(await h.sh('route add default 198.51.100.1')).toEqual({ stdout: 'add net default: gateway 198.51.100.1: Network is unreachable\n', stderr: '', code: 1 });
    expect(await h.sh('route add default')).toEqual({ stdout: '', stderr: 'route: missing gateway specification\n', code: 1 });
  });

  it('is refused in a jail without its own vnet; IPv6 and route get are refused as not emulated', async () => {
    const h = host();
    await h.ok('ifconfig em0 inet 192.0.2.10/24');
    await h.ok('jail -c name=p persist path=/');
    expect(await h.sh('jexec p route add default 192.0.2.1')).toEqual({ stdout: 'add net default: gateway 192.0.2.1: Operation not permitted\n', stderr: '', code: 1 });
    expect((await h.sh('route add -net 10.0.0.0/8 fe80::1')).stderr).toMatch(/^ngstudio sim: route add 10\.0\.0\.0\/8 fe80::1 \(a gateway that is not an IPv4 address\) is not emulated \(/);
    expect((await h.sh('route get default')).code).toBe(2);
    expect((await h.sh('route -6 add default ::1')).code).toBe(2);
  });

  it('a default route carries pings off the subnet through the gateway; without one, sendto says No route to host', async () => {
    const h = host({ frozenClock: true });
    await h.ok('kldload ng_eiface');
    await h.ok('ngctl mkpeer eiface ether ether');
    await h.ok('ngctl mkpeer eiface ether ether');
    await h.ok('ngctl connect ngeth0: ngeth1: ether ether');
    for (const [j, e, ip] of [['a', 'ngeth0', '10.1.0.1/24'], ['r', 'ngeth1', '10.1.0.2/24']] as const) {
      await h.ok(['jail', '-c', `name=${j}`, 'vnet', 'persist', 'path=/', `vnet.interface=${e}`]);
      await h.ok(['jexec', j, 'ifconfig', e, 'inet', ip]);
    }
    // r also holds 10.9.0.1 on its lo0: an address of r's, reached through r as gateway (no forwarding needed).
    await h.ok('jexec r ifconfig lo0 inet 10.9.0.1/32 alias');
    expect((await h.sh('jexec a ping -c 1 10.9.0.1')).stderr).toBe('ping: sendto: No route to host\n');
    await h.ok('jexec a route add default 10.1.0.2');
    const p = await h.sh('jexec a ping -c 1 10.9.0.1');
    expect(p.code).toBe(0);
    expect(p.stdout).toContain('64 bytes from 10.9.0.1: icmp_seq=0 ttl=64 ');
    // A gateway that never answers ARP: EHOSTUNREACH once ARP gives up (as arpresolve says for a gateway).
    await h.ok('jexec a route delete default');
    await h.ok('jexec a route add default 10.1.0.99');
    const lost = await h.sh('jexec a ping -c 7 10.9.0.1');
    expect(lost.stderr).toContain('ping: sendto: No route to host\n');
    // The route's interface leaving the vnet takes the route along (rt_flushifroutes in if_vmove).
    await h.ok('ifconfig ngeth0 -vnet a');
    expect(await h.sh('jexec a route delete default')).toEqual({ stdout: 'delete net default: not in table\n', stderr: '', code: 1 });
  });
});
