// The execa wrapper against tiny fake executables (as execa's own tests do):
// exit codes and stderr kept, stdin fed, hung commands killed, unsafe
// arguments refused before any process starts.
import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createExec, refuseReason, type CommandRecord } from '../../../../agent/host/freebsd/exec.js';
import { isHostCommandError, type HostCommandError } from '../../../../agent/host/backend.js';

const dir = mkdtempSync(join(tmpdir(), 'ngstudio-exec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes an executable shell script into the fake bin folder. */
function fake(name: string, body: string): void {
  const p = join(dir, name);
  writeFileSync(p, `#!/bin/sh\n${body}\n`);
  chmodSync(p, 0o755);
}

fake('echoer', 'cat; echo "oops: $1" >&2; exit 3');
fake('hello', 'printf "hi %s\\n" "$*"');
fake('sleeper', `echo $$ > "${join(dir, 'sleeper.pid')}"; exec sleep 30`);
fake('marker', `touch "${join(dir, 'marker.ran')}"`);

async function rejection(p: Promise<unknown>): Promise<HostCommandError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(isHostCommandError(e), `expected a HostCommandError, got ${String(e)}`).toBe(true);
  return e as HostCommandError;
}

describe('createExec', () => {
  it('runs a command from binDir with stdin, keeping stdout, stderr and a non-zero exit code', async () => {
    const exec = createExec({ binDir: dir });
    expect(await exec.run(['echoer', 'x y'], { stdin: 'line 1\nline 2\n' })).toEqual({ stdout: 'line 1\nline 2\n', stderr: 'oops: x y\n', code: 3 });
    // Arguments are passed as words, never through a shell: `;` and `$(…)` arrive literally.
    expect((await exec.run(['hello', 'a;b', '$(id)', "'q'"])).stdout).toBe("hi a;b $(id) 'q'\n");
  });

  it('check() turns a non-zero exit into a HostCommandError carrying command, exit code and stderr', async () => {
    const e = await rejection(createExec({ binDir: dir }).check(['echoer', 'z']));
    expect(e).toMatchObject({ command: ['echoer', 'z'], exitCode: 3, stderr: 'oops: z\n' });
    expect(e.shortMessage).toBe('Command failed with exit code 3: echoer z');
    expect(e.message).toContain('oops: z');
  });

  it('finds commands on PATH without binDir', async () => {
    expect(await createExec().check(['sh', '-c', 'echo $0', 'ok'])).toBe('ok\n');
  });

  it('kills a command that runs past its timeout and says so', async () => {
    const exec = createExec({ binDir: dir, timeoutMs: 400 });
    const e = await rejection(exec.run(['sleeper']));
    expect(e.exitCode).toBeNull();
    expect(e.shortMessage).toMatch(/^Command timed out after 400 ms and was killed: sleeper$/);
    const pid = Number(readFileSync(join(dir, 'sleeper.pid'), 'utf8'));
    expect(() => process.kill(pid, 0)).toThrow(); // the process is gone
  });

  it('reports a command that does not exist', async () => {
    const e = await rejection(createExec({ binDir: dir }).run(['nosuch']));
    expect(e).toMatchObject({ exitCode: null, command: ['nosuch'] });
    expect(e.shortMessage).toBe('Command not found: nosuch');
  });

  it('refuses unsafe or empty arguments before any process starts', async () => {
    const exec = createExec({ binDir: dir });
    const bad: unknown[] = [[], [''], ['marker', ''], ['marker', 'a\nb'], ['marker', 'x\0y'], ['marker', 'a\rb'], ['marker', 3], 'marker', null];
    for (const argv of bad) {
      const e = await rejection(exec.run(argv as string[]));
      expect(e.shortMessage).toMatch(/refused before running: /);
      expect(refuseReason(argv)).not.toBeNull();
    }
    expect(exec.stats().total).toBe(0);
    expect(existsSync(join(dir, 'marker.ran'))).toBe(false);
    await exec.run(['marker', 'fine']);
    expect(exec.stats()).toEqual({ total: 1, byCommand: { marker: 1 } });
    expect(existsSync(join(dir, 'marker.ran'))).toBe(true);
  });

  it('puts the prefix before every command (a wrapper such as jexec sees the rest as its arguments)', async () => {
    const exec = createExec({ binDir: dir, prefix: ['hello', 'in-jail'] });
    expect(await exec.check(['ngctl', 'list'])).toBe('hi in-jail ngctl list\n');
    expect(exec.stats()).toEqual({ total: 1, byCommand: { hello: 1 } });
    const e = await rejection(createExec({ binDir: dir, prefix: ['echoer'] }).check(['q']));
    expect(e.command).toEqual(['echoer', 'q']);
    // The prefix is checked too: nothing starts.
    const bad = await rejection(createExec({ binDir: dir, prefix: ['marker', 'a\nb'] }).run(['x']));
    expect(bad.shortMessage).toMatch(/refused before running: argument 1 contains a NUL, CR or LF/);
  });

  it('hands every command that started to the recorder: argv as run, stdin, output, status or why it did not exit', async () => {
    const seen: CommandRecord[] = [];
    const exec = createExec({ binDir: dir, timeoutMs: 400, prefix: ['echoer'], recorder: (r) => seen.push(r) });
    await exec.run(['a'], { stdin: 'in\n' });
    await rejection(createExec({ binDir: dir, recorder: (r) => seen.push(r) }).run(['nosuch', 'x']));
    await rejection(createExec({ binDir: dir, recorder: (r) => seen.push(r) }).run(['marker', '']));
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatchObject({ argv: ['echoer', 'a'], stdin: 'in\n', stdout: 'in\n', stderr: 'oops: a\n', code: 3 });
    expect(seen[0]!.startedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(seen[0]!.ms).toBeGreaterThanOrEqual(0);
    expect(seen[1]).toMatchObject({ argv: ['nosuch', 'x'], code: null, reason: 'Command not found: nosuch x' });
    expect(seen[1]).not.toHaveProperty('stdin');
  });
});
