// Captures on the freebsd backend, run against the emulated commands: the
// ng_tee splice for a link capture (rmhook, mkpeer tee, name, connect), the
// link still carrying a ping through the tee, and the unsplice that leaves
// br0:link2 <-> ng_test2:ether as before; a fault injected at each splice
// step leaves the link whole and no tee behind; a whole link capture through
// the tee's copy hooks read by the emulated nghook -a while test1 pings, the
// tee and nghook's sockets gone afterwards. The emulated host has no tcpdump:
// interface captures run a stand-in that records its argv and writes a pcap
// stream, to check the argv (jexec for a jail's interface, the filter passed
// on) and the parsing of what it writes.
import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freebsdBackend } from '../../../../agent/host/freebsd/backend.js';
import { splice, sweepStaleTees, tcpdumpArgv, unsplice } from '../../../../agent/host/freebsd/capture.js';
import { startCapture } from '../../../../agent/engine/capture.js';
import { simBinDir } from '../../../../agent/host/sim/bin-dir.js';
import { memorySimBackend } from '../../../../agent/host/sim/backend.js';
import { seedDemo } from '../../../../agent/host/sim/demo.js';
import { newState } from '../../../../agent/host/sim/new-state.js';
import type { RawPacket } from '../../../../shared/capture/pcap.js';
import { resolveCaptureTarget, teeSpliceSteps, type CaptureTarget } from '../../../../shared/capture/target.js';
import type { HostSnapshot } from '../../../../shared/model/snapshot.js';

const dir = mkdtempSync(join(tmpdir(), 'ngstudio-fb-capture-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hookTarget = (s: HostSnapshot, t: string): Extract<CaptureTarget, { kind: 'hook' }> => {
  const r = resolveCaptureTarget(s, t);
  if (!r.ok || r.target.kind !== 'hook') throw new Error(r.ok ? 'not a hook' : r.reason);
  return r.target;
};
const linkOf = (s: HostSnapshot, node: string, hook: string): string | null => {
  const n = s.netgraph.nodes.find((x) => x.name === node);
  const h = n?.hooks.find((x) => x.hook === hook);
  const p = h && s.netgraph.nodes.find((x) => x.id === h.peerId);
  return p ? `${p.name ?? `[${p.id}]`}(${p.type}):${h.peerHook}` : null;
};

describe('the ng_tee splice for a link capture', () => {
  it('splices a tee into br0:link2 with the emulated ngctl, pings through it, and takes it out again', async () => {
    const file = join(dir, 'state.json');
    await seedDemo(file);
    const b = freebsdBackend({ binDir: simBinDir(), env: { NGSTUDIO_SIM_STATE: file }, timeoutMs: 60_000 });
    const t = hookTarget(await b.observe(), 'br0:link2');
    expect(teeSpliceSteps(t, 'ngs_cap_x').map((a) => a.join(' '))).toEqual([
      'ngctl rmhook br0: link2',
      'ngctl mkpeer br0: tee link2 left',
      'ngctl name br0:link2 ngs_cap_x',
      'ngctl connect ngs_cap_x: ng_test2: right ether',
    ]);
    await splice(b, t, 'ngs_cap_x');
    let s = await b.observe();
    expect(linkOf(s, 'br0', 'link2')).toBe('ngs_cap_x(tee):left');
    expect(linkOf(s, 'ngs_cap_x', 'right')).toBe('ng_test2(eiface):ether');
    expect((await b.run(['jexec', 'test1', 'ping', '-c', '2', '10.0.0.2'])).code).toBe(0);
    expect(await unsplice(b, t, 'ngs_cap_x')).toBeNull();
    s = await b.observe();
    expect(linkOf(s, 'br0', 'link2')).toBe('ng_test2(eiface):ether');
    expect(s.netgraph.nodes.some((n) => n.type === 'tee')).toBe(false);
  }, 120_000);

  it('captures both directions of br0:link2 through the tee, read with the emulated nghook -a, and takes the tee out', async () => {
    const file = join(dir, 'state-nghook.json');
    await seedDemo(file);
    const b = freebsdBackend({ binDir: simBinDir(), env: { NGSTUDIO_SIM_STATE: file }, timeoutMs: 60_000 });
    const seen: string[] = [];
    const cap = await startCapture(b, { target: 'br0:link2', filter: 'icmp', count: 4, onPacket: (_p, d) => seen.push(`${d.src} > ${d.dst} ${d.summary.replace(/, id \d+/, '')}`) });
    // nghook connects the copy hooks in its own processes: wait until both are on the tee.
    await expect.poll(async () => (await b.observe()).netgraph.nodes.find((n) => n.type === 'tee')?.hooks.length, { timeout: 60_000, interval: 500 }).toBe(4);
    expect((await b.run(['jexec', 'test1', 'ping', '-c', '2', '10.0.0.2'])).code).toBe(0);
    expect(await cap.done).toEqual({ packets: 4, error: null });
    expect([...seen].sort()).toEqual([
      '10.0.0.1 > 10.0.0.2 ICMP echo request, seq 0, length 64',
      '10.0.0.1 > 10.0.0.2 ICMP echo request, seq 1, length 64',
      '10.0.0.2 > 10.0.0.1 ICMP echo reply, seq 0, length 64',
      '10.0.0.2 > 10.0.0.1 ICMP echo reply, seq 1, length 64',
    ]);
    await cap.stop();
    const s = await b.observe();
    expect(linkOf(s, 'br0', 'link2')).toBe('ng_test2(eiface):ether');
    expect(s.netgraph.nodes.filter((n) => n.type === 'tee' || (n.type === 'socket' && n.hooks.length > 0))).toEqual([]);
  }, 180_000);

  it.each([
    ['ngctl', 'rmhook'],
    ['ngctl', 'mkpeer'],
    ['ngctl', 'name'],
    ['ngctl', 'connect'],
  ])('a failing `%s %s` is named, and the link is left as it was', async (...match) => {
    const state = newState();
    const b = memorySimBackend(state);
    await seedDemo(state);
    const t = hookTarget(await b.observe(), 'br0:link2');
    state.faults = [{ match, code: 1, stderr: `ngctl: ${match[1]}: No buffer space available\n` }];
    state.generation++;
    const err = await splice(b, t, 'ngs_cap_y').then(() => null, (e: Error) => e.message);
    expect(err).toContain(`${match.join(' ')} `);
    expect(err).toContain('No buffer space available; the link was put back as it was');
    const s = await b.observe();
    expect(linkOf(s, 'br0', 'link2')).toBe('ng_test2(eiface):ether');
    expect(s.netgraph.nodes.some((n) => n.type === 'tee')).toBe(false);
  });

  it("shuts down a tee left by a capture whose process died, and leaves a live one's alone", async () => {
    const state = newState();
    const b = memorySimBackend(state);
    await seedDemo(state);
    const s0 = await b.observe();
    await splice(b, hookTarget(s0, 'br0:link2'), 'ngs_cap_dead_abc123');
    await splice(b, hookTarget(s0, 'br0:link1'), 'ngs_cap_live_abc123');
    const alive = (pid: number): boolean => pid === parseInt('live', 36);
    expect(await sweepStaleTees(b, alive)).toEqual(['ngs_cap_dead_abc123']);
    const s = await b.observe();
    expect(linkOf(s, 'br0', 'link2')).toBe('ng_test2(eiface):ether');
    expect(linkOf(s, 'br0', 'link1')).toBe('ngs_cap_live_abc123(tee):left');
  });
});

describe('interface captures with tcpdump', () => {
  it('builds tcpdump -i IF -U -n -w - FILTER, through jexec for an interface in a jail', () => {
    expect(tcpdumpArgv({ kind: 'if', name: 'em0', jail: null, ifKind: 'ether' }, '')).toEqual(['tcpdump', '-i', 'em0', '-U', '-n', '-w', '-']);
    expect(tcpdumpArgv({ kind: 'if', name: 'ng_test1', jail: 'test1', ifKind: 'eiface' }, 'icmp and host 10.0.0.2')).toEqual(['jexec', 'test1', 'tcpdump', '-i', 'ng_test1', '-U', '-n', '-w', '-', 'icmp and host 10.0.0.2']);
  });

  it("reads the pcap stream of a stand-in tcpdump and stops it (its argv as the backend ran it)", async () => {
    const bin = mkdtempSync(join(dir, 'bin-'));
    const argvFile = join(bin, 'argv.json');
    // Two frames (an ARP request and reply) in a big-endian pcap, written in pieces, then wait to be killed.
    writeFileSync(join(bin, 'tcpdump'), `#!${process.execPath}
require('fs').writeFileSync(${JSON.stringify(argvFile)}, JSON.stringify(process.argv.slice(2)));
const h = Buffer.alloc(24); h.writeUInt32BE(0xa1b2c3d4, 0); h.writeUInt16BE(2, 4); h.writeUInt16BE(4, 6); h.writeUInt32BE(65535, 16); h.writeUInt32BE(1, 20);
const frame = (op) => { const f = Buffer.alloc(42); f.fill(0xff, 0, 6); f.writeUInt16BE(0x0806, 12); f.writeUInt16BE(1, 14); f.writeUInt16BE(0x0800, 16); f[18] = 6; f[19] = 4; f.writeUInt16BE(op, 20); Buffer.from([10,0,0,1]).copy(f, 28); Buffer.from([10,0,0,2]).copy(f, 38); return f; };
const rec = (sec, f) => { const r = Buffer.alloc(16); r.writeUInt32BE(sec, 0); r.writeUInt32BE(5, 4); r.writeUInt32BE(f.length, 8); r.writeUInt32BE(f.length, 12); return Buffer.concat([r, f]); };
const all = Buffer.concat([h, rec(100, frame(1)), rec(101, frame(2))]);
process.stdout.write(all.subarray(0, 30)); setTimeout(() => process.stdout.write(all.subarray(30)), 50);
process.stderr.write('tcpdump: listening on em0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\\n');
setInterval(() => {}, 1000);
`);
    chmodSync(join(bin, 'tcpdump'), 0o755);
    const b = freebsdBackend({ binDir: bin });
    const got: RawPacket[] = [];
    const ended: string[] = [];
    const h = await b.capture!({ kind: 'if', name: 'em0', jail: null, ifKind: 'ether' }, { filter: 'arp', onPacket: (p) => got.push(p), onEnd: (r) => ended.push(r) });
    expect(h.filtered).toBe(true);
    await expect.poll(() => got.length, { timeout: 10_000 }).toBe(2);
    expect(got.map((p) => p.tsUs)).toEqual([100_000_005, 101_000_005]);
    expect(JSON.parse(readFileSync(argvFile, 'utf8'))).toEqual(['-i', 'em0', '-U', '-n', '-w', '-', 'arp']);
    await h.stop();
    expect(ended).toEqual([]);
  }, 30_000);

  it('says why when tcpdump ends by itself', async () => {
    const bin = mkdtempSync(join(dir, 'bin-'));
    writeFileSync(join(bin, 'tcpdump'), `#!${process.execPath}\nprocess.stderr.write('tcpdump: ng_nosuch: No such device exists\\n(BIOCSETIF failed: Device not configured)\\n'); process.exit(1);\n`);
    chmodSync(join(bin, 'tcpdump'), 0o755);
    const ended: string[] = [];
    const h = await freebsdBackend({ binDir: bin }).capture!({ kind: 'if', name: 'ng_nosuch', jail: null, ifKind: 'eiface' }, { filter: '', onPacket: () => {}, onEnd: (r) => ended.push(r) });
    await expect.poll(() => ended.length, { timeout: 10_000 }).toBe(1);
    expect(ended[0]).toBe('tcpdump ended (exit 1): (BIOCSETIF failed: Device not configured)');
    await h.stop();
  }, 30_000);
});
