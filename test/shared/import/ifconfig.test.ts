// Saved `ifconfig` output → design: epairs paired by name (jib's e0a_/e0b_
// too, across a `jexec JAIL ifconfig` section), if_bridges with their members,
// vnet jails from `jexec`/Bastille sections, netgraph interfaces named in a
// warning. From the handmade 14.x host capture and a real Bastille paste.
import { describe, expect, it } from 'vitest';
import { importText, detectFormat } from '../../../shared/import/index.js';
import { otherEnd } from '../../../shared/import/ifconfig.js';
import { rawFixture } from '../parse/fixture.js';

const host = rawFixture('handmade/ifconfig-host-14.txt');
const jailWeb = `root@host:~ # jexec web ifconfig
lo0: flags=1008049<UP,LOOPBACK,RUNNING,MULTICAST,LOWER_UP> metric 0 mtu 16384
\tinet 127.0.0.1 netmask 0xff000000
\tgroups: lo
e0b_web: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500
\tether 02:ab:cd:ef:01:0b
\tinet 192.168.50.20 netmask 0xffffff00 broadcast 192.168.50.255
\tgroups: epair
\tstatus: active
`;
const bastille = rawFixture('ifconfig-eiface-in-jail-subnetspider.txt');

describe('ifconfig import', () => {
  it('is detected from its first line', () => {
    expect(detectFormat(host)).toEqual({ format: 'ifconfig' });
  });

  it('pairs epair ends by name (epair0a/b, e0a_web/e0b_web), keeps if_bridge members, and makes vnet jails of jexec and Bastille sections', async () => {
    const r = await importText(`${host}${jailWeb}${bastille}`);
    if (!r.ok) throw new Error(r.problems.join('\n'));
    expect(r.format).toBe('ifconfig');
    expect(r.design.epairs).toEqual([
      { a: { name: 'epair0a', mac: '02:d6:ec:ad:52:0a', up: true }, b: { name: 'epair0b', mac: '02:d6:ec:ad:52:0b', up: false } },
      { a: { name: 'e0a_web', mac: '02:ab:cd:ef:01:0a', up: true }, b: { name: 'e0b_web', mac: '02:ab:cd:ef:01:0b', up: true } },
    ]);
    expect(r.design.bridges).toEqual([{ name: 'bridge0', members: ['e0a_web', 'epair0a'], up: true }]);
    expect(r.design.jails.map((j) => [j.name, j.vnet, j.interfaces])).toEqual([['web', true, ['e0b_web']], ['jail05', true, ['vnet0']]]);
    const w = r.warnings.join('\n');
    expect(w).toMatch(/line \d+: jail web taken as a vnet jail holding e0b_web; ifconfig does not show its path, \/ assumed/);
    expect(w).toMatch(/ngeth0, vnet0 look like netgraph \(ng_eiface\) interfaces/);
  });

  it('an epair end whose other end is not in the paste is left out, with a warning', async () => {
    const r = await importText(host.split('\ne0a_web:')[0]!.replace(/epair0b:[\s\S]*$/, ''));
    if (!r.ok) throw new Error(r.problems.join('\n'));
    expect(r.design.epairs).toEqual([]);
    expect(r.warnings.join('\n')).toMatch(/epair ends epair0a have no other end in this text/);
  });

  it('garbage in an interface block fails naming the line', async () => {
    const r = await importText('em0: flags=8843<UP> metric 0 mtu 1500\n\tinet ten.0.0.1 netmask\n', 'ifconfig');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems[0]).toMatch(/line 2/);
  });

  it('the other end of an epair, by name', () => {
    expect(otherEnd('epair12a')).toBe('epair12b');
    expect(otherEnd('e0b_db')).toBe('e0a_db');
    expect(otherEnd('em0')).toBeNull();
  });
});
