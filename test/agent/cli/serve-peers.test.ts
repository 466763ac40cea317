// `ngstudio serve --peer URL` / `--peers FILE` as a real process: a URL
// without its token, a malformed one or a bad line of the file stops it at
// start (exit 2, naming the flag and what is wrong); an unreachable peer does
// not: the agent serves and says the peer is lost and why.
import { afterAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { PeerHelloFrame, ServerFrame } from '../../../shared/protocol/rpc.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = join(ROOT, 'bin/ngstudio.mjs');
const dir = mkdtempSync(join(tmpdir(), 'ngstudio-serve-peers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function serve(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'serve', '--backend', 'sim', '--listen', '127.0.0.1:0', '--data-dir', join(dir, 'data'), ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const SECRET = 's3cret-peer-token-0123456789';

describe('serve --peer: bad input stops it at start', () => {
  it('refuses a peer URL without a token (exit 2, naming --peer and the token)', async () => {
    const r = await serve(['--peer', 'http://127.0.0.1:7879/']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(`ngstudio: serve: --peer: "http://127.0.0.1:7879/" has no ?token=… (copy the whole URL the peer's agent printed, token included)`);
  });

  it('refuses a malformed URL, a wrong scheme and a missing --peers file (exit 2), never echoing a token', async () => {
    const bad = await serve(['--peer', 'not a url']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--peer: "not a url" is not a URL');
    const ftp = await serve(['--peer', `ftp://h:1/?token=${SECRET}`]);
    expect(ftp.code).toBe(2);
    expect(ftp.stderr).toContain('has the scheme ftp; use http, https, ws or wss');
    expect(ftp.stderr).not.toContain(SECRET);
    const missing = await serve(['--peers', join(dir, 'nope.txt')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--peers ${join(dir, 'nope.txt')}: cannot read it (ENOENT)`);
  });

  it('names the line of a --peers file that is wrong', async () => {
    const file = join(dir, 'peers.txt');
    writeFileSync(file, `# lab hosts\nhttp://127.0.0.1:7879/?token=${SECRET}   # beta\n\nhttps://gamma.example:7878/\n`);
    const r = await serve(['--peers', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--peers ${file} line 4: "https://gamma.example:7878/" has no ?token=…`);
  });
});

describe('serve --demo-hosts', () => {
  it('refuses a count out of range (exit 2)', async () => {
    const r = await serve(['--demo-hosts', '9']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('ngstudio: serve: --demo-hosts must be an integer from 1 to 8 (got "9")');
  });

  it('starts a second emulated host as a peer, whose hello reaches the main agent’s clients', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--backend', 'sim', '--listen', '127.0.0.1:0', '--data-dir', join(dir, 'data3'), '--demo', '--demo-hosts', '2'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const check = (): void => {
          const m = /ngstudio: serving (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(out);
          if (m && /peer peer1 \(127\.0\.0\.1:\d+\): live/.test(out)) resolve(m[1]!);
        };
        child.stdout.on('data', check);
        child.stderr.on('data', check);
        child.once('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
      });
      expect(out).toMatch(/ngstudio: demo host demo-host-2 \(peer1\) at 127\.0\.0\.1:\d+, state \S+state\.json/);
      // The second host's token is printed nowhere: only the main URL carries one.
      expect(out.match(/token=/g)).toHaveLength(1);
      const ws = new WebSocket(url.replace(/^http:\/\/([^/]+)\/\?/, 'ws://$1/ws?'));
      const hello = await new Promise<PeerHelloFrame>((resolve, reject) => {
        ws.on('message', (d) => {
          const f = JSON.parse(String(d)) as ServerFrame;
          if (f.type === 'peer-hello') resolve(f);
        });
        ws.once('error', reject);
      });
      ws.close();
      expect(hello.peer).toBe('peer1');
      expect(hello.hello.host).toMatchObject({ hostname: 'demo-host-2', emulated: true });
      expect(hello.hello.snapshot.jails.map((j) => j.name).sort()).toEqual(['db', 'test1', 'test2', 'web']);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});

describe('serve --peer: an unreachable peer', () => {
  it('serves anyway and reports the peer lost, with the reason and the retry', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const dead = (srv.address() as { port: number }).port;
    await new Promise<void>((r) => srv.close(() => r()));
    const child = spawn(process.execPath, [BIN, 'serve', '--backend', 'sim', '--listen', '127.0.0.1:0', '--data-dir', join(dir, 'data2'), '--peer', `http://127.0.0.1:${dead}/?token=${SECRET}`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (/ngstudio: serving http/.test(out) && /peer peer1 \(127\.0\.0\.1:\d+\): lost \(connect ECONNREFUSED/.test(out)) resolve();
        };
        child.stdout.on('data', check);
        child.stderr.on('data', check);
        child.once('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
      });
      expect(out).toContain(`ngstudio: peer peer1: 127.0.0.1:${dead}`);
      expect(out).toMatch(/retrying in \d+\.\d s/);
      expect(out).not.toContain(SECRET);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
