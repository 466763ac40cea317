import { describe, expect, it } from 'vitest';
import { host } from './helpers.js';

describe('ifconfig create/destroy/name (facts §4.1)', () => {
  it('prints the created name only when it differs from the request', async () => {
    const h = host();
    expect(await h.ok('ifconfig epair create')).toBe('epair0a\n');
    expect(await h.ok('ifconfig epair5 create')).toBe('epair5a\n');
    expect(await h.ok('ifconfig bridge create')).toBe('bridge0\n');
    expect(await h.ok('ifconfig bridge7 create')).toBe('');
    expect(await h.ok('ifconfig lo create')).toBe('lo1\n');
    expect(await h.ok('ifconfig -l')).toBe('em0 lo0 epair0a epair0b epair5a epair5b bridge0 bridge7 lo1\n');
  });

  it('keeps a renamed epair unit allocated (jib: the next pair is epair1)', async () => {
    const h = host();
    await h.ok('ifconfig epair create');
    expect(await h.ok('ifconfig epair0a name e0a_foo')).toBe('e0a_foo\n');
    expect(await h.ok('ifconfig epair create')).toBe('epair1a\n');
  });

  it('fails an explicit unit that exists with SIOCIFCREATE2: File exists', async () => {
    const h = host();
    await h.ok('ifconfig epair3 create');
    expect(await h.sh('ifconfig epair3 create')).toEqual({ stdout: '', stderr: 'ifconfig: SIOCIFCREATE2: File exists\n', code: 1 });
    expect(await h.sh('ifconfig bogus create')).toEqual({ stdout: '', stderr: 'ifconfig: SIOCIFCREATE2: Invalid argument\n', code: 1 });
  });

  it('destroys both epair ends from either end, silently', async () => {
    const h = host();
    await h.ok('ifconfig epair create');
    await h.ok('ifconfig epair create');
    expect(await h.ok('ifconfig epair0b destroy')).toBe('');
    expect(await h.ok('ifconfig epair1a destroy')).toBe('');
    expect(await h.ok('ifconfig -l')).toBe('em0 lo0\n');
  });

  it('refuses to destroy em0 and ngeth interfaces', async () => {
    const h = host();
    await h.ok('ngctl mkpeer eiface ether ether');
    expect(await h.sh('ifconfig ngeth0 destroy')).toEqual({ stdout: '', stderr: 'ifconfig: SIOCIFDESTROY: Invalid argument\n', code: 1 });
    expect((await h.sh('ifconfig em0 destroy')).stderr).toBe('ifconfig: SIOCIFDESTROY: Invalid argument\n');
  });

  it('rename: EEXIST text, new name printed, several actions in order', async () => {
    const h = host();
    await h.ok('ifconfig epair create');
    expect(await h.sh('ifconfig epair0a name em0')).toEqual({ stdout: '', stderr: 'ifconfig: ioctl SIOCSIFNAME (set name): File exists\n', code: 1 });
    expect(await h.ok('ifconfig epair0a name x up')).toBe('x\n');
    expect(await h.ok('ifconfig x')).toMatch(/^x: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500\n/);
    expect((await h.sh('ifconfig x name abcdefghijklmnop')).stderr).toBe('ifconfig: ioctl SIOCSIFNAME (set name): File name too long\n');
  });

  it('reports missing interfaces and arguments', async () => {
    const h = host();
    expect(await h.sh('ifconfig nope0')).toEqual({ stdout: '', stderr: 'ifconfig: interface nope0 does not exist\n', code: 1 });
    expect(await h.sh('ifconfig em0 name')).toEqual({ stdout: '', stderr: "ifconfig: 'name' requires argument\n", code: 1 });
    expect((await h.sh('ifconfig em0 frobnicate')).stderr).toBe('ifconfig: frobnicate: bad value\n');
  });

  it('sets the MAC with ether, rejecting wrong lengths, over-long and multicast ones', async () => {
    const h = host();
    await h.ok('ifconfig epair create');
    await h.ok('ifconfig epair0a ether 2:a:b:c:d:e');
    expect(await h.ok('ifconfig epair0a')).toContain('\tether 02:0a:0b:0c:0d:0e\n');
    // link_addr(): any non-hex character ends a byte, digits pair up.
    await h.ok('ifconfig epair0a ether 02-00-c0-4f-8e-35');
    expect(await h.ok('ifconfig epair0a')).toContain('\tether 02:00:c0:4f:8e:35\n');
    await h.ok('ifconfig epair0a ether 0200c04f8e36');
    expect(await h.ok('ifconfig epair0a')).toContain('\tether 02:00:c0:4f:8e:36\n');
    const einval = { stdout: '', stderr: 'ifconfig: ioctl (SIOCAIFADDR): Invalid argument\n', code: 1 };
    // Two zero bytes / seven bytes: the kernel refuses the length change.
    expect(await h.sh('ifconfig epair0a ether zz')).toEqual(einval);
    expect(await h.sh('ifconfig epair0a ether 0e2:00:bb:4f:8e:35')).toEqual(einval);
    expect(await h.sh('ifconfig epair0a ether 01:00:00:00:00:01')).toEqual(einval);
    expect(await h.sh('ifconfig epair0a ether 1:2:3:4:5:6:7:8:9:a:b:c:d:e:f')).toEqual({ stdout: '', stderr: 'ifconfig: malformed link-level address\n', code: 1 });
    expect(await h.ok('ifconfig epair0a')).toContain('\tether 02:00:c0:4f:8e:36\n');
  });
});

describe('ifconfig display', () => {
  it('shows a fresh host exactly', async () => {
    const h = host();
    expect(await h.ok('ifconfig')).toBe(
      'em0: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500\n' +
        '\toptions=481009b<RXCSUM,TXCSUM,VLAN_MTU,VLAN_HWTAGGING,VLAN_HWCSUM,VLAN_HWFILTER,HWSTATS,MEXTPG>\n' +
        '\tether 00:0c:29:4f:8e:35\n' +
        '\tmedia: Ethernet autoselect (1000baseT <full-duplex>)\n' +
        '\tstatus: active\n' +
        '\tnd6 options=29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>\n' +
        'lo0: flags=1008049<UP,LOOPBACK,RUNNING,MULTICAST,LOWER_UP> metric 0 mtu 16384\n' +
        '\toptions=680003<RXCSUM,TXCSUM,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6>\n' +
        '\tinet 127.0.0.1 netmask 0xff000000\n' +
        '\tinet6 ::1 prefixlen 128\n' +
        '\tinet6 fe80::1%lo0 prefixlen 64 scopeid 0x2\n' +
        '\tgroups: lo\n' +
        '\tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>\n',
    );
  });

  it('shows bridge members newest first, epair MACs ending 0a/0b, groups, -g', async () => {
    const h = host();
    await h.ok('ifconfig bridge create');
    await h.ok('ifconfig epair create');
    await h.ok('ifconfig bridge0 addm em0 addm epair0a up');
    const br = await h.ok('ifconfig bridge0');
    expect(br).toContain('\tmember: epair0a flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>\n\t        ifmaxaddr 0 port 4 priority 128 path cost 2000\n\tmember: em0 ');
    expect(br).toMatch(/\tgroups: bridge\n\tnd6 options=9<PERFORMNUD,IFDISABLED>\n$/);
    expect(await h.ok('ifconfig epair0a')).toMatch(/flags=1008902<BROADCAST,PROMISC,SIMPLEX,MULTICAST,LOWER_UP>[^]*\tether 02:(..:){4}0a\n\tgroups: epair\n\tmedia: Ethernet 10Gbase-T/);
    expect(await h.ok('ifconfig epair0b')).toMatch(/\tether 02:(..:){4}0b\n/);
    expect(await h.ok('ifconfig -g bridge')).toBe('bridge0\n');
    expect(await h.ok('ifconfig -g epair')).toBe('epair0a\nepair0b\n');
  });
});

describe('ifconfig addm/deletem (ifbridge.c texts)', () => {
  it('fails like BRDGADD/BRDGDEL', async () => {
    const h = host();
    await h.ok('ifconfig bridge create');
    await h.ok('ifconfig bridge create');
    await h.ok('ifconfig bridge0 addm em0');
    expect((await h.sh('ifconfig bridge0 addm em0')).stderr).toBe('ifconfig: BRDGADD em0: File exists\n');
    expect((await h.sh('ifconfig bridge1 addm em0')).stderr).toBe('ifconfig: BRDGADD em0: Device busy\n');
    expect((await h.sh('ifconfig bridge0 addm nope')).stderr).toBe('ifconfig: BRDGADD nope: No such file or directory\n');
    expect((await h.sh('ifconfig bridge1 deletem em0')).stderr).toBe('ifconfig: BRDGDEL em0: No such file or directory\n');
    expect(await h.ok('ifconfig bridge0 deletem em0')).toBe('');
    expect(await h.ok('ifconfig em0')).not.toContain('PROMISC');
  });
});

describe('ifconfig vnet / -vnet (facts §4.2, §4.3)', () => {
  it('moves into a jail by name or jid, leaves its bridge, and returns with -vnet', async () => {
    const h = host();
    await h.ok('ifconfig epair create');
    await h.ok('ifconfig bridge create');
    await h.ok('ifconfig bridge0 addm epair0b');
    await h.ok('jail -c name=j1 vnet persist');
    expect(await h.ok('ifconfig epair0b vnet j1')).toBe('');
    expect(await h.ok('ifconfig bridge0')).not.toContain('member:');
    expect(await h.ok('jexec j1 ifconfig -l')).toBe('lo0 epair0b\n');
    expect(await h.ok('ifconfig -l')).toBe('em0 lo0 epair0a bridge0\n');
    expect((await h.sh('ifconfig epair0a vnet nojail')).stderr).toBe('ifconfig: jail "nojail" not found\n');
    expect((await h.sh('ifconfig epair0a vnet 99')).stderr).toBe('ifconfig: jail 99 not found\n');
    expect((await h.sh('ifconfig epair0b -vnet 1x')).stderr).toBe('ifconfig: jail "1x" not found\n');
    expect((await h.sh('ifconfig nope -vnet j1')).stderr).toBe('ifconfig: SIOCSIFRVNET(1, nope): Device not configured\n');
    expect(await h.ok('ifconfig epair0b -vnet 1')).toBe('');
    expect(await h.ok('ifconfig -l')).toBe('em0 lo0 epair0a bridge0 epair0b\n');
  });

  it('refuses a name clash in the jail and a move into a non-vnet jail', async () => {
    const h = host();
    await h.ok('jail -c name=plain persist');
    await h.ok('ifconfig lo create');
    expect((await h.sh('ifconfig em0 vnet plain')).stderr).toBe('ifconfig: SIOCSIFVNET: File exists\n');
  });
});
