import { describe, expect, it } from 'vitest';
import { interfaceKindOf, parseIfconfig } from '../../../shared/parse/ifconfig.js';
import type { IfconfigInterface } from '../../../shared/parse/ifconfig.js';
import { fixture } from './fixture.js';

function host(): IfconfigInterface[] {
  const r = parseIfconfig(fixture('handmade/ifconfig-host-14.txt'));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  expect(r.warnings).toEqual([]);
  return r.value;
}

describe('parseIfconfig', () => {
  it('reads the eiface-in-jail capture (bastille prefix line stripped)', () => {
    const text = fixture('ifconfig-eiface-in-jail-subnetspider.txt').replace(/^\[jail05\]:\n/, '');
    const r = parseIfconfig(text);
    expect(r).toEqual({
      ok: true,
      warnings: [],
      value: [{
        name: 'vnet0', flags: ['UP', 'BROADCAST', 'RUNNING', 'SIMPLEX', 'MULTICAST', 'LOWER_UP'], flagsHex: '1008843', up: true, mtu: 1500, metric: 0,
        options: ['VLAN_MTU', 'JUMBO_MTU'], ether: '58:9c:fc:10:ff:dd', hwaddr: null,
        inet: [{ addr: '10.2.70.131', netmask: '0xffffff00', prefixLen: 24, broadcast: '10.2.70.255' }], inet6: [],
        groups: [], members: [], media: 'Ethernet autoselect (1000baseT <full-duplex>)', status: 'active',
        nd6: ['PERFORMNUD', 'IFDISABLED', 'AUTO_LINKLOCAL'], other: [],
      }],
    });
    if (r.ok) expect(interfaceKindOf(r.value[0]!)).toBe('other');
  });

  it('the bastille "[jail05]:" line itself is reported, not skipped', () => {
    const r = parseIfconfig(fixture('ifconfig-eiface-in-jail-subnetspider.txt'));
    expect(!r.ok && r.errors.map((e) => [e.line, e.text])).toEqual([[1, '[jail05]:']]);
  });

  it('reads every interface of a host listing', () => {
    expect(host().map((i) => i.name)).toEqual(['lo0', 'em0', 'igb0', 'bridge0', 'epair0a', 'epair0b', 'e0a_web', 'ngeth0']);
  });

  it('lo0: loopback addresses, inet6 with scope', () => {
    const lo = host()[0]!;
    expect(lo.inet).toEqual([{ addr: '127.0.0.1', netmask: '0xff000000', prefixLen: 8, broadcast: null }]);
    expect(lo.inet6).toEqual([
      { addr: '::1', prefixLen: 128, scopeId: null, flags: [] },
      { addr: 'fe80::1%lo0', prefixLen: 64, scopeId: '0x2', flags: [] },
    ]);
    expect(lo.groups).toEqual(['lo']);
    expect(lo.mtu).toBe(16384);
  });

  it('bridge0: members in listed order, STP lines kept in other', () => {
    const br = host()[3]!;
    expect(br.members).toEqual(['e0a_web', 'epair0a']);
    expect(br.groups).toEqual(['bridge']);
    expect(br.options).toEqual([]);
    expect(br.other).toContain('id 00:00:00:00:00:00 priority 32768 hellotime 2 fwddelay 15');
    expect(br.other).toContain('ifmaxaddr 0 port 5 priority 128 path cost 2000');
  });

  it('igb0: down, hwaddr, no carrier; ngeth0: tentative inet6 flag', () => {
    const [, , igb, , , , , ng] = host();
    expect(igb).toMatchObject({ up: false, ether: '02:00:00:00:00:01', hwaddr: 'a0:36:9f:12:34:56', status: 'no carrier' });
    expect(ng!.inet6[0]).toEqual({ addr: 'fe80::5a9c:fcff:fe10:8605%ngeth0', prefixLen: 64, scopeId: '0x7', flags: ['tentative'] });
  });

  it('accepts collapsed whitespace, CRLF, and unindented properties with a warning', () => {
    const r = parseIfconfig('em0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST>  metric 0 mtu 1500\r\n ether 00:11:22:33:44:55 \r\ninet 10.0.0.1 netmask 0xffffff00\r\n');
    expect(r.ok && r.value[0]).toMatchObject({ name: 'em0', ether: '00:11:22:33:44:55', inet: [{ addr: '10.0.0.1', prefixLen: 24 }] });
    expect(r.ok && r.warnings.map((w) => w.line)).toEqual([3]);
  });

  it('reports malformed lines with line numbers', () => {
    const r = parseIfconfig('\tether 00:11:22:33:44:55\nem0: flags=8843<UP> metric 0 mtu 1500\n\tether zz\n\tinet 10.0.0.1 netmask 0xff00ff00\nwhat is this\n');
    expect(!r.ok && r.errors.map((e) => e.line)).toEqual([1, 3, 4, 5]);
    expect(parseIfconfig('').ok).toBe(false);
  });
});

describe('interfaceKindOf', () => {
  it('classifies the host listing', () => {
    expect(host().map((i) => [i.name, interfaceKindOf(i)])).toEqual([
      ['lo0', 'loopback'], ['em0', 'ether'], ['igb0', 'ether'], ['bridge0', 'bridge'],
      ['epair0a', 'epair'], ['epair0b', 'epair'], ['e0a_web', 'epair'], ['ngeth0', 'eiface'],
    ]);
  });

  it('uses hwaddr for unknown NIC drivers, and knows vlan and ng_iface', () => {
    const base = host()[2]!;
    expect(interfaceKindOf({ ...base, name: 'foo0' })).toBe('ether');
    expect(interfaceKindOf({ ...base, name: 'foo0', hwaddr: null })).toBe('other');
    expect(interfaceKindOf({ ...base, name: 'em0.42', hwaddr: null, groups: ['vlan'] })).toBe('vlan');
    expect(interfaceKindOf({ ...base, name: 'ng0', ether: null, hwaddr: null, flags: ['POINTOPOINT', 'NOARP'] })).toBe('iface');
  });
});
