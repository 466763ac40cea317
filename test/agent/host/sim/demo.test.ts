import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../../../agent/host/sim/cmd/index.js';
import { seedDemo } from '../../../../agent/host/sim/demo.js';
import { newState } from '../../../../agent/host/sim/new-state.js';
import { loadState } from '../../../../agent/host/sim/store.js';

describe('demo topology', () => {
  it('builds the wiki bridge, the jng uplink and the jib epair by running commands', async () => {
    const s = newState();
    await seedDemo(s);
    const run = async (cmd: string): Promise<string> => (await runCommand(s, cmd.split(' '), { env: {} })).stdout;
    expect(await run('jls -h name vnet')).toBe('name vnet\ntest1 new\ntest2 new\nweb new\ndb new\n');
    expect(await run('ifconfig -l')).toBe('em0 lo0 em1 ng_host em1bridge e0a_db\n');
    expect(await run('jexec test1 ifconfig -l')).toBe('lo0 ng_test1\n');
    expect(await run('jexec web ifconfig -l')).toBe('lo0 ng0_web\n');
    expect(await run('jexec db ifconfig -l')).toBe('lo0 e0b_db\n');
    const br0 = await run('ngctl show br0:');
    for (const peer of ['ng_host', 'ng_test1', 'ng_test2']) expect(br0).toMatch(new RegExp(`\\s${peer}\\s+eiface\\s`));
    expect(await run('ngctl show em0bridge:')).toMatch(/link2\s+ng0_web\s+eiface/);
    expect(await run('ifconfig em1bridge')).toMatch(/member: e0a_db [^]*member: em1 /);
  });

  it('seeds a new state file with em0 and em1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ngstudio-demo-'));
    try {
      const file = join(dir, 'demo.json');
      await seedDemo(file);
      const s = await loadState(file);
      expect(s?.jails.map((j) => j.name)).toEqual(['test1', 'test2', 'web', 'db']);
      await expect(seedDemo(file)).rejects.toThrow(/not a fresh emulated host/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
