// arp(8) over the emulated ARP table: entries learned by traffic, their
// expiry on the emulated clock, incomplete entries, one host, -i, -d,
// errors, libxo JSON.
import { describe, expect, it } from 'vitest';
import { advance } from '../../../../../agent/host/sim/clock.js';
import { lab } from './lab.js';

async function pair() {
  const l = lab();
  await l.ok('ifconfig epair create');
  await l.jail('a', 'epair0a', '10.0.0.1');
  await l.jail('b', 'epair0b', '10.0.0.2');
  return { l, macA: l.ifp('epair0a').mac!, macB: l.ifp('epair0b').mac! };
}

describe('arp -an', () => {
  it('shows the learned entry expiring after max_age, and the interface’s own address as permanent', async () => {
    const { l, macA, macB } = await pair();
    expect(await l.ok('jexec a arp -an')).toBe(`? (10.0.0.1) at ${macA} on epair0a permanent [ethernet]\n`);
    await l.ok('jexec a ping -c 1 10.0.0.2');
    expect(await l.ok('jexec a arp -an')).toBe(`? (10.0.0.2) at ${macB} on epair0a expires in 1200 seconds [ethernet]\n? (10.0.0.1) at ${macA} on epair0a permanent [ethernet]\n`);
    // b learned a from the request aimed at it.
    expect(await l.ok('jexec b arp -an')).toContain(`? (10.0.0.1) at ${macA} on epair0b expires in 1200 seconds [ethernet]\n`);
    advance(l.state, 1199_000);
    expect(await l.ok('jexec a arp -an')).toContain('expires in 1 seconds [ethernet]\n');
    advance(l.state, 1000);
    expect(await l.ok('jexec a arp -an')).toBe(`? (10.0.0.1) at ${macA} on epair0a permanent [ethernet]\n`);
  });

  it('lists an unanswered address as incomplete until 20 s after the last request', async () => {
    const { l } = await pair();
    await l.sh('jexec a ping -c 2 10.0.0.77');
    expect(await l.ok('jexec a arp -an')).toContain('? (10.0.0.77) at (incomplete) on epair0a expired [ethernet]\n');
    advance(l.state, 20_000);
    expect(await l.ok('jexec a arp -an')).not.toContain('10.0.0.77');
  });

  it('answers for one host, filters by interface, deletes, and says what is wrong', async () => {
    const { l, macB } = await pair();
    await l.ok('jexec a ping -c 1 10.0.0.2');
    expect(await l.ok('jexec a arp -n 10.0.0.2')).toBe(`? (10.0.0.2) at ${macB} on epair0a expires in 1200 seconds [ethernet]\n`);
    expect(await l.sh('jexec a arp -n 10.0.0.9')).toEqual({ stdout: '10.0.0.9 (10.0.0.9) -- no entry\n', stderr: '', code: 1 });
    expect(await l.sh('jexec a arp -an -i lo0')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(await l.sh('jexec a arp -an -i nope0')).toEqual({ stdout: '', stderr: 'arp: interface nope0 does not exist\n', code: 1 });
    expect(await l.sh('jexec a arp -d 10.0.0.2')).toEqual({ stdout: '10.0.0.2 (10.0.0.2) deleted\n', stderr: '', code: 0 });
    expect(await l.sh('jexec a arp -d 10.0.0.2')).toEqual({ stdout: '', stderr: 'arp: delete 10.0.0.2: No such file or directory\n', code: 1 });
    expect(await l.sh('jexec a arp -d 192.168.9.9')).toEqual({ stdout: '', stderr: 'arp: delete: cannot locate 192.168.9.9\n', code: 0 });
    expect(await l.sh('jexec a arp nosuchhost')).toEqual({ stdout: '', stderr: 'arp: nosuchhost: Unknown host\n', code: 1 });
    expect((await l.sh('jexec a arp -x')).stderr).toMatch(/^arp: illegal option -- x\nusage: arp \[-n\] \[-i interface\] hostname\n/);
    expect((await l.sh('jexec a arp -s 10.0.0.5 02:00:00:00:00:05')).code).toBe(1);
  });

  it('writes libxo JSON', async () => {
    const { l, macA, macB } = await pair();
    await l.ok('jexec a ping -c 1 10.0.0.2');
    expect(await l.ok('jexec a arp -an --libxo json')).toBe(
      `{"__version": "1", "arp": {"arp-cache": [{"hostname":"?","ip-address":"10.0.0.2","mac-address":"${macB}","interface":"epair0a","expires":1200,"type":"ethernet"}, ` +
        `{"hostname":"?","ip-address":"10.0.0.1","mac-address":"${macA}","interface":"epair0a","permanent":true,"type":"ethernet"}]}}\n`,
    );
  });

  it('forgets an interface’s entries when it leaves the vnet', async () => {
    const { l } = await pair();
    await l.ok('jexec a ping -c 1 10.0.0.2');
    await l.ok('jail -r b');
    expect(await l.ok('jexec a arp -an')).toContain('10.0.0.2');
    await l.ok('jail -r a');
    expect(l.state.vnets['0']!.arp).toBeUndefined();
  });
});
