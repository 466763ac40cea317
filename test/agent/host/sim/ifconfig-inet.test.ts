import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simMain } from '../../../../agent/host/sim/cmd/main.js';
import { newState } from '../../../../agent/host/sim/new-state.js';
import { advance } from '../../../../agent/host/sim/clock.js';
import { parseState } from '../../../../agent/host/sim/store.js';
import { host } from './helpers.js';

/** A host with one eiface ngeth0 (frozen clock, so DAD's tentative second is stable). */
async function withEiface() {
  const h = host({ frozenClock: true });
  await h.ok('ngctl mkpeer eiface ether ether');
  return h;
}

describe('ifconfig inet (af_inet.c)', () => {
  it('shows an address with netmask and broadcast, and brings the interface up', async () => {
    const h = await withEiface();
    expect(await h.ok('ifconfig ngeth0 inet 10.0.0.1/24')).toBe('');
    const out = await h.ok('ifconfig ngeth0');
    expect(out).toMatch(/^ngeth0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n/);
    expect(out).toContain('\tether 58:9c:fc:');
    expect(out).toContain('\n\tinet 10.0.0.1 netmask 0xffffff00 broadcast 10.0.0.255\n');
    // The eiface is not hooked: no carrier, IPv6 still disabled.
    expect(out).toMatch(/\tstatus: no carrier\n\tnd6 options=29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>\n$/);
  });

  it('replaces the first address without alias, adds with alias, deletes with -alias/delete', async () => {
    const h = await withEiface();
    await h.ok('ifconfig ngeth0 inet 10.0.0.1/24');
    await h.ok('ifconfig ngeth0 inet 10.0.0.9/24');
    await h.ok(['ifconfig', 'ngeth0', 'inet', '192.168.5.1', 'netmask', '0xffff0000', 'alias']);
    await h.ok(['ifconfig', 'ngeth0', 'inet', '172.16.1.1', 'netmask', '255.255.255.0', 'alias']);
    expect(await h.ok('ifconfig ngeth0 inet')).toBe(
      'ngeth0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n\toptions=28<VLAN_MTU,JUMBO_MTU>\n' +
        '\tinet 10.0.0.9 netmask 0xffffff00 broadcast 10.0.0.255\n' +
        '\tinet 192.168.5.1 netmask 0xffff0000 broadcast 192.168.255.255\n' +
        '\tinet 172.16.1.1 netmask 0xffffff00 broadcast 172.16.1.255\n',
    );
    await h.ok('ifconfig ngeth0 inet 192.168.5.1 -alias');
    await h.ok('ifconfig ngeth0 inet 10.0.0.9 delete');
    expect(await h.ok('ifconfig ngeth0 inet')).toMatch(/\n\tinet 172\.16\.1\.1 netmask 0xffffff00 broadcast 172\.16\.1\.255\n$/);
    expect(h.state.ifnets.find((i) => i.name === 'ngeth0')!.addrs).toHaveLength(1);
  });

  it('gives FreeBSD’s texts and exit 1 for bad addresses, widths and missing ones', async () => {
    const h = await withEiface();
    expect(await h.sh('ifconfig ngeth0 inet 10.0.0.300/24')).toEqual({ stdout: '', stderr: 'ifconfig: 10.0.0.300: bad value\n', code: 1 });
    expect(await h.sh('ifconfig ngeth0 inet 10.0.0.1/33')).toEqual({ stdout: '', stderr: 'ifconfig: 10.0.0.1/33: bad value (width too large)\n', code: 1 });
    expect(await h.sh('ifconfig ngeth0 inet 10.0.0.1/x')).toEqual({ stdout: '', stderr: 'ifconfig: 10.0.0.1/x: bad value (width invalid)\n', code: 1 });
    expect(await h.sh('ifconfig ngeth0 inet 10.0.0.1 netmask 0xfffffff00')).toEqual({ stdout: '', stderr: 'ifconfig: 0xfffffff00: bad value\n', code: 1 });
    expect(await h.sh('ifconfig ngeth0 inet 10.0.0.7 -alias')).toEqual({ stdout: '', stderr: "ifconfig: ioctl (SIOCDIFADDR): Can't assign requested address\n", code: 1 });
    expect(await h.sh('ifconfig ngeth0 inet -alias 10.0.0.7/24')).toEqual({ stdout: '', stderr: 'ifconfig: 10.0.0.7/24: bad value\n', code: 1 });
    expect(await h.sh('ifconfig ngeth0 inet 10.0.0.1 netmask')).toEqual({ stdout: '', stderr: "ifconfig: 'netmask' requires argument\n", code: 1 });
    expect(await h.sh('ifconfig nope0 inet 10.0.0.1/24')).toEqual({ stdout: '', stderr: 'ifconfig: interface nope0 does not exist\n', code: 1 });
    // Nothing was configured by the failures.
    expect(h.state.ifnets.find((i) => i.name === 'ngeth0')!.addrs).toBeUndefined();
  });

  it('warns about a missing mask and takes the classful one', async () => {
    const h = await withEiface();
    const r = await h.sh('ifconfig ngeth0 inet 172.16.0.1');
    expect(r).toEqual({ stdout: '', stderr: 'ifconfig: WARNING: setting interface address without mask is deprecated,\ndefault mask may not be correct.\n', code: 0 });
    expect(await h.ok('ifconfig ngeth0 inet')).toContain('\tinet 172.16.0.1 netmask 0xffff0000 broadcast 172.16.255.255\n');
    // A second non-command word is the broadcast address.
    await h.ok(['ifconfig', 'ngeth0', '10.9.0.1/16', '10.9.255.254', 'alias']);
    expect(await h.ok('ifconfig ngeth0 inet')).toContain('\tinet 10.9.0.1 netmask 0xffff0000 broadcast 10.9.255.254\n');
  });

  it('lists only interfaces with addresses of a family (-a inet, -l inet)', async () => {
    const h = await withEiface();
    await h.ok('ifconfig ngeth0 inet 10.0.0.1/24');
    expect(await h.ok('ifconfig -l inet')).toBe('lo0 ngeth0\n');
    expect(await h.ok('ifconfig -a inet')).toBe(
      'lo0: flags=1008049<UP,LOOPBACK,RUNNING,MULTICAST,LOWER_UP> metric 0 mtu 16384\n\toptions=680003<RXCSUM,TXCSUM,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6>\n\tinet 127.0.0.1 netmask 0xff000000\n' +
        'ngeth0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n\toptions=28<VLAN_MTU,JUMBO_MTU>\n\tinet 10.0.0.1 netmask 0xffffff00 broadcast 10.0.0.255\n',
    );
    expect(await h.ok('ifconfig em0 inet')).toBe('');
  });
});

describe('ifconfig inet6 (af_inet6.c)', () => {
  it('adds an address, enables IPv6 and attaches the EUI-64 link-local one; both tentative for DAD', async () => {
    const h = await withEiface();
    const mac = h.state.ifnets.find((i) => i.name === 'ngeth0')!.mac!;
    const b = mac.split(':').map((x) => parseInt(x, 16));
    const ll = `fe80::${(((b[0]! ^ 2) << 8) | b[1]!).toString(16)}:${b[2]!.toString(16)}ff:fe${b[3]!.toString(16).padStart(2, '0')}:${((b[4]! << 8) | b[5]!).toString(16)}`;
    await h.ok('ifconfig ngeth0 inet6 fd00::1/64');
    const id = h.state.ifnets.find((i) => i.name === 'ngeth0')!.id.toString(16);
    const out = await h.ok('ifconfig ngeth0');
    expect(out).toContain(`\tinet6 fd00::1 prefixlen 64 tentative\n\tinet6 ${ll}%ngeth0 prefixlen 64 tentative scopeid 0x${id}\n`);
    expect(out).toContain('\tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>\n');
    advance(h.state, 1000);
    expect(await h.ok('ifconfig ngeth0 inet6')).toBe(
      `ngeth0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n\toptions=28<VLAN_MTU,JUMBO_MTU>\n\tinet6 fd00::1 prefixlen 64\n\tinet6 ${ll}%ngeth0 prefixlen 64 scopeid 0x${id}\n`,
    );
  });

  it('defaults to /64, refuses a prefix change and bad values, deletes', async () => {
    const h = await withEiface();
    await h.ok('ifconfig ngeth0 inet6 fd00:0:0::2');
    expect(await h.ok('ifconfig ngeth0 inet6')).toContain('\tinet6 fd00::2 prefixlen 64 tentative\n');
    expect(await h.sh('ifconfig ngeth0 inet6 fd00::2/65 alias')).toEqual({ stdout: '', stderr: 'ifconfig: ioctl (SIOCAIFADDR): Invalid argument\n', code: 1 });
    expect(await h.sh('ifconfig ngeth0 inet6 fd00::2/129')).toEqual({ stdout: '', stderr: 'ifconfig: 129: bad value\n', code: 1 });
    expect(await h.sh('ifconfig ngeth0 inet6 fd00::zz/64')).toEqual({ stdout: '', stderr: 'ifconfig: fd00::zz: bad value\n', code: 1 });
    expect(await h.sh('ifconfig ngeth0 inet6 fd00::3 -alias')).toEqual({ stdout: '', stderr: "ifconfig: ioctl (SIOCDIFADDR): Can't assign requested address\n", code: 1 });
    await h.ok('ifconfig ngeth0 inet6 fd00::2 -alias');
    expect(await h.ok('ifconfig ngeth0 inet6')).not.toContain('fd00::2');
  });

  it('puts ::1 and fe80::1 on a jail’s lo0 when it is configured and up; a fresh vnet’s lo0 has none', async () => {
    const h = host({ frozenClock: true });
    await h.ok(['jail', '-c', 'name=j', 'path=/', 'vnet', 'persist']);
    expect(await h.ok('jexec j ifconfig lo0')).toBe('lo0: flags=8008<LOOPBACK,MULTICAST> metric 0 mtu 16384\n\toptions=680003<RXCSUM,TXCSUM,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6>\n\tgroups: lo\n\tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>\n');
    await h.ok('jexec j ifconfig lo0 inet 127.0.0.1/8');
    const lo = h.state.ifnets.find((i) => i.vnet !== 0 && i.name === 'lo0')!;
    expect(await h.ok('jexec j ifconfig lo0')).toBe(
      'lo0: flags=1008049<UP,LOOPBACK,RUNNING,MULTICAST,LOWER_UP> metric 0 mtu 16384\n\toptions=680003<RXCSUM,TXCSUM,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6>\n' +
        `\tinet 127.0.0.1 netmask 0xff000000\n\tinet6 ::1 prefixlen 128\n\tinet6 fe80::1%lo0 prefixlen 64 scopeid 0x${lo.id.toString(16)}\n\tgroups: lo\n\tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>\n`,
    );
  });
});

describe('addresses follow the interface', () => {
  it('are purged when it moves into a jail (if_vmove) and again when it comes back', async () => {
    const h = await withEiface();
    await h.ok('ifconfig ngeth0 inet 10.0.0.1/24');
    await h.ok(['jail', '-c', 'name=j', 'path=/', 'vnet', 'persist', 'vnet.interface=ngeth0']);
    expect(await h.ok('jexec j ifconfig ngeth0 inet')).toBe('');
    await h.ok('jexec j ifconfig ngeth0 inet 10.0.0.2/24');
    expect(await h.ok('jexec j ifconfig ngeth0 inet')).toContain('\tinet 10.0.0.2 netmask 0xffffff00 broadcast 10.0.0.255\n');
    await h.ok('jail -r j');
    expect(await h.ok('ifconfig ngeth0 inet')).toBe('');
  });

  it('keeps the state file intact when a command fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ngstudio-inet-'));
    try {
      const file = join(dir, 'state.json');
      await writeFile(file, JSON.stringify(newState({ frozenClock: true })));
      const quiet = { stdout: process.stdout.write, stderr: process.stderr.write };
      // Swallow the commands' output (main.ts waits for each write's callback).
      const swallow = ((...a: unknown[]) => {
        const cb = a[a.length - 1];
        if (typeof cb === 'function') (cb as () => void)();
        return true;
      }) as typeof process.stdout.write;
      process.stdout.write = swallow;
      process.stderr.write = swallow;
      let codes: number[];
      try {
        codes = [
          await simMain(['ifconfig', 'em0', 'inet', '10.0.0.1/24'], { stateFile: file }),
          await simMain(['ifconfig', 'em0', 'inet', '10.0.0.300/24'], { stateFile: file }),
          await simMain(['ifconfig', 'em0', 'inet', '10.0.0.2/40'], { stateFile: file }),
          await simMain(['ping', '-c', '1', 'nowhere'], { stateFile: file }),
        ];
      } finally {
        process.stdout.write = quiet.stdout;
        process.stderr.write = quiet.stderr;
      }
      expect(codes).toEqual([0, 1, 1, 68]);
      const s = parseState(file, await readFile(file, 'utf8'));
      expect(s.ifnets.find((i) => i.name === 'em0')!.addrs).toEqual([{ af: 'inet', addr: '10.0.0.1', plen: 24 }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
