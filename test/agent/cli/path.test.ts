// `ngstudio path` as a real process against an emulated demo host's state
// file, changed between runs by the emulated commands (jexec … ifconfig).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PathTrace } from '../../../shared/path/types.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = join(ROOT, 'bin/ngstudio.mjs');
const dir = mkdtempSync(join(tmpdir(), 'ngstudio-path-'));
const state = join(dir, 'state.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NGSTUDIO_SIM_STATE: '' } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** An emulated command on the demo's state file; it must succeed. */
async function sim(...argv: string[]): Promise<void> {
  const r = await cli(['sim', '--state', state, ...argv]);
  expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
}

describe('ngstudio path on the emulated demo host', () => {
  beforeAll(async () => {
    expect((await cli(['snapshot', '--demo', '--sim-state', state])).code).toBe(0);
    // The demo's jail interfaces start down, as a jail without exec.start leaves them.
    await sim('jexec', 'test1', 'ifconfig', 'ng_test1', 'up');
    await sim('jexec', 'test2', 'ifconfig', 'ng_test2', 'up');
  }, 60_000);

  it('test1 → test2 is reachable through br0: one line per hop, then reachable (exit 0)', async () => {
    const r = await cli(['path', 'test1', 'test2', '--sim-state', state]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('reachable');
    expect(lines.slice(0, -1).map((l) => l.trim().split(/\s{2,}/)[0])).toEqual([
      'jail test1',
      'interface ng_test1 in jail test1',
      'node ng_test1 (eiface)',
      'node br0 (bridge)',
      'node ng_test2 (eiface)',
      'interface ng_test2 in jail test2',
      'jail test2',
    ]);
    expect(lines.find((l) => l.includes('node br0'))).toMatch(/hook link1 → hook link2$/);
  });

  it('--json gives { reachable, from, to, hops, breaks? }', async () => {
    const r = await cli(['path', 'test1', 'test2', '--json', '--sim-state', state]);
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout) as PathTrace;
    expect(Object.keys(t)).toEqual(['reachable', 'from', 'to', 'hops']);
    expect(t).toMatchObject({ reachable: true, from: { kind: 'jail', name: 'test1' }, to: { kind: 'jail', name: 'test2' } });
    expect(t.hops[3]).toEqual({ at: { kind: 'node', id: expect.stringMatching(/^[0-9a-f]+$/), name: 'br0', type: 'bridge' }, in: { hook: 'link1' }, out: { hook: 'link2' } });
  });

  it('with ng_test2 down inside its jail: NOT reachable naming ng_test2 (exit 1), in JSON too', async () => {
    await sim('jexec', 'test2', 'ifconfig', 'ng_test2', 'down');
    const r = await cli(['path', 'test1', 'test2', '--sim-state', state]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('NOT reachable: interface ng_test2 is down');
    expect(lines.find((l) => l.startsWith('x '))).toMatch(/^x interface ng_test2 in jail test2/);
    expect(lines.find((l) => l.startsWith('. '))).toMatch(/^\. jail test2/);
    const j = await cli(['path', 'test1', 'test2', '--json', '--sim-state', state]);
    expect(j.code).toBe(1);
    const t = JSON.parse(j.stdout) as PathTrace;
    expect(t.reachable).toBe(false);
    expect(t.breaks).toEqual({ at: { kind: 'interface', name: 'ng_test2', jail: 'test2' }, reason: 'interface ng_test2 is down', hop: 5 });
    expect(t.hops[6]).toMatchObject({ at: { kind: 'jail', name: 'test2' }, beyond: true });
    await sim('jexec', 'test2', 'ifconfig', 'ng_test2', 'up');
  });

  it('after ngctl rmhook br0: link2, names the unconnected hook of ng_test2', async () => {
    await sim('ngctl', 'rmhook', 'br0:', 'link2');
    const r = await cli(['path', 'test1', 'test2', '--sim-state', state]);
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('NOT reachable: hook ether of ng_test2 is not connected');
    await sim('ngctl', 'connect', 'br0:', 'ng_test2:', 'link2', 'ether');
    expect((await cli(['path', 'test1', 'test2', '--sim-state', state])).code).toBe(0);
  });

  it('an endpoint that names nothing, or a wrong number of arguments, is bad input (exit 2, one line)', async () => {
    const r = await cli(['path', 'test1', 'nosuch', '--sim-state', state]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('ngstudio: path: to: no jail, interface or netgraph node named nosuch on the host\n');
    const j = await cli(['path', '[ff]', 'test2', '--json', '--sim-state', state]);
    expect(j.code).toBe(2);
    expect(j.stderr).toBe('ngstudio: path: from: no netgraph node [ff] on the host\n');
    const u = await cli(['path', 'test1', '--sim-state', state]);
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/^ngstudio: path: expected FROM and TO .*got 1 argument\n$/);
  });
});
