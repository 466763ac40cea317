import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { simBinDir } from '../../../../agent/host/sim/bin-dir.js';
import { loadState, withState } from '../../../../agent/host/sim/store.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ngstudio-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs one executable from the bin folder as a real process. */
function exe(name: string, args: string[], file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NGSTUDIO_SIM_STATE: file };
    delete env.NGSTUDIO_SIM_LOCK_TOKEN;
    const c = spawn(join(simBinDir(), name), args, { env });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d));
    c.stderr.on('data', (d: Buffer) => (stderr += d));
    c.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('state file store', () => {
  it('creates a missing file from newState() and saves only on change', async () => {
    const file = join(dir, 's.json');
    await withState(file, () => {});
    const s = await loadState(file);
    expect(s?.ifnets.map((i) => i.name)).toEqual(['em0', 'lo0']);
    const before = await readFile(file, 'utf8');
    await withState(file, (st) => {
      st.hostname = 'changed-but-generation-not-bumped';
    });
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('names the file when it is corrupt and never resets it', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, '{not json');
    await expect(withState(file, () => {})).rejects.toThrow(`emulated host state file ${file} is corrupt`);
    await writeFile(file, '{"format": 2}');
    await expect(withState(file, () => {})).rejects.toThrow(/is not an ngstudio emulated host state/);
    expect(await readFile(file, 'utf8')).toBe('{"format": 2}');
  });

  it('breaks a lock left by a dead process', async () => {
    const file = join(dir, 's.json');
    await writeFile(`${file}.lock`, '999999999 deadbeef\n');
    await withState(file, (s) => {
      s.generation++;
    });
    expect((await loadState(file))?.generation).toBe(2);
  });

  it('20 concurrent `ifconfig epair create` processes make 20 distinct epairs', async () => {
    const file = join(dir, 'c.json');
    const runs = await Promise.all(Array.from({ length: 20 }, () => exe('ifconfig', ['epair', 'create'], file)));
    expect(runs.map((r) => r.code)).toEqual(Array(20).fill(0));
    const printed = runs.map((r) => r.stdout).sort((a, b) => parseInt(a.slice(5)) - parseInt(b.slice(5)));
    expect(printed).toEqual(Array.from({ length: 20 }, (_, i) => `epair${i}a\n`));
    const s = JSON.parse(await readFile(file, 'utf8'));
    expect(s.ifnets.filter((i: { kind: string }) => i.kind === 'epair')).toHaveLength(40);
  });

  it('the executables share state, and jexec spawns real programs under the same lock', async () => {
    const file = join(dir, 'j.json');
    expect((await exe('jail', ['-c', 'name=j', 'vnet', 'persist'], file)).code).toBe(0);
    expect(await exe('ifconfig', ['epair', 'create'], file)).toEqual({ code: 0, stdout: 'epair0a\n', stderr: '' });
    expect((await exe('ifconfig', ['epair0b', 'vnet', 'j'], file)).code).toBe(0);
    expect(await exe('jexec', ['j', 'sh', '-c', 'ifconfig -l; ifconfig epair0b name inside; ifconfig -l'], file)).toEqual({ code: 0, stdout: 'lo0 epair0b\ninside\nlo0 inside\n', stderr: '' });
    expect(await exe('jexec', ['j', '/no/such/prog'], file)).toEqual({ code: 1, stdout: '', stderr: 'jexec: execvp: /no/such/prog: No such file or directory\n' });
    expect(await exe('jls', ['-j', 'j', 'name'], file)).toEqual({ code: 0, stdout: 'j\n', stderr: '' });
  });

  it('an executable without a state file says so', async () => {
    const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
      const env = { ...process.env };
      delete env.NGSTUDIO_SIM_STATE;
      const c = spawn(join(simBinDir(), 'jls'), [], { env });
      let stderr = '';
      c.stderr.on('data', (d: Buffer) => (stderr += d));
      c.on('close', (code) => resolve({ code: code ?? -1, stderr }));
    });
    expect(r).toEqual({ code: 2, stderr: 'ngstudio sim: no emulated host state file: pass --state FILE or set NGSTUDIO_SIM_STATE\n' });
  });
});
