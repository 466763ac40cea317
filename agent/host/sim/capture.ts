// Captures on the emulated host: registers a tap (dataplane/taps.ts) at the
// target in the state, under the state's lock when it is a shared file, and
// reads the tap's spool as it grows (it starts with a pcap header, then every
// frame any emulated command delivers across the target). Stopping removes
// the tap and the spool; a capture whose process dies leaves a tap that every
// later delivery ignores and the next capture's stop removes.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readSync, closeSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PcapReader, pcapHeader } from '../../../shared/capture/pcap.js';
import type { CaptureTarget } from '../../../shared/capture/target.js';
import type { CaptureHandle, CaptureOptions } from '../backend.js';
import { addTap, removeTap } from './dataplane/taps.js';
import { jailFind, jailVnet } from './jails.js';
import type { SimState, SimTap } from './state.js';

/** Runs a function on the state the way the backend holds it (under the lock for a file). */
export type StateAccess = <T>(fn: (s: SimState) => T) => Promise<T>;

const POLL_MS = 20;

/** Where the tap goes in the state; an error in words when the target is gone. */
function tapPoint(s: SimState, t: CaptureTarget): SimTap['at'] {
  if (t.kind === 'hook') {
    const id = parseInt(t.a.id, 16);
    const node = s.vnets['0']?.nodes.find((n) => n.id === id);
    if (!node?.hooks.some((h) => h.name === t.a.hook)) throw new Error(`hook ${t.a.node ?? `[${t.a.id}]`}:${t.a.hook} is gone`);
    return { kind: 'hook', vnet: 0, node: id, hook: t.a.hook };
  }
  let vnet = 0;
  if (t.jail !== null) {
    const j = jailFind(s, t.jail);
    if (!j) throw new Error(`jail ${t.jail} is gone`);
    vnet = jailVnet(s, j);
  }
  const ifp = s.ifnets.find((i) => i.name === t.name && i.vnet === vnet);
  if (!ifp) throw new Error(`interface ${t.name} is gone`);
  return { kind: 'if', ifnet: ifp.id };
}

/** Starts a capture on the emulated host. */
export async function simCapture(access: StateAccess, target: CaptureTarget, o: CaptureOptions): Promise<CaptureHandle> {
  const dir = mkdtempSync(join(tmpdir(), 'ngstudio-capture-'));
  const spool = join(dir, 'spool.pcap');
  writeFileSync(spool, pcapHeader(), { mode: 0o600 });
  const id = `${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await access((s) => addTap(s, { id, pid: process.pid, spool, at: tapPoint(s, target) }));
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const fd = openSync(spool, 'r');
  const reader = new PcapReader();
  const chunk = Buffer.alloc(65536);
  let stopped = false;
  const drain = (): void => {
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n <= 0) return;
      for (const p of reader.push(chunk.subarray(0, n))) if (!stopped) o.onPacket(p);
    }
  };
  const timer = setInterval(() => {
    try {
      drain();
    } catch (e) {
      clearInterval(timer);
      if (!stopped) o.onEnd(`reading the capture spool failed: ${(e as Error).message}`);
    }
  }, POLL_MS);
  let done: Promise<void> | null = null;
  return {
    filtered: false,
    stop: () =>
      (done ??= (async () => {
        clearInterval(timer);
        try {
          await access((s) => void removeTap(s, id));
          drain();
        } finally {
          stopped = true;
          closeSync(fd);
          rmSync(dir, { recursive: true, force: true });
        }
      })()),
  };
}
