// Frames through each node type's data method and each interface driver:
// hub, vlan tagging, one2many distribution, tee copies, epair, if_bridge,
// ng_ether upper/lower and down interfaces, observed with ping, ngctl msg
// and the interfaces' counters.
import { describe, expect, it } from 'vitest';
import { args, lab, pick, type Stats } from './lab.js';

const PING_OK = /\n3 packets transmitted, 3 packets received, 0\.0% packet loss\n/;

describe('ng_hub', () => {
  it('repeats every frame to every other hook, unicast included', async () => {
    const l = lab();
    const a = await l.eiface('', '');
    await l.ok(`ngctl mkpeer ${a}: hub ether h0`);
    await l.ok(`ngctl name ${a}:ether hub0`);
    const b = await l.eiface('hub0:', 'h1');
    const c = await l.eiface('hub0:', 'h2');
    await l.jail('a', a, '10.0.0.1');
    await l.jail('b', b, '10.0.0.2');
    await l.jail('c', c, '10.0.0.3');
    const [cin, cout] = [l.count(c, 'ipackets'), l.count(c, 'opackets')];
    expect((await l.sh('jexec a ping -c 2 10.0.0.2')).stdout).toMatch(/2 packets received, 0\.0% packet loss/);
    // c saw the ARP request and reply, two echo requests and two replies, and sent nothing.
    expect(l.count(c, 'ipackets') - cin).toBe(6);
    expect(l.count(c, 'opackets') - cout).toBe(0);
  });
});

describe('ng_bridge', () => {
  it('sends known unicast out one link only, where a hub would repeat it', async () => {
    const l = lab();
    const a = await l.eiface('', '');
    await l.ok(`ngctl mkpeer ${a}: bridge ether link0`);
    await l.ok(`ngctl name ${a}:ether br0`);
    const b = await l.eiface('br0:', 'link1');
    const c = await l.eiface('br0:', 'link2');
    await l.jail('a', a, '10.0.0.1');
    await l.jail('b', b, '10.0.0.2');
    await l.jail('c', c, '10.0.0.3');
    const cin = l.count(c, 'ipackets');
    expect((await l.sh('jexec a ping -c 2 10.0.0.2')).stdout).toMatch(/2 packets received/);
    // Only the ARP broadcast reached c (the earlier announcements found it down: not counted as sent).
    expect(l.count(c, 'ipackets') - cin).toBe(1);
    expect(pick(args(await l.ok('ngctl msg br0: getstats 2')), ['xmitBroadcasts', 'xmitPackets', 'recvUnknown'])).toEqual({ xmitBroadcasts: 1, xmitPackets: 1, recvUnknown: 0 });
  });

  it('detects a loop between two bridges, mutes the link and keeps forwarding over the other', async () => {
    const l = lab();
    const a = await l.eiface('', '');
    await l.ok(`ngctl mkpeer ${a}: bridge ether link3`);
    await l.ok(`ngctl name ${a}:ether br0`);
    const b = await l.eiface('', '');
    await l.ok(`ngctl mkpeer ${b}: bridge ether link3`);
    await l.ok(`ngctl name ${b}:ether br1`);
    await l.ok('ngctl connect br0: br1: link1 link1');
    await l.ok('ngctl connect br0: br1: link2 link2');
    await l.jail('a', a, '10.0.0.1');
    await l.jail('b', b, '10.0.0.2');
    expect((await l.sh('jexec a ping -c 3 10.0.0.2')).stdout).toMatch(PING_OK);
    for (const br of ['br0', 'br1']) {
      const s = args(await l.ok(`ngctl msg ${br}: getstats 2`));
      expect(s.loopDetects, br).toBe(1);
      expect(s.loopDrops, br).toBeGreaterThan(0);
      expect(s.xmitPackets, br).toBe(0);
    }
  });

  it('delivers unknown unicast only to uplinks once the first link was an uplink (restricted mode)', async () => {
    const l = lab();
    const up = await l.eiface('', '');
    await l.ok(`ngctl mkpeer ${up}: bridge ether uplink1`);
    await l.ok(`ngctl name ${up}:ether br0`);
    const a = await l.eiface('br0:', 'link1');
    const b = await l.eiface('br0:', 'link2');
    await l.jail('u', up, '10.0.0.9');
    await l.jail('a', a, '10.0.0.1');
    await l.jail('b', b, '10.0.0.2');
    // a's ARP is broadcast (to every link); the echo request to b's MAC is known by then.
    expect((await l.sh('jexec a ping -c 1 10.0.0.2')).stdout).toMatch(/1 packets received/);
    const table = await l.ok('ngctl msg br0: gettable');
    expect(table).not.toContain('hook="uplink1"'); // no learning on uplinks
    expect(table).toContain('hook="link1"');
  });
});

describe('ng_vlan', () => {
  async function vlans(vidB: number) {
    const l = lab();
    const a = await l.eiface('', '');
    await l.ok(`ngctl mkpeer ${a}: vlan ether v10`);
    await l.ok(`ngctl name ${a}:ether vlanA`);
    await l.ok('ngctl mkpeer vlanA: tee downstream left');
    await l.ok('ngctl name vlanA:downstream t');
    await l.ok('ngctl mkpeer t: vlan right downstream');
    await l.ok('ngctl name t:right vlanB');
    const b = await l.eiface('vlanB:', `v${vidB}`);
    await l.ok(['ngctl', 'msg', 'vlanA:', 'addfilter', '{ vlan=10 hook="v10" }']);
    await l.ok(['ngctl', 'msg', 'vlanB:', 'addfilter', `{ vlan=${vidB} hook="v${vidB}" }`]);
    await l.jail('a', a, '10.0.0.1');
    await l.jail('b', b, '10.0.0.2');
    return l;
  }

  it('tags frames from a filter hook, carries them tagged downstream and untags them at the far end', async () => {
    const l = await vlans(10);
    const before = await l.ok('ngctl msg t: getstats');
    expect((await l.sh('jexec a ping -c 3 10.0.0.2')).stdout).toMatch(PING_OK);
    const left = (s: string): Stats => args(`Args:\t${/left=\{([^}]*)\}/.exec(s)?.[1] ?? ''}\n`);
    const d = { frames: left(await l.ok('ngctl msg t: getstats')).inFrames - left(before).inFrames, octets: left(await l.ok('ngctl msg t: getstats')).inOctets - left(before).inOctets };
    // An ARP request (42 + 4 tag bytes) and three echo requests (98 + 4) went left to right.
    expect(d).toEqual({ frames: 4, octets: 46 + 3 * 102 });
  });

  it('sends frames of an unfiltered VID to nomatch, so the far jail never answers', async () => {
    const l = await vlans(20);
    const r = await l.sh('jexec a ping -c 2 10.0.0.2');
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/2 packets transmitted, 0 packets received, 100\.0% packet loss/);
  });
});

describe('ng_one2many', () => {
  async function fan() {
    const l = lab();
    const a = await l.eiface('', '');
    await l.ok(`ngctl mkpeer ${a}: one2many ether one`);
    await l.ok(`ngctl name ${a}:ether o2m`);
    const b = await l.eiface('o2m:', 'many0');
    const c = await l.eiface('o2m:', 'many1');
    await l.jail('b', b, '10.0.0.2');
    await l.jail('c', c, '10.0.0.3');
    await l.jail('a', a, '10.0.0.1');
    return { l, a, b, c };
  }

  it('enables links as they connect, round-robins frames from one, and merges the many into one', async () => {
    const { l } = await fan();
    expect(await l.ok('ngctl msg o2m: getconfig')).toMatch(/Args:\t\{ xmitAlg=1 failAlg=1 enabledLinks=\[ 1 1 \] \}\n$/);
    await l.sh('jexec a ping -c 6 10.0.0.2');
    const one = args(await l.ok('ngctl msg o2m: getstats -1'));
    const m0 = args(await l.ok('ngctl msg o2m: getstats 0'));
    const m1 = args(await l.ok('ngctl msg o2m: getstats 1'));
    expect(m0.xmitPackets + m1.xmitPackets).toBe(one.recvPackets);
    expect(Math.abs(m0.xmitPackets - m1.xmitPackets)).toBeLessThanOrEqual(1);
    expect(one.xmitPackets).toBe(m0.recvPackets + m1.recvPackets);
    expect(await l.ok('ngctl msg o2m: getstats 1')).toMatch(/^Rec'd response "getstats" \(2\) from/);
  });

  it('copies to every many link with xmitAlg 2, and counts from zero after clrstats', async () => {
    const { l } = await fan();
    await l.ok(['ngctl', 'msg', 'o2m:', 'setconfig', '{ xmitAlg=2 failAlg=1 enabledLinks=[ 1 1 ] }']);
    await l.ok('ngctl msg o2m: clrstats 0');
    await l.ok('ngctl msg o2m: clrstats 1');
    await l.ok('ngctl msg o2m: clrstats -1');
    expect((await l.sh('jexec a ping -c 3 10.0.0.2')).stdout).toMatch(PING_OK);
    const one = args(await l.ok('ngctl msg o2m: getclrstats -1'));
    expect(args(await l.ok('ngctl msg o2m: getstats 0')).xmitPackets).toBe(one.recvPackets);
    expect(args(await l.ok('ngctl msg o2m: getstats 1')).xmitPackets).toBe(one.recvPackets);
    expect(await l.ok('ngctl msg o2m: getstats -1')).toMatch(/Args:\t\{\}\n$/);
    expect((await l.sh('ngctl msg o2m: getstats 64')).stderr).toBe('ngctl: send msg: Invalid argument\n');
    expect((await l.sh(['ngctl', 'msg', 'o2m:', 'setconfig', '{ xmitAlg=9 failAlg=1 }'])).stderr).toBe('ngctl: send msg: Invalid argument\n');
  });
});

describe('ng_tee', () => {
  it('passes left↔right and copies each direction to left2right and right2left', async () => {
    const l = lab();
    const a = await l.eiface('', '');
    await l.ok(`ngctl mkpeer ${a}: tee ether left`);
    await l.ok(`ngctl name ${a}:ether t`);
    const b = await l.eiface('t:', 'right');
    await l.jail('a', a, '10.0.0.1');
    await l.jail('b', b, '10.0.0.2');
    const l2r = await l.eiface('t:', 'left2right');
    const r2l = await l.eiface('t:', 'right2left');
    await l.ok(`ifconfig ${l2r} up`);
    await l.ok(`ifconfig ${r2l} up`);
    await l.ok('ngctl msg t: clrstats');
    expect((await l.sh('jexec a ping -c 3 10.0.0.2')).stdout).toMatch(PING_OK);
    const s = await l.ok('ngctl msg t: getstats');
    const hook = (h: string): Stats => args(`Args:\t${new RegExp(` ${h}=\\{([^}]*)\\}`).exec(s)?.[1] ?? ''}\n`);
    // a → b: ARP request + 3 echo requests; b → a: ARP reply + 3 echo replies.
    const f = ['inFrames', 'outFrames'];
    expect(pick(hook('left'), f)).toEqual({ inFrames: 4, outFrames: 4 });
    expect(pick(hook('right'), f)).toEqual({ inFrames: 4, outFrames: 4 });
    expect(pick(hook('left2right'), f)).toEqual({ inFrames: 0, outFrames: 4 });
    expect(pick(hook('right2left'), f)).toEqual({ inFrames: 0, outFrames: 4 });
    expect(hook('left').inOctets).toBe(42 + 3 * 98);
    expect(l.count(l2r, 'ipackets')).toBe(4);
    expect(l.count(r2l, 'ipackets')).toBe(4);
  });
});

describe('epair', () => {
  it('carries frames end to end, counting out on one end and in on the other', async () => {
    const l = lab();
    await l.ok('ifconfig epair create');
    await l.jail('a', 'epair0a', '10.0.0.1');
    await l.jail('b', 'epair0b', '10.0.0.2');
    expect((await l.sh('jexec a ping -c 3 10.0.0.2')).stdout).toMatch(PING_OK);
    expect(l.count('epair0a', 'opackets')).toBe(l.count('epair0b', 'ipackets'));
    expect(l.count('epair0a', 'obytes')).toBe(l.count('epair0b', 'ibytes'));
    // The ARP request and the echoes; a's gratuitous ARP went while b was still down: an output error.
    expect(l.count('epair0a', 'obytes')).toBe(42 + 3 * 98);
    expect(l.count('epair0a', 'oerrors')).toBe(1);
  });

  it('drops and counts an output error when the other end is down, which then counts nothing', async () => {
    const l = lab();
    await l.ok('ifconfig epair create');
    await l.jail('a', 'epair0a', '10.0.0.1');
    await l.jail('b', 'epair0b', '10.0.0.2');
    await l.ok('jexec b ifconfig epair0b down');
    const bstats = { ...l.ifp('epair0b').stats };
    const errs = l.count('epair0a', 'oerrors');
    const r = await l.sh('jexec a ping -c 2 10.0.0.2');
    expect(r.code).toBe(2);
    expect(l.count('epair0a', 'oerrors') - errs).toBe(2); // two ARP requests, one a second
    expect(l.ifp('epair0b').stats).toEqual(bstats);
    expect(await l.ok('jexec a ifconfig epair0a')).toContain('\tstatus: active\n');
  });
});

describe('a down interface', () => {
  it('refuses to send (ENETDOWN) and its peer counts nothing from it', async () => {
    const l = lab();
    const a = await l.eiface('', '');
    await l.ok(`ngctl mkpeer ${a}: bridge ether link0`);
    await l.ok(`ngctl name ${a}:ether br0`);
    const b = await l.eiface('br0:', 'link1');
    await l.jail('a', a, '10.0.0.1');
    await l.jail('b', b, '10.0.0.2');
    await l.ok(`jexec b ifconfig ${b} down`);
    const bstats = { ...l.ifp(b).stats };
    expect((await l.sh('jexec a ping -c 2 10.0.0.2')).code).toBe(2);
    expect(l.ifp(b).stats).toEqual(bstats);
    await l.ok(`jexec a ifconfig ${a} down`);
    const astats = { ...l.ifp(a).stats };
    expect(await l.sh('jexec a ping -c 2 10.0.0.2')).toEqual({
      stdout: 'PING 10.0.0.2 (10.0.0.2): 56 data bytes\n\n--- 10.0.0.2 ping statistics ---\n2 packets transmitted, 0 packets received, 100.0% packet loss\n',
      stderr: 'ping: sendto: Network is down\nping: sendto: Network is down\n',
      code: 2,
    });
    expect(l.ifp(a).stats).toEqual(astats);
  });
});

describe('if_bridge', () => {
  it('learns and forwards between member epairs, and answers the host on its own address', async () => {
    const l = lab();
    await l.ok('ifconfig bridge create');
    await l.ok('ifconfig epair create');
    await l.ok('ifconfig epair create');
    await l.ok(['ifconfig', 'bridge0', 'addm', 'epair0a', 'addm', 'epair1a', 'up']);
    await l.ok('ifconfig epair0a up');
    await l.ok('ifconfig epair1a up');
    await l.jail('a', 'epair0b', '10.0.0.1');
    await l.jail('b', 'epair1b', '10.0.0.2');
    expect((await l.sh('jexec a ping -c 3 10.0.0.2')).stdout).toMatch(PING_OK);
    expect(l.count('bridge0', 'opackets')).toBeGreaterThan(0);
    expect(l.count('epair1a', 'opackets')).toBe(l.count('epair1b', 'ipackets'));
    await l.ok('ifconfig bridge0 inet 10.0.0.254/24');
    expect((await l.sh('ping -c 3 10.0.0.1')).stdout).toMatch(PING_OK);
    expect(await l.ok('arp -an')).toMatch(/^\? \(10\.0\.0\.1\) at 02:[0-9a-f:]+:0b on bridge0 expires in 1198 seconds \[bridge\]\n\? \(10\.0\.0\.254\) at [0-9a-f:]+ on bridge0 permanent \[bridge\]\n$/);
  });
});

describe('ng_ether', () => {
  it('diverts the host’s output to upper and transmits what comes down lower (jng’s bridge)', async () => {
    const l = lab();
    for (const c of ['kldload ng_ether', 'ifconfig em0 up', 'ngctl msg em0: setpromisc 1', 'ngctl msg em0: setautosrc 0', 'ngctl mkpeer em0: bridge lower link0', 'ngctl connect em0: em0:lower upper link1', 'ngctl name em0:lower em0bridge']) await l.ok(c);
    const web = await l.eiface('em0bridge:', 'link2');
    await l.jail('web', web, '192.168.1.2');
    await l.ok('ifconfig em0 inet 192.168.1.1/24');
    const wire0 = l.count('em0', 'opackets');
    const link0 = args(await l.ok('ngctl msg em0bridge: getstats 0')).xmitPackets;
    expect((await l.sh('ping -c 3 192.168.1.2')).stdout).toMatch(PING_OK);
    // What the bridge sent down link0 left on the wire, and only that: the host's own frames went up `upper`.
    const sentDown = args(await l.ok('ngctl msg em0bridge: getstats 0')).xmitPackets - link0;
    expect(sentDown).toBeGreaterThan(0);
    expect(l.count('em0', 'opackets') - wire0).toBe(sentDown);
    expect(args(await l.ok('ngctl msg em0bridge: getstats 1')).recvPackets).toBeGreaterThanOrEqual(4);
  });
});
