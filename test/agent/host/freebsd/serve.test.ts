// `ngstudio serve --backend freebsd --bin-dir DIR` as a real process over the
// emulated commands: the hello frame carries the freebsd backend's snapshot
// and a change made by another command arrives as a patch.
import { afterAll, describe, expect, it } from 'vitest';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import type { HelloFrame, PatchFrame, ServerFrame } from '../../../../shared/protocol/rpc.js';
import { seedDemo } from '../../../../agent/host/sim/demo.js';
import { simBinDir } from '../../../../agent/host/sim/bin-dir.js';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const BIN = join(ROOT, 'bin/ngstudio.mjs');
const dir = mkdtempSync(join(tmpdir(), 'ngstudio-fb-serve-'));
let child: ChildProcess | null = null;
afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('ngstudio serve --backend freebsd', () => {
  it('serves the host seen through the (emulated) commands and streams a change', async () => {
    const state = join(dir, 'demo.json');
    await seedDemo(state);
    const env = { ...process.env, NGSTUDIO_SIM_STATE: state };
    child = spawn(process.execPath, [BIN, 'serve', '--backend', 'freebsd', '--bin-dir', simBinDir(), '--listen', '127.0.0.1:0', '--poll', '200'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += String(d)));
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child!.stdout! }).once('line', resolve);
      child!.on('exit', () => reject(new Error(`serve exited early: ${stderr}`)));
    });
    const m = /^ngstudio: serving http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]{64}) \(FreeBSD host, freebsd backend\)$/.exec(first);
    expect(m, first).not.toBeNull();
    const ws = new WebSocket(`ws://127.0.0.1:${m![1]}/ws?token=${m![2]}`);
    const frames: ServerFrame[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(String(d)) as ServerFrame));
    await expect.poll(() => frames.length, { timeout: 20_000 }).toBeGreaterThan(0);
    const hello = frames[0] as HelloFrame;
    expect(hello.snapshot.host).toMatchObject({ backend: 'freebsd', emulated: false });
    expect(hello.snapshot.netgraph.nodes.some((n) => n.name === 'br0')).toBe(true);
    await new Promise<void>((resolve) => execFile(join(simBinDir(), 'ngctl'), ['mkpeer', 'br0:', 'eiface', 'link9', 'ether'], { env }, () => resolve()));
    // Observing FreeBSD takes several commands, so a change landing between
    // them can reach the client in two patches (the interface one cycle, its
    // node the next): wait for the patch that carries the new node.
    const carriesNode = (f: ServerFrame): boolean =>
      f.type === 'patch' && (f as PatchFrame).patch.nodes?.upsert.some((n) => n.type === 'eiface' && n.hooks.some((h) => h.peerHook === 'link9')) === true;
    await expect.poll(() => frames.some(carriesNode), { timeout: 20_000 }).toBe(true);
    ws.close();
    const exit = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 180_000);

  it('refuses sim-only options with the freebsd backend (exit 2)', async () => {
    const r = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(process.execPath, [BIN, 'serve', '--backend', 'freebsd', '--demo'], { cwd: ROOT }, (err, _o, stderr) => resolve({ code: err ? Number((err as { code?: number }).code) : 0, stderr })),
    );
    expect(r).toEqual({ code: 2, stderr: 'ngstudio: serve: --sim-state and --demo are for the emulated host (--backend sim), not --backend freebsd\n' });
  });
});
