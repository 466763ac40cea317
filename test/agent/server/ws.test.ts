import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PROTOCOL_VERSION, type HelloFrame, type PatchFrame } from '../../../shared/protocol/rpc.js';
import { connect, startTestAgent, TOKEN, type TestAgent } from './helpers.js';

let t: TestAgent;
beforeAll(async () => {
  t = await startTestAgent({ maxFrame: 4096, maxPayload: 64 * 1024 });
});
afterAll(async () => {
  await t.agent.close();
});

describe('WebSocket /ws', () => {
  it('greets with hello carrying the full snapshot, then pushes a patch when the host changes', async () => {
    const c = await connect(t.port);
    const hello = (await c.next()) as HelloFrame;
    expect(hello).toMatchObject({ type: 'hello', protocol: PROTOCOL_VERSION, backend: 'sim', capabilities: expect.arrayContaining(['observe']) });
    expect(hello.host.hostname).toBe('sim.example');
    expect(hello.snapshot.netgraph.nodes.map((n) => n.name)).toEqual(['em0', 'br0', 'ngeth0']);
    t.write((s) => {
      s.vnets['0']!.nodes.push({ id: 9, name: 'br9', type: 'bridge', hooks: [], persistent: true });
    });
    const patch = (await c.next((f) => f.type === 'patch')) as PatchFrame;
    expect(patch.from).toBe(hello.snapshot.version);
    expect(patch.to).toBe(hello.snapshot.version + 1);
    expect(patch.patch).toEqual({ nodes: { upsert: [{ id: '9', name: 'br9', type: 'bridge', hooks: [], table: [] }], remove: [] }, types: expect.any(Array) });
    c.ws.close();
  });

  it('answers ping and snapshot requests, echoing string and number ids', async () => {
    const c = await connect(t.port);
    await c.next();
    expect(await c.request(1, 'ping', {})).toMatchObject({ type: 'result', id: 1, result: { now: expect.any(Number) } });
    const snap = await c.request('s', 'snapshot');
    expect(snap).toMatchObject({ type: 'result', id: 's' });
    expect((snap as { result: { version: number } }).result.version).toBe(t.agent.observer.current()!.version);
    c.ws.close();
  });

  it.each([
    ['no token', { token: null }, 'HTTP 401'],
    ['a wrong token', { token: 'b'.repeat(TOKEN.length) }, 'HTTP 401'],
    ['a token prefix', { token: TOKEN.slice(0, -1) }, 'HTTP 401'],
    ['a foreign Origin', { headers: { Origin: 'http://evil.example' } }, 'HTTP 403'],
    ['an https Origin of another port', { headers: { Origin: 'http://127.0.0.1:1' } }, 'HTTP 403'],
    ['a rebinding Host', { headers: { Host: 'evil.example:7878' } }, 'HTTP 403'],
    ['a wrong path', { path: '/other' }, 'HTTP 404'],
  ])('refuses %s before the client joins', async (_what, opts, status) => {
    const before = t.agent.server.hub.clients();
    await expect(connect(t.port, opts)).rejects.toThrow(status);
    // Earlier tests' clients may still be leaving; a refused one must never be added.
    expect(t.agent.server.hub.clients()).toBeLessThanOrEqual(before);
  });

  it('accepts the page Origin and the localhost names', async () => {
    const a = await connect(t.port, { headers: { Origin: `http://127.0.0.1:${t.port}` } });
    const b = await connect(t.port, { headers: { Host: `localhost:${t.port}`, Origin: `http://localhost:${t.port}` } });
    expect((await a.next()).type).toBe('hello');
    expect((await b.next()).type).toBe('hello');
    a.ws.close();
    b.ws.close();
  });

  it('answers 1000 malformed frames with error frames and keeps serving', async () => {
    const c = await connect(t.port);
    await c.next();
    const bad: (string | Buffer)[] = [
      'not json',
      '[1,2,3]',
      'null',
      '"str"',
      '{"id":1e309,"method":"ping"}',
      `{"id":"${'x'.repeat(500)}","method":"ping"}`,
      '{"id":2,"method":"nope"}',
      '{"id":3,"method":"ping","params":{"x":1}}',
      '{"id":4,"method":"ping","params":[]}',
      Buffer.from([0, 1, 2, 3]),
      JSON.stringify({ id: 5, method: 'ping', pad: 'x'.repeat(5000) }),
    ];
    const codes = new Map<string, number>();
    for (let i = 0; i < 1000; i++) {
      const f = bad[i % bad.length]!;
      c.ws.send(f, { binary: Buffer.isBuffer(f) });
    }
    for (let i = 0; i < 1000; i++) {
      const f = await c.next();
      expect(f.type).toBe('error');
      if (f.type === 'error') codes.set(f.error.code, (codes.get(f.error.code) ?? 0) + 1);
    }
    expect([...codes.keys()].sort()).toEqual(['bad-frame', 'bad-params', 'too-large', 'unknown-method']);
    expect(await c.request(99, 'ping', {})).toMatchObject({ type: 'result', id: 99 });
    const other = await connect(t.port);
    expect((await other.next()).type).toBe('hello');
    other.ws.close();
    c.ws.close();
  });

  it('closes a socket that sends a frame over the hard payload limit, and only that one', async () => {
    const c = await connect(t.port);
    await c.next();
    c.ws.send('x'.repeat(65 * 1024));
    expect(await c.closed).toBe(1009);
    const d = await connect(t.port);
    expect(await d.request(1, 'ping')).toMatchObject({ type: 'result' });
    d.ws.close();
  });

  it('drops a client that stops reading instead of buffering without bound', async () => {
    const slow = await startTestAgent({ maxBuffered: 1 });
    try {
      const c = await connect(slow.port);
      await c.next();
      // Pause reading on the client's TCP socket so sends pile up server-side.
      (c.ws as unknown as { _socket: { pause(): void } })._socket.pause();
      // Kernel socket buffers absorb several MB first; push until the agent gives up (≤ 60 MB).
      const big = 'x'.repeat(200_000);
      for (let i = 0; i < 300 && slow.agent.server.hub.clients() > 0; i++) {
        slow.write((s) => {
          s.hostname = `h${i}-${big}`;
        });
        await slow.agent.observer.cycle();
      }
      expect(slow.agent.server.hub.clients()).toBe(0);
      expect(slow.logs.join('\n')).toMatch(/dropping a client that does not read/);
    } finally {
      await slow.agent.close();
    }
  });

  it('drops a client that does not answer heartbeats', async () => {
    const hb = await startTestAgent({ heartbeatMs: 20 });
    try {
      const c = await connect(hb.port, { autoPong: false });
      const alive = await connect(hb.port);
      await c.next();
      expect(await c.closed).not.toBe(1000);
      // The client that answers stays.
      await new Promise((r) => setTimeout(r, 100));
      expect(hb.agent.server.hub.clients()).toBe(1);
      expect(alive.ws.readyState).toBe(WebSocket.OPEN);
      alive.ws.close();
    } finally {
      await hb.agent.close();
    }
  });
});


describe('observe errors', () => {
  it('are pushed as an observe-error event and logged, and the loop recovers', async () => {
    const a = await startTestAgent();
    try {
      const c = await connect(a.port);
      await c.next();
      const { writeFileSync } = await import('node:fs');
      writeFileSync(a.stateFile, '{broken');
      const ev = await c.next((f) => f.type === 'event');
      expect(ev).toMatchObject({ type: 'event', event: 'observe-error', data: { message: expect.stringContaining(a.stateFile) } });
      expect(a.logs.some((l) => l.includes('observing the host failed'))).toBe(true);
      a.write((s) => {
        s.hostname = 'back';
      });
      const p = await c.next((f) => f.type === 'patch');
      expect(p).toMatchObject({ patch: { host: { hostname: 'back' } } });
      c.ws.close();
    } finally {
      await a.agent.close();
    }
  });
});

describe('with the emulated commands', () => {
  it('pushes the node an emulated `ngctl mkpeer` creates in the shared state file', async () => {
    const { withState } = await import('../../../agent/host/sim/store.js');
    const { runCommand } = await import('../../../agent/host/sim/cmd/index.js');
    const { newState } = await import('../../../agent/host/sim/new-state.js');
    const a = await startTestAgent();
    try {
      a.write((s) => Object.assign(s, newState(), { generation: s.generation }));
      const c = await connect(a.port);
      const hello = (await c.next()) as HelloFrame;
      // The fixture state above may still be the one in hello; wait for the fresh host.
      let version = hello.snapshot.version;
      if (hello.snapshot.netgraph.nodes.length > 0) version = ((await c.next((f) => f.type === 'patch')) as PatchFrame).to;
      const r = await withState(a.stateFile, (s) => runCommand(s, ['ngctl', 'mkpeer', 'eiface', 'ether', 'ether'], { env: {} }));
      expect(r).toEqual({ stdout: '', stderr: '', code: 0 });
      const p = (await c.next((f) => f.type === 'patch' && f.from >= version)) as PatchFrame;
      expect(p.patch.nodes?.upsert).toEqual([{ id: expect.any(String), name: 'ngeth0', type: 'eiface', hooks: [] }]);
      expect(p.patch.interfaces?.upsert.map((i) => i.name)).toEqual(['ngeth0']);
      c.ws.close();
    } finally {
      await a.agent.close();
    }
  });
});
