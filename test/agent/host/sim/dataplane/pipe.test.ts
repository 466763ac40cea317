// Frames through ng_pipe: straight through when nothing is set, and with
// delay, bandwidth, BER and duplication as ngp_rcvdata/pipe_dequeue apply
// them, seen in ping's times, losses and duplicates and in getstats.
import { describe, expect, it } from 'vitest';
import { lab, type Lab } from './lab.js';

/** Jails a (10.0.0.1) and b (10.0.0.2), their eifaces joined through pipe p0 (a on upper, b on lower). */
async function piped(): Promise<Lab> {
  const l = lab();
  const a = await l.eiface('', '');
  await l.ok(`ngctl mkpeer ${a}: pipe ether upper`);
  await l.ok(`ngctl name ${a}:ether p0`);
  const b = await l.eiface('p0:', 'lower');
  await l.jail('a', a, '10.0.0.1');
  await l.jail('b', b, '10.0.0.2');
  return l;
}

/** The `time=` of each reply line. */
const times = (out: string): number[] => [...out.matchAll(/time=([\d.]+) ms/g)].map((m) => Number(m[1]));

describe('ng_pipe', () => {
  it('passes frames straight through when nothing is set, counting them per direction', async () => {
    const l = await piped();
    await l.ok('ngctl msg p0: clrstats');
    expect((await l.sh('jexec a ping -c 3 10.0.0.2')).stdout).toMatch(/\n3 packets transmitted, 3 packets received, 0\.0% packet loss\n/);
    // Down (in on upper): the ARP request and three echo requests; up: the ARP reply and three echo replies.
    expect(await l.ok('ngctl msg p0: getstats')).toMatch(/\nArgs:\t\{ downstream=\{ FwdOctets=336 FwdFrames=4 \} upstream=\{ FwdOctets=336 FwdFrames=4 \} \}\n$/);
    expect(await l.ok('ngctl msg p0: getrun')).toMatch(/\nArgs:\t\{\}\n$/);
  });

  it('adds its delay to each direction: a round trip 2 × delay longer, replies read once they are due', async () => {
    const l = await piped();
    await l.ok('jexec a ping -c 3 10.0.0.2');
    const base = times(await l.ok('jexec a ping -c 3 10.0.0.2'));
    await l.ok(['ngctl', 'msg', 'p0:', 'setcfg', '{ delay=50000 }']);
    expect(times(await l.ok('jexec a ping -c 3 10.0.0.2'))).toEqual(base.map((t) => Number((t + 100).toFixed(3))));
    // 1.5 s each way: every reply comes after the next request went out, and ping waits for them.
    await l.ok(['ngctl', 'msg', 'p0:', 'setcfg', '{ delay=1500000 }']);
    const clock = l.state.clock!.skew;
    const slow = await l.sh('jexec a ping -c 3 10.0.0.2');
    expect(slow.code).toBe(0);
    expect(slow.stdout.match(/icmp_seq=\d/g)).toEqual(['icmp_seq=0', 'icmp_seq=1', 'icmp_seq=2']);
    expect(times(slow.stdout).every((t) => t > 3000 && t < 3001)).toBe(true);
    // Sends at 0, 1 and 2 s; the last reply is read 3 s after the last send.
    expect(l.state.clock!.skew - clock).toBe(5000);
  });

  it('takes each frame’s serialization time at its bandwidth (with HDLC framing below 10 Mbit/s)', async () => {
    const l = await piped();
    await l.ok('jexec a ping -c 2 10.0.0.2');
    const base = times(await l.ok('jexec a ping -c 2 10.0.0.2'));
    await l.ok(['ngctl', 'msg', 'p0:', 'setcfg', '{ bandwidth=100000 }']);
    expect(await l.ok('ngctl msg p0: getcfg')).toMatch(/\nArgs:\t\{ bandwidth=100000 overhead=10 downstream=\{ queuelen=50 fifo=1 droptail=1 \} /);
    // (98 + 10) bytes at 100 kbit/s: 8.64 ms each way.
    expect(times(await l.ok('jexec a ping -c 2 10.0.0.2'))).toEqual(base.map((t) => Number((t + 17.28).toFixed(3))));
  });

  it('loses every frame of a direction whose BER is 1, counting them as dropped', async () => {
    const l = await piped();
    await l.ok('jexec a ping -c 1 10.0.0.2');
    await l.ok(['ngctl', 'msg', 'p0:', 'setcfg', '{ downstream={ BER=1 } }']);
    await l.ok('ngctl msg p0: clrstats');
    expect(await l.sh('jexec a ping -c 2 -t 3 10.0.0.2')).toEqual({
      code: 2,
      stdout: 'PING 10.0.0.2 (10.0.0.2): 56 data bytes\n\n--- 10.0.0.2 ping statistics ---\n2 packets transmitted, 0 packets received, 100.0% packet loss\n',
      stderr: '',
    });
    expect(await l.ok('ngctl msg p0: getstats')).toMatch(/\nArgs:\t\{ downstream=\{ delayDropOctets=196 delayDropFrames=2 \} \}\n$/);
    // The other direction still passes: b reaches a.
    await l.ok(['ngctl', 'msg', 'p0:', 'setcfg', '{ downstream={ BER=-1 } upstream={ BER=1 } }']);
    expect((await l.sh('jexec a ping -c 1 10.0.0.2')).code).toBe(2);
    await l.ok(['ngctl', 'msg', 'p0:', 'setcfg', '{ upstream={ BER=-1 } }']);
    expect((await l.sh('jexec a ping -c 1 10.0.0.2')).code).toBe(0);
  });

  it('duplicates frames at its duplicate chance: ping reports the copies, the same ones every run', async () => {
    const run = async (): Promise<string> => {
      const l = await piped();
      await l.ok('jexec a ping -c 1 10.0.0.2');
      await l.ok(['ngctl', 'msg', 'p0:', 'setcfg', '{ downstream={ duplicate=50 } }']);
      await l.ok('ngctl msg p0: clrstats');
      const out = await l.ok('jexec a ping -c 10 10.0.0.2');
      const fwd = Number(/downstream=\{ FwdOctets=\d+ FwdFrames=(\d+)/.exec(await l.ok('ngctl msg p0: getstats'))?.[1]);
      const dups = Number(/\+(\d+) duplicates/.exec(out)?.[1] ?? 0);
      expect(out).toContain('(DUP!)');
      expect(dups).toBeGreaterThan(0);
      // Each extra echo request b answered is a duplicate reply (the last ones may stay unread).
      expect(fwd - 10).toBeGreaterThanOrEqual(dups);
      return out;
    };
    expect(await run()).toBe(await run());
  });
});
