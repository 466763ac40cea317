// The CLI as a real process: `node bin/ngstudio.mjs …`, as a user runs it.
import { afterAll, describe, expect, it } from 'vitest';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import type { HostSnapshot } from '../../../shared/model/snapshot.js';
import type { HelloFrame, PatchFrame, ServerFrame } from '../../../shared/protocol/rpc.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = join(ROOT, 'bin/ngstudio.mjs');
const dir = mkdtempSync(join(tmpdir(), 'ngstudio-cli-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI to completion. */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('ngstudio snapshot', () => {
  const state = join(dir, 'demo.json');

  it('prints the seeded demo host as JSON with the fields the issue lists', async () => {
    const seed = await cli(['snapshot', '--demo', '--sim-state', state]);
    expect(seed.stderr).toBe('');
    expect(seed.code).toBe(0);
    expect(existsSync(state)).toBe(true);
    const r = await cli(['snapshot', '--format', 'json', '--sim-state', state]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as HostSnapshot;
    expect(s.host).toMatchObject({ backend: 'sim', emulated: true });
    const br0 = s.netgraph.nodes.find((n) => n.name === 'br0');
    expect(br0).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]+$/), type: 'bridge' });
    expect(br0!.hooks.length).toBeGreaterThanOrEqual(3);
    for (const h of br0!.hooks) expect(h).toEqual({ hook: expect.any(String), peerId: expect.stringMatching(/^[0-9a-f]+$/), peerHook: expect.any(String), counters: expect.objectContaining({ inPackets: expect.any(Number) }) });
    const ifByKey = new Map(s.interfaces.map((i) => [`${i.jail ?? ''}/${i.name}`, i]));
    expect(ifByKey.get('test1/ng_test1')).toMatchObject({ name: 'ng_test1', kind: 'eiface', up: expect.any(Boolean), jail: 'test1', inet: ['10.0.0.1/24'], linkUp: true });
    expect(ifByKey.get('/em0')).toMatchObject({ kind: 'ether', mac: expect.stringMatching(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/), jail: null });
    const names = s.jails.map((j) => j.name).sort();
    expect(names).toEqual(['db', 'test1', 'test2', 'web']);
    const web = s.jails.find((j) => j.name === 'web')!;
    expect(web).toMatchObject({ jid: expect.any(Number), hostname: expect.any(String), path: expect.any(String), vnet: true, state: 'ACTIVE', interfaces: ['lo0', 'ng0_web'] }); // every vnet has its own lo0
  });

  it('reads $NGSTUDIO_SIM_STATE and prints dot like ngctl dot', async () => {
    const r = await cli(['snapshot', '--format', 'dot'], { NGSTUDIO_SIM_STATE: state });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^graph netgraph \{\n\tedge \[ weight = 1\.0 \];\n/);
    expect(r.stdout).toMatch(/label = "\{br0:\|\{bridge\|\[[0-9a-f]+\]:\}\}"/);
    expect(r.stdout.endsWith('};\n')).toBe(true);
  });

  it('fails with one line (exit 1) on a corrupt state file, and 2 on bad usage', async () => {
    const bad = join(dir, 'bad.json');
    (await import('node:fs')).writeFileSync(bad, '{not json');
    const r = await cli(['snapshot', '--sim-state', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(bad);
    const u = await cli(['snapshot', '--format', 'png']);
    expect(u.code).toBe(2);
    expect(u.stderr).toBe('ngstudio: snapshot: --format must be one of json, dot, design (got "png")\n');
  });
});

describe('ngstudio serve', () => {
  let child: ChildProcess | null = null;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('serves on port 0, prints URL + state file + try line, streams changes made by `ngstudio sim`, exits 0 on SIGTERM', async () => {
    const state = join(dir, 'serve.json');
    child = spawn(process.execPath, [BIN, 'serve', '--listen', '127.0.0.1:0', '--sim-state', state, '--demo', '--poll', '50'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    const rl = createInterface({ input: child.stdout! });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += String(d)));
    await new Promise<void>((resolve, reject) => {
      rl.on('line', (l) => {
        lines.push(l);
        if (l.startsWith('ngstudio: try:')) resolve();
      });
      child!.on('exit', () => reject(new Error(`serve exited early: ${stderr}`)));
    });
    const m = /^ngstudio: serving (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]{64})) \(emulated FreeBSD host\)$/.exec(lines[0]!);
    expect(m, lines.join('\n')).not.toBeNull();
    const [, url, port, token] = m!;
    expect(lines).toContain(`ngstudio: emulated host state: ${state}`);
    expect(lines).toContain(`ngstudio: try: NGSTUDIO_SIM_STATE=${state} npx ngstudio sim ngctl list`);

    const health = await fetch(`http://127.0.0.1:${port}/api/health`, { headers: { Authorization: `Bearer ${token}` } });
    expect(await health.json()).toMatchObject({ ok: true, backend: 'sim', clients: 0 });
    expect((await fetch(url!.replace(/\?.*/, ''))).status).toBe(200);

    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`);
    const frames: ServerFrame[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(String(d)) as ServerFrame));
    await expect.poll(() => frames.length, { timeout: 10_000 }).toBeGreaterThan(0);
    const hello = frames[0] as HelloFrame;
    expect(hello.type).toBe('hello');
    expect(hello.snapshot.netgraph.nodes.some((n) => n.name === 'br0')).toBe(true);

    const r = await cli(['sim', '--state', state, 'ngctl', 'mkpeer', 'br0:', 'eiface', 'link9', 'ether']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    await expect.poll(() => frames.find((f) => f.type === 'patch'), { timeout: 10_000 }).toBeTruthy();
    const patch = frames.find((f) => f.type === 'patch') as PatchFrame;
    expect(patch.from).toBe(hello.snapshot.version);
    const added = patch.patch.nodes?.upsert.find((n) => n.type === 'eiface' && n.hooks.some((h) => h.peerHook === 'link9'));
    expect(added).toBeDefined();
    ws.close();

    const exit = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
