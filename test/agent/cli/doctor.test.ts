// `ngstudio doctor` as a real process (on this Linux machine it must say it is
// not FreeBSD and what is needed), its checks over the emulated commands, and
// the rc.d script's syntax and rc variables.
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatCheck, runChecks } from '../../../agent/cli/doctor.js';
import { createExec } from '../../../agent/host/freebsd/exec.js';
import { simBinDir } from '../../../agent/host/sim/bin-dir.js';
import { seedDemo } from '../../../agent/host/sim/demo.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ngstudio-doctor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(file: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: ROOT, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const CHECK_LINE = /^(ok   |FAIL |warn ) (FreeBSD|root|Node\.js|commands|netgraph|ng_ether): \S/;

describe('ngstudio doctor (process)', () => {
  it.skipIf(process.platform === 'freebsd')('says this is not FreeBSD, what is needed, and exits 1', async () => {
    const r = await run(process.execPath, ['bin/ngstudio.mjs', 'doctor']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`FAIL  FreeBSD: this is ${process.platform}, not FreeBSD: the freebsd backend needs a FreeBSD 13+ host with netgraph (here use --backend sim, the emulated host)`);
    for (const l of lines.slice(0, -1)) expect(l).toMatch(CHECK_LINE);
    expect(lines.map((l) => l.split(':')[0])).toEqual(['FAIL  FreeBSD', expect.stringMatching(/^(ok   |FAIL ) root$/), 'ok    Node.js', 'FAIL  commands', expect.stringMatching(/^FAIL  netgraph$/), 'warn  ng_ether', expect.stringMatching(/^doctor/)]);
    expect(r.stdout).toMatch(/FAIL  commands: not found on PATH: .*ngctl.*kldstat/);
    expect(lines.at(-1)).toMatch(/^doctor: \d required check\(s\) failed: FreeBSD, .*commands, netgraph$/);
  });

  it('checks the emulated commands given with --bin-dir (still not FreeBSD: exit 1)', async () => {
    const state = join(dir, 'demo.json');
    await seedDemo(state);
    const r = await run(process.execPath, ['bin/ngstudio.mjs', 'doctor', '--bin-dir', simBinDir()], { NGSTUDIO_SIM_STATE: state });
    expect(r.code).toBe(process.platform === 'freebsd' ? expect.any(Number) : 1);
    expect(r.stdout).toContain(`ok    commands: ngctl, ifconfig, jail, jls, jexec, kldload, kldstat found in ${simBinDir()}`);
    expect(r.stdout).toContain('ok    netgraph: netgraph module loaded');
    expect(r.stdout).toContain('ok    ng_ether: ng_ether loaded');
  });

  it('rejects an unknown option with exit 2', async () => {
    const r = await run(process.execPath, ['bin/ngstudio.mjs', 'doctor', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ngstudio: doctor: /);
  });
});

describe('runChecks', () => {
  it('passes every required check on a FreeBSD-like host as root with the commands and modules present', async () => {
    const state = join(dir, 'demo2.json');
    await seedDemo(state);
    const binDir = simBinDir();
    const checks = await runChecks({ platform: 'freebsd', uid: 0, nodeVersion: 'v20.19.0', binDir, path: '', exec: createExec({ binDir, env: { NGSTUDIO_SIM_STATE: state } }) });
    expect(checks.filter((c) => c.status !== 'ok').map(formatCheck)).toEqual([]);
    expect(checks.map((c) => c.what)).toEqual(['FreeBSD', 'root', 'Node.js', 'commands', 'netgraph', 'ng_ether']);
  });

  it('fails an old Node.js and a non-root user, saying how to fix them', async () => {
    const checks = await runChecks({ platform: 'freebsd', uid: 1001, nodeVersion: 'v18.20.0', path: '', binDir: join(dir, 'empty'), exec: createExec() });
    const byWhat = Object.fromEntries(checks.map((c) => [c.what, formatCheck(c)]));
    expect(byWhat['Node.js']).toBe('FAIL  Node.js: Node.js v18.20.0 is too old: install Node.js 20 or later (pkg install node20)');
    expect(byWhat.root).toMatch(/^FAIL  root: not root: .*run ngstudio as root/);
  });
});

describe('rc.d/ngstudio', () => {
  const script = join(ROOT, 'rc.d/ngstudio');
  it('is valid sh (sh -n)', async () => {
    const r = await run('sh', ['-n', script]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });
  it('declares the rc variables, daemon(8) with a pidfile, and the node interpreter', () => {
    const text = readFileSync(script, 'utf8');
    for (const re of [
      /^\. \/etc\/rc\.subr$/m,
      /^name=ngstudio$/m,
      /^rcvar=ngstudio_enable$/m,
      /^load_rc_config \$name$/m,
      /^: \$\{ngstudio_enable:="NO"\}$/m,
      /^: \$\{ngstudio_flags:=/m,
      /^: \$\{ngstudio_data_dir:="\/var\/db\/ngstudio"\}$/m,
      /^pidfile="\/var\/run\/\$\{name\}\.pid"$/m,
      /^command="\/usr\/sbin\/daemon"$/m,
      /^command_interpreter="\/usr\/local\/bin\/node"$/m,
      /^procname=/m,
      /^command_args=".*-p \$\{pidfile\}.* serve --backend freebsd --data-dir \$\{ngstudio_data_dir\}/m,
      /^run_rc_command "\$1"$/m,
    ]) expect(text).toMatch(re);
    // load_rc_config must come before the defaults, run_rc_command last.
    expect(text.indexOf('load_rc_config')).toBeLessThan(text.indexOf(': ${ngstudio_enable'));
    expect(text.trimEnd().endsWith('run_rc_command "$1"')).toBe(true);
  });
});
