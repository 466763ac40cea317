// The agent observes rarely with no client and at once when it matters: a
// client connecting, a method that changed the host, a devd interface event.
// Poll intervals of ten minutes here, so only those triggers can explain an
// observation. A real agent, real WebSocket clients, and a unix socket the
// test serves as the devd.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAgent, type RunningAgent } from '../../../agent/server/agent.js';
import { fileSimBackend } from '../../../agent/host/sim/backend.js';
import type { HostBackend } from '../../../agent/host/backend.js';
import type { SimState } from '../../../agent/host/sim/state.js';
import { openStore } from '../../../agent/store/index.js';
import type { PatchFrame, ResultFrame, ServerFrame } from '../../../shared/protocol/rpc.js';
import { fixtureState } from '../engine/sim-fixture.js';
import { connect, TOKEN, type Client } from './helpers.js';

const LONG = 600_000;
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** An agent over the fixture state file that polls every ten minutes, counting its observations. */
async function start(o: { devdSocket?: string; store?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ngstudio-quiet-agent-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const stateFile = join(dir, 'state.json');
  let state = fixtureState();
  writeFileSync(stateFile, JSON.stringify(state));
  const uiDir = join(dir, 'ui');
  mkdirSync(uiDir);
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html>');
  const inner = fileSimBackend(stateFile);
  let observed = 0;
  const backend: HostBackend = { ...inner, observe: () => (observed++, inner.observe()), ...(o.devdSocket ? { devdSocket: o.devdSocket } : {}) };
  const logs: string[] = [];
  const agent: RunningAgent = await startAgent({
    backend,
    pollMs: LONG,
    idlePollMs: LONG,
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    uiDir,
    log: (l) => logs.push(l),
    ...(o.store ? { store: await openStore(join(dir, 'data')) } : {}),
  });
  cleanup.push(() => agent.close());
  const client = async (): Promise<Client> => {
    const c = await connect(agent.server.port);
    cleanup.push(() => c.ws.close());
    return c;
  };
  /** Writes a changed state the way a command does (atomically, generation bumped). */
  const write = (mutate: (s: SimState) => void): void => {
    state = structuredClone(state);
    mutate(state);
    state.generation++;
    writeFileSync(`${stateFile}.tmp`, JSON.stringify(state));
    renameSync(`${stateFile}.tmp`, stateFile);
  };
  return { agent, client, write, observed: () => observed, version: () => agent.observer.current()?.version, logs };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('a quiet agent', () => {
  it('observes once at start, not again while nobody watches, and at once when a client connects', async () => {
    const t = await start();
    expect(t.observed()).toBe(1);
    t.write((s) => void (s.hostname = 'drifted'));
    await sleep(200);
    expect(t.observed()).toBe(1);
    expect(t.version()).toBe(1);

    const c = await t.client();
    const hello = await c.next((f) => f.type === 'hello');
    expect(hello.type === 'hello' && hello.snapshot.host.hostname).toBe('sim.example');
    const patch = (await c.next((f) => f.type === 'patch')) as PatchFrame;
    expect(patch.patch.host?.hostname).toBe('drifted');
    expect(t.observed()).toBe(2);
  });

  it('observes at once after a method that changed the host', async () => {
    const t = await start({ store: true });
    const c = await t.client();
    await c.next((f) => f.type === 'hello');
    const def = { name: 'quiet1', path: '/', hostname: 'quiet1.example', vnet: true };
    const r = (await c.request(1, 'jails.create', { def, start: true })) as ResultFrame;
    expect(r.type).toBe('result');
    const withJail = (f: ServerFrame): boolean => f.type === 'patch' && (f as PatchFrame).patch.jails?.upsert.some((j) => j.name === 'quiet1') === true;
    await c.next(withJail);
  });

  it('observes at once on a devd interface event, and only on those', async () => {
    const devdDir = mkdtempSync(join(tmpdir(), 'ngstudio-quiet-devd-'));
    cleanup.push(() => rmSync(devdDir, { recursive: true, force: true }));
    const path = join(devdDir, 'devd.pipe');
    const readers: Socket[] = [];
    const devd = createServer((s) => readers.push(s.on('error', () => {})));
    await new Promise<void>((resolve) => devd.listen(path, resolve));
    cleanup.push(() => new Promise<void>((resolve) => (readers.forEach((s) => s.destroy()), devd.close(() => resolve()))));
    const t = await start({ devdSocket: path });
    await expect.poll(() => t.agent.devd?.connected()).toBe(true);
    expect(t.logs).toContain(`ngstudio: observing on devd interface events from ${path}`);

    t.write((s) => void s.ifnets.push({ id: 50, name: 'epair7a', kind: 'epair', vnet: 0, home: 0, driver: 'epair', unit: 7, mac: '02:00:00:00:07:0a', up: false, mtu: 1500, groups: ['epair'] }));
    for (const s of readers) s.write('!system=DEVFS subsystem=CDEV type=CREATE cdev=pts/2\n');
    await sleep(300);
    expect(t.version()).toBe(1);
    for (const s of readers) s.write('!system=IFNET subsystem=epair7a type=ATTACH\n');
    await expect.poll(() => t.version()).toBe(2);
    expect(t.agent.observer.current()?.interfaces.some((i) => i.name === 'epair7a')).toBe(true);
    expect(t.observed()).toBe(2);
  });
});
