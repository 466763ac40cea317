// `snapshot` and `plan` over the freebsd backend, its commands being the
// emulated executables: the same host seen through real command output.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simBinDir } from '../../../agent/host/sim/bin-dir.js';
import { seedDemo } from '../../../agent/host/sim/demo.js';
import type { HostSnapshot } from '../../../shared/model/snapshot.js';
import { comparablePair, seedDemoStill } from '../host/freebsd/sim-compare.js';

const ROOT = join(import.meta.dirname, '../../..');
let dir = '';
let state = '';

function ngstudio(args: string[]) {
  return spawnSync(process.execPath, ['bin/ngstudio.mjs', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NGSTUDIO_SIM_STATE: state },
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ngstudio-fbsd-cli-'));
  state = join(dir, 'state.json');
  await seedDemoStill(state);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CLI commands over --backend freebsd', () => {
  it('snapshot reads the host through the commands and sees what the sim backend sees', () => {
    const viaCommands = ngstudio(['snapshot', '--backend', 'freebsd', '--bin-dir', simBinDir()]);
    // Nothing to note: the emulated commands include netstat, so counters are read too.
    expect(viaCommands.stderr).toBe(`ngstudio: running the host commands from ${simBinDir()}\n`);
    expect(viaCommands.status).toBe(0);
    const viaSim = ngstudio(['snapshot', '--backend', 'sim', '--sim-state', state]);
    expect(viaSim.status).toBe(0);
    const [a, b] = comparablePair(JSON.parse(viaCommands.stdout) as HostSnapshot, JSON.parse(viaSim.stdout) as HostSnapshot);
    expect(a.host.backend).toBe('freebsd');
    expect(a.netgraph).toEqual(b.netgraph);
    expect(a.interfaces).toEqual(b.interfaces);
    expect(a.jails).toEqual(b.jails);
  }, 120_000);

  it('snapshot --no-counters reads no traffic: no netstat, no bridge counters or tables', () => {
    const on = JSON.parse(ngstudio(['snapshot', '--backend', 'freebsd', '--bin-dir', simBinDir()]).stdout) as HostSnapshot;
    expect(on.netgraph.nodes.find((n) => n.name === 'br0')?.table).toHaveLength(2);
    expect(on.interfaces.find((i) => i.name === 'ng_test1')?.counters).toMatchObject({ inPackets: 1, inBytes: 42 });
    const r = ngstudio(['snapshot', '--backend', 'freebsd', '--bin-dir', simBinDir(), '--no-counters']);
    expect(r.stderr).toBe(`ngstudio: running the host commands from ${simBinDir()}\n`);
    expect(r.status).toBe(0);
    const off = JSON.parse(r.stdout) as HostSnapshot;
    expect(off.netgraph.nodes.some((n) => n.table !== undefined || n.hooks.some((h) => h.counters !== undefined))).toBe(false);
    expect(off.interfaces.some((i) => i.counters !== undefined)).toBe(false);
    expect(ngstudio(['snapshot', '--backend', 'sim', '--no-counters'])).toMatchObject({ status: 2, stderr: 'ngstudio: snapshot: --no-counters is for --backend freebsd (the sim backend runs no commands)\n' });
  }, 120_000);

  it('after a ping between the wiki jails, the snapshot read through the commands counts it on the interfaces and on br0\'s hooks', () => {
    const before = JSON.parse(ngstudio(['snapshot', '--backend', 'freebsd', '--bin-dir', simBinDir()]).stdout) as HostSnapshot;
    const ping = spawnSync(join(simBinDir(), 'jexec'), ['test1', 'ping', '-c', '3', '10.0.0.2'], { encoding: 'utf8', env: { ...process.env, NGSTUDIO_SIM_STATE: state } });
    expect(ping.status, ping.stderr).toBe(0);
    expect(ping.stdout).toContain('3 packets transmitted, 3 packets received, 0.0% packet loss');
    const after = JSON.parse(ngstudio(['snapshot', '--backend', 'freebsd', '--bin-dir', simBinDir()]).stdout) as HostSnapshot;
    const got = (s: HostSnapshot, name: string): number => s.interfaces.find((i) => i.name === name)?.counters?.inPackets ?? 0;
    expect(got(after, 'ng_test2') - got(before, 'ng_test2')).toBeGreaterThanOrEqual(3);
    expect(got(after, 'ng_test1') - got(before, 'ng_test1')).toBeGreaterThanOrEqual(3);
    const hook = (s: HostSnapshot, h: string): number => s.netgraph.nodes.find((n) => n.name === 'br0')?.hooks.find((x) => x.hook === h)?.counters?.inPackets ?? 0;
    expect(hook(after, 'link1') - hook(before, 'link1')).toBeGreaterThanOrEqual(3);
    expect(hook(after, 'link2') - hook(before, 'link2')).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it('plan over the freebsd backend prints the exact commands', () => {
    const design = JSON.parse(ngstudio(['snapshot', '--backend', 'sim', '--sim-state', state, '--format', 'design']).stdout);
    design.nodes.push({ name: 'ng_extra', type: 'eiface', ifname: 'ng_extra' });
    design.links.push({ a: { node: 'br0', hook: 'link3' }, b: { node: 'ng_extra', hook: 'ether' } });
    const file = join(dir, 'design.json');
    writeFileSync(file, JSON.stringify(design));
    const r = ngstudio(['plan', file, '--backend', 'freebsd', '--bin-dir', simBinDir(), '--data-dir', join(dir, 'data')]);
    expect(r.stderr).toBe(`ngstudio: running the host commands from ${simBinDir()}\n`);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('mkpeer br0: eiface link3 ether');
  }, 120_000);
});
