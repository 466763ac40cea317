// Packet capture as an agent operation: checks the target against a fresh
// observation and the filter against the supported syntax, starts the
// backend's capture, filters where the backend did not, decodes each frame
// and stops after `count` frames. Whatever the backend put on the host is
// removed by stop(), which every caller runs (finally), also on errors.
import type { CaptureHandle, HostBackend } from '../host/backend.js';
import { decodeFrame, type DecodedPacket } from '../../shared/capture/decode.js';
import { parseFilter } from '../../shared/capture/filter.js';
import type { RawPacket } from '../../shared/capture/pcap.js';
import { captureTargetText, resolveCaptureTarget, type CaptureTarget } from '../../shared/capture/target.js';

/** Why a capture could not start: bad input (`bad-input`: exit 2) or the host refused (`host-error`). */
export class CaptureError extends Error {
  override name = 'CaptureError';
  constructor(
    readonly code: 'bad-input' | 'host-error',
    message: string,
  ) {
    super(message);
  }
}

export const isCaptureError = (e: unknown): e is CaptureError => e instanceof Error && e.name === 'CaptureError';

export interface CaptureRequest {
  target: string;
  /** Stop after this many frames (those the filter lets through); absent: until stopped. */
  count?: number;
  filter?: string;
  onPacket(p: RawPacket, d: DecodedPacket, n: number): void;
}

/** A capture under way. */
export interface RunningCapture {
  target: CaptureTarget;
  /** `br0:link2`. */
  text: string;
  /** Resolves when the capture ends: after `count` frames, stop(), or its source failing (then `error`). */
  done: Promise<{ packets: number; error: string | null }>;
  stop(): Promise<void>;
}

/** Checks a count: a whole number of at least 1. */
export function checkCount(v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new CaptureError('bad-input', `count ${JSON.stringify(v)} must be a whole number of at least 1`);
  return v;
}

/** Starts a capture; CaptureError for bad input or a host that cannot capture. */
export async function startCapture(backend: HostBackend, r: CaptureRequest): Promise<RunningCapture> {
  if (!backend.capture) throw new CaptureError('host-error', 'this host cannot capture packets');
  if (r.count !== undefined) checkCount(r.count);
  const filter = r.filter ?? '';
  const parsed = parseFilter(filter);
  if (!parsed.ok) throw new CaptureError('bad-input', parsed.reason);
  const checked = resolveCaptureTarget(await backend.observe(), r.target);
  if (!checked.ok) throw new CaptureError('bad-input', checked.reason);
  const target = checked.target;
  let packets = 0;
  let finish: (v: { packets: number; error: string | null }) => void = () => {};
  const done = new Promise<{ packets: number; error: string | null }>((res) => (finish = res));
  let handle: CaptureHandle | null = null;
  let ended = false;
  const end = (error: string | null): void => {
    if (ended) return;
    ended = true;
    const h = handle;
    void (h ? h.stop() : Promise.resolve()).catch(() => {}).then(() => finish({ packets, error }));
  };
  let filtered = false;
  try {
    handle = await backend.capture(target, {
      filter,
      onPacket: (p) => {
        if (ended) return;
        const d = decodeFrame(p.data, p.origLen);
        if (!filtered && !parsed.match(d)) return;
        packets++;
        r.onPacket(p, d, packets);
        if (r.count !== undefined && packets >= r.count) end(null);
      },
      onEnd: (reason) => end(reason),
    });
  } catch (e) {
    throw new CaptureError('host-error', `could not start the capture on ${captureTargetText(target)}: ${(e as Error).message}`);
  }
  filtered = handle.filtered;
  const h = handle;
  if (ended) await h.stop();
  return {
    target,
    text: captureTargetText(target),
    done,
    stop: async () => {
      end(null);
      await h.stop();
      await done;
    },
  };
}
