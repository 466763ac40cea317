// ping(8)'s options, output and exit codes (sbin/ping of FreeBSD 15): sizes,
// quiet mode, timeouts on the emulated clock, duplicates, local and
// loopback pings, and the usage and error texts.
import { describe, expect, it } from 'vitest';
import { now } from '../../../../../agent/host/sim/clock.js';
import { lab } from './lab.js';

async function pair() {
  const l = lab();
  await l.ok('ifconfig epair create');
  await l.jail('a', 'epair0a', '10.0.0.1');
  await l.jail('b', 'epair0b', '10.0.0.2');
  return l;
}

const summary = (tx: number, rx: number, loss: string): string => `${tx} packets transmitted, ${rx} packets received, ${loss}% packet loss\n`;

describe('ping output', () => {
  it('prints the same deterministic times every run and advances the emulated clock by the intervals, not real time', async () => {
    const l1 = await pair();
    const l2 = await pair();
    const t0 = now(l1.state);
    const r1 = await l1.sh('jexec a ping -c 4 -i 0.5 10.0.0.2');
    expect(now(l1.state) - t0).toBe(1500);
    expect(r1).toEqual(await l2.sh('jexec a ping -c 4 -i 0.5 10.0.0.2'));
    expect(r1.stdout).toMatch(/^PING 10\.0\.0\.2 \(10\.0\.0\.2\): 56 data bytes\n(64 bytes from 10\.0\.0\.2: icmp_seq=\d ttl=64 time=\d\.\d{3} ms\n){4}\n/);
  });

  it('sizes replies by -s: 100 data bytes → 108-byte replies; fewer than 8 → no times at all', async () => {
    const l = await pair();
    expect((await l.ok('jexec a ping -c 1 -s 100 10.0.0.2')).split('\n')[1]).toMatch(/^108 bytes from 10\.0\.0\.2: icmp_seq=0 ttl=64 time=/);
    expect(await l.ok('jexec a ping -c 1 -s 0 10.0.0.2')).toBe(
      'PING 10.0.0.2 (10.0.0.2): 0 data bytes\n8 bytes from 10.0.0.2: icmp_seq=0 ttl=64\n\n--- 10.0.0.2 ping statistics ---\n' + summary(1, 1, '0.0'),
    );
    expect(l.count('epair0a', 'obytes')).toBe(42 + (14 + 20 + 8 + 100) + (14 + 20 + 8));
  });

  it('is quiet with -q, stops after -t seconds, names the source with -S', async () => {
    const l = await pair();
    const q = await l.ok('jexec a ping -q -c 2 10.0.0.2');
    expect(q).toMatch(/^PING 10\.0\.0\.2 \(10\.0\.0\.2\): 56 data bytes\n\n--- 10\.0\.0\.2 ping statistics ---\n2 packets transmitted, 2 packets received, 0\.0% packet loss\nround-trip /);
    const t0 = now(l.state);
    expect((await l.sh('jexec a ping -t 3 10.0.0.2')).stdout).toContain(summary(3, 3, '0.0'));
    expect(now(l.state) - t0).toBe(3000);
    expect((await l.ok('jexec a ping -c 1 -S 10.0.0.1 10.0.0.2')).split('\n')[0]).toBe('PING 10.0.0.2 (10.0.0.2) from 10.0.0.1: 56 data bytes');
    expect(await l.sh('jexec a ping -c 1 -S 10.0.0.9 10.0.0.2')).toEqual({ stdout: '', stderr: "ping: bind: Can't assign requested address\n", code: 1 });
  });

  it('waits 10 s for a reply that never comes, or until -t', async () => {
    const l = await pair();
    const t0 = now(l.state);
    expect(await l.sh('jexec a ping -c 1 10.0.0.66')).toEqual({ stdout: 'PING 10.0.0.66 (10.0.0.66): 56 data bytes\n\n--- 10.0.0.66 ping statistics ---\n' + summary(1, 0, '100.0'), stderr: '', code: 2 });
    expect(now(l.state) - t0).toBe(11000);
  });

  it('marks duplicates and counts them in the summary', async () => {
    const l = lab();
    const a = await l.eiface('', '');
    await l.ok(`ngctl mkpeer ${a}: one2many ether one`);
    await l.ok(`ngctl name ${a}:ether o2m`);
    await l.ok('ngctl mkpeer o2m: hub many0 x');
    await l.ok('ngctl name o2m:many0 hub0');
    await l.ok('ngctl connect o2m: hub0: many1 y');
    const b = await l.eiface('hub0:', 'z');
    await l.ok(['ngctl', 'msg', 'o2m:', 'setconfig', '{ xmitAlg=2 failAlg=1 enabledLinks=[ 1 1 ] }']);
    await l.jail('a', a, '10.0.0.1');
    await l.jail('b', b, '10.0.0.2');
    const out = await l.ok('jexec a ping -c 2 10.0.0.2');
    expect(out).toMatch(/icmp_seq=0 ttl=64 time=\d\.\d{3} ms \(DUP!\)\n/);
    expect(out).toContain('2 packets transmitted, 2 packets received, +3 duplicates, 0.0% packet loss\n');
  });

  it('reaches the host’s own addresses through lo0', async () => {
    const l = lab();
    await l.ok('ifconfig em0 inet 192.168.1.1/24');
    expect(await l.ok('ping -c 2 192.168.1.1')).toContain(summary(2, 2, '0.0'));
    expect(await l.ok('ping -c 1 127.0.0.1')).toContain(summary(1, 1, '0.0'));
    const lo = l.ifp('lo0');
    expect(lo.stats).toEqual({ opackets: 6, obytes: 6 * 84, ipackets: 6, ibytes: 6 * 84 });
    // A vnet jail's lo0 starts down and unaddressed: its own address has no route until lo0 is up.
    await l.ok('ifconfig epair create');
    await l.jail('a', 'epair0b', '10.0.0.1');
    expect((await l.sh('jexec a ping -c 1 10.0.0.1')).stderr).toBe('ping: sendto: No route to host\n');
    await l.ok('jexec a ifconfig lo0 inet 127.0.0.1/8');
    expect(await l.ok('jexec a ping -c 1 10.0.0.1')).toContain(summary(1, 1, '0.0'));
  });
});

describe('ping errors', () => {
  it('gives FreeBSD’s texts and exit codes', async () => {
    const l = await pair();
    expect(await l.sh('jexec a ping -c 1 10.9.9.9')).toEqual({ stdout: 'PING 10.9.9.9 (10.9.9.9): 56 data bytes\n\n--- 10.9.9.9 ping statistics ---\n' + summary(1, 0, '100.0'), stderr: 'ping: sendto: No route to host\n', code: 2 });
    expect((await l.sh('jexec a ping -c 1 10.0.0.255')).stderr).toBe('ping: sendto: Permission denied\n');
    expect(await l.sh('ping -c 1 nosuchhost')).toEqual({ stdout: '', stderr: 'ping: cannot resolve nosuchhost: hostname nor servname provided, or not known\n', code: 68 });
    expect(await l.sh('ping -c 0 10.0.0.1')).toEqual({ stdout: '', stderr: "ping: invalid count of packets to transmit: `0'\n", code: 64 });
    expect(await l.sh('ping -c 1 -s x 10.0.0.1')).toEqual({ stdout: '', stderr: "ping: invalid packet size: `x'\n", code: 64 });
    expect(await l.sh('ping -c 1 -s 70000 10.0.0.1')).toEqual({ stdout: '', stderr: 'ping: packet size too large: 70000 > 65507\n', code: 64 });
    expect(await l.sh('ping -t 0 10.0.0.1')).toEqual({ stdout: '', stderr: "ping: invalid timeout: `0'\n", code: 64 });
    expect(await l.sh('ping -t 3601 10.0.0.1')).toEqual({ stdout: '', stderr: "ping: invalid timeout: `3601' > 3600\n", code: 64 });
    expect(await l.sh('ping -i x -c 1 10.0.0.1')).toEqual({ stdout: '', stderr: "ping: invalid timing interval: `x'\n", code: 64 });
    const usage = await l.sh('ping -c 1');
    expect(usage.code).toBe(1);
    expect(usage.stderr).toMatch(/^usage:\n\tping \[-4AaDdfHnoQqRrv\] \[-C pcp\] \[-c count\] \[-G sweepmaxsize\]\n/);
    expect((await l.sh('ping -Y -c 1 10.0.0.1')).stderr).toMatch(/^ping: illegal option -- Y\nusage:\n/);
    expect((await l.sh('ping 10.0.0.1')).code).toBe(64);
    expect((await l.sh('ping -c 1 fd00::1')).stderr).toBe('ping: IPv6 (ping6) is not emulated by ngstudio\n');
  });
});
