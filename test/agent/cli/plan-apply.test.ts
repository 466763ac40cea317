// `ngstudio plan` / `apply` / `snapshot --format design` as real processes
// against an emulated-host state file and a data folder.
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Design } from '../../../shared/design/types.js';
import type { HostSnapshot } from '../../../shared/model/snapshot.js';
import type { SimState } from '../../../agent/host/sim/state.js';
import { wiki } from '../../shared/plan/helpers.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = join(ROOT, 'bin/ngstudio.mjs');
const dir = mkdtempSync(join(tmpdir(), 'ngstudio-plan-apply-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NGSTUDIO_SIM_STATE: '', XDG_DATA_HOME: join(dir, 'xdg') } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const state = join(dir, 'state.json');
const data = join(dir, 'data');
const host = ['--sim-state', state, '--data-dir', data];
const wikiFile = join(dir, 'wiki.json');
const emptyFile = join(dir, 'empty.json');
writeFileSync(wikiFile, JSON.stringify(wiki));
writeFileSync(emptyFile, JSON.stringify({ format: 1, nodes: [], links: [], epairs: [], bridges: [], jails: [] }));

/** The parts of a design the wiki example pins down. */
const shape = (d: Design): unknown => ({
  nodes: d.nodes.map((n) => [n.name, n.type, n.ifname ?? null]),
  links: d.links,
  jails: d.jails.map((j) => ({ name: j.name, path: j.path, vnet: j.vnet, interfaces: j.interfaces })),
});

describe('ngstudio plan and apply', () => {
  it('plans the wiki example on an empty host: phases, steps, exact commands', async () => {
    const r = await cli(['plan', wikiFile, ...host]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Plan: \d+ changes\./);
    expect(r.stdout).toContain('build-netgraph (one ngctl -f - script):\n  1. create bridge node br0');
    // Inside the netgraph phase the steps are lines of one ngctl -f script…
    expect(r.stdout).toContain('\n       mkpeer . bridge ngctl0 link3\n');
    // …and the plan ends with the same commands as a script to run by hand.
    expect(r.stdout).toContain("ngctl -f - <<'NGCTL_EOF'\nmkpeer . bridge ngctl0 link3\n");
    expect(r.stdout).toContain('jail -c name=test1 path=/jails/test1 vnet persist vnet.interface=ng_test1');
    expect(r.stdout).not.toContain('DESTROY');
  });

  it('refuses to apply without a terminal unless --yes (exit 2, says to pass --yes)', async () => {
    const r = await cli(['apply', wikiFile, ...host]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/pass --yes/);
    const s = JSON.parse((await cli(['snapshot', '--format', 'json', '--sim-state', state])).stdout) as HostSnapshot;
    expect(s.jails).toEqual([]);
  });

  it('applies with --yes; then the snapshot is the design and a new plan is empty', async () => {
    const r = await cli(['apply', wikiFile, '--yes', ...host]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\[1\/\d+\] done +create bridge node br0/);
    expect(r.stdout).toMatch(/Applied (\d+) of \1 changes/);
    const d = JSON.parse((await cli(['snapshot', '--format', 'design', '--sim-state', state])).stdout) as Design;
    expect(shape(d)).toEqual(shape(wiki));
    const s = JSON.parse((await cli(['snapshot', '--format', 'json', '--sim-state', state])).stdout) as HostSnapshot;
    expect(s.jails.map((j) => [j.name, j.interfaces.filter((i) => i !== 'lo0')])).toEqual([['test1', ['ng_test1']], ['test2', ['ng_test2']]]);
    expect((await cli(['plan', wikiFile, ...host])).stdout.trim()).toBe('Nothing to do: the host already matches the design.');
    expect(JSON.parse(readFileSync(join(data, 'ledger.json'), 'utf8')).owned).toContainEqual({ kind: 'jail', name: 'test1' });
  });

  it('plans a teardown with destroys first and marked (the ledger says ngstudio made them)', async () => {
    const r = await cli(['plan', emptyFile, ...host]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/destroying something \(marked DESTROY\)/);
    expect(lines.findIndex((l) => l.startsWith('teardown-jails'))).toBeLessThan(lines.findIndex((l) => l.startsWith('teardown-netgraph')));
    expect(r.stdout).toMatch(/\d+\. DESTROY remove jail test1\n {7}jail -r test1/);
  });

  it('reports a failing command with its stderr, undoes, and exits 1 with one line on stderr', async () => {
    const st = JSON.parse(readFileSync(state, 'utf8')) as SimState;
    st.faults = [{ match: ['ngctl', '-f', '-'], line: 'shutdown br0:', code: 71, stderr: 'ngctl: shutdown: Device busy' }];
    writeFileSync(state, JSON.stringify(st));
    const before = JSON.parse((await cli(['snapshot', '--format', 'design', '--sim-state', state])).stdout) as Design;
    const r = await cli(['apply', emptyFile, '--yes', ...host]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^ngstudio: apply failed: .*line \d+ \(shutdown br0:\)/);
    expect(r.stdout).toContain('  | ngctl: shutdown: Device busy');
    expect(r.stdout).toMatch(/Undone:\n {2}/);
    expect(r.stdout).toContain('The host is as it was before the apply.');
    const after = JSON.parse((await cli(['snapshot', '--format', 'design', '--sim-state', state])).stdout) as Design;
    expect(shape(after)).toEqual(shape(before));
  });

  it('names a broken design file and its first problem (exit 2)', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 1, nodes: [{ name: 'a:b', type: 'bridge' }], links: [], epairs: [], bridges: [], jails: [] }));
    const r = await cli(['plan', bad, ...host]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`design file ${bad} is not valid: nodes[0].name`);
    const missing = await cli(['apply', join(dir, 'nope.json'), '--yes', ...host]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read design file .*nope\.json/);
    expect((await cli(['plan', ...host])).stderr).toMatch(/missing DESIGN/);
  });

  it('speaks JSON for scripts: plan --json is the plan method\'s answer, apply --json one report on stdout', async () => {
    const fresh = ['--sim-state', join(dir, 'json-state.json'), '--data-dir', join(dir, 'json-data')];
    const p = await cli(['plan', wikiFile, '--json', ...fresh]);
    expect(p.code, p.stderr).toBe(0);
    const view = JSON.parse(p.stdout) as { changes: { step: number; impact: string; describe: string; commands: string[] }[]; script: string };
    expect(view.changes[0]).toMatchObject({ step: 1, impact: 'create', describe: expect.stringMatching(/^create bridge node br0/) });
    expect(view.changes.some((c) => c.commands.some((l) => l.startsWith('jail -c name=test1')))).toBe(true);
    expect(view.script).toContain('ngctl -f -');

    expect((await cli(['apply', wikiFile, '--json', ...fresh])).stderr).toMatch(/--json never asks for confirmation; pass --yes too/);
    const a = await cli(['apply', wikiFile, '--json', '--yes', ...fresh]);
    expect(a.code, a.stderr).toBe(0);
    const out = JSON.parse(a.stdout) as { ok: boolean; report: { applied: number; of: number; mismatches: string[] } };
    expect(out.ok).toBe(true);
    expect(out.report.applied).toBe(view.changes.length);
    expect(out.report.of).toBe(view.changes.length);
    // Progress and the summary went to stderr, for people.
    expect(a.stderr).toMatch(/\[1\/\d+\] done +create bridge node br0/);
    // Nothing left to do: still one report.
    const again = await cli(['apply', wikiFile, '--json', '--yes', ...fresh]);
    expect(JSON.parse(again.stdout)).toEqual({ ok: true, report: { ok: true, of: 0, applied: 0, mismatches: [], processes: 0 } });

    // A failing step: ok false, the failure and what was undone, exit 1.
    const st = JSON.parse(readFileSync(join(dir, 'json-state.json'), 'utf8')) as SimState;
    st.faults = [{ match: ['jail', '-r'], code: 1, stderr: 'jail: test2: cannot remove' }];
    writeFileSync(join(dir, 'json-state.json'), JSON.stringify(st));
    const f = await cli(['apply', emptyFile, '--json', '--yes', ...fresh]);
    expect(f.code).toBe(1);
    const failed = JSON.parse(f.stdout) as { ok: boolean; report: { failure?: { stderr: string }; undone?: string[] } };
    expect(failed.ok).toBe(false);
    expect(failed.report.failure?.stderr).toContain('jail: test2: cannot remove');
    expect(f.stderr).toMatch(/ngstudio: apply failed/);
  });
});

