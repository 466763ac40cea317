// `ngstudio capture TARGET [-c COUNT] [-w FILE.pcap] [--filter EXPR] [--json]`:
// listens on an interface (IF or JAIL/IF) or a netgraph link end (NODE:HOOK)
// and prints one line per frame as `tcpdump -n` does, or writes a pcap file
// (-w) that tcpdump and Wireshark read. Stops after COUNT frames or on
// Ctrl-C; whatever was put on the host for it is removed in both cases.
import { closeSync, openSync, writeSync } from 'node:fs';
import { packetLine } from '../../shared/capture/decode.js';
import { FILTER_HELP } from '../../shared/capture/filter.js';
import { pcapHeader, pcapRecord } from '../../shared/capture/pcap.js';
import { isCaptureError, startCapture, type RunningCapture } from '../engine/capture.js';
import { parse, UsageError, type CliIO } from './args.js';
import { openHost } from './host.js';
import { HOST_OPTIONS } from './plan.js';

const USAGE = 'write ngstudio capture TARGET [-c COUNT] [-w FILE.pcap] [--filter EXPR] [--json], TARGET being IF, JAIL/IF or NODE:HOOK';

/** Runs `ngstudio capture`. */
export async function captureCmd(argv: string[], io: CliIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values: v, positionals } = parse('capture', argv, {
    ...HOST_OPTIONS,
    count: { type: 'string', short: 'c' },
    write: { type: 'string', short: 'w' },
    filter: { type: 'string' },
    json: { type: 'boolean' },
  }, true);
  const [target, ...extra] = positionals;
  if (target === undefined) throw new UsageError(`capture: missing TARGET; ${USAGE}`);
  if (extra.length > 0) throw new UsageError(`capture: unexpected argument ${JSON.stringify(extra[0])}; ${USAGE}`);
  let count: number | undefined;
  if (v.count !== undefined) {
    if (!/^\d+$/.test(v.count) || Number(v.count) < 1 || !Number.isSafeInteger(Number(v.count))) throw new UsageError(`capture: -c COUNT must be a whole number of at least 1 (got ${JSON.stringify(v.count)})`);
    count = Number(v.count);
  }
  if (v.write !== undefined && v.json) throw new UsageError('capture: -w writes a pcap file and --json prints lines; choose one');
  let fd: number | null = null;
  if (v.write !== undefined) {
    try {
      fd = openSync(v.write, 'w', 0o644);
      writeSync(fd, pcapHeader());
    } catch (e) {
      if (fd !== null) closeSync(fd);
      throw new Error(`capture: cannot write ${v.write}: ${(e as Error).message}; nothing was captured`);
    }
  }
  const opened = await openHost('capture', { ...v, demo: false }, { tempFile: false, env });
  let signalled: (why: string) => void = () => {};
  const stop = new Promise<string>((resolve) => (signalled = resolve));
  const onSignal = (sig: NodeJS.Signals): void => signalled(sig);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let cap: RunningCapture | null = null;
  try {
    for (const n of opened.notes) io.err(`ngstudio: ${n}`);
    try {
      cap = await startCapture(opened.backend, {
        target,
        ...(count !== undefined ? { count } : {}),
        filter: v.filter ?? '',
        onPacket: (p, d) => {
          if (fd !== null) writeSync(fd, pcapRecord(p));
          else if (v.json) io.out(JSON.stringify({ time: new Date(p.tsUs / 1000).toISOString(), tsUs: p.tsUs, src: d.src, dst: d.dst, protocol: d.proto, summary: d.summary, length: d.length }));
          else io.out(packetLine(p, d));
        },
      });
    } catch (e) {
      if (isCaptureError(e) && e.code === 'bad-input') throw new UsageError(`capture: ${e.message}${/filter/.test(e.message) ? '' : `; ${USAGE}`}`);
      throw e;
    }
    io.err(`ngstudio: capture: listening on ${cap.text}${v.filter ? ` (filter: ${v.filter})` : ''}, link-type EN10MB (Ethernet)${count !== undefined ? `, stopping after ${count} packets` : ', Ctrl-C stops'}`);
    const c = cap;
    const out = await Promise.race([c.done, stop.then(async () => (await c.stop(), c.done))]);
    io.err(`ngstudio: capture: ${out.packets} packet${out.packets === 1 ? '' : 's'} captured${v.write !== undefined ? ` into ${v.write}` : ''}`);
    if (out.error !== null) {
      io.err(`ngstudio: capture: ${out.error}`);
      return 1;
    }
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (cap !== null) await cap.stop().catch(() => {});
    if (fd !== null) closeSync(fd);
    await opened.cleanup();
  }
}

export { FILTER_HELP };
