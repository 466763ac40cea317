// The session against a real WebSocket server (ws) on 127.0.0.1: hello,
// patches, resync after a gap, typed requests, reconnect and refusal.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { Session, AgentError } from '../../../../../ui/src/lib/state/session.svelte.js';
import type { ProbeResult, SessionEnv } from '../../../../../ui/src/lib/state/session.svelte.js';
import type { HostSnapshot } from '../../../../../shared/model/snapshot.js';
import { demoSnapshot } from '../../../demo-snapshot.js';

interface Agent {
  url: string;
  wss: WebSocketServer;
  /** Frames received from clients, parsed. */
  received: Record<string, unknown>[];
  connections: number;
  sockets: import('ws').WebSocket[];
  close(): Promise<void>;
}

const hello = (s: HostSnapshot) => JSON.stringify({ type: 'hello', protocol: 1, backend: 'sim', host: s.host, capabilities: [], snapshot: s });

/** A tiny agent: sends hello with `snap()` on connect; `onRequest` answers requests. */
async function fakeAgent(snap: () => HostSnapshot, onRequest?: (f: Record<string, unknown>, ws: import('ws').WebSocket) => void, refuse = false): Promise<Agent> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, verifyClient: () => !refuse });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const a: Agent = {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws?token=t`,
    wss,
    received: [],
    connections: 0,
    sockets: [],
    close: () => new Promise<void>((r) => {
      for (const s of a.sockets) s.terminate();
      wss.close(() => r());
    }),
  };
  wss.on('connection', (ws) => {
    a.connections++;
    a.sockets.push(ws);
    ws.send(hello(snap()));
    ws.on('message', (d) => {
      const f = JSON.parse(String(d)) as Record<string, unknown>;
      a.received.push(f);
      onRequest?.(f, ws);
    });
  });
  return a;
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function env(url: string | null, probe: ProbeResult = 'down'): SessionEnv {
  return {
    url,
    WebSocket: WebSocket as unknown as SessionEnv['WebSocket'],
    random: () => 0,
    now: () => 1234,
    probe: () => Promise.resolve(probe),
    backoff: { baseMs: 20, capMs: 100 },
  };
}

function start(e: SessionEnv): Session {
  const s = new Session(e);
  s.connect();
  cleanups.push(() => s.close());
  return s;
}

describe('Session', () => {
  it('takes the snapshot from hello and applies a following patch', async () => {
    const agent = await fakeAgent(demoSnapshot);
    cleanups.push(() => agent.close());
    const s = start(env(agent.url));
    await expect.poll(() => s.connection).toBe('open');
    expect(s.snapshot?.version).toBe(1);
    expect(s.counts).toEqual({ nodes: 8, links: 6, interfaces: 10, jails: 4 });
    expect(s.hello?.host.hostname).toBe('demo.example.org');
    expect(s.lastChange).toBeNull();
    const node = { id: '9', name: 'ngeth0', type: 'eiface', hooks: [] };
    agent.sockets[0]?.send(JSON.stringify({ type: 'patch', from: 1, to: 2, patch: { nodes: { upsert: [node], remove: ['2'] } } }));
    await expect.poll(() => s.snapshot?.version).toBe(2);
    expect(s.snapshot?.netgraph.nodes.map((n) => n.id)).toEqual(['1', '3', '4', '5', '6', '7', '8', '9']);
    expect(s.lastChange).toBe(1234);
    // A change of the host moves its shape along.
    expect(s.shape).toBe(s.snapshot);
  });

  it('applies counters and bridge tables from the compact patch sections, without stamping a host change', async () => {
    const counted = (): HostSnapshot => {
      const d = demoSnapshot();
      d.interfaces.find((i) => i.name === 'em0')!.counters = { inPackets: 100, outPackets: 90, inBytes: 9000, outBytes: 8000 };
      d.netgraph.nodes.find((n) => n.id === '3')!.hooks.find((h) => h.hook === 'link1')!.counters = { inPackets: 5, outPackets: 6, inBytes: 500, outBytes: 600 };
      return d;
    };
    const fresh = { ...counted(), version: 9 };
    const agent = await fakeAgent(counted, (f, ws) => {
      if (f.method === 'snapshot') ws.send(JSON.stringify({ type: 'result', id: f.id, result: fresh }));
    });
    cleanups.push(() => agent.close());
    const s = start(env(agent.url));
    await expect.poll(() => s.connection).toBe('open');
    const shape = s.shape;
    expect(shape).toBe(s.snapshot);
    const table = [{ mac: '58:9c:fc:10:ff:dd', hook: 'link1', age: 3, staleness: 0 }];
    const patch = { counters: { interfaces: { em0: { inPackets: 3, inBytes: 294 } }, hooks: { '3:link1': { outPackets: 1 }, '3:link2': { set: { inPackets: 1, outPackets: 0, inBytes: 98, outBytes: 0 } } } }, tables: { '3': table } };
    agent.sockets[0]?.send(JSON.stringify({ type: 'patch', from: 1, to: 2, patch }));
    await expect.poll(() => s.snapshot?.version).toBe(2);
    expect(s.snapshot?.interfaces.find((i) => i.name === 'em0')?.counters).toEqual({ inPackets: 103, outPackets: 90, inBytes: 9294, outBytes: 8000 });
    const br0 = s.snapshot?.netgraph.nodes.find((n) => n.id === '3');
    expect(br0?.hooks.map((h) => h.counters ?? null)).toEqual([
      { inPackets: 1, outPackets: 0, inBytes: 98, outBytes: 0 },
      { inPackets: 5, outPackets: 7, inBytes: 500, outBytes: 600 },
      null,
    ]);
    expect(br0?.table).toEqual(table);
    expect(s.lastChange).toBeNull();
    // Traffic alone: the shape (what the design and the canvas elements derive from) is the same object.
    expect(s.shape).toBe(shape);
    expect(s.problem).toBeNull();
    // Counters for an interface this snapshot does not have: the patch belongs elsewhere, so the session resyncs.
    agent.sockets[0]?.send(JSON.stringify({ type: 'patch', from: 2, to: 3, patch: { counters: { interfaces: { nosuch0: { inPackets: 1 } } } } }));
    await expect.poll(() => s.snapshot?.version).toBe(9);
    expect(s.problem).toMatch(/^could not apply a patch \(Error: counters for 1 interface\(s\) that are not there\); resyncing$/);
    expect(agent.received).toEqual([{ id: 1, method: 'snapshot', params: {} }]);
  });

  it('resyncs with a snapshot request when a patch does not follow on from its version', async () => {
    const fresh = { ...demoSnapshot(), version: 7, jails: [] };
    const agent = await fakeAgent(demoSnapshot, (f, ws) => {
      if (f.method === 'snapshot') ws.send(JSON.stringify({ type: 'result', id: f.id, result: fresh }));
    });
    cleanups.push(() => agent.close());
    const s = start(env(agent.url));
    await expect.poll(() => s.connection).toBe('open');
    agent.sockets[0]?.send(JSON.stringify({ type: 'patch', from: 5, to: 6, patch: { jails: { upsert: [], remove: ['db'] } } }));
    await expect.poll(() => s.snapshot?.version).toBe(7);
    expect(agent.received).toEqual([{ id: 1, method: 'snapshot', params: {} }]);
    expect(s.counts.jails).toBe(0);
  });

  it('resolves typed requests and rejects error replies with the wire code', async () => {
    const agent = await fakeAgent(demoSnapshot, (f, ws) => {
      if (f.method === 'ping') ws.send(JSON.stringify({ type: 'result', id: f.id, result: { now: 99 } }));
      else ws.send(JSON.stringify({ type: 'error', id: f.id, error: { code: 'unknown-method', message: 'no such method' } }));
    });
    cleanups.push(() => agent.close());
    const s = start(env(agent.url));
    await expect.poll(() => s.connection).toBe('open');
    await expect(s.request('ping', {})).resolves.toEqual({ now: 99 });
    const err = await s.request('snapshot', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AgentError);
    expect(err).toMatchObject({ code: 'unknown-method', message: 'no such method' });
  });

  it('keeps the connection on a bad frame and says what was wrong', async () => {
    const agent = await fakeAgent(demoSnapshot);
    cleanups.push(() => agent.close());
    const s = start(env(agent.url));
    await expect.poll(() => s.connection).toBe('open');
    agent.sockets[0]?.send('not json');
    await expect.poll(() => s.problem).toBe('ignored a bad frame from the agent: frame is not JSON');
    expect(s.connection).toBe('open');
  });

  it('reconnects after the agent drops the connection', async () => {
    const agent = await fakeAgent(demoSnapshot);
    cleanups.push(() => agent.close());
    const s = start(env(agent.url));
    await expect.poll(() => s.connection).toBe('open');
    agent.sockets[0]?.terminate();
    await expect.poll(() => agent.connections).toBe(2);
    await expect.poll(() => s.connection).toBe('open');
  });

  it('rejects requests while not connected', async () => {
    const s = start(env('ws://127.0.0.1:9/ws?token=t'));
    await expect(s.request('ping', {})).rejects.toThrow('cannot send ping: not connected');
  });

  it('stops as refused when the agent rejects the token, and when the page has none', async () => {
    const agent = await fakeAgent(demoSnapshot, undefined, true);
    cleanups.push(() => agent.close());
    const s = start(env(agent.url, 'refused'));
    await expect.poll(() => s.connection).toBe('refused');
    expect(s.problem).toContain('token');
    const none = start(env(null));
    expect(none.connection).toBe('refused');
    expect(none.problem).toContain('?token=');
  });

  it('retries (closed, not refused) while the agent is not reachable', async () => {
    const s = start(env('ws://127.0.0.1:9/ws?token=t', 'down'));
    await expect.poll(() => s.problem).toBe('agent not reachable; retrying');
    expect(['closed', 'connecting']).toContain(s.connection);
  });
});

describe('Session last-change time', () => {
  it('is not stamped by a reconnect that brings the same host', async () => {
    const agent = await fakeAgent(demoSnapshot);
    cleanups.push(() => agent.close());
    const s = start(env(agent.url));
    await expect.poll(() => s.connection).toBe('open');
    agent.sockets[0]?.terminate();
    await expect.poll(() => agent.connections).toBe(2);
    await expect.poll(() => s.connection).toBe('open');
    expect(s.lastChange).toBeNull();
  });
});
