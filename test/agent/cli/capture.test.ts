// `ngstudio capture` as real processes over a shared emulated host state:
// a capture on br0:link2 writes a pcap file while `jexec test1 ping` runs in
// another process, and the file holds the ICMP echo requests and replies —
// read by a small pcap reader written here (independent of the code under
// test) and by tcpdump when it is installed (Debian's `tcpdump`). Also: the
// printed lines, --filter, Ctrl-C, and bad input (exit 2 / 1) leaving no tap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = join(ROOT, 'bin/ngstudio.mjs');
const dir = mkdtempSync(join(tmpdir(), 'ngstudio-capture-cli-'));
const state = join(dir, 'state.json');
const env = { ...process.env, NGSTUDIO_SIM_STATE: state, XDG_DATA_HOME: join(dir, 'xdg') };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Starts a capture process; resolves once it says it is listening. */
function startCapture(args: string[]): Promise<{ child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> }> {
  const child = spawn(process.execPath, [BIN, 'capture', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('listening on')) resolve({ child, done });
    });
    void done.then((r) => reject(new Error(`capture exited ${r.code} before listening: ${r.stderr}`)));
  });
}

/** A minimal pcap reader: the global header's fields and each record's frame. */
function readPcap(file: string): { magic: number; linktype: number; frames: Buffer[] } {
  const b = readFileSync(file);
  const frames: Buffer[] = [];
  for (let at = 24; at + 16 <= b.length; ) {
    const incl = b.readUInt32LE(at + 8);
    frames.push(b.subarray(at + 16, at + 16 + incl));
    at += 16 + incl;
  }
  return { magic: b.readUInt32LE(0), linktype: b.readUInt32LE(20), frames };
}

/** ICMP type of an IPv4/ICMP frame, or null. */
const icmpType = (f: Buffer): number | null => (f.readUInt16BE(12) === 0x0800 && f[23] === 1 ? (f[14 + ((f[14]! & 15) * 4)] as number) : null);

const tapsInState = (): unknown => (JSON.parse(readFileSync(state, 'utf8')) as { taps?: unknown }).taps;
const hasTcpdump = existsSync('/usr/bin/tcpdump');

beforeAll(async () => {
  const r = await cli(['snapshot', '--demo', '--sim-state', state]);
  expect(r.code).toBe(0);
  // Resolve ARP first, so the capture sees the echo exchange itself.
  expect((await cli(['sim', 'jexec', 'test1', 'ping', '-c', '1', '10.0.0.2'])).code).toBe(0);
}, 60_000);

describe('ngstudio capture on the emulated host', () => {
  it('writes the echo requests and replies crossing br0:link2 while test1 pings test2 in another process', async () => {
    const out = join(dir, 'out.pcap');
    const cap = await startCapture(['br0:link2', '-c', '4', '-w', out]);
    const ping = await cli(['sim', 'jexec', 'test1', 'ping', '-c', '4', '10.0.0.2']);
    expect(ping.code).toBe(0);
    const r = await cap.done;
    expect(r.stderr).toContain('4 packets captured');
    expect(r.code).toBe(0);
    const p = readPcap(out);
    expect(p.magic).toBe(0xa1b2c3d4);
    expect(p.linktype).toBe(1);
    expect(p.frames.map(icmpType)).toEqual([8, 0, 8, 0]);
    if (hasTcpdump) {
      const text = execFileSync('/usr/bin/tcpdump', ['-nr', out], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(text.match(/IP 10\.0\.0\.1 > 10\.0\.0\.2: ICMP echo request/g)).toHaveLength(2);
      expect(text.match(/IP 10\.0\.0\.2 > 10\.0\.0\.1: ICMP echo reply/g)).toHaveLength(2);
    }
    expect(tapsInState()).toBeUndefined();
  }, 60_000);

  it('prints tcpdump -n lines, and --filter icmp on an interface in a jail leaves the ARP out', async () => {
    const cap = await startCapture(['test2/ng_test2', '-c', '2', '--filter', 'icmp and host 10.0.0.1']);
    await cli(['sim', 'jexec', 'test1', 'arp', '-d', '10.0.0.2']);
    expect((await cli(['sim', 'jexec', 'test1', 'ping', '-c', '1', '10.0.0.2'])).code).toBe(0);
    const r = await cap.done;
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{6} IP 10\.0\.0\.1 > 10\.0\.0\.2: ICMP echo request, id \d+, seq 0, length 64$/);
    expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d\.\d{6} IP 10\.0\.0\.2 > 10\.0\.0\.1: ICMP echo reply, id \d+, seq 0, length 64$/);
  }, 60_000);

  it('stops cleanly on Ctrl-C (SIGINT) and removes its tap', async () => {
    const cap = await startCapture(['br0:link1', '--json']);
    expect(tapsInState()).toHaveLength(1);
    expect((await cli(['sim', 'jexec', 'test1', 'ping', '-c', '1', '10.0.0.2'])).code).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    cap.child.kill('SIGINT');
    const r = await cap.done;
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { protocol: string; summary: string });
    expect(rows.map((x) => x.summary)).toEqual(expect.arrayContaining([expect.stringMatching(/^ICMP echo request/), expect.stringMatching(/^ICMP echo reply/)]));
    expect(tapsInState()).toBeUndefined();
  }, 60_000);

  it.each([
    [['nosuch:link0'], 2, 'there is no netgraph node nosuch on the host'],
    [['br0:link9'], 2, 'node br0 has no hook link9 connected'],
    [['ng_nosuch'], 2, 'there is no interface ng_nosuch'],
    [['test1/lo0'], 2, 'test1/lo0 is a loopback interface'], [[], 2, 'missing TARGET'],
    [['br0:link2', '-c', '0'], 2, '-c COUNT must be a whole number of at least 1 (got "0")'],
    [['br0:link2', '-c', '-3'], 2, '-c'],
    [['br0:link2', '--filter', 'icmp or vrrp'], 2, '"vrrp" is not supported'],
    [['br0:link2', '-w', '/nonexistent-dir/out.pcap'], 1, 'cannot write /nonexistent-dir/out.pcap'],
  ])('refuses %j with exit %i, naming the problem, and leaves no tap', async (args, code, text) => {
    const r = await cli(['capture', ...args]);
    expect(r.stderr).toContain(text);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.code).toBe(code);
    expect(tapsInState()).toBeUndefined();
  }, 60_000);
});
