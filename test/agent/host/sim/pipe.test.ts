// The emulated ng_pipe(4), checked against ng_pipe.c: hooks upper/lower, a
// new hook's defaults, setcfg's 0-keeps / -1-clears / out-of-range-ignored
// rules, getcfg printed as ng_unparse prints (zero fields left out, equal
// bandwidths folded to the top), the counters' messages, and its shutdown
// joining its two peers (ng_bypass).
import { describe, expect, it } from 'vitest';
import { ng } from './cmd/ngctl-helpers.js';
import { newState } from '../../../../agent/host/sim/new-state.js';
import { simSnapshot } from '../../../../agent/host/sim/snapshot.js';
import { pipeParams } from '../../../../agent/host/sim/netgraph/types/pipe.js';
import type { SimState } from '../../../../agent/host/sim/state.js';

const SEND = 'ngctl: send msg: ';

/** A host with eifaces a and b joined through pipe p (upper on a, lower on b). */
async function spliced(): Promise<SimState> {
  const s = newState();
  const r = await ng(s, ['-f', '-'], {
    stdin: 'mkpeer . eiface ea ether\nname .:ea a\nrmhook . ea\nmkpeer a: pipe ether upper\nname a:ether p\nmkpeer p: eiface lower ether\nname p:lower b\n',
  });
  expect(r.stderr).toBe('');
  return s;
}

/** The Args text of a `msg p: CMD` answer. */
async function args(s: SimState, cmd: string, ...rest: string[]): Promise<string> {
  const r = await ng(s, ['msg', 'p:', cmd, ...rest]);
  expect(r.stderr).toBe('');
  return /^Args:\t(.*)$/m.exec(r.stdout)?.[1] ?? r.stdout;
}

describe('emulated ng_pipe', () => {
  it('answers getcfg as FreeBSD prints it: the hooks\' defaults, zero fields left out', async () => {
    const s = await spliced();
    const r = await ng(s, ['msg', 'p:', 'getcfg']);
    expect(r).toEqual({
      code: 0, stderr: '',
      stdout: 'Rec\'d response "getcfg" (5) from "[3]:":\nArgs:\t{ downstream={ queuelen=50 fifo=1 droptail=1 } upstream={ queuelen=50 fifo=1 droptail=1 } }\n',
    });
  });

  it('takes only the hooks upper and lower', async () => {
    const s = await spliced();
    expect(await ng(s, ['mkpeer', 'p:', 'hub', 'left', 'x'])).toMatchObject({ code: 71, stderr: `${SEND}Invalid argument\n` });
    expect(await ng(s, ['mkpeer', 'p:', 'hub', 'upper', 'x'])).toMatchObject({ code: 71, stderr: `${SEND}File exists\n` });
  });

  it('sets what setcfg names: delay in µs, per-direction settings, -1 back to 0, bad values ignored', async () => {
    const s = await spliced();
    await ng(s, ['msg', 'p:', 'setcfg', '{', 'delay=50000', 'downstream={', 'bandwidth=1000000', 'BER=1205134', 'duplicate=2', '}', '}']);
    expect(await args(s, 'getcfg')).toBe('{ delay=50000 downstream={ bandwidth=1000000 BER=1205134 queuelen=50 duplicate=2 fifo=1 droptail=1 } upstream={ queuelen=50 fifo=1 droptail=1 } }');
    // 0 keeps a field; -1 clears it; a delay of 10 s, a queue under 5, 51 % duplicates are ignored.
    await ng(s, ['msg', 'p:', 'setcfg', '{', 'delay=10000000', 'downstream={', 'BER=-1', 'queuelen=4', 'duplicate=51', '}', '}']);
    expect(await args(s, 'getcfg')).toBe('{ delay=50000 downstream={ bandwidth=1000000 queuelen=50 duplicate=2 fifo=1 droptail=1 } upstream={ queuelen=50 fifo=1 droptail=1 } }');
    await ng(s, ['msg', 'p:', 'setcfg', '{', 'delay=-1', 'downstream={', 'bandwidth=-1', 'duplicate=-1', 'drophead=1', '}', 'upstream={', 'drr=1', '}', '}']);
    expect(await args(s, 'getcfg')).toBe('{ downstream={ queuelen=50 fifo=1 drophead=1 } upstream={ queuelen=50 drr=2048 droptail=1 } }');
  });

  it('folds equal bandwidths into the top field, and a top-level bandwidth sets the framing overhead', async () => {
    const s = await spliced();
    await ng(s, ['msg', 'p:', 'setcfg', '{', 'bandwidth=20000000', '}']);
    expect(await args(s, 'getcfg')).toBe('{ bandwidth=20000000 overhead=24 downstream={ queuelen=50 fifo=1 droptail=1 } upstream={ queuelen=50 fifo=1 droptail=1 } }');
    await ng(s, ['msg', 'p:', 'setcfg', '{', 'bandwidth=500000', 'upstream={', 'bandwidth=64000', '}', '}']);
    expect(await args(s, 'getcfg')).toBe('{ overhead=10 downstream={ bandwidth=500000 queuelen=50 fifo=1 droptail=1 } upstream={ bandwidth=64000 queuelen=50 fifo=1 droptail=1 } }');
    const snap = simSnapshot(s).netgraph.nodes.find((n) => n.name === 'p')!;
    expect(snap.pipe).toMatchObject({ delay: 0, overhead: 10, downstream: { bandwidth: 500000 }, upstream: { bandwidth: 64000 } });
    // What a data plane reads for frames entering at each hook.
    expect(pipeParams(s.vnets['0']!.nodes.find((n) => n.name === 'p')!, 'lower')).toMatchObject({ delayUs: 0, overheadBytes: 10, cfg: { bandwidth: 64000 } });
  });

  it('refuses what ng_parse refuses: unknown fields ENOENT, a field twice EALREADY, junk EINVAL', async () => {
    const s = await spliced();
    expect(await ng(s, ['msg', 'p:', 'setcfg', '{', 'jitter=5', '}'])).toMatchObject({ code: 71, stderr: `${SEND}No such file or directory\n` });
    expect(await ng(s, ['msg', 'p:', 'setcfg', '{', 'upstream={', 'ber=5', '}', '}'])).toMatchObject({ code: 71, stderr: `${SEND}No such file or directory\n` });
    expect(await ng(s, ['msg', 'p:', 'setcfg', '{', 'delay=1', 'delay=2', '}'])).toMatchObject({ code: 71, stderr: `${SEND}Operation already in progress\n` });
    expect(await ng(s, ['msg', 'p:', 'setcfg', '{', 'delay=x', '}'])).toMatchObject({ code: 71, stderr: `${SEND}Invalid argument\n` });
    expect(await ng(s, ['msg', 'p:', 'setcfg', '{', 'overhead=4294967296', '}'])).toMatchObject({ code: 71, stderr: `${SEND}Invalid argument\n` });
    expect(await ng(s, ['msg', 'p:', 'setcfg'])).toMatchObject({ code: 71, stderr: `${SEND}Invalid argument\n` });
    expect(await args(s, 'getcfg')).toBe('{ downstream={ queuelen=50 fifo=1 droptail=1 } upstream={ queuelen=50 fifo=1 droptail=1 } }');
  });

  it('has zero counters and empty queues (no frames flow), under ng_pipe.h\'s names', async () => {
    const s = await spliced();
    expect(await args(s, 'getstats')).toBe('{}');
    expect(await args(s, 'getclrstats')).toBe('{}');
    expect(await args(s, 'getrun')).toBe('{}');
    expect(await ng(s, ['msg', 'p:', 'clrstats'])).toEqual({ code: 0, stdout: '', stderr: '' });
    const n = s.vnets['0']!.nodes.find((x) => x.name === 'p')!;
    n.pipe!.upper.stats.fwdFrames = 3;
    n.pipe!.upper.stats.fwdOctets = 294;
    n.pipe!.lower.run.qinFrames = 1;
    expect(await args(s, 'getclrstats')).toBe('{ downstream={ FwdOctets=294 FwdFrames=3 } }');
    expect(await args(s, 'getstats')).toBe('{}');
    expect(await args(s, 'getrun')).toBe('{ upstream={ queuedFrames=1 } }');
  });

  it('gives a re-made hook ng_pipe\'s defaults again, and outlives its hooks', async () => {
    const s = await spliced();
    await ng(s, ['msg', 'p:', 'setcfg', '{', 'delay=9', 'upstream={', 'BER=7', '}', '}']);
    await ng(s, ['rmhook', 'p:', 'lower']);
    await ng(s, ['rmhook', 'p:', 'upper']);
    expect(simSnapshot(s).netgraph.nodes.find((n) => n.name === 'p')).toMatchObject({ type: 'pipe', hooks: [] });
    expect(await args(s, 'getcfg')).toBe('{ delay=9 downstream={ queuelen=50 fifo=1 droptail=1 } upstream={ BER=7 queuelen=50 fifo=1 droptail=1 } }');
    await ng(s, ['connect', 'p:', 'b:', 'lower', 'ether']);
    expect(await args(s, 'getcfg')).toBe('{ delay=9 downstream={ queuelen=50 fifo=1 droptail=1 } upstream={ queuelen=50 fifo=1 droptail=1 } }');
  });

  it('joins its two peers when shut down with both hooks linked, and just goes with one', async () => {
    const s = await spliced();
    expect(await ng(s, ['shutdown', 'p:'])).toEqual({ code: 0, stdout: '', stderr: '' });
    const nodes = simSnapshot(s).netgraph.nodes;
    const a = nodes.find((n) => n.name === 'a')!;
    const b = nodes.find((n) => n.name === 'b')!;
    expect(a.hooks).toEqual([{ hook: 'ether', peerId: b.id, peerHook: 'ether' }]);
    expect(b.hooks).toEqual([{ hook: 'ether', peerId: a.id, peerHook: 'ether' }]);
    expect(nodes.some((n) => n.type === 'pipe')).toBe(false);
    // Link state stays up: the eifaces never saw a disconnect.
    expect(s.ifnets.filter((i) => i.kind === 'eiface').map((i) => i.linkUp)).toEqual([true, true]);

    const t = await spliced();
    await ng(t, ['rmhook', 'p:', 'lower']);
    await ng(t, ['shutdown', 'p:']);
    expect(simSnapshot(t).netgraph.nodes.map((n) => [n.name, n.hooks.length])).toEqual([['a', 0], ['b', 0]]);
  });
});
