// `ngstudio sim --release R` / $NGSTUDIO_SIM_RELEASE: a new emulated host of
// that release, as real processes. A state keeps the release it was made with.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostSnapshot } from '../../../shared/model/snapshot.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = join(ROOT, 'bin/ngstudio.mjs');
const dir = mkdtempSync(join(tmpdir(), 'ngstudio-sim-release-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SLOW = 120_000;

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const e: NodeJS.ProcessEnv = { ...process.env, ...env };
    delete e.NGSTUDIO_SIM_LOCK_TOKEN;
    if (!('NGSTUDIO_SIM_RELEASE' in env)) delete e.NGSTUDIO_SIM_RELEASE;
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: e }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('ngstudio sim --release', () => {
  it('creates a 12.4 host: ng_bridge refuses uplink1 with EINVAL, the snapshot records the release', async () => {
    const f = join(dir, 'r12.json');
    expect(await cli(['sim', '--state', f, '--release', '12.4-RELEASE', 'ngctl', 'mkpeer', 'bridge', 'x', 'uplink1'])).toEqual({ code: 71, stdout: '', stderr: 'ngctl: send msg: Invalid argument\n' });
    // The state exists now, as 12.4; the release sticks without the option.
    expect((await cli(['sim', '--state', f, 'ngctl', 'mkpeer', 'eiface', 'ether', 'ether'])).code).toBe(0);
    expect((await cli(['sim', '--state', f, 'ifconfig', 'ngeth0', 'ether'])).stdout).toContain('\tether 00:00:00:00:00:00\n');
    const snap = JSON.parse((await cli(['snapshot', '--format', 'json', '--sim-state', f])).stdout) as HostSnapshot;
    expect(snap.host.release).toBe('12.4-RELEASE');
    // Asking for another release of an existing state is refused, naming both.
    const other = await cli(['sim', '--state', f, '--release', '14.3-RELEASE', 'kldstat']);
    expect(other.code).toBe(1);
    expect(other.stderr).toBe(`ngstudio sim: emulated host state file ${f} is release 12.4-RELEASE, not 14.3-RELEASE; the release is chosen when a state is created (use a new state file)\n`);
  }, SLOW);

  it('NGSTUDIO_SIM_RELEASE does the same; 13.x accepts uplink1; a bad release exits 2', async () => {
    const f = join(dir, 'r13.json');
    expect(await cli(['sim', '--state', f, 'ngctl', 'mkpeer', 'bridge', 'x', 'uplink1'], { NGSTUDIO_SIM_RELEASE: '13.2-RELEASE' })).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await cli(['sim', '--state', join(dir, 'bad.json'), 'kldstat'], { NGSTUDIO_SIM_RELEASE: '11.4-RELEASE' })).toEqual({ code: 2, stdout: '', stderr: 'ngstudio sim: release 11.4-RELEASE is not emulated (majors 12, 13, 14, 15)\n' });
  }, SLOW);
});

describe('ngstudio sim --wire', () => {
  it('puts two hosts’ em0 on one wire, as processes: one by --wire, the other by $NGSTUDIO_SIM_WIRE; a ping crosses', async () => {
    const a = join(dir, 'wa.json');
    const b = join(dir, 'wb.json');
    const wire = join(dir, 'lan');
    expect((await cli(['sim', '--state', a, '--wire', wire, 'ifconfig', 'em0', 'inet', '192.0.2.1/24'])).code).toBe(0);
    expect((await cli(['sim', '--state', b, 'ifconfig', 'em0', 'inet', '192.0.2.2/24'], { NGSTUDIO_SIM_WIRE: wire })).code).toBe(0);
    const r = await cli(['sim', '--state', a, 'ping', '-c', '2', '192.0.2.2']);
    expect(r.stdout).toContain('2 packets transmitted, 2 packets received, 0.0% packet loss');
    expect(r.code).toBe(0);
    expect(await cli(['sim', '--wire', '', 'kldstat'])).toMatchObject({ code: 2, stderr: 'ngstudio: sim: --wire needs a DIR (the folder the hosts on one wire share)\n' });
  }, SLOW);
});
