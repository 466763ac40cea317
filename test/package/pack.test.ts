// The package as a user gets it: `npm pack` (its prepack builds the UI and
// compiles the agent), `npm install --omit=dev` of the tarball in an empty
// folder, then the installed command serves the UI and the live emulated host
// over HTTP and WebSocket, and its emulated commands run from the folder
// `ngstudio sim --bin-dir` prints. The pack runs in a copy of the checkout, so
// its build never rewrites the dist/ other test files are serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { HelloFrame, ServerFrame } from '../../shared/protocol/rpc.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Checkout folders that are outputs or local state, not sources. */
const NOT_COPIED = new Set(['node_modules', 'dist', '.git', '.tsbuild', 'test-artifacts', '.ngstudio']);
/** Build-time tools that must not be installed with the package. */
const DEV_ONLY = ['tsx', 'vite', 'svelte', 'typescript', 'esbuild'];

const work = mkdtempSync(join(tmpdir(), 'ngstudio-pack-test-'));
const app = join(work, 'app');
let serveChild: ChildProcess | null = null;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment without what the `npm test` running us set for its own package. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_(package|lifecycle)_/.test(k)) env[k] = v;
  return { ...env, ...extra };
}

/** Runs a program to completion (argument array, no shell). */
function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv()): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Names of every package installed under a node_modules folder, nested ones included. */
function installedPackages(nodeModules: string): string[] {
  const names: string[] = [];
  if (!existsSync(nodeModules)) return names;
  for (const e of readdirSync(nodeModules)) {
    if (e.startsWith('.')) continue;
    const dirs = e.startsWith('@') ? readdirSync(join(nodeModules, e)).map((s) => `${e}/${s}`) : [e];
    for (const d of dirs) {
      names.push(d);
      names.push(...installedPackages(join(nodeModules, d, 'node_modules')));
    }
  }
  return names;
}

let tarball = '';

beforeAll(async () => {
  const src = join(work, 'src');
  cpSync(ROOT, src, { recursive: true, filter: (from) => !NOT_COPIED.has(relative(ROOT, from)) });
  cpSync(join(ROOT, 'node_modules'), join(src, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  const out = join(work, 'out');
  mkdirSync(out);
  const pack = await run('npm', ['pack', '--pack-destination', out], src);
  expect(pack.code, `npm pack failed:\n${pack.stdout}${pack.stderr}`).toBe(0);
  const tgz = readdirSync(out).filter((f) => /^ngstudio-.*\.tgz$/.test(f));
  expect(tgz).toHaveLength(1);
  tarball = join(out, tgz[0]!);
  mkdirSync(app);
  // Its own package.json, so npm installs here and not into a project above /tmp.
  writeFileSync(join(app, 'package.json'), '{ "name": "ngstudio-pack-test", "private": true }\n');
  const install = await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', tarball], app);
  expect(install.code, `npm install failed:\n${install.stdout}${install.stderr}`).toBe(0);
}, 600_000);

afterAll(async () => {
  if (serveChild?.pid !== undefined && serveChild.exitCode === null) {
    const exited = new Promise((resolve) => serveChild!.once('exit', resolve));
    process.kill(-serveChild.pid, 'SIGTERM');
    await exited;
  }
  rmSync(work, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('installs without any build tool, with the compiled agent, the built UI and the rc.d scripts', async () => {
    const names = installedPackages(join(app, 'node_modules'));
    expect(names).toContain('ngstudio');
    expect(names).toContain('ws');
    expect(names).toContain('execa');
    for (const tool of DEV_ONLY) expect(names, `${tool} was installed`).not.toContain(tool);
    const pkg = join(app, 'node_modules', 'ngstudio');
    for (const f of ['dist/agent/cli.mjs', 'dist/sim-cmd.mjs', 'dist/ui/index.html', 'rc.d/ngstudio', 'rc.d/ngstudio_boot', 'README.md']) {
      expect(existsSync(join(pkg, f)), f).toBe(true);
    }
    // Only the compiled agent ships, not its TypeScript.
    expect(existsSync(join(pkg, 'agent', 'cli.ts'))).toBe(false);
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const v = await run('npx', ['--no', '--', 'ngstudio', '--version'], app);
    expect(v).toEqual({ code: 0, stdout: `ngstudio ${version}\n`, stderr: '' });
  });

  it('runs unpacked as it is, without npm (how the README and the FreeBSD port install it)', async () => {
    const dest = join(work, 'unpacked');
    mkdirSync(dest);
    const x = await run('tar', ['-xzf', tarball, '-C', dest, '--strip-components', '1'], work);
    expect(x.code, x.stderr).toBe(0);
    const cli = join(dest, 'bin', 'ngstudio.mjs');
    const state = join(work, 'unpacked-state.json');
    const seed = await run(cli, ['snapshot', '--demo', '--sim-state', state], work);
    expect(seed.stderr).toBe('');
    expect(seed.code).toBe(0);
    const bin = await run(cli, ['sim', '--bin-dir'], work);
    expect(bin).toEqual({ code: 0, stdout: `${join(dest, 'agent', 'host', 'sim', 'bin')}\n`, stderr: '' });
    const jls = await run(join(dest, 'agent', 'host', 'sim', 'bin', 'jls'), ['name'], work, cleanEnv({ NGSTUDIO_SIM_STATE: state }));
    expect(jls).toEqual({ code: 0, stdout: 'test1\ntest2\nweb\ndb\n', stderr: '' });
    // The compiled CLI reboots the emulated host, and its boot command finds an empty boot list.
    expect(await run(cli, ['sim', '--state', state, 'reboot'], work)).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await run(join(dest, 'agent', 'host', 'sim', 'bin', 'jls'), ['name'], work, cleanEnv({ NGSTUDIO_SIM_STATE: state }))).stdout).toBe('');
    const boot = await run(cli, ['boot', '--sim-state', state, '--data-dir', join(work, 'unpacked-data')], work);
    expect(boot.code, boot.stderr).toBe(0);
    expect(boot.stdout).toMatch(/boot: the boot list is empty; nothing to apply/);
  });

  it('serves the UI and the live host, and its emulated commands change that host', async () => {
    serveChild = spawn('npx', ['--no', '--', 'ngstudio', 'serve', '--backend', 'sim', '--demo', '--listen', '127.0.0.1:0'], {
      cwd: app,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: npx runs the command as a child
    });
    let out = '';
    let err = '';
    serveChild.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const started = await new Promise<{ url: URL; stateFile: string }>((resolve, reject) => {
      serveChild!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const url = /serving (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
        const state = /emulated host state: (\S+)\n/.exec(out);
        if (url && state) resolve({ url: new URL(url[1]!), stateFile: state[1]! });
      });
      serveChild!.once('exit', (code) => reject(new Error(`ngstudio serve exited (${code}) before printing its URL:\n${out}${err}`)));
    });
    const token = started.url.searchParams.get('token')!;
    const base = `http://${started.url.host}`;

    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    const html = await index.text();
    expect(html).toContain('<div id="app"');
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html);
    expect(script, html).not.toBeNull();
    const asset = await fetch(`${base}/${script![1]}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${base}/api/health?token=${token}`)).status).toBe(200);

    const ws = new WebSocket(`ws://${started.url.host}/ws?token=${token}`);
    const frames: ServerFrame[] = [];
    let wake: (() => void) | null = null;
    ws.on('message', (d) => {
      frames.push(JSON.parse(String(d)) as ServerFrame);
      wake?.();
    });
    const next = async (type: ServerFrame['type']): Promise<ServerFrame> => {
      for (;;) {
        const i = frames.findIndex((f) => f.type === type);
        if (i >= 0) return frames.splice(i, 1)[0]!;
        await new Promise<void>((r) => (wake = r));
      }
    };
    try {
      const hello = (await next('hello')) as HelloFrame;
      expect(hello.backend).toBe('sim');
      expect(hello.snapshot.netgraph.nodes.map((n) => n.name)).toContain('br0');

      const bin = await run('npx', ['--no', '--', 'ngstudio', 'sim', '--bin-dir'], app);
      expect(bin.code, bin.stderr).toBe(0);
      const binDir = bin.stdout.trim();
      expect(relative(join(app, 'node_modules', 'ngstudio'), binDir)).toBe(join('agent', 'host', 'sim', 'bin'));
      const env = cleanEnv({ NGSTUDIO_SIM_STATE: started.stateFile });
      const list = await run(join(binDir, 'ngctl'), ['list'], app, env);
      expect(list.stderr).toBe('');
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(/^\s+Name: br0\s+Type: bridge\s/m);
      const mk = await run(join(binDir, 'ngctl'), ['mkpeer', 'br0:', 'eiface', 'link9', 'ether'], app, env);
      expect(mk).toEqual({ code: 0, stdout: '', stderr: '' });
      await next('patch');
    } finally {
      ws.close();
    }
  });
});
