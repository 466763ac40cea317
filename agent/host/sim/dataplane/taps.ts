// Packet capture on the emulated data plane, the emulator's bpf(4): a tap
// registered in the state (SimState.taps) by a capturing process names a
// netgraph hook or an interface; every frame crossing it during any emulated
// command (a ping in another process, an ARP announcement) is appended, as a
// pcap record, to the tap's spool file, which the capturing process reads as
// it grows. Appends happen under the state file's lock, one whole record per
// write, so a reader never sees a torn record. A hook tap sees both
// directions of its link; an interface tap what the interface receives
// (ether_input) and what its driver transmits, as bpf does.
import { closeSync, openSync, writeSync } from 'node:fs';
import { pcapRecord } from '../../../../shared/capture/pcap.js';
import type { SimIfnet, SimState, SimTap, VnetId } from '../state.js';
import type { Frame } from './frame.js';
import { frameBytes } from './bytes.js';

const alive = (pid: number): boolean => {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Spool files this process has open for appending, by path (closed once their tap is gone). */
const spools = new Map<string, number>();

/** The taps whose process still runs (read once per delivery run); spools of taps that went are closed. */
export function liveTaps(state: SimState): SimTap[] {
  const live = (state.taps ?? []).filter((t) => alive(t.pid));
  for (const [path, fd] of spools) {
    if (live.some((t) => t.spool === path)) continue;
    spools.delete(path);
    closeSync(fd);
  }
  return live;
}

/** Appends one whole record to a spool (one write(2) on an O_APPEND descriptor). */
function append(path: string, rec: Uint8Array): void {
  let fd = spools.get(path);
  if (fd === undefined) {
    fd = openSync(path, 'a');
    spools.set(path, fd);
  }
  writeSync(fd, rec);
}

/** Registers a tap (the caller saves the state); taps of processes that are gone are dropped. */
export function addTap(state: SimState, tap: SimTap): void {
  state.taps = [...liveTaps(state), tap];
  state.generation++;
}

/** Removes a tap, and any whose process is gone; true when `id` was there. */
export function removeTap(state: SimState, id: string): boolean {
  const before = state.taps ?? [];
  const kept = before.filter((t) => t.id !== id && alive(t.pid));
  if (kept.length === before.length) return false;
  if (kept.length > 0) state.taps = kept;
  else delete state.taps;
  state.generation++;
  return before.some((t) => t.id === id);
}

/** A frame to record: the clock in epoch µs (emulated uptime plus boot time plus the path's delay). */
function record(state: SimState, taps: SimTap[], f: Frame, atMs: number, delayUs: number): void {
  const boot = state.clock?.boot ?? 0;
  const tsUs = Math.round((boot + atMs) * 1000 + delayUs);
  const data = frameBytes(f, atMs + delayUs / 1000);
  const rec = pcapRecord({ tsUs, data, origLen: data.length });
  for (const t of taps) {
    try {
      append(t.spool, rec);
    } catch {
      // The capture went away between its last check and now: its tap is stale.
    }
  }
}

/** A frame crossing the link at `node`'s hook `hook` (sent out of it), and the peer's end. */
export function tapHook(state: SimState, taps: SimTap[], vnet: VnetId, ends: [number, string][], f: Frame, atMs: number, delayUs: number): void {
  const hit = taps.filter((t) => t.at.kind === 'hook' && t.at.vnet === vnet && ends.some(([n, h]) => t.at.kind === 'hook' && t.at.node === n && t.at.hook === h));
  if (hit.length > 0) record(state, hit, f, atMs, delayUs);
}

/** A frame an interface received or transmitted. */
export function tapIf(state: SimState, taps: SimTap[], ifp: SimIfnet, f: Frame, atMs: number, delayUs: number): void {
  const hit = taps.filter((t) => t.at.kind === 'if' && t.at.ifnet === ifp.id);
  if (hit.length > 0) record(state, hit, f, atMs, delayUs);
}
