// The devd client against a real unix stream socket served by the test (the
// test is the devd): interface events wake it, other events do not, lines
// split across reads still count, and a devd that is missing or goes away is
// retried without ever throwing.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isIfnetEvent, watchDevd, type DevdWatch } from '../../../agent/engine/devd.js';

const dir = mkdtempSync(join(tmpdir(), 'ngstudio-devd-'));
const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A devd stand-in serving `path`; `clients` are the connected readers. */
async function fakeDevd(path: string): Promise<{ server: Server; clients: Socket[]; send(text: string): void; close(): Promise<void> }> {
  const clients: Socket[] = [];
  const server = createServer((c) => {
    clients.push(c);
    c.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      for (const c of clients) c.destroy();
      server.close(() => resolve());
    });
  cleanup.push(() => void close());
  return { server, clients, send: (t) => clients.forEach((c) => c.write(t)), close };
}

function watch(path: string, o: { debounceMs?: number } = {}): { w: DevdWatch; events: () => number; logs: string[] } {
  let n = 0;
  const logs: string[] = [];
  const w = watchDevd({ path, onEvent: () => n++, log: (l) => logs.push(l), debounceMs: o.debounceMs ?? 20, retryMs: { first: 20, max: 80 } });
  cleanup.push(() => w.close());
  return { w, events: () => n, logs };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('devd events', () => {
  it('knows an interface event line from the others', () => {
    expect(isIfnetEvent('!system=IFNET subsystem=em0 type=LINK_UP')).toBe(true);
    expect(isIfnetEvent('!system=IFNET subsystem=epair0a type=RENAME name=jail0')).toBe(true);
    expect(isIfnetEvent('!system=IFNETX subsystem=a type=b')).toBe(false);
    expect(isIfnetEvent('!system=DEVFS subsystem=CDEV type=CREATE cdev=da0')).toBe(false);
    expect(isIfnetEvent('+uhub0 at bus=0 on usbus0')).toBe(false);
    expect(isIfnetEvent(' !system=IFNET subsystem=em0 type=ATTACH')).toBe(false);
  });

  it('calls onEvent once per burst of interface events, not for other events, across split reads', async () => {
    const path = join(dir, 'burst.pipe');
    const devd = await fakeDevd(path);
    const { w, events } = watch(path, { debounceMs: 200 });
    await expect.poll(() => w.connected()).toBe(true);
    devd.send('!system=DEVFS subsystem=CDEV type=CREATE cdev=pts/3\n+uhub0 at bus=0 on usbus0\n');
    await sleep(100);
    expect(events()).toBe(0);
    // One burst: three events, the second split over two writes.
    devd.send('!system=IFNET subsystem=epair0a type=ATTACH\n!system=IFNET subsys');
    await sleep(5);
    devd.send('tem=epair0b type=ATTACH\n!system=IFNET subsystem=epair0a type=LINK_UP\n');
    await expect.poll(events).toBe(1);
    await sleep(300);
    expect(events()).toBe(1);
    // A line with no newline yet is not an event until it ends.
    devd.send('!system=IFNET subsystem=em0 type=LINK_DOWN');
    await sleep(300);
    expect(events()).toBe(1);
    devd.send('\n');
    await expect.poll(events).toBe(2);
  });

  it('retries while devd is absent, connects when it appears, and reconnects (observing once) after it goes away', async () => {
    const path = join(dir, 'later.pipe');
    const { w, events, logs } = watch(path);
    await sleep(100);
    expect(w.connected()).toBe(false);
    expect(logs).toEqual([`ngstudio: no devd events from ${path} (ENOENT); retrying, and observing on the poll interval meanwhile`]);

    const first = await fakeDevd(path);
    await expect.poll(() => w.connected(), { timeout: 5000 }).toBe(true);
    expect(events()).toBe(0);
    await first.close();
    await expect.poll(() => w.connected()).toBe(false);

    const second = await fakeDevd(path);
    await expect.poll(() => w.connected(), { timeout: 5000 }).toBe(true);
    // Events may have been missed while disconnected: one observation after the reconnect.
    await expect.poll(events).toBe(1);
    second.send('!system=IFNET subsystem=bridge0 type=ATTACH\n');
    await expect.poll(events).toBe(2);
    w.close();
    second.send('!system=IFNET subsystem=bridge1 type=ATTACH\n');
    await sleep(100);
    expect(events()).toBe(2);
  });

  it('survives a path that is not a socket', async () => {
    const { w, logs } = watch(dir);
    await sleep(100);
    expect(w.connected()).toBe(false);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^ngstudio: no devd events from .* \((ECONNREFUSED|ENOTSOCK|EACCES)\)/);
  });
});
