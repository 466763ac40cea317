// The CLI's client of a peer agent against a real agent process: a peer whose
// agent stops (SIGSTOP: its host hung) while a call waits is dropped once it
// stops answering pings, and the call fails saying so, instead of waiting
// for ever; a peer that answers is called as usual.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectPeer } from '../../../agent/cli/peer-client.js';
import { parsePeerUrl } from '../../../agent/server/peer-url.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ngstudio-peer-client-'));
let child: ChildProcess | null = null;
afterAll(() => {
  if (child?.pid !== undefined && child.exitCode === null) {
    process.kill(child.pid, 'SIGCONT');
    child.kill('SIGKILL');
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `ngstudio serve` on the emulated host and resolves with the URL it prints. */
function serve(): Promise<string> {
  const p = spawn(process.execPath, [join(ROOT, 'bin/ngstudio.mjs'), 'serve', '--backend', 'sim', '--listen', '127.0.0.1:0', '--data-dir', join(dir, 'data'), '--sim-state', join(dir, 'state.json')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child = p;
  return new Promise((resolve, reject) => {
    let out = '';
    p.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    p.on('exit', (code) => reject(new Error(`serve exited (${code}) before printing its URL: ${out}`)));
  });
}

describe('a peer agent that stops answering', () => {
  it('fails the waiting call once the peer misses its pings, naming the peer and not its token', async () => {
    const url = await serve();
    const spec = parsePeerUrl(url, 'peer1');
    const peer = await connectPeer(spec, { heartbeatMs: 1000 });
    try {
      // Alive: a call is answered.
      const plan = await peer.call('plan', { design: { format: 1, nodes: [], links: [], epairs: [], bridges: [], jails: [] } });
      expect(plan.changes).toEqual([]);
      process.kill(child!.pid!, 'SIGSTOP');
      const err = await peer.call('plan', { design: { format: 1, nodes: [], links: [], epairs: [], bridges: [], jails: [] } }).then(() => null, (e: Error) => e);
      expect(err?.message).toMatch(/^peer peer1 \(127\.0\.0\.1:\d+\): stopped answering pings for 2 s before it answered$/);
      expect(err?.message).not.toContain(new URL(url).searchParams.get('token')!);
    } finally {
      process.kill(child!.pid!, 'SIGCONT');
      peer.close();
    }
  }, 60_000);
});
