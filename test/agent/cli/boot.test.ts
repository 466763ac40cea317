// `ngstudio boot` as real processes against an emulated-host state file and a
// data folder: the boot list (--enable/--disable/--list), and a design that
// survives `ngstudio sim reboot` because `ngstudio boot` applies it again —
// the same observed host as before the reboot, and a second run that changes
// nothing. A design that no longer validates fails alone; NICs that attach
// late are waited for, within a bound.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Design } from '../../../shared/design/types.js';
import type { HostSnapshot } from '../../../shared/model/snapshot.js';
import { newState } from '../../../agent/host/sim/new-state.js';
import { ifAttachNic } from '../../../agent/host/sim/ifnet.js';
import { withState } from '../../../agent/host/sim/store.js';
import { openStore } from '../../../agent/store/index.js';
import { main } from '../../../agent/cli.js';
import { wiki } from '../../shared/plan/helpers.js';
import { applyKilledMidway, bridgeWithJails } from '../engine/crash-helpers.js';
import { existsSync, readdirSync } from 'node:fs';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = join(ROOT, 'bin/ngstudio.mjs');
const dir = mkdtempSync(join(tmpdir(), 'ngstudio-boot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run { code: number; stdout: string; stderr: string }

/** Runs the CLI; `onOut` sees stdout as it comes. */
function cli(args: string[], onOut?: (soFar: string) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NGSTUDIO_SIM_STATE: '', XDG_DATA_HOME: join(dir, 'xdg') }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => ((stdout += b.toString()), onOut?.(stdout)));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

const EM0 = { name: 'em0', mac: '00:0c:29:4f:8e:35' };
const EM1 = { name: 'em1', mac: '00:0c:29:4f:8e:3f' };

/**
 * A fresh host with em0 and em1 down (as they come back after a reboot with
 * no ifconfig_* in rc.conf), and an empty data folder.
 */
function setup(name: string): { state: string; data: string; host: string[] } {
  const state = join(dir, `${name}-state.json`);
  const s = newState({ nics: [EM0, EM1] });
  for (const i of s.ifnets) if (i.kind === 'ether') i.up = false;
  writeFileSync(state, JSON.stringify(s));
  const data = join(dir, `${name}-data`);
  return { state, data, host: ['--sim-state', state, '--data-dir', data] };
}

/** A jng-style uplink on em0 for jail web, a jib-style if_bridge on em1 with an epair for jail db, and the wiki's br0 with jail test1. */
const lab: Design = {
  format: 1,
  nodes: [
    { name: 'em0', type: 'ether' },
    { name: 'em0bridge', type: 'bridge' },
    { name: 'ng0_web', type: 'eiface', ifname: 'ng0_web', up: true },
    { name: 'br0', type: 'bridge', persistent: true },
    { name: 'ng_test1', type: 'eiface', ifname: 'ng_test1' },
  ],
  links: [
    { a: { node: 'em0', hook: 'lower' }, b: { node: 'em0bridge', hook: 'link0' } },
    { a: { node: 'em0', hook: 'upper' }, b: { node: 'em0bridge', hook: 'link1' } },
    { a: { node: 'em0bridge', hook: 'link2' }, b: { node: 'ng0_web', hook: 'ether' } },
    { a: { node: 'br0', hook: 'link0' }, b: { node: 'ng_test1', hook: 'ether' } },
  ],
  epairs: [{ a: { name: 'e0a_db', up: true }, b: { name: 'e0b_db', up: true } }],
  bridges: [{ name: 'em1bridge', members: ['em1', 'e0a_db'], up: true }],
  jails: [
    { name: 'web', path: '/jails/web', vnet: true, interfaces: ['ng0_web'] },
    { name: 'db', path: '/jails/db', vnet: true, interfaces: ['e0b_db'] },
    { name: 'test1', path: '/jails/test1', vnet: true, interfaces: ['ng_test1'] },
  ],
};

async function snapshot(state: string): Promise<HostSnapshot> {
  const r = await cli(['snapshot', '--format', 'json', '--sim-state', state]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as HostSnapshot;
}

const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /;

describe('ngstudio boot', () => {
  it('keeps the boot list: --enable (once, in order), --list, --disable; refuses what is not a stored design', async () => {
    const t = setup('list');
    const store = await openStore(t.data);
    await store.putDesign('lab', lab);
    await store.putDesign('wiki', wiki);
    const empty = await cli(['boot', '--list', '--data-dir', t.data]);
    expect(empty).toMatchObject({ code: 0, stdout: '' });
    expect(empty.stderr).toMatch(/the boot list is empty/);
    expect(await cli(['boot', '--enable', 'wiki', '--data-dir', t.data])).toEqual({ code: 0, stdout: 'boot: wiki enabled: it is applied at boot (boot order: wiki)\n', stderr: '' });
    expect((await cli(['boot', '--enable', 'lab', '--data-dir', t.data])).stdout).toBe('boot: lab enabled: it is applied at boot (boot order: wiki, lab)\n');
    expect((await cli(['boot', '--enable', 'wiki', '--data-dir', t.data])).stdout).toBe('boot: wiki was already enabled (boot order: wiki, lab)\n');
    expect(JSON.parse(readFileSync(join(t.data, 'boot.json'), 'utf8'))).toEqual({ format: 1, designs: ['wiki', 'lab'] });
    expect(await cli(['boot', '--list', '--data-dir', t.data])).toEqual({ code: 0, stdout: 'wiki\nlab\n', stderr: '' });
    expect((await cli(['boot', '--disable', 'wiki', '--data-dir', t.data])).stdout).toBe('boot: wiki disabled (boot order: lab)\n');

    const missing = await cli(['boot', '--enable', 'nope', '--data-dir', t.data]);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toBe('ngstudio: boot: cannot enable nope: no design named "nope"\n');
    // Usage errors and a corrupt list, through the CLI's entry point in this process (quicker than a process each).
    const run = async (args: string[]): Promise<Run> => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(['boot', ...args, '--data-dir', t.data], { out: (l) => out.push(l), err: (l) => err.push(l) });
      return { code, stdout: out.join('\n'), stderr: err.join('\n') };
    };
    for (const args of [['--enable', 'lab', '--list'], ['--list', '--wait-nics', '3'], ['--enable', 'lab', '--sim-state', t.state], ['--wait-nics', 'soon'], ['lab']]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.split('\n'), args.join(' ')).toHaveLength(1);
    }
    // A corrupt boot list is named, never replaced.
    writeFileSync(join(t.data, 'boot.json'), '{"format": 1, "designs": ["lab", "lab"]}');
    for (const args of [['--list'], ['--enable', 'wiki'], ['--sim-state', t.state]]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toContain(`the boot list ${join(t.data, 'boot.json')} is corrupt (designs[1]: "lab" is listed twice); fix or move it away`);
    }
    expect(readFileSync(join(t.data, 'boot.json'), 'utf8')).toBe('{"format": 1, "designs": ["lab", "lab"]}');
  }, 90_000);

  it('brings a design back after a reboot: the same observed host, and a second run changes nothing', async () => {
    const t = setup('reboot');
    await (await openStore(t.data)).putDesign('lab', lab);
    expect((await cli(['boot', '--enable', 'lab', '--data-dir', t.data])).code).toBe(0);
    const applied = await cli(['apply', 'lab', '--yes', ...t.host]);
    expect(applied.code, applied.stderr).toBe(0);
    const before = await snapshot(t.state);
    expect(before.jails.map((j) => j.name).sort()).toEqual(['db', 'test1', 'web']);

    expect(await cli(['sim', '--state', t.state, 'reboot'])).toEqual({ code: 0, stdout: '', stderr: '' });
    const down = await snapshot(t.state);
    expect(down.jails).toEqual([]);
    expect(down.netgraph.nodes).toEqual([]);
    expect(down.interfaces.map((i) => i.name)).toEqual(['em0', 'em1', 'lo0']);

    const boot = await cli(['boot', ...t.host]);
    expect(boot.stderr).toBe('');
    expect(boot.code).toBe(0);
    const lines = boot.stdout.trimEnd().split('\n');
    for (const l of lines) expect(l).toMatch(STAMP);
    const text = lines.map((l) => l.replace(STAMP, '')).join('\n');
    expect(text).toContain('boot: [1/1] lab\n');
    expect(text).toMatch(/boot: lab: \[1\/\d+\] done {3}load kernel module ng_ether\n/);
    expect(text).toMatch(/boot: lab: \[\d+\/\d+\] done {3}create jail web\n/);
    expect(text).toMatch(/boot: lab: applied \d+ change\(s\) \(\d+ host command\(s\)\)\n/);
    expect(text).toMatch(/boot: done: 1 design\(s\) in place$/);
    expect(await snapshot(t.state)).toEqual(before);

    const stateBytes = readFileSync(t.state, 'utf8');
    const again = await cli(['boot', ...t.host]);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toMatch(/boot: lab: the host already matches it; nothing to do \(0 host command\(s\)\)\n/);
    expect(readFileSync(t.state, 'utf8')).toBe(stateBytes);
  }, 120_000);

  it('fails a design that no longer validates, in the validator\'s words, and still applies the next one (exit 1)', async () => {
    const t = setup('broken');
    const store = await openStore(t.data);
    await store.putDesign('first', { ...wiki, nodes: wiki.nodes.slice(0, 2), links: wiki.links.slice(0, 1), jails: [] });
    await store.putDesign('wiki', wiki);
    for (const n of ['first', 'wiki']) expect((await cli(['boot', '--enable', n, '--data-dir', t.data])).code).toBe(0);
    // Hand-edited after it was enabled: a node name with a colon.
    const file = join(t.data, 'designs', 'first.json');
    writeFileSync(file, JSON.stringify({ ...wiki, nodes: [{ name: 'br:0', type: 'bridge' }], links: [], jails: [] }));

    const r = await cli(['boot', ...t.host]);
    expect(r.code).toBe(1);
    const err = r.stderr.trimEnd().split('\n');
    expect(err).toHaveLength(2);
    expect(err[0]).toMatch(STAMP);
    expect(err[0]!.replace(STAMP, '')).toMatch(new RegExp(`^ngstudio: boot: first failed: design file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is broken: nodes\\[0\\]\\.name: `));
    expect(err[1]!.replace(STAMP, '')).toBe('ngstudio: boot: 1 of 2 design(s) failed: first');
    expect(r.stdout).toMatch(/boot: wiki: applied \d+ change\(s\)/);
    expect((await snapshot(t.state)).jails.map((j) => j.name)).toEqual(['test1', 'test2']);
  }, 120_000);

  it('waits for a NIC that attaches late, within --wait-nics, and fails naming it when it does not come', async () => {
    const t = setup('late');
    const store = await openStore(t.data);
    const uplink: Design = {
      format: 1,
      nodes: [{ name: 'em2', type: 'ether' }, { name: 'ng_up', type: 'eiface', ifname: 'ng_up' }],
      links: [{ a: { node: 'em2', hook: 'lower' }, b: { node: 'ng_up', hook: 'ether' } }],
      epairs: [], bridges: [], jails: [],
    };
    await store.putDesign('uplink', uplink);
    expect((await cli(['boot', '--enable', 'uplink', '--data-dir', t.data])).code).toBe(0);

    const none = await cli(['boot', '--wait-nics', '0', ...t.host]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/ngstudio: boot: uplink failed: interface\(s\) em2 \(uplink\) did not appear within 0 s\n/);
    expect((await snapshot(t.state)).netgraph.nodes).toEqual([]);

    // The driver attaches em2 once boot is waiting for it.
    let attached: Promise<void> | null = null;
    const r = await cli(['boot', '--wait-nics', '120', ...t.host], (out) => {
      if (attached === null && out.includes('boot: uplink: waiting up to 120 s for interface(s) em2 (uplink)')) {
        attached = withState(t.state, (s) => void ifAttachNic(s, 'em2', '00:0c:29:4f:8e:49'));
      }
    });
    expect(attached).not.toBeNull();
    await attached;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('boot: uplink: interface(s) em2 (uplink) present\n');
    const s = await snapshot(t.state);
    expect(s.netgraph.nodes.map((n) => [n.name, n.type]).sort()).toEqual([['em0', 'ether'], ['em1', 'ether'], ['em2', 'ether'], ['ng_up', 'eiface']]);
  }, 120_000);

  it('after a power cut in the middle of an apply: the interrupted apply is adopted, and the design comes back whole', async () => {
    const t = setup('powercut');
    const design = bridgeWithJails(6);
    await (await openStore(t.data)).putDesign('jails', design);
    expect((await cli(['boot', '--enable', 'jails', '--data-dir', t.data])).code).toBe(0);
    const file = join(dir, 'powercut-design.json');
    writeFileSync(file, JSON.stringify(design));
    await applyKilledMidway({ designFile: file, state: t.state, data: t.data, killAfter: 3 });
    expect(readdirSync(join(t.data, 'journal'))).toHaveLength(1);
    expect(await cli(['sim', '--state', t.state, 'reboot'])).toMatchObject({ code: 0 });

    const r = await cli(['boot', ...t.host]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(STAMP);
    expect(r.stderr).toMatch(/ngstudio: boot: an apply was interrupted: ngstudio apply \(pid \d+\)/);
    expect(r.stdout).toMatch(/boot: jails: applied \d+ change\(s\)/);
    expect((await snapshot(t.state)).jails.map((j) => j.name)).toEqual(['j1', 'j2', 'j3', 'j4', 'j5', 'j6']);
    // The successful boot closed the adopted journal, and left none of its own.
    expect(existsSync(join(t.data, 'journal')) ? readdirSync(join(t.data, 'journal')) : []).toEqual([]);
  }, 120_000);
});
