// Emulated hosts on a shared wire (`ngstudio sim --wire DIR`): their em0s
// share one Ethernet segment, so ARP and ping cross between the hosts'
// state files within one command run; hosts on another wire hear nothing.
// Then the two-host tunnel between bridges: on each host a persistent
// ng_bridge `tbr` with a vnet jail's eiface on link0 and a ksocket on link1
// sending its frames as UDP to the other host's ksocket.
import { afterEach, describe, expect, it } from 'vitest';
import { scratch, type WireHost } from './wire-helpers.js';

let s: ReturnType<typeof scratch>;
afterEach(() => s.done());

/** Two hosts with em0 at 192.0.2.1/24 and .2/24, on wires `wa` and `wb`. */
async function twoHosts(wa: string, wb: string): Promise<[WireHost, WireHost]> {
  s = scratch();
  const a = s.host('a', wa);
  const b = s.host('b', wb);
  await a.ok('ifconfig em0 inet 192.0.2.1/24');
  await b.ok('ifconfig em0 inet 192.0.2.2/24');
  return [a, b];
}

describe('the shared wire', () => {
  it('carries ARP and ping between two hosts’ em0s, each learning the other', async () => {
    const [a, b] = await twoHosts('w', 'w');
    const r = await a.sh('ping -c 2 192.0.2.2');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 packets transmitted, 2 packets received, 0.0% packet loss');
    const macA = (await a.state()).ifnets.find((i) => i.name === 'em0')!.mac;
    const macB = (await b.state()).ifnets.find((i) => i.name === 'em0')!.mac;
    // Both started from the same default em0 MAC: the second host on the wire took the next one.
    expect(macA).toBe('00:0c:29:4f:8e:35');
    expect(macB).toBe('00:0c:29:4f:8e:36');
    // (Each host's clock runs on its own: the exact second left depends on the wall time.)
    expect(await b.ok('arp -an')).toMatch(new RegExp(`^\\? \\(192\\.0\\.2\\.1\\) at ${macA} on em0 expires in 1[12]\\d\\d seconds \\[ethernet\\]$`, 'm'));
    expect(await a.ok('arp -an')).toMatch(new RegExp(`^\\? \\(192\\.0\\.2\\.2\\) at ${macB} on em0 expires in 1[12]\\d\\d seconds \\[ethernet\\]$`, 'm'));
    // The other host counted what it received (the ARP request, two echo requests) and sent:
    // its gratuitous ARP when it got its address (a joined the wire before), the ARP reply, two echo replies.
    const em0B = (await b.state()).ifnets.find((i) => i.name === 'em0')!;
    expect(em0B.stats?.ipackets).toBe(3);
    expect(em0B.stats?.opackets).toBe(4);
  });

  it('reaches nobody on another wire, nor a host whose em0 is down', async () => {
    const [a, b] = await twoHosts('w1', 'w2');
    expect((await a.sh('ping -c 2 192.0.2.2')).stdout).toContain('2 packets transmitted, 0 packets received, 100.0% packet loss');
    s.done();
    const [c, d] = await twoHosts('w', 'w');
    await d.ok('ifconfig em0 down');
    expect((await c.sh('ping -c 1 192.0.2.2')).code).toBe(2);
    await d.ok('ifconfig em0 up');
    expect((await c.sh('ping -c 1 192.0.2.2')).code).toBe(0);
    void b;
  });

  it('moves a host to another wire: the old one forgets it', async () => {
    s = scratch();
    const a = s.host('a', 'w1');
    await a.ok('ifconfig em0 inet 192.0.2.1/24');
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(`${s.dir}/w1/hosts`)).toHaveLength(1);
    const moved = s.host('a', 'w2');
    await moved.ok('ifconfig em0');
    expect(readdirSync(`${s.dir}/w1/hosts`)).toHaveLength(0);
    expect(readdirSync(`${s.dir}/w2/hosts`)).toEqual([(await moved.state()).wire!.id]);
  });

  it('says what is wrong with a wire folder it cannot use', async () => {
    s = scratch();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${s.dir}/notadir`, '');
    const h = s.host('a', 'notadir');
    await expect(h.sh('ifconfig em0')).rejects.toThrow(/cannot use the wire folder .*notadir/);
  });
});

/** Builds one side of the tunnel: em0 addressed, tbr with the jail's eiface on link0 and the ksocket on link1. */
async function tunnelSide(h: WireHost, me: string, peer: string, inside: string, mac: string): Promise<void> {
  await h.ok('ngctl mkpeer eiface ether ether');
  await h.ok('ngctl mkpeer ngeth0: bridge ether link0');
  await h.ok('ngctl name ngeth0:ether tbr');
  await h.ok('ngctl msg tbr: setpersistent');
  await h.ok('ngctl mkpeer tbr: ksocket link1 inet/dgram/udp');
  await h.ok(`ngctl msg tbr:link1 bind inet/${me}:4789`);
  await h.ok(`ngctl msg tbr:link1 connect inet/${peer}:4789`);
  // Both hosts' first eiface is ngeth0, whose generated MAC hashes the name: give each its own, as jng does.
  await h.ok(`ifconfig ngeth0 ether ${mac}`);
  await h.ok(['jail', '-c', 'name=j', 'path=/', 'vnet', 'persist', 'vnet.interface=ngeth0']);
  await h.ok(`jexec j ifconfig ngeth0 inet ${inside}/24`);
}

describe('a tunnel between bridges on two hosts', () => {
  async function build(wa = 'w', wb = 'w'): Promise<[WireHost, WireHost]> {
    const [a, b] = await twoHosts(wa, wb);
    await tunnelSide(a, '192.0.2.1', '192.0.2.2', '10.9.0.1', '02:00:00:00:09:01');
    await tunnelSide(b, '192.0.2.2', '192.0.2.1', '10.9.0.2', '02:00:00:00:09:02');
    return [a, b];
  }

  it('lets the jails ping each other through ksocket, UDP over the wire and the bridges', async () => {
    const [a, b] = await build();
    const r = await a.sh('jexec j ping -c 3 10.9.0.2');
    expect(r.stdout).toContain('3 packets transmitted, 3 packets received, 0.0% packet loss');
    expect(r.code).toBe(0);
    // Each bridge learned the far jail's MAC on its ksocket link.
    expect(await a.ok('ngctl msg tbr: gettable')).toMatch(/\{ addr=02:00:00:00:09:02 (age=\d+ )?hook="link1" \}/);
    expect(await b.ok('ngctl msg tbr: gettable')).toMatch(/\{ addr=02:00:00:00:09:01 (age=\d+ )?hook="link1" \}/);
    expect(await a.ok('ngctl show tbr:')).toBe(
      '  Name: tbr             Type: bridge          ID: 00000004   Num hooks: 2\n' +
        '  Local hook      Peer name       Peer type    Peer ID         Peer hook      \n' +
        '  ----------      ---------       ---------    -------         ---------      \n' +
        '  link1           <unnamed>       ksocket      00000008        inet/dgram/udp \n' +
        '  link0           ngeth0          eiface       00000002        ether          \n',
    );
    // And the way back works from the other host too.
    expect((await b.sh('jexec j ping -c 1 10.9.0.1')).code).toBe(0);
  });

  it('fails when the hosts are on different wires', async () => {
    const [a] = await build('w1', 'w2');
    const r = await a.sh('jexec j ping -c 2 10.9.0.2');
    expect(r.stdout).toContain('2 packets transmitted, 0 packets received, 100.0% packet loss');
    expect(r.code).toBe(2);
  });

  it('fails once the other host’s ksocket is shut down', async () => {
    const [a, b] = await build();
    expect((await a.sh('jexec j ping -c 1 10.9.0.2')).code).toBe(0);
    await b.ok('ngctl shutdown tbr:link1');
    expect(await b.ok('ngctl show tbr:')).not.toContain('ksocket');
    const r = await a.sh('jexec j ping -c 2 10.9.0.2');
    expect(r.stdout).toContain('2 packets transmitted, 0 packets received, 100.0% packet loss');
  });
});
