// Applies exclude each other across processes through <data-dir>/apply.lock:
// the agent and an `ngstudio apply` in a terminal never change the host (and
// the ledger) at the same time; a lock left by a dead process is broken.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplyGate } from '../../../agent/engine/apply.js';

const ROOT = join(import.meta.dirname, '../../..');
let dir = '';
let holder: ChildProcess | null = null;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ngstudio-apply-lock-'));
});
afterAll(() => {
  holder?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** A lock file held by a live process (a real `sleep`, standing in for another ngstudio). */
function holdLock(lock: string): ChildProcess {
  const p = spawn('sleep', ['60'], { stdio: 'ignore' });
  writeFileSync(lock, `${p.pid} held-by-test\n`);
  return p;
}

describe('the apply lock', () => {
  it('refuses an apply as busy while another process holds it, naming that process', async () => {
    const data = join(dir, 'gate');
    mkdirSync(data, { recursive: true });
    holder = holdLock(join(data, 'apply.lock'));
    const gate = createApplyGate(join(data, 'apply.lock'));
    let ran = false;
    await expect(gate.run('test', async () => (ran = true))).rejects.toMatchObject({ code: 'busy', message: expect.stringContaining(`process ${holder.pid}`) });
    expect(ran).toBe(false);
    // Its holder dies: the stale lock is broken and the next apply runs, then releases it.
    holder.kill('SIGKILL');
    await new Promise((r) => holder!.once('exit', r));
    expect(await gate.run('test', async () => 'ran')).toBe('ran');
    expect(existsSync(join(data, 'apply.lock'))).toBe(false);
  });

  it('makes `ngstudio apply` refuse while the data folder is locked, changing nothing', () => {
    const data = join(dir, 'cli');
    mkdirSync(data, { recursive: true });
    const design = join(dir, 'd.json');
    writeFileSync(design, JSON.stringify({ format: 1, nodes: [{ name: 'ng_x', type: 'eiface', ifname: 'ng_x' }], links: [], epairs: [], bridges: [], jails: [] }));
    const state = join(dir, 'state.json');
    const p = holdLock(join(data, 'apply.lock'));
    try {
      const r = spawnSync(process.execPath, ['bin/ngstudio.mjs', 'apply', design, '--yes', '--sim-state', state, '--data-dir', data], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain(`another apply is running in process ${p.pid}`);
      const snap = spawnSync(process.execPath, ['bin/ngstudio.mjs', 'snapshot', '--sim-state', state], { cwd: ROOT, encoding: 'utf8' });
      expect(JSON.parse(snap.stdout).netgraph.nodes.map((n: { name: string }) => n.name)).not.toContain('ng_x');
    } finally {
      p.kill('SIGKILL');
    }
  }, 60_000);
});
