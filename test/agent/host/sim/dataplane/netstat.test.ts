// netstat -i over the emulated counters: the columns of usr.bin/netstat
// if.c (names cut to five characters, a star on down interfaces, dashes
// on address rows), -b, -d, -W, -f, -I, and `--libxo json`.
import { describe, expect, it } from 'vitest';
import { lab } from './lab.js';

async function pinged() {
  const l = lab();
  await l.ok('ifconfig epair create');
  await l.ok('ifconfig epair0a name e0a_long');
  await l.jail('a', 'e0a_long', '10.0.0.1');
  await l.jail('b', 'epair0b', '10.0.0.2');
  await l.ok('jexec a ping -c 3 10.0.0.2');
  return l;
}

describe('netstat -i', () => {
  // a received b's gratuitous ARP, the ARP reply and three echo replies (5 frames, 42 + 42 + 3 × 98
  // bytes) and sent the ARP request and three echo requests; its own announcement found b down.
  it('prints FreeBSD’s columns', async () => {
    const l = await pinged();
    const id = l.ifp('e0a_long').id;
    const lo = l.state.ifnets.find((i) => i.vnet === l.ifp('e0a_long').vnet && i.name === 'lo0')!.id;
    const mac = l.ifp('e0a_long').mac!;
    expect(await l.ok('jexec a netstat -i -n')).toBe(
      'Name    Mtu Network       Address              Ipkts Ierrs Idrop    Opkts Oerrs  Coll\n' +
        `lo0*  16384 <Link#${lo}>${' '.repeat(14 - `<Link#${lo}>`.length)}lo0                      0     0     0        0     0     0\n` +
        `e0a_l  1500 <Link#${id}>${' '.repeat(14 - `<Link#${id}>`.length)}${mac}        5     0     0        4     1     0\n` +
        'e0a_l     - 10.0.0.0/24   10.0.0.1                 3     -     -        3     -     -\n',
    );
    const b = (await l.ok('jexec a netstat -i -b -d -n -I e0a_long')).split('\n');
    expect(b[0]).toBe('Name    Mtu Network       Address              Ipkts Ierrs Idrop     Ibytes    Opkts Oerrs     Obytes  Coll  Drop');
    expect(b[1]).toMatch(/^e0a_l  1500 <Link#\d+> +[0-9a-f:]{17} +5 +0 +0 +378 +4 +1 +336 +0 +0 $/);
    expect(b[2]).toBe('e0a_l     - 10.0.0.0/24   10.0.0.1                 3     -     -        252        3     -        252     -     - ');
  });

  it('widens with -W, filters by family, and writes libxo JSON', async () => {
    const l = await pinged();
    await l.ok('jexec a ifconfig e0a_long inet6 fd00::1/64');
    const w = (await l.ok('jexec a netstat -i -W -n -f inet6')).split('\n');
    expect(w[0]).toBe(`Name       Mtu Network                  Address                                    Ipkts Ierrs Idrop    Opkts Oerrs  Coll`);
    expect(w[1]).toBe('e0a_long     - fd00::/64                fd00::1                                        0     -     -        0     -     -');
    expect(w[2]).toMatch(/^e0a_long     - fe80::%e0a_long\/64 +fe80::[0-9a-f:]+%e0a_long +0 +- +- +0 +- +-$/);
    const json = JSON.parse(await l.ok('jexec a netstat -i -b -n -f inet --libxo json'));
    expect(json).toEqual({
      statistics: { interface: [{ name: 'e0a_long', flags: '0x8843', network: '10.0.0.0/24', address: '10.0.0.1', 'received-packets': 3, 'received-bytes': 252, 'sent-packets': 3, 'sent-bytes': 252 }] },
    });
    const text = await l.ok('jexec a netstat -i -b -n -I e0a_long --libxo json');
    expect(text).toMatch(/^\{"statistics": \{"interface": \[\{"name":"e0a_long","flags":"0x8843","mtu":1500,"network":"<Link#\d+>","address":"[0-9a-f:]{17}","received-packets":5,"received-errors":0,"dropped-packets":0,"received-bytes":378,"sent-packets":4,"send-errors":1,"sent-bytes":336,"collisions":0\}, /);
  });

  it('refuses what it does not emulate and unknown families', async () => {
    const l = lab();
    expect(await l.sh('netstat -rn')).toEqual({ stdout: '', stderr: "netstat: -r: not supported by ngstudio's emulated netstat (it shows the interface table: -i or -I)\n", code: 1 });
    expect(await l.sh('netstat')).toEqual({ stdout: '', stderr: "netstat: ngstudio's emulated netstat shows only the interface table (-i or -I)\n", code: 1 });
    expect(await l.sh('netstat -i -f ipx')).toEqual({ stdout: '', stderr: 'netstat: ipx: unknown address family\n', code: 1 });
    expect((await l.sh('netstat -i -Y')).stderr).toMatch(/^netstat: illegal option -- Y\nusage: netstat /);
  });
});
