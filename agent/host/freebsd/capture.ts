// Captures on a FreeBSD host. An interface is read with
// `tcpdump -i IF -U -n -w - [FILTER]` (through `jexec JAIL` for an interface
// in a vnet jail), whose pcap stream is parsed as it comes; tcpdump applies
// the filter. A netgraph link gets an ng_tee spliced in (shared/capture/target.ts:
// rmhook, mkpeer tee, name, connect), and `nghook -a -n TEE: left2right` and
// `… right2left` read the copies of each direction as hex dumps; the caller
// filters. The tee is shut down afterwards, which links the two ends again,
// and a splice that failed part-way is undone the same way. A tee left by a
// capture process that was killed outright is shut down by the next link
// capture (its name carries the dead process's pid).
import { randomBytes } from 'node:crypto';
import { NghookAsciiReader } from '../../../shared/capture/nghook.js';
import { PcapReader } from '../../../shared/capture/pcap.js';
import { teeName, teeSpliceSteps, teeUnspliceSteps, type CaptureTarget } from '../../../shared/capture/target.js';
import type { CaptureHandle, CaptureOptions, HostBackend } from '../backend.js';
import type { Exec, StreamingCommand } from './exec.js';

const oneLine = (s: string): string => s.trim().split('\n').filter((l) => l !== '').pop() ?? '';

/** How a streaming command ended, in words. */
const how = (r: { code: number | null; signal: string | null }): string => (r.code !== null ? `exit ${r.code}` : r.signal !== null ? `signal ${r.signal}` : 'did not run');

/** tcpdump's argv for an interface capture. */
export function tcpdumpArgv(t: Extract<CaptureTarget, { kind: 'if' }>, filter: string): string[] {
  const argv = ['tcpdump', '-i', t.name, '-U', '-n', '-w', '-', ...(filter.trim() ? [filter.trim()] : [])];
  return t.jail === null ? argv : ['jexec', t.jail, ...argv];
}

async function ifCapture(exec: Exec, t: Extract<CaptureTarget, { kind: 'if' }>, o: CaptureOptions): Promise<CaptureHandle> {
  const reader = new PcapReader();
  let stopping = false;
  let failed: string | null = null;
  const cmd = (exec.stream as NonNullable<Exec['stream']>)(tcpdumpArgv(t, o.filter), (chunk) => {
    if (failed !== null) return;
    try {
      for (const p of reader.push(chunk)) o.onPacket(p);
    } catch (e) {
      failed = `tcpdump's output: ${(e as Error).message}`;
    }
  });
  void cmd.exited.then((r) => {
    if (!stopping) o.onEnd(failed ?? `tcpdump ended (${how(r)}): ${oneLine(r.stderr) || 'no message'}`);
  });
  return {
    filtered: true,
    stop: async () => {
      stopping = true;
      await cmd.stop();
    },
  };
}

/** Runs argv; an error naming the command when it fails. */
async function must(backend: HostBackend, argv: string[]): Promise<void> {
  const r = await (backend.run as NonNullable<HostBackend['run']>)(argv);
  if (r.code !== 0) throw new Error(`${argv.join(' ')} failed (exit ${r.code}): ${oneLine(r.stderr) || 'no message'}`);
}

/** Puts the link back (shuts the tee down, connects the ends if needed); returns what went wrong, if anything. */
export async function unsplice(backend: HostBackend, t: Extract<CaptureTarget, { kind: 'hook' }>, tee: string): Promise<string | null> {
  try {
    for (const argv of teeUnspliceSteps(await backend.observe(), t, tee)) await must(backend, argv);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Splices the tee in; on failure undoes what was done and throws with the failing command. */
export async function splice(backend: HostBackend, t: Extract<CaptureTarget, { kind: 'hook' }>, tee: string): Promise<void> {
  for (const argv of teeSpliceSteps(t, tee)) {
    try {
      await must(backend, argv);
    } catch (e) {
      const left = await unsplice(backend, t, tee);
      throw new Error(`${(e as Error).message}; ${left === null ? 'the link was put back as it was' : `putting the link back failed too: ${left}`}`);
    }
  }
}

const pidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Shuts down the tees of captures whose process died without taking them out
 * (killed outright): their name carries the pid (`ngs_cap_PID_…`, base 36).
 * Shutting a tee down links its two ends again. Returns the tees removed.
 */
export async function sweepStaleTees(backend: HostBackend, alive: (pid: number) => boolean = pidAlive): Promise<string[]> {
  const gone: string[] = [];
  for (const n of (await backend.observe()).netgraph.nodes) {
    const m = n.type === 'tee' && n.name !== null ? /^ngs_cap_([0-9a-z]+)_[0-9a-f]+$/.exec(n.name) : null;
    if (!m || alive(parseInt(m[1] as string, 36))) continue;
    await must(backend, ['ngctl', 'shutdown', `${n.name}:`]);
    gone.push(n.name as string);
  }
  return gone;
}

async function hookCapture(exec: Exec, backend: HostBackend, t: Extract<CaptureTarget, { kind: 'hook' }>, o: CaptureOptions): Promise<CaptureHandle> {
  await sweepStaleTees(backend);
  const tee = teeName(`${process.pid.toString(36)}_${randomBytes(3).toString('hex')}`);
  await splice(backend, t, tee);
  let stopping = false;
  const readers: StreamingCommand[] = [];
  const start = (hook: 'left2right' | 'right2left'): StreamingCommand => {
    const reader = new NghookAsciiReader();
    const dec = new TextDecoder();
    const cmd = (exec.stream as NonNullable<Exec['stream']>)(['nghook', '-a', '-n', `${tee}:`, hook], (chunk) => {
      try {
        for (const data of reader.push(dec.decode(chunk, { stream: true }))) o.onPacket({ tsUs: Date.now() * 1000, data, origLen: data.length });
      } catch (e) {
        if (!stopping) o.onEnd((e as Error).message);
      }
    });
    void cmd.exited.then((r) => {
      if (!stopping) o.onEnd(`nghook on ${tee}:${hook} ended (${how(r)}): ${oneLine(r.stderr) || 'no message'}`);
    });
    return cmd;
  };
  let stopped: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      stopping = true;
      await Promise.all(readers.map((r) => r.stop()));
      const left = await unsplice(backend, t, tee);
      if (left !== null) throw new Error(`the capture's ng_tee ${tee} could not be taken out: ${left}`);
    })());
  try {
    readers.push(start('left2right'), start('right2left'));
  } catch (e) {
    await stop().catch(() => {});
    throw e;
  }
  return { filtered: false, stop };
}

/** The freebsd backend's capture. */
export function freebsdCapture(exec: Exec, backend: HostBackend): NonNullable<HostBackend['capture']> {
  return (t, o) => (t.kind === 'if' ? ifCapture(exec, t, o) : hookCapture(exec, backend, t, o));
}
