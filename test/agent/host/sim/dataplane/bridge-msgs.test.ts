// ng_bridge's control messages over real traffic state: getstats and
// friends in ng_parse's text form (zero fields left out, as the captured
// iocage answer shows), gettable in the 13+ and 12.x layouts, config,
// reset, movehost, host ageing and expiry.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { advance } from '../../../../../agent/host/sim/clock.js';
import { lab } from './lab.js';
import { runCommand } from '../../../../../agent/host/sim/cmd/index.js';
import { newState } from '../../../../../agent/host/sim/new-state.js';

/** The wiki-style bridge br0 with jails a (link1, 10.0.0.1) and b (link2, 10.0.0.2). */
async function bridged() {
  const l = lab();
  const h = await l.eiface('', '');
  await l.ok(`ngctl mkpeer ${h}: bridge ether link0`);
  await l.ok(`ngctl name ${h}:ether br0`);
  const a = await l.eiface('br0:', 'link1');
  const b = await l.eiface('br0:', 'link2');
  await l.jail('a', a, '10.0.0.1');
  await l.jail('b', b, '10.0.0.2');
  return { l, a, b, macA: l.ifp(a).mac!, macB: l.ifp(b).mac! };
}

describe('ng_bridge getstats', () => {
  it('prints the captured iocage answer byte for byte from the same counters', async () => {
    const { l } = await bridged();
    const capture = readFileSync(new URL('../../../../fixtures/ngctl-msg-getstats-iocage.txt', import.meta.url), 'utf8').split('\n');
    const wanted = capture[2]!.replace(/^Args:\s+/, '');
    const br = l.state.vnets['0']!.nodes.find((n) => n.name === 'br0')!;
    br.stats = { link1: Object.fromEntries([...wanted.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1]!, Number(m[2])])) };
    expect(await l.ok('ngctl msg br0: getstats 1')).toBe(`Rec'd response "getstats" (4) from "[${br.id.toString(16)}]:":\nArgs:\t${wanted}\n`);
  });

  it('clrstats clears silently, getclrstats answers then clears; an unconnected link is ENOTCONN', async () => {
    const { l } = await bridged();
    await l.ok('jexec a ping -c 1 10.0.0.2');
    expect(await l.ok('ngctl msg br0: getclrstats 1')).toMatch(/Args:\t\{ recvOctets=\d+ recvPackets=\d+ /);
    expect(await l.ok('ngctl msg br0: getstats 1')).toMatch(/Args:\t\{\}\n$/);
    await l.ok('jexec a ping -c 1 10.0.0.2');
    expect(await l.ok('ngctl msg br0: clrstats 2')).toBe('');
    expect(await l.ok('ngctl msg br0: getstats 2')).toMatch(/Args:\t\{\}\n$/);
    expect(await l.sh('ngctl msg br0: getstats 7')).toEqual({ stdout: '', stderr: 'ngctl: send msg: Socket is not connected\n', code: 71 });
    expect((await l.sh('ngctl msg br0: flushtable')).stderr).toBe('ngctl: send msg: Function not implemented\n');
  });

  it('addresses uplinkN with a negative number (13+)', async () => {
    const { l } = await bridged();
    const u = await l.eiface('br0:', 'uplink3');
    await l.jail('u', u, '10.0.0.3');
    expect(await l.ok('ngctl msg br0: getstats -3')).toMatch(/Args:\t\{ recvOctets=42 recvPackets=1 recvBroadcast=1 /);
  });
});

describe('ng_bridge gettable', () => {
  it('lists learned hosts with the hook name (13+), ages and staleness on the emulated clock, forgets them after maxStaleness', async () => {
    const { l, macA, macB } = await bridged();
    await l.ok('jexec a ping -c 1 10.0.0.2');
    const t0 = await l.ok('ngctl msg br0: gettable');
    expect(t0).toMatch(/^Rec'd response "gettable" \(7\) from "\[[0-9a-f]+\]:":\nArgs:\t\{ numHosts=2 hosts=\[ /);
    expect(t0).toContain(`{ addr=${macA} hook="link1" }`);
    expect(t0).toContain(`{ addr=${macB} hook="link2" }`);
    advance(l.state, 30_000);
    await l.ok('jexec a ping -c 1 10.0.0.2'); // refreshes both (staleness 0), ages go on
    const t1 = await l.ok('ngctl msg br0: gettable');
    expect(t1).toContain(`{ addr=${macA} age=30 hook="link1" }`);
    advance(l.state, 5_000);
    expect(await l.ok('ngctl msg br0: gettable')).toContain(`{ addr=${macB} age=35 staleness=5 hook="link2" }`);
    await l.ok(['ngctl', 'msg', 'br0:', 'setconfig', '{ debugLevel=1 loopTimeout=60 maxStaleness=10 minStableAge=1 }']);
    advance(l.state, 5_000);
    expect(await l.ok('ngctl msg br0: gettable')).toMatch(/Args:\t\{\}\n$/);
  });

  it('movehost teaches an address, reset forgets everything', async () => {
    const { l } = await bridged();
    await l.ok(['ngctl', 'msg', 'br0:', 'movehost', '{ addr=02:00:00:00:00:01 hook="link2" }']);
    expect(await l.ok('ngctl msg br0: gettable')).toMatch(/Args:\t\{ numHosts=\d+ hosts=\[ .*\{ addr=02:00:00:00:00:01 hook="link2" \}/);
    expect((await l.sh(['ngctl', 'msg', 'br0:', 'movehost', '{ addr=02:00:00:00:00:01 hook="link9" }'])).stderr).toBe('ngctl: send msg: No such file or directory\n');
    await l.ok('ngctl msg br0: reset');
    expect(await l.ok('ngctl msg br0: gettable')).toMatch(/Args:\t\{\}\n$/);
  });

  it('gives 12.x’s layout: link numbers, no movehost, links only up to 31', async () => {
    const s = newState({ release: '12.2-RELEASE', frozenClock: true });
    const sh = (c: string | string[]) => runCommand(s, typeof c === 'string' ? c.split(' ') : c, { env: {} });
    for (const c of ['ngctl mkpeer eiface ether ether', 'ngctl mkpeer ngeth0: bridge ether link0', 'ngctl name ngeth0:ether br0', 'ngctl mkpeer br0: eiface link1 ether']) expect((await sh(c)).code).toBe(0);
    for (const c of [['ifconfig', 'ngeth0', 'ether', '02:00:00:00:00:10'], ['ifconfig', 'ngeth1', 'ether', '02:00:00:00:00:11']]) expect((await sh(c)).code).toBe(0);
    expect((await sh('ifconfig ngeth0 inet 10.0.0.1/24')).code).toBe(0);
    expect((await sh('ifconfig ngeth1 inet 10.0.0.2/24')).code).toBe(0);
    const t = (await sh('ngctl msg br0: gettable')).stdout;
    expect(t).toMatch(/Args:\t\{ numHosts=2 hosts=\[ /);
    expect(t).toContain('{ addr=02:00:00:00:00:10 }'); // link 0 is the default: left out
    expect(t).toContain('{ addr=02:00:00:00:00:11 linkNum=1 }');
    expect((await sh('ngctl msg br0: getconfig')).stdout).toMatch(/Args:\t\{ debugLevel=1 loopTimeout=60 maxStaleness=900 minStableAge=1 \}\n$/);
    expect((await sh('ngctl msg br0: getstats 32')).stderr).toBe('ngctl: send msg: Invalid argument\n');
    expect((await sh(['ngctl', 'msg', 'br0:', 'movehost', '{ addr=02:00:00:00:00:01 hook="link1" }'])).stderr).toBe('ngctl: send msg: Function not implemented\n');
  });
});
