// The shared wire between emulated hosts: an Ethernet segment that every
// host whose state names the same wire folder has its NIC (em0) plugged
// into. A frame one host's NIC transmits is received by the NIC of every
// other host on the wire, as on a hub; ARP, ping and ksocket datagrams
// cross hosts that way. Each host stays its own state file: the sending
// process locks the receiver's state, loads it, runs its data plane for the
// frame (replies come back the same way, into the sender's delivery still
// under way), saves it and unlocks it, so a ping gets its reply within one
// command run and tests see the same result every time.
//
// Public entry points:
//   wireJoin(state, dir, nic?)  plug this host's NIC (default em0) into the wire in `dir`
//   wireRegister(file, state)   record where this host's state file is (dir/hosts/<id>), so others find it
//   wireTransmit(tx, ifp, f)    the NIC sends `f`: every other host on the wire receives it
//   wireMembers(dir)            the hosts on a wire: id → state file
// `ngstudio sim --wire DIR` (or NGSTUDIO_SIM_WIRE) joins and registers; the
// wire is then part of the host's state.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tryLockSync } from '../../../store/lockfile.js';
import type { SimIfnet, SimState } from '../state.js';
import { loadStateSync, saveStateSync } from '../store.js';
import { ifCount } from './counters.js';
import { Transit } from './deliver.js';
import type { Frame } from './frame.js';

/** How long a delivery waits for a busy host's lock before the frame is lost (a host stuck elsewhere must not hang the sender). */
const LOCK_WAIT_MS = 3000;

const hostsDir = (dir: string): string => join(dir, 'hosts');

/** The hosts on the wire in `dir`: id → state file (empty when the folder does not exist yet). */
export function wireMembers(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  let names: string[];
  try {
    names = readdirSync(hostsDir(dir)).filter((n) => /^[0-9a-f]+$/.test(n)).sort();
  } catch {
    return out;
  }
  for (const n of names) {
    try {
      out.set(n, readFileSync(join(hostsDir(dir), n), 'utf8').trim());
    } catch {
      /* a host leaving while we read */
    }
  }
  return out;
}

/** The host's NIC on the wire, if it still has it. */
function wireNic(state: SimState): SimIfnet | undefined {
  const w = state.wire;
  return w === undefined ? undefined : state.ifnets.find((i) => i.kind === 'ether' && i.name === w.nic);
}

/** The next MAC after `mac` (last octets counted up), for a NIC whose address another host on the wire already has. */
function nextMac(mac: string): string {
  const n = parseInt(mac.replace(/:/g, ''), 16) + 1;
  return (n % 2 ** 48).toString(16).padStart(12, '0').match(/../g)!.join(':');
}

/**
 * Plugs this host's NIC into the wire in `dir` (a new id when it changes
 * wires). Two hosts made from the same defaults share em0's MAC; on a wire
 * that would break Ethernet, so a NIC whose MAC another host there already
 * has takes the next free one, as two real machines never share one.
 */
export function wireJoin(state: SimState, dir: string, nic = 'em0'): void {
  const abs = resolve(dir);
  if (state.wire?.dir === abs && state.wire.nic === nic) return;
  // Unplugged from the old wire: its hosts stop looking this one up.
  if (state.wire !== undefined) rmSync(join(hostsDir(state.wire.dir), state.wire.id), { force: true });
  state.wire = { dir: abs, id: randomBytes(6).toString('hex'), nic };
  state.generation++;
  const mine = wireNic(state);
  if (mine === undefined || mine.mac === null) return;
  const taken = new Set<string>();
  for (const file of wireMembers(abs).values()) {
    const other = (() => {
      try {
        return loadStateSync(file);
      } catch {
        return null;
      }
    })();
    const theirs = other === null ? undefined : wireNic(other);
    if (theirs?.mac) taken.add(theirs.mac);
  }
  while (taken.has(mine.mac)) mine.mac = nextMac(mine.mac);
}

/** Records this host's state file under the wire's folder (written only when it changed). */
export function wireRegister(file: string, state: SimState): void {
  const w = state.wire;
  if (w === undefined) return;
  const abs = resolve(file);
  const entry = join(hostsDir(w.dir), w.id);
  try {
    if (readFileSync(entry, 'utf8').trim() === abs) return;
  } catch {
    /* not there yet */
  }
  try {
    mkdirSync(hostsDir(w.dir), { recursive: true });
    const tmp = `${entry}.${process.pid}.tmp`;
    writeFileSync(tmp, `${abs}\n`);
    renameSync(tmp, entry);
  } catch (e) {
    throw new Error(`cannot use the wire folder ${w.dir}: ${(e as Error).message}`);
  }
}

/** Hosts whose data plane runs in this process right now (the sender, and receivers being delivered to), by wire id. */
const open = new Map<string, Transit>();

/** Waits synchronously (the data plane cannot await). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Locks another host's state file, waiting up to LOCK_WAIT_MS; null when it stays busy. */
function lockPeer(file: string): (() => void) | null {
  const started = Date.now();
  for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
    const got = tryLockSync(`${file}.lock`);
    if (got !== null) return got.release;
    if (Date.now() - started > LOCK_WAIT_MS) return null;
    sleepSync(delay);
  }
}

/** The receiving NIC takes the frame in (if it is there and up): its driver's receive, then ether_input. */
function receive(tx: Transit, f: Frame): void {
  const nic = wireNic(tx.state);
  if (nic === undefined || !nic.up) return;
  ifCount(tx.state, nic, 'ipackets');
  tx.ifInput(nic, f);
}

/** Delivers `f` to the host `id` whose state is `file`: into its running delivery, or by opening its state for it. */
function deliver(from: Transit, dir: string, id: string, file: string, f: Frame): void {
  const running = open.get(id);
  if (running !== undefined) {
    running.defer(() => receive(running, f));
    return;
  }
  const release = lockPeer(file);
  if (release === null) return;
  try {
    const state = loadStateSync(file);
    // A host that left this wire (or whose state is gone) no longer hears it.
    if (state === null || state.wire?.dir !== dir || state.wire.id !== id) return;
    const gen = state.generation;
    const tx = new Transit(state, from);
    open.set(id, tx);
    try {
      tx.run(() => (receive(tx, f), null));
    } finally {
      open.delete(id);
    }
    if (state.generation !== gen) saveStateSync(file, state);
  } finally {
    release();
  }
}

/** The host's NIC transmits `f` on the wire: every other host on it receives a copy. */
export function wireTransmit(tx: Transit, f: Frame): void {
  const w = tx.state.wire;
  if (w === undefined) return;
  const mine = !open.has(w.id);
  if (mine) open.set(w.id, tx);
  try {
    for (const [id, file] of wireMembers(w.dir)) if (id !== w.id) deliver(tx, w.dir, id, file, f);
  } finally {
    if (mine) open.delete(w.id);
  }
}

/** Is `ifp` this host's NIC on a wire? */
export const onWire = (state: SimState, ifp: SimIfnet): boolean => state.wire !== undefined && ifp.kind === 'ether' && ifp.name === state.wire.nic;
