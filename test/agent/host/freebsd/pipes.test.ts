// ng_pipe settings on the freebsd backend: getcfg answers read back into the
// snapshot (equal bandwidths unfolded, zero fields filled in), asked in the
// cycle's one batch of per-node questions: no process of their own, the same
// count with no pipe, 1 pipe or 6.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freebsdBackend } from '../../../../agent/host/freebsd/backend.js';
import { parseGetcfgs } from '../../../../agent/host/freebsd/pipes.js';
import { fileSimBackend } from '../../../../agent/host/sim/backend.js';
import { simBinDir } from '../../../../agent/host/sim/bin-dir.js';
import { withState } from '../../../../agent/host/sim/store.js';
import { pipeConfigFromAscii } from '../../../../shared/parse/pipe-cfg.js';
import { comparablePair } from './sim-compare.js';

const dir = mkdtempSync(join(tmpdir(), 'ngstudio-fb-pipes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hook = { bandwidth: 0, ber: 0, qinSizeLimit: 50, qoutSizeLimit: 0, duplicate: 0, fifo: 1, drr: 0, wfq: 0, droptail: 1, drophead: 0 };

describe('reading getcfg answers', () => {
  it('matches answers to pipes by the sender ID, unfolds a top-level bandwidth, and skips what is not a pipe config', () => {
    const out = [
      'Rec\'d response "getcfg" (5) from "[1a]:":',
      'Args:\t{ bandwidth=1000000 delay=50000 downstream={ BER=1205134 queuelen=50 fifo=1 droptail=1 } upstream={ queuelen=50 fifo=1 droptail=1 } }',
      'Rec\'d response "getcfg" (5) from "[00000003]:":',
      'Args:\t{}',
      'Rec\'d response "getcfg" (5) from "[4]:":',
      'Args:\t{ delay="soon" }',
      '',
    ].join('\n');
    const m = parseGetcfgs(out);
    expect([...m.keys()]).toEqual(['1a', '3']);
    expect(m.get('1a')).toEqual({ delay: 50000, overhead: 0, headerOffset: 0, downstream: { ...hook, bandwidth: 1000000, ber: 1205134 }, upstream: { ...hook, bandwidth: 1000000 } });
    const zero = { bandwidth: 0, ber: 0, qinSizeLimit: 0, qoutSizeLimit: 0, duplicate: 0, fifo: 0, drr: 0, wfq: 0, droptail: 0, drophead: 0 };
    expect(m.get('3')).toEqual({ delay: 0, overhead: 0, headerOffset: 0, downstream: zero, upstream: zero });
    expect(pipeConfigFromAscii({ downstream: { queuelen: 50, colour: 1 } })).toBeNull();
    expect(pipeConfigFromAscii([1, 2])).toBeNull();
  });
});

describe('freebsd backend over the emulated commands, with pipes', { timeout: 120_000 }, () => {
  /** A host with `n` pairs of eifaces, each joined through a pipe (or directly); the process count of a cycle and the snapshot. */
  async function cycle(n: number, pipes = true): Promise<{ processes: number; ngctlF: number; same: boolean; delays: number[] }> {
    const file = join(dir, `pipes-${n}-${pipes}.json`);
    await withState(file, () => {});
    const b = freebsdBackend({ binDir: simBinDir(), env: { NGSTUDIO_SIM_STATE: file }, timeoutMs: 60_000 });
    let script = '';
    for (let i = 0; i < n; i++) {
      script += `mkpeer . eiface e${i} ether\nname .:e${i} a${i}\nrmhook . e${i}\n`;
      if (!pipes) script += `mkpeer a${i}: eiface ether ether\n`;
      else script += `mkpeer a${i}: pipe ether upper\nname a${i}:ether p${i}\nmkpeer p${i}: eiface lower ether\nmsg p${i}: setcfg { delay=${1000 * (i + 1)} }\n`;
    }
    expect((await b.run(['ngctl', '-f', '-'], { stdin: script })).stderr).toBe('');
    await b.observe();
    const before = b.spawnStats();
    const snap = await b.observe();
    const after = b.spawnStats();
    const sim = await fileSimBackend(file).observe();
    await b.close();
    const { host: _h, ...fb } = snap;
    const { host: _s, ...sm } = sim;
    return {
      processes: after.total - before.total,
      ngctlF: (after.byCommand.ngctl ?? 0) - (before.byCommand.ngctl ?? 0),
      same: ((x, y) => JSON.stringify(x) === JSON.stringify(y))(...comparablePair(fb, sm)),
      delays: snap.netgraph.nodes.filter((x) => x.type === 'pipe').map((x) => x.pipe?.delay ?? -1).sort((x, y) => x - y),
    };
  }

  it('reads every pipe\'s settings in the batch it already runs, as the sim backend sees them: no process more for 1 pipe or 6', async () => {
    const none = await cycle(1, false);
    const one = await cycle(1);
    const six = await cycle(6);
    expect(none.delays).toEqual([]);
    expect(one.delays).toEqual([1000]);
    expect(six.delays).toEqual([1000, 2000, 3000, 4000, 5000, 6000]);
    expect([none.same, one.same, six.same]).toEqual([true, true, true]);
    expect([one.processes, six.processes]).toEqual([none.processes, none.processes]);
    expect([one.ngctlF, six.ngctlF]).toEqual([none.ngctlF, none.ngctlF]);
  });
});
