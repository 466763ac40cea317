// The quiet agent as a real process: `ngstudio serve --backend freebsd` over
// counting shims of the emulated commands. With nobody watching it observes
// only every --idle-poll (30 s), yet still sees drift; a client that connects
// gets changes at the --poll pace; a devd interface event (from the emulated
// devd, `ngstudio sim devd`) makes it observe at once whatever the interval.
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
import { loadState, withState } from '../../../../agent/host/sim/store.js';
import { runCommand } from '../../../../agent/host/sim/cmd/index.js';
import { countingShims } from '../../../../bench/shims.js';
import { graphScript } from '../../../../bench/processes.js';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const BIN = join(ROOT, 'bin/ngstudio.mjs');
const dir = mkdtempSync(join(tmpdir(), 'ngstudio-quiet-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Proc {
  child: ChildProcess;
  first: string;
  stderr: () => string;
  exit: () => Promise<number | null>;
}

/** Spawns `ngstudio ARGS` and waits for its first stdout line. */
async function start(args: string[], env: NodeJS.ProcessEnv): Promise<Proc> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += String(d)));
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.on('exit', () => reject(new Error(`ngstudio ${args[0]} exited early: ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    first,
    stderr: () => stderr,
    exit: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The port and token of a serve process's URL line. */
function served(p: Proc): { port: string; token: string } {
  const m = /^ngstudio: serving http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]{64}) \(FreeBSD host, freebsd backend\)$/.exec(p.first);
  expect(m, p.first).not.toBeNull();
  return { port: m![1]!, token: m![2]! };
}

/** The agent's observed version, from /api/health (no process is started for it). */
async function version(a: { port: string; token: string }): Promise<number> {
  const r = await fetch(`http://127.0.0.1:${a.port}/api/health`, { headers: { Authorization: `Bearer ${a.token}` } });
  return ((await r.json()) as { version: number }).version;
}

/** Runs an emulated command directly (not through the shims: only the agent's processes are counted). */
function emulated(env: NodeJS.ProcessEnv, cmd: string, ...args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(join(simBinDir(), cmd), args, { env }, (err, _out, stderr) => (err ? reject(new Error(`${cmd} ${args.join(' ')}: ${stderr}`)) : resolve())),
  );
}

/** A WebSocket client collecting frames. */
function client(a: { port: string; token: string }): { ws: WebSocket; frames: ServerFrame[] } {
  const ws = new WebSocket(`ws://127.0.0.1:${a.port}/ws?token=${a.token}`);
  const frames: ServerFrame[] = [];
  ws.on('message', (d) => frames.push(JSON.parse(String(d)) as ServerFrame));
  return { ws, frames };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('the quiet agent (serve --backend freebsd over counting shims)', () => {
  it('starts at most 20 processes in 30 s with no client yet sees drift; a client then gets changes at the poll interval', async () => {
    // A bridge pb0 with one eiface and no jails: 7 processes per cycle.
    const state = join(dir, 'idle.json');
    const built = await withState(state, (s) => runCommand(s, ['ngctl', '-f', '-'], { readStdin: async () => graphScript(2) }));
    expect(built.code, built.stderr).toBe(0);
    const shims = countingShims(join(dir, 'shims-idle'));
    const env = { ...process.env, NGSTUDIO_SIM_STATE: state };
    // The default intervals, spelled out; no devd answers at this path, so only they are at work.
    const serve = await start(['serve', '--backend', 'freebsd', '--bin-dir', shims.dir, '--listen', '127.0.0.1:0', '--poll', '1000', '--idle-poll', '30000', '--devd-socket', join(dir, 'absent.pipe')], env);
    const agent = served(serve);
    const t0 = Date.now();
    const before = shims.count();
    expect(await version(agent)).toBe(1);

    // A change nobody watches: the idle observation (every 30 s) still picks it up.
    await emulated(env, 'ngctl', 'mkpeer', 'pb0:', 'eiface', 'link8', 'ether');
    await expect.poll(() => version(agent), { timeout: 60_000, interval: 500 }).toBe(2);
    const left = 30_000 - (Date.now() - t0);
    if (left > 0) await sleep(left);
    const idle = shims.count() - before;
    expect(Date.now() - t0).toBeGreaterThanOrEqual(30_000);
    expect(idle, JSON.stringify(shims.byCommand())).toBeLessThanOrEqual(20);

    const { ws, frames } = client(agent);
    await expect.poll(() => frames.length, { timeout: 10_000 }).toBeGreaterThan(0);
    const hello = frames[0] as HelloFrame;
    expect(hello.snapshot.version).toBe(2);
    await emulated(env, 'ngctl', 'mkpeer', 'pb0:', 'eiface', 'link9', 'ether');
    const carriesNode = (f: ServerFrame): boolean =>
      f.type === 'patch' && (f as PatchFrame).patch.nodes?.upsert.some((n) => n.type === 'eiface' && n.hooks.some((h) => h.peerHook === 'link9')) === true;
    // Only the 1 s poll of a watched agent can bring it before the 30 s idle
    // poll would. Each emulated command is a Node process, so one observe cycle
    // (7 of them) takes 1 to 2.5 s on a busy two-core machine, and a change
    // landing mid-cycle costs the rest of it plus a whole one: hence 15 s.
    await expect.poll(() => frames.some(carriesNode), { timeout: 15_000, interval: 20 }).toBe(true);
    ws.close();
    expect(await serve.exit()).toBe(0);
  }, 120_000);

  it('observes at once on a devd interface event even with a 10-minute poll interval', async () => {
    const state = join(dir, 'devd.json');
    await seedDemo(state);
    const shims = countingShims(join(dir, 'shims-devd'));
    const env = { ...process.env, NGSTUDIO_SIM_STATE: state };
    const pipe = join(dir, 'devd.pipe');
    const devd = await start(['sim', '--state', state, 'devd', '--socket', pipe], env);
    expect(devd.first).toBe(`ngstudio sim devd: serving the events of ${state} on ${pipe}`);
    const serve = await start(['serve', '--backend', 'freebsd', '--bin-dir', shims.dir, '--listen', '127.0.0.1:0', '--poll', '600000', '--idle-poll', '600000', '--devd-socket', pipe], env);
    const agent = served(serve);
    await expect.poll(() => serve.stderr(), { timeout: 10_000 }).toContain(`ngstudio: observing on devd interface events from ${pipe}`);
    expect(await version(agent)).toBe(1);

    await emulated(env, 'ifconfig', 'epair', 'create');
    await expect.poll(() => version(agent), { timeout: 20_000, interval: 100 }).toBe(2);
    const { ws, frames } = client(agent);
    await expect.poll(() => frames.length, { timeout: 10_000 }).toBeGreaterThan(0);
    const names = (frames[0] as HelloFrame).snapshot.interfaces.map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining(['epair1a', 'epair1b']));
    ws.close();
    expect(await serve.exit()).toBe(0);
    expect(await devd.exit()).toBe(0);
    // The emulated devd closed /dev/devctl: the state no longer queues events.
    expect((await loadState(state))?.devctl).toBeUndefined();
  }, 120_000);
});
