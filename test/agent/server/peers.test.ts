// Agents that know their peers, over real agents and real WebSockets: a
// browser client of agent A sees agent B's host (hello, then patches when an
// emulated command changes B), requests addressed to B are answered by B, and
// an unreachable or refusing peer is reported without touching A's own view.
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAgent, type RunningAgent } from '../../../agent/server/agent.js';
import { fileSimBackend } from '../../../agent/host/sim/backend.js';
import { runCommand } from '../../../agent/host/sim/cmd/index.js';
import { withState } from '../../../agent/host/sim/store.js';
import type { PeerSpec } from '../../../agent/server/peer-url.js';
import { parsePeerUrl } from '../../../agent/server/peer-url.js';
import type { HelloFrame, PeerHelloFrame, PeerPatchFrame, PeerStateFrame, ServerFrame } from '../../../shared/protocol/rpc.js';
import { fixtureState } from '../engine/sim-fixture.js';
import { connect, TOKEN, type Client } from './helpers.js';

interface Started {
  agent: RunningAgent;
  stateFile: string;
  logs: string[];
  /** Stops the agent now (the test goes on without it). */
  stop(): Promise<void>;
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** A real agent on port 0 over its own fixture state named `hostname`, with the given peers. */
async function agentOn(hostname: string, peers: PeerSpec[] = [], token = TOKEN, port = 0): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), 'ngstudio-peers-'));
  const stateFile = join(dir, 'state.json');
  const state = fixtureState();
  state.hostname = hostname;
  writeFileSync(stateFile, JSON.stringify(state));
  const uiDir = join(dir, 'ui');
  mkdirSync(uiDir);
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html>');
  const logs: string[] = [];
  const agent = await startAgent({
    backend: fileSimBackend(stateFile), pollMs: 20, host: '127.0.0.1', port, token, uiDir, log: (l) => logs.push(l), peers,
    peerOptions: { backoff: { baseMs: 40, capMs: 400 } },
  });
  let closed = false;
  cleanup.push(async () => {
    if (!closed) await agent.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    agent, stateFile, logs,
    async stop() {
      closed = true;
      await agent.close();
    },
  };
}

async function client(port: number): Promise<Client> {
  const c = await connect(port);
  cleanup.push(() => c.ws.close());
  return c;
}

const peerUrl = (port: number, token = TOKEN): string => `http://127.0.0.1:${port}/?token=${token}`;
const isPeerState = (peer: string, state: string) => (f: ServerFrame): boolean => f.type === 'peer-state' && f.peer === peer && f.state === state;

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('an agent with a peer', () => {
  it('relays the peer host’s hello and its patches, tagged with the peer id', async () => {
    const b = await agentOn('beta.example');
    const a = await agentOn('alpha.example', [parsePeerUrl(peerUrl(b.agent.server.port), 'peer1')]);
    const c = await client(a.agent.server.port);
    const hello = (await c.next((f) => f.type === 'hello')) as HelloFrame;
    expect(hello.host.hostname).toBe('alpha.example');
    const ph = (await c.next((f) => f.type === 'peer-hello')) as PeerHelloFrame;
    expect(ph.peer).toBe('peer1');
    expect(ph.hello.host.hostname).toBe('beta.example');
    expect(ph.hello.snapshot.netgraph.nodes.map((n) => n.name)).toContain('br0');
    const live = (await c.next(isPeerState('peer1', 'live'))) as PeerStateFrame;
    expect(live).toEqual({ type: 'peer-state', peer: 'peer1', address: `127.0.0.1:${b.agent.server.port}`, state: 'live', message: null, retryInMs: null });

    // B changes: an emulated ngctl on B's state file. A's client gets B's patch.
    const r = await withState(b.stateFile, (st) => runCommand(st, ['ngctl', 'mkpeer', 'br0:', 'eiface', 'link7', 'ether']));
    expect(r.code).toBe(0);
    let seen: PeerPatchFrame | null = null;
    while (seen === null) {
      const f = (await c.next((x) => x.type === 'peer-patch')) as PeerPatchFrame;
      if ((f.frame.patch.nodes?.upsert ?? []).some((n) => n.type === 'eiface')) seen = f;
    }
    expect(seen.peer).toBe('peer1');
    expect(seen.frame.from).toBeLessThan(seen.frame.to);
    // A's own host did not change: A's own snapshot has no new eiface.
    const own = await c.request(1, 'snapshot');
    expect(own.type).toBe('result');
    const ownNodes = (own as { result: HelloFrame['snapshot'] }).result.netgraph.nodes;
    expect(ownNodes.filter((n) => n.type === 'eiface')).toHaveLength(1);
    // The same snapshot asked of the peer through A has the new one.
    const theirs = await c.request(2, 'snapshot', {});
    expect(theirs.type).toBe('result');
    c.ws.send(JSON.stringify({ id: 3, method: 'snapshot', params: {}, peer: 'peer1' }));
    const fwd = await c.next((f) => f.type === 'result' && f.id === 3);
    const peerSnap = (fwd as { result: HelloFrame['snapshot'] }).result;
    expect(peerSnap.host.hostname).toBe('beta.example');
    expect(peerSnap.netgraph.nodes.filter((n) => n.type === 'eiface')).toHaveLength(2);

    // A client joining later gets the peer's current state at once (patch applied on A's side).
    const late = await client(a.agent.server.port);
    await late.next((f) => f.type === 'hello');
    const lateState = (await late.next((f) => f.type === 'peer-state')) as PeerStateFrame;
    expect(lateState.state).toBe('live');
    const lateHello = (await late.next((f) => f.type === 'peer-hello')) as PeerHelloFrame;
    expect(lateHello.hello.snapshot.netgraph.nodes.filter((n) => n.type === 'eiface')).toHaveLength(2);

    // Nothing A logged holds the peer's token.
    expect(a.logs.join('\n')).not.toContain(TOKEN);
  });

  it('answers requests naming an unknown peer, or a peer on an agent without peers, with peer-unavailable', async () => {
    const b = await agentOn('beta.example');
    const a = await agentOn('alpha.example', [parsePeerUrl(peerUrl(b.agent.server.port), 'peer1')]);
    const c = await client(a.agent.server.port);
    c.ws.send(JSON.stringify({ id: 1, method: 'ping', params: {}, peer: 'peer9' }));
    expect(await c.next((f) => f.type === 'error' && f.id === 1)).toMatchObject({ error: { code: 'peer-unavailable', message: 'no peer "peer9" (peers: peer1)' } });
    c.ws.send(JSON.stringify({ id: 2, method: 'ping', params: {}, peer: '../x' }));
    expect(await c.next((f) => f.type === 'error' && f.id === 2)).toMatchObject({ error: { code: 'bad-frame' } });
    c.ws.send(JSON.stringify({ id: 3, method: 'ping', params: {}, extra: 1 }));
    expect(await c.next((f) => f.type === 'error' && f.id === 3)).toMatchObject({ error: { code: 'bad-frame', message: expect.stringContaining('"extra"') } });
    const cb = await client(b.agent.server.port);
    cb.ws.send(JSON.stringify({ id: 4, method: 'ping', params: {}, peer: 'peer1' }));
    expect(await cb.next((f) => f.type === 'error' && f.id === 4)).toMatchObject({ error: { code: 'peer-unavailable', message: expect.stringContaining('this agent has no peers') } });
  });
});

describe('peers that are down or refuse', () => {
  it('reports an unreachable peer as lost with the reason and a backoff, serves its own host, and a good peer beside it stays live', async () => {
    const dead = await closedPort();
    const b = await agentOn('beta.example');
    const a = await agentOn('alpha.example', [parsePeerUrl(peerUrl(dead), 'peer1'), parsePeerUrl(peerUrl(b.agent.server.port), 'peer2')]);
    const c = await client(a.agent.server.port);
    const hello = (await c.next((f) => f.type === 'hello')) as HelloFrame;
    expect(hello.host.hostname).toBe('alpha.example');
    const lost = (await c.next(isPeerState('peer1', 'lost'))) as PeerStateFrame;
    expect(lost.message).toContain('ECONNREFUSED');
    expect(lost.address).toBe(`127.0.0.1:${dead}`);
    expect(lost.retryInMs).toBeGreaterThan(0);
    // It is retried: lost again, with a delay that grows (attempt 0 is at most 40 ms; later ones reach the 400 ms cap).
    const delays = [lost.retryInMs!];
    while (delays.length < 5) delays.push(((await c.next(isPeerState('peer1', 'lost'))) as PeerStateFrame).retryInMs!);
    expect(Math.max(...delays.slice(3))).toBeGreaterThan(delays[0]!);
    expect(delays.every((d) => d <= 400)).toBe(true);
    // The other peer is live and A answers its own requests.
    expect((await c.next((f) => f.type === 'peer-hello' && f.peer === 'peer2')) as PeerHelloFrame).toMatchObject({ hello: { host: { hostname: 'beta.example' } } });
    expect(await c.request(9, 'ping', {})).toMatchObject({ type: 'result', id: 9 });
    c.ws.send(JSON.stringify({ id: 10, method: 'ping', params: {}, peer: 'peer1' }));
    expect(await c.next((f) => f.type === 'error' && f.id === 10)).toMatchObject({ error: { code: 'peer-unavailable', message: expect.stringContaining('ECONNREFUSED') } });
  });

  it('reports a peer that stops as lost (its last graph kept for late clients) and live again when it is back', async () => {
    const b = await agentOn('beta.example');
    const port = b.agent.server.port;
    const a = await agentOn('alpha.example', [parsePeerUrl(peerUrl(port), 'peer1')]);
    const c = await client(a.agent.server.port);
    await c.next(isPeerState('peer1', 'live'));
    await b.stop();
    const lost = (await c.next(isPeerState('peer1', 'lost'))) as PeerStateFrame;
    expect(lost.retryInMs).toBeGreaterThan(0);
    const late = await client(a.agent.server.port);
    await late.next((f) => f.type === 'hello');
    expect(await late.next((f) => f.type === 'peer-state')).toMatchObject({ state: expect.stringMatching(/^(lost|connecting)$/) });
    expect(await late.next((f) => f.type === 'peer-hello')).toMatchObject({ hello: { host: { hostname: 'beta.example' } } });
    // Back on the same port, under a new name: A reconnects by itself and relays the new hello.
    await agentOn('beta-again.example', [], TOKEN, port);
    const back = (await c.next((f) => f.type === 'peer-hello' && f.hello.host.hostname === 'beta-again.example')) as PeerHelloFrame;
    expect(back.peer).toBe('peer1');
    await c.next(isPeerState('peer1', 'live'));
  });

  it('reports a refused token as refused and does not retry', async () => {
    const b = await agentOn('beta.example');
    const wrong = 'w'.repeat(40);
    const a = await agentOn('alpha.example', [parsePeerUrl(peerUrl(b.agent.server.port, wrong), 'peer1')]);
    const c = await client(a.agent.server.port);
    await c.next((f) => f.type === 'hello');
    const refused = (await c.next(isPeerState('peer1', 'refused'))) as PeerStateFrame;
    expect(refused.message).toContain('HTTP 401');
    expect(refused.retryInMs).toBeNull();
    // Many backoff periods later B has still seen exactly one attempt.
    await new Promise((r) => setTimeout(r, 1000));
    expect(b.logs.filter((l) => l.includes('refused a WebSocket client'))).toHaveLength(1);
    expect(a.logs.join('\n')).not.toContain(wrong);
    // A late client is told the state at once.
    const late = await client(a.agent.server.port);
    await late.next((f) => f.type === 'hello');
    expect(await late.next((f) => f.type === 'peer-state')).toMatchObject({ peer: 'peer1', state: 'refused' });
  });
});
