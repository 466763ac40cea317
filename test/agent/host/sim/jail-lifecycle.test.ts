// The emulated jail's life with real processes: a non-persistent jail lives
// only while its exec.start (or a daemon it forked) runs; `jail -r` of a jail
// whose process ignores SIGTERM leaves it DYING until the process ends, its
// interfaces coming home only then; a definition in <data-dir>/jail.conf.d is
// started through a main jail.conf that `.include`s the folder.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileSimBackend } from '../../../../agent/host/sim/backend.js';
import { newState } from '../../../../agent/host/sim/new-state.js';
import { loadState } from '../../../../agent/host/sim/store.js';
import { writeJailDef, jailDefsDir } from '../../../../agent/store/jail-defs.js';
import { checkJailDef } from '../../../../agent/engine/jails/def.js';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

function setup() {
  dir = mkdtempSync(join(tmpdir(), 'ngstudio-jail-life-'));
  const stateFile = join(dir, 'state.json');
  writeFileSync(stateFile, JSON.stringify(newState()));
  const backend = fileSimBackend(stateFile);
  // The state file as another process sees it between two locked commands (written atomically).
  const names = async (): Promise<string[]> => ((await loadState(stateFile))?.jails ?? []).map((j) => `${j.name}${j.dying ? ':dying' : ''}`);
  return { stateFile, backend, names };
}

/** Polls until `pred` holds (generous bound; no timing assertion beyond "eventually"). */
async function eventually(pred: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await pred()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never happened: ${what}`);
}

describe('emulated jail processes (real children)', () => {
  it('a non-persistent jail exists while exec.start runs, and is gone when jail -c returns', async () => {
    const t = setup();
    const run = t.backend.run(['jail', '-c', 'name=x1', 'path=/', 'exec.start=sleep 1']);
    let seen = false;
    const watch = (async () => {
      while (!seen) {
        if ((await t.names()).includes('x1')) seen = true;
        else await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const r = await run;
    seen = seen || false;
    expect(r).toEqual({ stdout: '', stderr: '', code: 0 });
    await Promise.race([watch, new Promise((r) => setTimeout(r, 100))]);
    expect(seen).toBe(true);
    expect(await t.names()).toEqual([]);
  });

  it('a daemon forked by exec.start keeps the jail until it ends; the observer sees it go', async () => {
    const t = setup();
    const r = await t.backend.run(['jail', '-c', 'name=d1', 'path=/', "exec.start=/bin/sh -c 'sleep 2 &'"]);
    expect(r.code).toBe(0);
    expect(await t.names()).toEqual(['d1']);
    expect((await t.backend.observe()).jails.map((j) => j.name)).toEqual(['d1']);
    await eventually(async () => (await t.backend.observe()).jails.length === 0, 'the jail removed after its daemon exited');
    expect(await t.names()).toEqual([]);
  });

  it('a jail removed while its process ignores SIGTERM stays DYING, interfaces inside, until it ends', async () => {
    const t = setup();
    const mk = await t.backend.run(['ifconfig', 'epair', 'create']);
    expect(mk.code).toBe(0);
    const a = mk.stdout.trim();
    const b = a.replace(/a$/, 'b');
    const c = await t.backend.run(['jail', '-c', 'name=y1', 'path=/', 'vnet', 'persist', `vnet.interface=${b}`, `exec.start=/bin/sh -c 'trap "" TERM; sleep 3 &'`]);
    expect(c).toMatchObject({ code: 0, stderr: '' });
    const rm = await t.backend.run(['jail', '-r', 'y1']);
    expect(rm).toMatchObject({ code: 0 });
    const snap = await t.backend.observe();
    expect(snap.jails.map((j) => [j.name, j.state])).toEqual([['y1', 'DYING']]);
    expect(snap.interfaces.find((i) => i.name === b)?.jail).toBe('y1');
    // Not found by name any more: jexec and jail -r refuse it, a new y1 could be made.
    expect(await t.backend.run(['jexec', 'y1', 'ifconfig'])).toMatchObject({ code: 1, stderr: 'jexec: jail "y1" not found\n' });
    await eventually(async () => (await t.backend.observe()).jails.length === 0, 'the dying jail gone once its process ended');
    const after = await t.backend.observe();
    expect(after.interfaces.find((i) => i.name === b)?.jail).toBeNull();
  });

  it('a process killed by jail -r removes the jail at once', async () => {
    const t = setup();
    expect((await t.backend.run(['jail', '-c', 'name=k1', 'path=/', 'persist', "exec.start=/bin/sh -c 'sleep 30 &'"])).code).toBe(0);
    expect(await t.names()).toEqual(['k1']);
    expect((await t.backend.run(['jail', '-r', 'k1'])).code).toBe(0);
    expect(await t.names()).toEqual([]);
  });
});

describe('definitions folder through .include', () => {
  it('jail -f main.conf -c NAME starts a jail defined in <data-dir>/jail.conf.d', async () => {
    const t = setup();
    const dataDir = join(dir, 'data');
    const c = checkJailDef({ name: 'inc1', path: '/', hostname: 'inc1.example', vnet: true });
    if (!c.ok) throw new Error(c.problems.join('; '));
    await writeJailDef(dataDir, c.def);
    const main = join(dir, 'jail.conf');
    writeFileSync(main, `# rc.d/jail style\n.include "${jailDefsDir(dataDir)}/*.conf";\n`);
    const r = await t.backend.run(['jail', '-f', main, '-c', 'inc1']);
    expect(r).toEqual({ stdout: 'inc1: created\n', stderr: '', code: 0 });
    const snap = await t.backend.observe();
    expect(snap.jails.find((j) => j.name === 'inc1')).toMatchObject({ hostname: 'inc1.example', vnet: true, persist: true });
    expect(await t.backend.run(['jail', '-f', main, '-r', 'inc1'])).toEqual({ stdout: 'inc1: removed\n', stderr: '', code: 0 });
  });
});
