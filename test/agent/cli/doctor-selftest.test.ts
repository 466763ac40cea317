// `ngstudio doctor --selftest` as a real process over the emulated commands:
// it works inside a throwaway jail and leaves the host as it found it (as
// `ngstudio snapshot --backend freebsd` sees it, and as the emulated host's
// own state holds it), writes a support bundle GNU tar reads, and a fault
// injected into one step fails that check while cleanup still runs.
import { afterAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simBinDir } from '../../../agent/host/sim/bin-dir.js';
import type { SimFault, SimState } from '../../../agent/host/sim/state.js';
import { parseNgctlListL } from '../../../shared/parse/ngctl-list.js';
import type { HostSnapshot } from '../../../shared/model/snapshot.js';
import { seedDemoStill } from '../host/freebsd/sim-compare.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ngstudio-selftest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(file: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const ngstudio = (args: string[], state: string) => run(process.execPath, ['bin/ngstudio.mjs', ...args], { NGSTUDIO_SIM_STATE: state });

/** The host as `ngstudio snapshot --backend freebsd` sees it, without the version counter. */
async function hostSnapshot(state: string): Promise<Omit<HostSnapshot, 'version'>> {
  const r = await ngstudio(['snapshot', '--backend', 'freebsd', '--bin-dir', simBinDir()], state);
  expect(r.code, r.stderr).toBe(0);
  const { version: _v, ...rest } = JSON.parse(r.stdout) as HostSnapshot;
  return rest;
}

/** What the emulated host holds, counters aside: every interface where it lives, every jail, every vnet's nodes. */
function emulated(state: string): unknown {
  const s = JSON.parse(readFileSync(state, 'utf8')) as SimState;
  return {
    ifnets: s.ifnets.map((i) => `${i.vnet}/${i.name}/${i.kind}/${i.mac}`),
    jails: s.jails.map((j) => `${j.jid}/${j.name}`),
    vnets: Object.fromEntries(Object.entries(s.vnets).map(([k, v]) => [k, v.nodes.filter((n) => n.type !== 'socket').map((n) => `${n.id}/${n.name}/${n.type}/${n.hooks.map((h) => h.name).join(',')}`)])),
    modules: s.modules.map((m) => m.name),
  };
}

async function demoState(name: string, faults: SimFault[] = []): Promise<string> {
  const state = join(dir, name);
  // Its clock stopped: bridge table ages would otherwise tick between the before and after snapshots.
  await seedDemoStill(state);
  if (faults.length > 0) {
    const st = JSON.parse(readFileSync(state, 'utf8')) as SimState;
    st.faults = faults;
    writeFileSync(state, JSON.stringify(st));
  }
  return state;
}

const LINE = /^(ok  |FAIL|skip) [^:]+: \S/;

/** The check lines of a run (all but the summary and bundle lines), by status. */
function lines(stdout: string): { all: string[]; failed: string[]; skipped: string[] } {
  const all = stdout.trimEnd().split('\n').filter((l) => !/^(selftest|doctor): /.test(l));
  for (const l of all) expect(l).toMatch(LINE);
  return { all, failed: all.filter((l) => l.startsWith('FAIL')), skipped: all.filter((l) => l.startsWith('skip')) };
}

describe('ngstudio doctor --selftest (process, emulated host)', { timeout: 300_000 }, () => {
  it('works inside a throwaway jail, leaves the host identical, and writes a bundle tar lists', async () => {
    const state = await demoState('ok.json');
    const before = await hostSnapshot(state);
    const held = emulated(state);
    const bundle = join(dir, 'out.tar.gz');
    const r = await ngstudio(['doctor', '--selftest', '--bin-dir', simBinDir(), '--bundle', bundle], state);
    expect(r.stderr).toBe('');
    expect(r.code, r.stdout).toBe(0);
    const l = lines(r.stdout);
    expect(l.failed).toEqual([]);
    expect(l.skipped).toEqual([]);
    expect(r.stdout).toMatch(/^selftest: worked inside throwaway vnet jail ngstudio_selftest_\d+ and a jail nested in it: /m);
    for (const want of ['throwaway jail', 'nested jail', 'seen node selftest_br', 'seen epair', 'seen nested jail selftest_nested', 'round trip', 'apply through the engine', 'host equals the design', 'clean up inside the jail', 'remove the throwaway jail', 'host unchanged']) {
      expect(l.all.some((x) => x.startsWith(`ok   ${want}`)), want).toBe(true);
    }
    expect(await hostSnapshot(state)).toEqual(before);
    expect(emulated(state)).toEqual(held);

    // The bundle: GNU tar lists it; its files are the report, versions and every command's raw output.
    const t = await run('tar', ['-tzf', bundle]);
    expect(t.code, t.stderr).toBe(0);
    const names = t.stdout.trim().split('\n');
    expect(names).toEqual(expect.arrayContaining(['ngstudio-selftest/report.txt', 'ngstudio-selftest/versions.txt', 'ngstudio-selftest/doctor.txt', 'ngstudio-selftest/commands/index.txt']));
    expect(names.filter((n) => /\/commands\/cmd-\d{3}-ngctl-list-l\.txt$/.test(n)).length).toBeGreaterThan(2);
    const out = join(dir, 'x');
    mkdirSync(out);
    expect((await run('tar', ['-xzf', bundle, '-C', out])).code).toBe(0);
    const b = join(out, 'ngstudio-selftest');
    expect(readFileSync(join(b, 'report.txt'), 'utf8')).toBe(r.stdout.split('\n').filter((x) => !x.startsWith('doctor: ')).join('\n'));
    expect(readFileSync(join(b, 'versions.txt'), 'utf8')).toMatch(/^ngstudio \d+\.\d+\.\d+\nnode v\d+/);
    expect(readFileSync(join(b, 'versions.txt'), 'utf8')).toContain('$ uname -a\n');
    // A listing made inside the jail is a fixture as it is: `# source:` line, then what ngctl printed, which the project's parser reads.
    const inJail = readdirSync(join(b, 'commands')).filter((n) => n.endsWith('-ngctl-list-l.txt'))
      .map((n) => readFileSync(join(b, 'commands', n), 'utf8'))
      .find((text) => /^# source: ngstudio doctor --selftest bundle, .*`jexec ngstudio_selftest_\d+ ngctl -n \S+ list -l` \(exit 0\)\n/.test(text) && text.includes('selftest_br'));
    expect(inJail).toBeDefined();
    const parsed = parseNgctlListL(inJail!.slice(inJail!.indexOf('\n') + 1));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      const br = parsed.value.nodes.find((n) => n.name === 'selftest_br');
      expect(br?.type).toBe('bridge');
      expect((br?.hooks ?? []).map((h) => h.peerName).sort()).toEqual(expect.arrayContaining(['selftest_e1', 'selftest_e2']));
    }
    // The index names every command with its exit status; the build script went in on stdin.
    const index = readFileSync(join(b, 'commands', 'index.txt'), 'utf8');
    expect(index).toMatch(/cmd-\d{3}-ngctl-f\.txt\texit 0\t\d+ ms\t\S+\tjexec ngstudio_selftest_\d+ ngctl -f -\n/);
    const stdin = readdirSync(join(b, 'commands')).filter((n) => n.endsWith('.stdin.txt')).map((n) => readFileSync(join(b, 'commands', n), 'utf8'));
    expect(stdin.some((s) => s.includes('\nmkpeer . bridge selftest link0\n'))).toBe(true);
    // No environment in it (the state file path is only in the environment).
    for (const n of readdirSync(join(b, 'commands'))) expect(readFileSync(join(b, 'commands', n), 'utf8')).not.toContain(state);
  });

  it('a failing apply step is FAILed, the engine undoes it, cleanup runs, the host is identical; a refused nested jail is skipped', async () => {
    const state = await demoState('fault.json', [
      { match: ['jail', '-c', 'name=selftest_nested'], code: 1, stderr: 'jail: jail_set: Operation not permitted' },
      { match: ['ngctl', '-f', '-'], line: 'mkpeer selftest_br: eiface link3 ether', code: 71, stderr: 'ngctl: send msg: No buffer space available' },
    ]);
    const before = await hostSnapshot(state);
    const held = emulated(state);
    const r = await ngstudio(['doctor', '--selftest', '--bin-dir', simBinDir()], state);
    expect(r.code, r.stdout).toBe(1);
    const l = lines(r.stdout);
    expect(l.skipped).toEqual(['skip nested jail: nesting not allowed, skipped (jail: jail_set: Operation not permitted)']);
    expect(l.failed).toHaveLength(1);
    expect(l.failed[0]).toMatch(/^FAIL apply through the engine: .*mkpeer selftest_br: eiface link3 ether.*ngctl: send msg: No buffer space available.*; undone: /);
    expect(l.all).toContain('ok   seen interface of selftest_e2: ngeth1, in the jail\'s own vnet');
    expect(l.all.some((x) => x.startsWith('ok   clean up inside the jail: '))).toBe(true);
    expect(l.all.some((x) => x.startsWith('ok   remove the throwaway jail: '))).toBe(true);
    expect(l.all.at(-1)).toMatch(/^ok   host unchanged: /);
    expect(r.stdout).toMatch(/^selftest: 1 check\(s\) failed: apply through the engine \(\d+ ok, 1 skipped\)$/m);
    expect(await hostSnapshot(state)).toEqual(before);
    expect(emulated(state)).toEqual(held);
  });

  it('a failing build step stops the rest (named as not reached), and cleanup still leaves the host identical', async () => {
    const state = await demoState('build-fault.json', [{ match: ['ifconfig', 'epair', 'create'], code: 1, stderr: 'ifconfig: SIOCIFCREATE2: Invalid argument' }]);
    const held = emulated(state);
    const r = await ngstudio(['doctor', '--selftest', '--bin-dir', simBinDir()], state);
    expect(r.code, r.stdout).toBe(1);
    const l = lines(r.stdout);
    expect(l.failed).toEqual(['FAIL make an epair in the jail: ifconfig epair create exited 1: ifconfig: SIOCIFCREATE2: Invalid argument']);
    expect(l.all.some((x) => x.startsWith('ok   clean up inside the jail: ') && x.includes('shut down selftest_br'))).toBe(true);
    expect(l.all.at(-1)).toMatch(/^ok   host unchanged: /);
    expect(r.stdout).toContain('; not reached: nested jail, observe inside the jail, round trip, plan the changed design, apply through the engine (');
    expect(emulated(state)).toEqual(held);
  });

  it('SIGINT stops it after the command under way, and it still cleans up and checks the host', async () => {
    // The epair step is held 4 s, so the signal lands while it runs.
    const state = await demoState('sigint.json', [{ match: ['ifconfig', 'epair', 'create'], sleepMs: 4000, code: 0, stderr: '' }]);
    const held = emulated(state);
    const child = spawn(process.execPath, ['bin/ngstudio.mjs', 'doctor', '--selftest', '--bin-dir', simBinDir()], { cwd: ROOT, env: { ...process.env, NGSTUDIO_SIM_STATE: state } });
    let stdout = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
      if (!sent && stdout.includes('ok   build netgraph in the jail')) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(sent).toBe(true);
    expect(code, stdout).toBe(1);
    expect(stdout).toContain('selftest: SIGINT: stopping after the command under way, then cleaning up');
    const l = lines(stdout);
    expect(l.failed).toEqual(['FAIL self-test: stopped: interrupted by SIGINT']);
    expect(l.all).toContain('ok   make an epair in the jail: epair0a/epair0b');
    expect(l.all.some((x) => x.startsWith('ok   clean up inside the jail: ') && x.includes('destroyed epair epair0a/epair0b'))).toBe(true);
    expect(l.all.at(-1)).toMatch(/^ok   host unchanged: /);
    expect(emulated(state)).toEqual(held);
  });

  it('refuses --bundle without --selftest, and a bundle in a missing folder, with exit 2 before running anything', async () => {
    const state = await demoState('usage.json');
    const a = await ngstudio(['doctor', '--bundle', join(dir, 'b.tar.gz')], state);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/^ngstudio: doctor: --bundle needs --selftest/);
    const b = await ngstudio(['doctor', '--selftest', '--bin-dir', simBinDir(), '--bundle', join(dir, 'nope', 'b.tar.gz')], state);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^ngstudio: doctor: --bundle .*: the folder .*nope does not exist/);
    expect(b.stdout).toBe('');
  });

  it.skipIf(process.platform === 'freebsd')('does not start without the commands it drives (here: no FreeBSD commands on PATH)', async () => {
    const r = await run(process.execPath, ['bin/ngstudio.mjs', 'doctor', '--selftest']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL commands: not found on PATH: .*jail.*\nselftest: not run: commands missing\n$/);
  });
});
