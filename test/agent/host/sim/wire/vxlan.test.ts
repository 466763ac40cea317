// The emulated if_vxlan: ifconfig's vxlan words (clone parameters on create,
// settings on an existing interface, ifvxlan.c's refusals), its display,
// init's conditions for RUNNING, and the data path: two hosts on one wire,
// each with an if_bridge holding a vxlan to the other and an epair whose
// other end is in a vnet jail; a ping between the jails crosses as VXLAN
// in UDP to port 4789.
import { afterEach, describe, expect, it } from 'vitest';
import { scratch, type WireHost } from './wire-helpers.js';

let s: ReturnType<typeof scratch>;
afterEach(() => s.done());

/**
 * One host's side: em0 addressed, vxlan0 to the peer, bridge0 with vxlan0 and
 * epair0a, epair0b in vnet jail j with the MAC `mac` (two emulated hosts made
 * from the same defaults share a hostname, and so the MACs made from it).
 */
async function side(h: WireHost, me: string, peer: string, inside: string, mac: string): Promise<void> {
  await h.ok(`ifconfig em0 inet ${me}/24`);
  expect(await h.ok(`ifconfig vxlan create vxlanid 42 vxlanlocal ${me} vxlanremote ${peer}`)).toBe('vxlan0\n');
  await h.ok('ifconfig vxlan0 up');
  expect(await h.ok('ifconfig bridge create')).toBe('bridge0\n');
  expect(await h.ok('ifconfig epair create')).toBe('epair0a\n');
  await h.ok('ifconfig bridge0 addm vxlan0 addm epair0a up');
  await h.ok('ifconfig epair0a up');
  await h.ok('jail -c name=j vnet persist');
  await h.ok('ifconfig epair0b vnet j');
  await h.ok(`jexec j ifconfig epair0b ether ${mac}`);
  await h.ok(`jexec j ifconfig epair0b inet ${inside}/24 up`);
}

describe('the emulated if_vxlan', () => {
  it('creates with its clone parameters, shows them as FreeBSD 14 does, and runs only once init can', async () => {
    s = scratch();
    const h = s.host('a', null);
    await h.ok('ifconfig em0 inet 192.0.2.1/24');
    expect(await h.ok('ifconfig vxlan create vxlanid 42 vxlanlocal 192.0.2.1 vxlanremote 192.0.2.2')).toBe('vxlan0\n');
    const shown = await h.ok('ifconfig vxlan0');
    expect(shown).toMatch(/^vxlan0: flags=8802<BROADCAST,SIMPLEX,MULTICAST> metric 0 mtu 1450\n\toptions=80020<JUMBO_MTU,LINKSTATE>\n\tether 58:9c:fc:[0-9a-f:]{8}\n/);
    expect(shown).toContain('\tvxlan vni 42 local 192.0.2.1:4789 remote 192.0.2.2:4789\n\tgroups: vxlan\n\tmedia: Ethernet autoselect (autoselect <full-duplex>)\n\tstatus: active\n');
    await h.ok('ifconfig vxlan0 up');
    expect(await h.ok('ifconfig vxlan0')).toMatch(/^vxlan0: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1450\n/);
    expect(await h.ok('ifconfig -g vxlan')).toBe('vxlan0\n');
    expect((await h.state()).modules.some((m) => m.name === 'if_vxlan')).toBe(true);
    // Running: its settings are fixed (EBUSY) until it is down again.
    expect(await h.sh('ifconfig vxlan0 vxlanid 43')).toMatchObject({ code: 1, stderr: 'ifconfig: VXLAN_CMD_SET_VNI: Device busy\n' });
    await h.ok('ifconfig vxlan0 down');
    await h.ok('ifconfig vxlan0 vxlanid 43 vxlanremoteport 8472');
    expect(await h.ok('ifconfig vxlan0')).toContain('\tvxlan vni 43 local 192.0.2.1:4789 remote 192.0.2.2:8472\n');

    // Without a VNI nothing is shown and `up` leaves it UP but not RUNNING; a local address
    // the host does not have cannot be bound either; one VNI per local address and port.
    expect(await h.ok('ifconfig vxlan create')).toBe('vxlan1\n');
    const bare = await h.ok('ifconfig vxlan1');
    expect(bare).toMatch(/ mtu 1470\n/);
    expect(bare).not.toContain('\tvxlan ');
    await h.ok('ifconfig vxlan1 up');
    expect(await h.ok('ifconfig vxlan1')).toMatch(/^vxlan1: flags=8803<UP,BROADCAST,SIMPLEX,MULTICAST> /);
    await h.ok('ifconfig vxlan create vxlanid 7 vxlanlocal 198.51.100.1 vxlanremote 192.0.2.2 up');
    expect(await h.ok('ifconfig vxlan2')).toMatch(/^vxlan2: flags=8803</);
    await h.ok('ifconfig vxlan0 vxlanid 7 up');
    await h.ok('ifconfig vxlan create vxlanid 7 vxlanlocal 192.0.2.1 vxlanremote 192.0.2.3 up');
    expect(await h.ok('ifconfig vxlan3')).toMatch(/^vxlan3: flags=8803</);
    await h.ok('ifconfig vxlan3 destroy');
    expect(await h.sh('ifconfig vxlan3')).toMatchObject({ code: 1, stderr: 'ifconfig: interface vxlan3 does not exist\n' });
  });

  it('refuses bad values with ifvxlan.c’s words, creating nothing', async () => {
    s = scratch();
    const h = s.host('a', null);
    const refused: [string, string][] = [
      ['ifconfig vxlan create vxlanid 16777216', 'ifconfig: invalid network identifier: 16777216\n'],
      ['ifconfig vxlan create vxlanid x1', 'ifconfig: invalid network identifier: x1\n'],
      ['ifconfig vxlan create vxlanremote 224.0.0.1', 'ifconfig: remote address cannot be multicast\n'],
      ['ifconfig vxlan create vxlanlocal nosuchhost', 'ifconfig: error in parsing local address string: hostname nor servname provided, or not known\n'],
      ['ifconfig vxlan create vxlanlocalport 65535', 'ifconfig: invalid local port: 65535\n'],
      ['ifconfig vxlan create vxlanportrange 2000 1000', 'ifconfig: invalid port range\n'],
      ['ifconfig vxlan create vxlanid', "ifconfig: 'vxlanid' requires argument\n"],
    ];
    for (const [cmd, stderr] of refused) expect(await h.sh(cmd), cmd).toMatchObject({ code: 1, stderr });
    expect(await h.ok('ifconfig -g vxlan')).toBe('');
  });

  it('carries a ping between vnet jails on two hosts, as VXLAN in UDP between their addresses', async () => {
    s = scratch();
    const a = s.host('a', 'w');
    const b = s.host('b', 'w');
    await side(a, '192.0.2.1', '192.0.2.2', '10.7.0.1', '02:00:00:00:07:01');
    await side(b, '192.0.2.2', '192.0.2.1', '10.7.0.2', '02:00:00:00:07:02');
    const r = await a.sh('jexec j ping -c 3 10.7.0.2');
    expect(r.stdout).toContain('3 packets transmitted, 3 packets received, 0.0% packet loss');
    expect(r.code).toBe(0);
    // Each side's vxlan0 sent and received the ARP exchange and the three echoes (98-byte frames).
    const vx = (await a.state()).ifnets.find((i) => i.name === 'vxlan0')!;
    expect(vx.stats?.opackets).toBeGreaterThanOrEqual(4);
    expect(vx.stats?.ipackets).toBeGreaterThanOrEqual(4);
    // em0 carried them as UDP datagrams: 50 bytes more than each frame.
    const em0 = (await a.state()).ifnets.find((i) => i.name === 'em0')!;
    expect(em0.stats?.obytes ?? 0).toBeGreaterThanOrEqual(3 * (98 + 50));

    // Another VNI on the other side: nothing crosses.
    await b.ok('ifconfig vxlan0 down');
    await b.ok('ifconfig vxlan0 vxlanid 43 up');
    expect((await a.sh('jexec j ping -c 1 -t 1 10.7.0.2')).code).toBe(2);
  });
});
