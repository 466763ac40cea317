// Packet capture over a real WebSocket against a real agent on an emulated
// demo host (a state file): capture.start on br0:link2, a ping run as an
// emulated command on the same state file, the packets arriving as capture
// events; the pcap downloaded over HTTP with the token (refused without);
// the rate cap on a busy link; bad targets refused; the tap removed when the
// client disconnects.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAgent, type RunningAgent } from '../../../agent/server/agent.js';
import { fileSimBackend } from '../../../agent/host/sim/backend.js';
import { seedDemo } from '../../../agent/host/sim/demo.js';
import { runCommand } from '../../../agent/host/sim/cmd/index.js';
import { withState } from '../../../agent/host/sim/store.js';
import { PcapReader } from '../../../shared/capture/pcap.js';
import { decodeFrame } from '../../../shared/capture/decode.js';
import { CAPTURE_BATCH_MAX, type CaptureEvent, type ErrorFrame, type ResultFrame, type ServerFrame } from '../../../shared/protocol/rpc.js';
import { connect, TOKEN, type Client } from './helpers.js';

let running: { agent: RunningAgent; dir: string; logs: string[] } | null = null;
afterEach(async () => {
  if (!running) return;
  await running.agent.close();
  rmSync(running.dir, { recursive: true, force: true });
  running = null;
});

async function start(): Promise<{ port: number; stateFile: string; logs: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'ngstudio-capture-ws-'));
  const stateFile = join(dir, 'state.json');
  await seedDemo(stateFile);
  const uiDir = join(dir, 'ui');
  mkdirSync(uiDir);
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html>');
  const logs: string[] = [];
  const agent = await startAgent({ backend: fileSimBackend(stateFile), pollMs: 20, host: '127.0.0.1', port: 0, token: TOKEN, uiDir, log: (l) => logs.push(l) });
  running = { agent, dir, logs };
  return { port: agent.server.port, stateFile, logs };
}

const ping = (file: string, ...args: string[]) => withState(file, (s) => runCommand(s, ['jexec', 'test1', 'ping', ...args, '10.0.0.2']));
const isCapture = (f: ServerFrame): boolean => f.type === 'event' && f.event === 'capture';
const taps = (file: string): unknown => (JSON.parse(readFileSync(file, 'utf8')) as { taps?: unknown }).taps;

/** Capture events until one carries `ended` or `want` packets have been seen. */
async function collect(c: Client, want: number): Promise<{ events: CaptureEvent[]; packets: CaptureEvent['packets'] }> {
  const events: CaptureEvent[] = [];
  for (;;) {
    const e = (await c.next(isCapture)) as { data: CaptureEvent };
    events.push(e.data);
    const packets = events.flatMap((x) => x.packets);
    if (e.data.ended || packets.length >= want) return { events, packets };
  }
}

describe('capture over the WebSocket', () => {
  it('streams the frames of a ping across br0:link2, and serves their pcap with the token only', async () => {
    const { port, stateFile, logs } = await start();
    const c = await connect(port);
    await c.next((f) => f.type === 'hello');
    const r = (await c.request(1, 'capture.start', { target: 'br0:link2' })) as ResultFrame;
    expect(r.type).toBe('result');
    const { id, target } = r.result as { id: string; target: string };
    expect(target).toBe('br0:link2');
    expect(taps(stateFile)).toHaveLength(1);
    expect((await ping(stateFile, '-c', '2')).code).toBe(0);
    const { packets } = await collect(c, 6);
    expect(packets.map((p) => p.summary.replace(/, id \d+/, ''))).toEqual([
      'ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28',
      'ARP, Reply 10.0.0.2 is-at ' + packets[1]!.summary.split(' is-at ')[1],
      'ICMP echo request, seq 0, length 64',
      'ICMP echo reply, seq 0, length 64',
      'ICMP echo request, seq 1, length 64',
      'ICMP echo reply, seq 1, length 64',
    ]);
    expect(packets[2]).toMatchObject({ n: 3, src: '10.0.0.1', dst: '10.0.0.2', protocol: 'icmp', length: 98 });
    const stopped = (await c.request(2, 'capture.stop', { id })) as ResultFrame;
    expect(stopped.result).toEqual({ id, packets: 6 });
    expect(taps(stateFile)).toBeUndefined();

    const url = `http://127.0.0.1:${port}/api/capture/${id}.pcap`;
    expect((await fetch(url)).status).toBe(401);
    const res = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.tcpdump.pcap');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="ngstudio-br0_link2.pcap"');
    const frames = new PcapReader().push(new Uint8Array(await res.arrayBuffer()));
    expect(frames.map((f) => decodeFrame(f.data).proto)).toEqual(['arp', 'arp', 'icmp', 'icmp', 'icmp', 'icmp']);
    expect(logs.join('\n')).not.toContain(TOKEN);
    c.ws.close();
    await c.closed;
  });

  it('caps what a busy link sends to the browser, counting the rest, while the pcap keeps everything', async () => {
    const { port, stateFile } = await start();
    const c = await connect(port);
    await c.next((f) => f.type === 'hello');
    const { id } = ((await c.request(1, 'capture.start', { target: 'test1/ng_test1', filter: 'icmp', count: 200 })) as ResultFrame).result as { id: string };
    expect((await ping(stateFile, '-c', '100', '-i', '0.01')).code).toBe(0);
    const events: CaptureEvent[] = [];
    for (;;) {
      const e = ((await c.next(isCapture)) as { data: CaptureEvent }).data;
      events.push(e);
      if (e.ended) break;
    }
    expect(events.every((e) => e.packets.length <= CAPTURE_BATCH_MAX)).toBe(true);
    const sent = events.reduce((n, e) => n + e.packets.length, 0);
    const dropped = events.reduce((n, e) => n + e.dropped, 0);
    expect(dropped).toBeGreaterThan(0);
    expect(sent + dropped).toBe(200);
    expect(events.at(-1)).toMatchObject({ total: 200, ended: { error: null } });
    const res = await fetch(`http://127.0.0.1:${port}/api/capture/${id}.pcap?token=${TOKEN}`);
    expect(new PcapReader().push(new Uint8Array(await res.arrayBuffer()))).toHaveLength(200);
    c.ws.close();
  });

  it('refuses bad targets and counts with the reason, and removes the tap when the client goes', async () => {
    const { port, stateFile } = await start();
    const c = await connect(port);
    await c.next((f) => f.type === 'hello');
    let n = 100;
    const bad = async (params: unknown): Promise<string> => {
      const f = (await c.request(n++, 'capture.start', params)) as ErrorFrame;
      expect(f.type).toBe('error');
      expect(f.error.code).toMatch(/bad-params/);
      return f.error.message;
    };
    expect(await bad({ target: 'nosuch:link0' })).toContain('there is no netgraph node nosuch on the host');
    expect(await bad({ target: 'br0:link7' })).toContain('node br0 has no hook link7 connected');
    expect(await bad({ target: 'br0:link2', count: 0 })).toContain('"count" must be a whole number of at least 1');
    expect(await bad({ target: 'br0:link2', filter: 'ether proto 5' })).toContain('is not supported');
    expect(taps(stateFile)).toBeUndefined();
    const { id } = ((await c.request(9, 'capture.start', { target: 'br0:link1' })) as ResultFrame).result as { id: string };
    expect(taps(stateFile)).toHaveLength(1);
    const other = await connect(port);
    await other.next((f) => f.type === 'hello');
    const f = (await other.request(1, 'capture.stop', { id })) as ErrorFrame;
    expect(f.error.message).toContain(`there is no capture ${id} of this client`);
    c.ws.close();
    await c.closed;
    for (let i = 0; i < 100 && taps(stateFile) !== undefined; i++) await new Promise((r) => setTimeout(r, 20));
    expect(taps(stateFile)).toBeUndefined();
    expect((await fetch(`http://127.0.0.1:${port}/api/capture/${id}.pcap?token=${TOKEN}`)).status).toBe(404);
    other.ws.close();
  });
});
