// An impaired link end to end, as real processes: `ngstudio apply --yes` of
// the wiki example with a 50 ms delay on the link to ng_test2, on an emulated
// host; the emulated ngctl shows the pipe between br0 and ng_test2 and its
// getcfg says delay=50000; applying the plain example removes the pipe and
// br0:link2 is linked to ng_test2:ether again. On the demo host, the same
// round trip from `snapshot --format design`: the emulated ping between the
// jails takes ≥ 90 ms with a 50 ms delay each way, and < 10 ms once the
// original design is applied again.
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Design } from '../../../shared/design/types.js';
import { wiki } from '../../shared/plan/helpers.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = join(ROOT, 'bin/ngstudio.mjs');
const dir = mkdtempSync(join(tmpdir(), 'ngstudio-impair-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NGSTUDIO_SIM_STATE: '', XDG_DATA_HOME: join(dir, 'xdg') } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const state = join(dir, 'state.json');
const host = ['--sim-state', state, '--data-dir', join(dir, 'data')];
const ngctl = (...args: string[]) => cli(['sim', '--state', state, 'ngctl', ...args]);
const impaired: Design = { ...wiki, links: wiki.links.map((l) => (l.b.node === 'ng_test2' ? { ...l, impair: { delayMs: 50 } } : l)) };
const impairedFile = join(dir, 'impaired.json');
const plainFile = join(dir, 'wiki.json');
writeFileSync(impairedFile, JSON.stringify(impaired));
writeFileSync(plainFile, JSON.stringify(wiki));

/** `ngctl show NODE:` hook rows as [local hook, peer name, peer type, peer hook]. */
async function hooksOf(node: string): Promise<string[][]> {
  const r = await ngctl('show', `${node}:`);
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').slice(3).filter((l) => l.trim() !== '').map((l) => l.trim().split(/\s+/)).map(([h, n, t, , ph]) => [h!, n!, t!, ph!]);
}

describe('ngstudio apply with an impaired link', () => {
  it('splices an ng_pipe between br0 and ng_test2 with a 50 ms delay', async () => {
    const r = await cli(['apply', impairedFile, '--yes', ...host]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/done +set pipe pipe_br0_link2 on link br0:link2 ↔ ng_test2:ether with setcfg: 50 ms/);
    expect(await hooksOf('br0')).toContainEqual(['link2', 'pipe_br0_link2', 'pipe', 'upper']);
    expect(await hooksOf('pipe_br0_link2')).toEqual(expect.arrayContaining([['upper', 'br0', 'bridge', 'link2'], ['lower', 'ng_test2', 'eiface', 'ether']]));
    const cfg = await ngctl('msg', 'pipe_br0_link2:', 'getcfg');
    expect(cfg.stdout).toMatch(/^Rec'd response "getcfg" \(5\) from "\[[0-9a-f]+\]:":\nArgs:\t\{ delay=50000 downstream=\{ queuelen=50 fifo=1 droptail=1 \} upstream=\{ queuelen=50 fifo=1 droptail=1 \} \}\n$/);
    // Observed again, the host is the design: the pipe is the link's impairment.
    const d = JSON.parse((await cli(['snapshot', '--format', 'design', '--sim-state', state])).stdout) as Design;
    expect(d.links.find((l) => l.b.node === 'ng_test2')).toEqual({ a: { node: 'br0', hook: 'link2' }, b: { node: 'ng_test2', hook: 'ether' }, impair: { delayMs: 50 } });
    expect(d.nodes.map((n) => n.type)).not.toContain('pipe');
    expect((await cli(['plan', impairedFile, ...host])).stdout.trim()).toBe('Nothing to do: the host already matches the design.');
  });

  it('removes the pipe when the design drops the impairment: br0:link2 ↔ ng_test2:ether again', async () => {
    const p = await cli(['plan', plainFile, ...host]);
    expect(p.stdout).toContain('1. DESTROY shut down pipe node pipe_br0_link2; the kernel links br0:link2 and ng_test2:ether to each other again as it goes\n       shutdown pipe_br0_link2:\n');
    const r = await cli(['apply', plainFile, '--yes', ...host]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(await hooksOf('br0')).toContainEqual(['link2', 'ng_test2', 'eiface', 'ether']);
    expect(await hooksOf('ng_test2')).toEqual([['ether', 'br0', 'bridge', 'link2']]);
    expect((await ngctl('show', 'pipe_br0_link2:')).stderr).toBe('ngctl: send msg: No such file or directory\n');
    expect((await cli(['plan', plainFile, ...host])).stdout.trim()).toBe('Nothing to do: the host already matches the design.');
  });

  it('refuses an impossible impairment with the field and the rule (exit 2)', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...wiki, links: wiki.links.map((l, i) => (i === 2 ? { ...l, impair: { delayMs: -5 } } : l)) }));
    const r = await cli(['plan', bad, ...host]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('links[2].impair.delayMs');
    expect(r.stderr).toContain('must be from 0 to 9999.999 ms');
  });
});

describe('an impairment on the demo host, measured with the emulated ping', () => {
  const demoState = join(dir, 'demo-state.json');
  const demoHost = ['--sim-state', demoState, '--data-dir', join(dir, 'demo-data')];
  const ping = async (): Promise<number> => {
    const r = await cli(['sim', '--state', demoState, 'jexec', 'test1', 'ping', '-c', '3', '10.0.0.2']);
    expect(r.code).toBe(0);
    const m = /round-trip min\/avg\/max\/stddev = [\d.]+\/([\d.]+)\//.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    return Number(m![1]);
  };

  it('snapshot → impair the link to ng_test2 → plan names pipe and setcfg → apply → ping ≥ 90 ms; the original design → < 10 ms', async () => {
    const snap = await cli(['snapshot', '--format', 'design', '--demo', '--sim-state', demoState]);
    expect(snap.code).toBe(0);
    const original = JSON.parse(snap.stdout) as Design;
    const toTest2 = original.links.filter((l) => l.a.node === 'ng_test2' || l.b.node === 'ng_test2');
    expect(toTest2).toHaveLength(1);
    const slowFile = join(dir, 'demo-slow.json');
    const origFile = join(dir, 'demo-original.json');
    writeFileSync(origFile, snap.stdout);
    writeFileSync(slowFile, JSON.stringify({ ...original, links: original.links.map((l) => (l === toTest2[0] ? { ...l, impair: { delayMs: 50 } } : l)) }));
    expect(await ping()).toBeLessThan(10);

    const plan = await cli(['plan', slowFile, ...demoHost]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/mkpeer \S+ pipe /);
    expect(plan.stdout).toContain('setcfg');
    const applied = await cli(['apply', slowFile, '--yes', ...demoHost]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(await ping()).toBeGreaterThanOrEqual(90);

    const back = await cli(['apply', origFile, '--yes', ...demoHost]);
    expect(back.code).toBe(0);
    expect((await ngctlOn(demoState, 'list')).stdout).not.toContain('Type: pipe');
    expect(await ping()).toBeLessThan(10);
  });
});

function ngctlOn(file: string, ...args: string[]) {
  return cli(['sim', '--state', file, 'ngctl', ...args]);
}
