// bin/ngstudio.mjs as a real process in a throwaway package root: it runs the
// compiled agent when the package is installed (no sources) or when no source
// changed since the build, and the TypeScript through tsx otherwise.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ngstudio-launcher-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pkg = join(dir, 'pkg');
const source = join(pkg, 'agent', 'cli.ts');

/** A package root with the real launcher, an agent source and a compiled agent that say which one ran. */
function layout(): void {
  rmSync(pkg, { recursive: true, force: true });
  mkdirSync(join(pkg, 'bin'), { recursive: true });
  mkdirSync(join(pkg, 'agent'));
  mkdirSync(join(pkg, 'dist', 'agent'), { recursive: true });
  for (const f of ['ngstudio.mjs', 'bundle.mjs']) copyFileSync(join(ROOT, 'bin', f), join(pkg, 'bin', f));
  symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
  writeFileSync(join(pkg, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(source, "export async function main(argv: string[]): Promise<number> {\n  console.log(`source ${argv.join(' ')}`);\n  return 3;\n}\n");
  writeFileSync(join(pkg, 'dist', 'agent', 'cli.mjs'), "export async function main(argv) {\n  console.log(`compiled ${argv.join(' ')}`);\n  return 4;\n}\n");
  const inputs = { 'agent/cli.ts': statSync(source).mtimeMs };
  writeFileSync(join(pkg, 'dist', 'agent', 'meta.json'), JSON.stringify({ inputs }));
}

function ngstudio(env: Record<string, string> = {}): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [join(pkg, 'bin', 'ngstudio.mjs'), 'x', 'y'], { encoding: 'utf8', env: { ...process.env, NGSTUDIO_FROM_SOURCE: '', ...env } });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('bin/ngstudio.mjs', () => {
  beforeEach(layout);

  it('runs the compiled agent while no source changed since the build, with the arguments and exit code', () => {
    expect(ngstudio()).toEqual({ code: 4, out: 'compiled x y\n' });
  });

  it('runs the sources through tsx once a source is newer than the build, or the build is missing', () => {
    const later = new Date(Date.now() + 60_000);
    utimesSync(source, later, later);
    expect(ngstudio()).toEqual({ code: 3, out: 'source x y\n' });
    layout();
    rmSync(join(pkg, 'dist', 'agent', 'meta.json'));
    expect(ngstudio()).toEqual({ code: 3, out: 'source x y\n' });
    layout();
    rmSync(join(pkg, 'dist', 'agent', 'cli.mjs'));
    expect(ngstudio()).toEqual({ code: 3, out: 'source x y\n' });
  });

  it('runs the sources with NGSTUDIO_FROM_SOURCE=1, except in an installed package, which has none', () => {
    expect(ngstudio({ NGSTUDIO_FROM_SOURCE: '1' })).toEqual({ code: 3, out: 'source x y\n' });
    rmSync(source);
    rmSync(join(pkg, 'node_modules'));
    expect(ngstudio({ NGSTUDIO_FROM_SOURCE: '1' })).toEqual({ code: 4, out: 'compiled x y\n' });
  });
});
