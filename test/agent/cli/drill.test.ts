// `ngstudio drill` as real processes over an emulated-host state file seeded
// with the demo (the wiki's br0 with link2 <-> ng_test2): the link is gone
// during the drill and back after it; SIGTERM restores at once; a drill killed
// with -9 is restored by the next `serve` or `recover`, which say so; bad
// targets and durations exit 2 naming what is wrong, with nothing changed.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '../../../agent/host/sim/demo.js';
import { BIN, ROOT, cli } from '../engine/crash-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ngstudio-drill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** A fresh demo host and an empty data folder. */
async function fresh(): Promise<{ state: string; data: string }> {
  const d = join(dir, `h${++n}`);
  const state = join(d, 'state.json');
  mkdirSync(d, { recursive: true });
  await seedDemo(state);
  return { state, data: join(d, 'data') };
}

const sim = async (state: string, ...args: string[]): Promise<string> => (await cli(['sim', '--state', state, ...args])).stdout;
/** The hook lines of `ngctl show br0:` (hook, peer name, peer hook). */
const br0Links = async (state: string): Promise<string[]> =>
  (await sim(state, 'ngctl', 'show', 'br0:'))
    .split('\n')
    .filter((l) => /^\s+link\d/.test(l))
    .map((l) => l.trim().split(/\s+/))
    .map((w) => `${w[0]} ${w[1]} ${w[4]}`)
    .sort();

/** Starts a drill process; resolves once it says the drill is under way. */
function startDrill(args: string[]): Promise<{ child: ChildProcess; err: () => string; exit: Promise<number> }> {
  const child = spawn(process.execPath, [BIN, 'drill', ...args], { cwd: ROOT, env: { ...process.env, NGSTUDIO_SIM_STATE: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  const exit = new Promise<number>((r) => child.once('exit', (code, sig) => r(code ?? (sig ? 128 : 1))));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the drill did not start in 60 s:\n${err}`)), 60_000);
    child.stderr?.on('data', (b: Buffer) => {
      err += b.toString();
      if (/ until \S+ \(journal /.test(err)) (clearTimeout(timer), resolve({ child, err: () => err, exit }));
    });
    void exit.then((c) => reject(new Error(`the drill exited (${c}) before it started:\n${err}`)));
  });
}

const journalFiles = (data: string): string[] => (existsSync(join(data, 'journal')) ? readdirSync(join(data, 'journal')) : []);

describe('ngstudio drill', () => {
  it('cuts br0:link2 for 4 s: gone during the drill, back (same hooks) after, exit 0', async () => {
    const { state, data } = await fresh();
    const before = await br0Links(state);
    expect(before).toContain('link2 ng_test2 ether');
    const d = await startDrill(['cut', 'br0:link2', '--for', '4s', '--sim-state', state, '--data-dir', data]);
    const during = await br0Links(state);
    expect(during).not.toContain('link2 ng_test2 ether');
    expect(during).toHaveLength(before.length - 1);
    expect(journalFiles(data).some((f) => /^drill-.*\.jsonl$/.test(f))).toBe(true);
    expect(await d.exit).toBe(0);
    expect(d.err()).toMatch(/restoring in \ds/);
    expect(d.err()).toMatch(/restored the link br0:link2 <-> ng_test2:ether \(ngctl connect br0: ng_test2: link2 ether\)/);
    expect(await br0Links(state)).toEqual(before);
    expect(journalFiles(data)).toEqual([]);
  }, 90_000);

  it('restores at once on SIGTERM', async () => {
    const { state, data } = await fresh();
    const before = await br0Links(state);
    const d = await startDrill(['cut', 'br0:link2', '--for', '10m', '--sim-state', state, '--data-dir', data]);
    d.child.kill('SIGTERM');
    expect(await d.exit).toBe(0);
    expect(d.err()).toMatch(/SIGTERM: restored the link br0:link2/);
    expect(await br0Links(state)).toEqual(before);
  }, 90_000);

  it('killed with -9 mid-drill: the next serve restores the link and says so', async () => {
    const { state, data } = await fresh();
    const before = await br0Links(state);
    const d = await startDrill(['cut', 'br0:link2', '--for', '10m', '--sim-state', state, '--data-dir', data]);
    d.child.kill('SIGKILL');
    await d.exit;
    expect(await br0Links(state)).not.toContain('link2 ng_test2 ether');
    const serve = spawn(process.execPath, [BIN, 'serve', '--sim-state', state, '--data-dir', data, '--listen', '127.0.0.1:0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    serve.stderr.on('data', (b: Buffer) => (err += b.toString()));
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`serve did not start:\n${err}`)), 60_000);
      serve.stdout.on('data', (b: Buffer) => b.toString().includes('serving http') && (clearTimeout(t), resolve()));
    });
    serve.kill('SIGTERM');
    await new Promise((r) => serve.once('exit', r));
    expect(err).toMatch(/ngstudio: a drill on br0:link2 was interrupted \(ngstudio drill cut br0:link2 \(pid \d+\) died, before its deadline .*\): restored the link br0:link2 <-> ng_test2:ether/);
    expect(await br0Links(state)).toEqual(before);
    expect(journalFiles(data)).toEqual([]);
  }, 90_000);

  it('killed with -9 mid-drill on an interface in a vnet jail: recover brings it up and says so', async () => {
    const { state, data } = await fresh();
    const d = await startDrill(['down', 'web/ng0_web', '--for', '10m', '--sim-state', state, '--data-dir', data]);
    expect(await sim(state, 'jexec', 'web', 'ifconfig', 'ng0_web')).not.toMatch(/<UP,/);
    d.child.kill('SIGKILL');
    await d.exit;
    const r = await cli(['recover', '--sim-state', state, '--data-dir', data]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/a drill on web\/ng0_web was interrupted .*: restored the interface ng0_web in jail web \(jexec web ifconfig ng0_web up\)/);
    expect(await sim(state, 'jexec', 'web', 'ifconfig', 'ng0_web')).toMatch(/flags=\w+<UP,/);
  }, 90_000);

  it('refuses bad targets and durations with exit 2, naming them, changing nothing', async () => {
    const { state, data } = await fresh();
    // A hub whose only hook is br0:link5: cutting it would shut the hub down.
    await sim(state, 'ngctl', 'mkpeer', 'br0:', 'hub', 'link5', 'up');
    await sim(state, 'ngctl', 'name', 'br0:link5', 'h1');
    // The demo addresses ng_test1, which brings it up: take it down for the case below.
    await sim(state, 'jexec', 'test1', 'ifconfig', 'ng_test1', 'down');
    const text = readFileSync(state, 'utf8');
    const cases: [string[], RegExp][] = [
      [['cut', 'br0:link9', '--for', '4s'], /drill cut: node br0 has no hook link9 \(it has .*\): there is no link to cut; nothing was changed/],
      [['cut', 'nosuch:link0', '--for', '4s'], /drill cut: there is no netgraph node nosuch on the host/],
      [['cut', 'br0', '--for', '4s'], /drill cut: "br0" is not a link end; write NODE:HOOK/],
      [['cut', 'br0:link5', '--for', '4s'], /would leave node h1: \(hub\) without hooks/],
      [['down', 'ng_nope', '--for', '4s'], /drill down: there is no interface ng_nope on the host or in a vnet jail/],
      [['down', 'test1/ng_test1', '--for', '4s'], /interface test1\/ng_test1 is already down/],
      [['cut', 'br0:link2', '--for', '0s'], /--for: duration 0s is out of bounds: a drill lasts from 1 s to 24 h/],
      [['cut', 'br0:link2', '--for', '25h'], /duration 25h is out of bounds/],
      [['cut', 'br0:link2', '--for', 'soon'], /duration "soon" is not a number of seconds, minutes or hours/],
      [['cut', 'br0:link2'], /missing --for DURATION/],
      [['snip', 'br0:link2', '--for', '4s'], /unknown drill "snip"/],
    ];
    const runs = await Promise.all(cases.map(([args]) => cli(['drill', ...args, '--sim-state', state, '--data-dir', data])));
    runs.forEach((r, i) => {
      expect(r.code, cases[i]![0].join(' ')).toBe(2);
      expect(r.stderr).toMatch(cases[i]![1]);
    });
    expect(readFileSync(state, 'utf8')).toBe(text);
    expect(journalFiles(data)).toEqual([]);
  }, 120_000);
});
