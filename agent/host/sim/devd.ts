// An emulated devd(8) for the emulated host. Like devd it holds the kernel's
// event queue open (a second one is refused, as /dev/devctl refuses a second
// open), serves a unix stream socket, and copies every event to every client,
// each ending in a newline, dropping a client that does not keep up. It reads
// the queue (state.devctl, filled by devctl.ts) when the state file changes,
// so it costs nothing while the host is quiet.
import { watch, type FSWatcher } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { basename, dirname } from 'node:path';
import type { SimState } from './state.js';
import { acquireLock, loadState, saveState } from './store.js';

/** devd's default client limit (-l). */
const MAX_CLIENTS = 10;
/** devd's per-client send buffer (CLIENT_BUFSIZE): a client with more unsent is dropped. */
const CLIENT_BUFSIZE = 262_144;

export interface SimDevdOptions {
  stateFile: string;
  /** The stream socket to serve (e.g. next to the state file). */
  socket: string;
  log?: (line: string) => void;
}

export interface SimDevd {
  socket: string;
  clients(): number;
  /** Stops serving and closes /dev/devctl (the queue leaves the state). */
  close(): Promise<void>;
}

/** True while a process with this pid exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs fn on the state under its lock; saves when fn returns true. The file must exist. */
async function underLock<T>(file: string, fn: (s: SimState) => { save: boolean; value: T }): Promise<T> {
  const lock = await acquireLock(file);
  try {
    const state = await loadState(file);
    if (state === null) throw new Error(`emulated host state file ${file}: does not exist`);
    const r = fn(state);
    if (r.save) await saveState(file, state);
    return r.value;
  } finally {
    await lock.release();
  }
}

/** Opens the devctl queue of `stateFile` and serves its events on `socket`. */
export async function startSimDevd(o: SimDevdOptions): Promise<SimDevd> {
  const me = process.pid;
  await underLock(o.stateFile, (s) => {
    const held = s.devctl;
    if (held && held.pid !== me && alive(held.pid)) {
      throw new Error(`Can't open devctl device /dev/devctl: Device busy (the emulated devd of pid ${held.pid} has it open)`);
    }
    // Events queued while no devd read them (one that died) are delivered now, as the kernel keeps them.
    s.devctl = { pid: me, queue: held?.queue ?? [] };
    return { save: true, value: undefined };
  });

  const clients = new Set<Socket>();
  const server: Server = createServer((c) => {
    clients.add(c);
    c.on('error', () => c.destroy());
    c.on('close', () => clients.delete(c));
    // devd shuts the read side of its clients: what they send is discarded.
    c.resume();
  });
  server.maxConnections = MAX_CLIENTS;
  // devd unlinks a stale socket before binding.
  await rm(o.socket, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(new Error(`cannot serve ${o.socket}: ${e.message}`)));
    server.listen(o.socket, () => resolve());
  });

  function send(lines: string[]): void {
    const text = lines.map((l) => `${l}\n`).join('');
    for (const c of clients) {
      if (c.writableLength > CLIENT_BUFSIZE) {
        o.log?.('ngstudio sim devd: dropping a client that does not read');
        c.destroy();
        continue;
      }
      c.write(text);
    }
  }

  /** Takes the queued events (reopening the queue if the state file was replaced). */
  const take = (): Promise<string[]> =>
    underLock(o.stateFile, (s) => {
      if (s.devctl?.pid !== me) {
        s.devctl = { pid: me, queue: [] };
        return { save: true, value: [] };
      }
      const lines = s.devctl.queue;
      s.devctl.queue = [];
      return { save: lines.length > 0, value: lines };
    });

  let draining: Promise<void> | null = null;
  let again = false;
  let closed = false;
  function drain(): void {
    if (closed) return;
    if (draining) return void (again = true);
    draining = (async () => {
      do {
        again = false;
        try {
          const lines = await take();
          if (lines.length > 0) send(lines);
        } catch (e) {
          o.log?.(`ngstudio sim devd: reading the event queue failed: ${(e as Error).message}`);
        }
      } while (again && !closed);
    })().finally(() => (draining = null));
  }

  const base = basename(o.stateFile);
  // Writers replace the state file (rename), so watch its folder for that name.
  const watcher: FSWatcher = watch(dirname(o.stateFile), (_ev, name) => {
    if (name === null || name === base) drain();
  });
  watcher.on('error', (e) => o.log?.(`ngstudio sim devd: watching ${o.stateFile} failed: ${e.message}`));
  drain();

  return {
    socket: o.socket,
    clients: () => clients.size,
    async close() {
      if (closed) return;
      closed = true;
      watcher.close();
      await draining;
      for (const c of clients) c.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(o.socket, { force: true });
      await underLock(o.stateFile, (s) => {
        const mine = s.devctl?.pid === me;
        if (mine) delete s.devctl;
        return { save: mine, value: undefined };
      }).catch(() => {});
    },
  };
}
