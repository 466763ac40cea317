// Captures for WebSocket clients (`capture.start`, `capture.stop`): each
// capture belongs to the client that started it, its frames go to that
// client only, as `capture` events batched on a timer and capped (the rest
// counted as dropped, still written to the capture's pcap), and it stops when
// the client disconnects. Each capture's pcap is a file in the agent's own
// temporary folder, served by `GET /api/capture/ID.pcap` while its client is
// connected, and deleted with it.
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostBackend } from '../host/backend.js';
import { pcapHeader, pcapRecord } from '../../shared/capture/pcap.js';
import { CAPTURE_BATCH_MAX, CAPTURE_EVENTS_PER_SECOND, type AgentMethods, type CaptureEvent, type CapturePacket } from '../../shared/protocol/rpc.js';
import { isCaptureError, startCapture, type RunningCapture } from '../engine/capture.js';
import { WireFailure, type ClientRef } from './methods.js';

type H<M extends keyof AgentMethods> = (p: AgentMethods[M]['params'], client?: ClientRef) => Promise<AgentMethods[M]['result']>;

export interface CaptureHandlers {
  'capture.start': H<'capture.start'>;
  'capture.stop': H<'capture.stop'>;
}

/** Captures one client may run at once. */
export const MAX_CAPTURES_PER_CLIENT = 4;
/** A capture's pcap stops growing here. */
export const MAX_PCAP_BYTES = 64 * 1024 * 1024;

interface Entry {
  id: string;
  owner: ClientRef;
  file: string;
  /** `br0:link2`, for the download's name. */
  text: string;
  cap: RunningCapture | null;
  fd: number | null;
  bytes: number;
  total: number;
  dropped: number;
  truncated: boolean;
  batch: CapturePacket[];
  timer: NodeJS.Timeout | null;
}

export interface CaptureService {
  handlers: CaptureHandlers;
  /** The pcap of capture `id` and a download name, or null. */
  pcap(id: string): { file: string; name: string } | null;
  close(): Promise<void>;
}

const fail = (code: 'bad-params' | 'host-error' | 'internal', message: string): never => {
  throw new WireFailure({ code, message });
};

/** The capture service over the agent's backend. */
export function createCaptureService(backend: HostBackend): CaptureService {
  let dir: string | null = null;
  const entries = new Map<string, Entry>();
  const folder = (): string => (dir ??= mkdtempSync(join(tmpdir(), 'ngstudio-captures-')));

  const flush = (e: Entry, ended?: { error: string | null }): void => {
    const data: CaptureEvent = { id: e.id, packets: e.batch, dropped: e.dropped, total: e.total, ...(e.truncated ? { truncated: true } : {}), ...(ended ? { ended } : {}) };
    e.batch = [];
    e.dropped = 0;
    if (data.packets.length > 0 || data.dropped > 0 || ended) e.owner.send({ type: 'event', event: 'capture', data });
  };
  const finish = (e: Entry, error: string | null): void => {
    if (e.timer === null) return;
    clearInterval(e.timer);
    e.timer = null;
    if (e.fd !== null) closeSync(e.fd);
    e.fd = null;
    flush(e, { error });
  };
  const forget = async (e: Entry): Promise<void> => {
    await e.cap?.stop().catch(() => {});
    finish(e, null);
    entries.delete(e.id);
    rmSync(e.file, { force: true });
  };

  const start: H<'capture.start'> = async ({ target, filter, count }, client) => {
    if (!client) return fail('internal', 'captures are for WebSocket clients');
    const mine = [...entries.values()].filter((x) => x.owner === client && x.timer !== null);
    if (mine.length >= MAX_CAPTURES_PER_CLIENT) return fail('bad-params', `at most ${MAX_CAPTURES_PER_CLIENT} captures run at once per client; stop one first`);
    const id = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
    const file = join(folder(), `${id}.pcap`);
    const fd = openSync(file, 'w', 0o600);
    writeSync(fd, pcapHeader());
    const e: Entry = { id, owner: client, file, text: target, cap: null, fd, bytes: 24, total: 0, dropped: 0, truncated: false, batch: [], timer: null };
    e.timer = setInterval(() => flush(e), 1000 / CAPTURE_EVENTS_PER_SECOND);
    entries.set(id, e);
    client.onClose(() => void forget(e));
    try {
      e.cap = await startCapture(backend, {
        target,
        ...(filter !== undefined ? { filter } : {}),
        ...(count !== undefined ? { count } : {}),
        onPacket: (p, d, n) => {
          e.total = n;
          const rec = pcapRecord(p);
          if (e.fd !== null && e.bytes + rec.length <= MAX_PCAP_BYTES) {
            writeSync(e.fd, rec);
            e.bytes += rec.length;
          } else e.truncated = true;
          if (e.batch.length < CAPTURE_BATCH_MAX) e.batch.push({ n, tsUs: p.tsUs, src: d.src, dst: d.dst, protocol: d.proto, summary: d.summary, length: d.length });
          else e.dropped++;
        },
      });
    } catch (err) {
      await forget(e);
      if (isCaptureError(err)) return fail(err.code === 'bad-input' ? 'bad-params' : 'host-error', err.message);
      throw err;
    }
    e.text = e.cap.text;
    void e.cap.done.then((r) => finish(e, r.error));
    return { id, target: e.cap.text };
  };

  const stop: H<'capture.stop'> = async ({ id }, client) => {
    const e = entries.get(id);
    if (!e || e.owner !== client) return fail('bad-params', `there is no capture ${id} of this client`);
    await e.cap?.stop();
    finish(e, null);
    return { id, packets: e.total };
  };

  return {
    handlers: { 'capture.start': start, 'capture.stop': stop },
    pcap: (id) => {
      const e = entries.get(id);
      return e ? { file: e.file, name: `ngstudio-${e.text.replace(/[^A-Za-z0-9_.-]+/g, '_')}.pcap` } : null;
    },
    async close() {
      for (const e of [...entries.values()]) await forget(e);
      if (dir !== null) rmSync(dir, { recursive: true, force: true });
    },
  };
}
