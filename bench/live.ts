// Benchmark of the live view's wire cost on a 1000-node emulated host: the
// bytes of a full snapshot, the bytes of the patch for a one-node change, and
// the time from the change landing in the state file to the patch reaching a
// connected client. A real agent process, a real WebSocket client, and the
// change made by the real emulated `ngctl` executable.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { runCommand } from '../agent/host/sim/cmd/index.js';
import { simBinDir } from '../agent/host/sim/bin-dir.js';
import { newState } from '../agent/host/sim/new-state.js';
import { saveState } from '../agent/host/sim/store.js';
import type { ServerFrame } from '../shared/protocol/rpc.js';
import { report, startAgentProcess, type BenchResult } from './support.js';

const BRIDGES = 100;
const EIFACES_PER_BRIDGE = 9; // 100 × (1 bridge + 9 eifaces) = 1000 nodes
const POLL_MS = 200;
const CHANGES = 10;

/** An ngctl -f script building BRIDGES persistent bridges with their eifaces. */
export function bigGraphScript(): string {
  const lines: string[] = [];
  for (let b = 0; b < BRIDGES; b++) {
    lines.push(`mkpeer . bridge b${b} link0`, `name .:b${b} br${b}`, `msg br${b}: setpersistent`, `rmhook . b${b}`);
    for (let e = 1; e <= EIFACES_PER_BRIDGE; e++) lines.push(`mkpeer br${b}: eiface link${e} ether`);
  }
  return lines.join('\n') + '\n';
}

export async function benchLive(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ngstudio-bench-'));
  const stateFile = join(dir, 'state.json');
  try {
    const state = newState();
    const script = bigGraphScript();
    const built = await runCommand(state, ['ngctl', '-f', '-'], { readStdin: async () => script });
    if (built.code !== 0) throw new Error(`building the 1000-node host failed: ${built.stderr}`);
    const nodes = state.vnets['0']!.nodes.length;
    await saveState(stateFile, state);

    const agent = await startAgentProcess(['--sim-state', stateFile, '--poll', String(POLL_MS)]);
    try {
      const frames: { frame: ServerFrame; bytes: number; at: number }[] = [];
      const ws = new WebSocket(agent.wsUrl);
      ws.on('message', (data: Buffer) => frames.push({ frame: JSON.parse(data.toString()) as ServerFrame, bytes: data.length, at: performance.now() }));
      await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
      while (frames.length === 0) await new Promise((r) => setTimeout(r, 10));
      const hello = frames[0]!;
      if (hello.frame.type !== 'hello') throw new Error(`first frame was ${hello.frame.type}`);
      const snapshotBytes = Buffer.byteLength(JSON.stringify(hello.frame.snapshot));

      const latencies: number[] = [];
      const patchBytes: number[] = [];
      const ngctl = join(simBinDir(), 'ngctl');
      for (let i = 0; i < CHANGES; i++) {
        const before = frames.length;
        const r = spawnSync(ngctl, ['mkpeer', `br${i}:`, 'eiface', `link${EIFACES_PER_BRIDGE + 1}`, 'ether'], {
          env: { ...process.env, NGSTUDIO_SIM_STATE: stateFile },
          encoding: 'utf8',
        });
        const landed = performance.now();
        if (r.status !== 0) throw new Error(`emulated ngctl failed: ${r.stderr}`);
        while (frames.length === before) await new Promise((res) => setTimeout(res, 2));
        const p = frames[before]!;
        if (p.frame.type !== 'patch') throw new Error(`expected a patch, got ${p.frame.type}`);
        latencies.push(p.at - landed);
        patchBytes.push(p.bytes);
      }
      ws.close();
      const sorted = [...latencies].sort((a, b) => a - b);
      const maxPatch = Math.max(...patchBytes);
      return [
        { name: 'emulated host size', value: nodes, unit: 'netgraph nodes' },
        { name: 'full snapshot (hello frame snapshot JSON)', value: snapshotBytes, unit: 'bytes' },
        { name: 'patch for a one-node change (max of 10)', value: maxPatch, unit: 'bytes', goal: `< 2048 and < 1% of snapshot (${Math.floor(snapshotBytes / 100)})`, ok: maxPatch < 2048 && maxPatch < snapshotBytes / 100 },
        { name: 'change landed → patch at client (median of 10)', value: Math.round(sorted[Math.floor(sorted.length / 2)]!), unit: 'ms', goal: `within two poll intervals (${2 * POLL_MS} ms)`, ok: sorted[Math.floor(sorted.length / 2)]! <= 2 * POLL_MS },
        { name: 'change landed → patch at client (max of 10)', value: Math.round(sorted[sorted.length - 1]!), unit: 'ms', goal: `within two poll intervals (${2 * POLL_MS} ms)`, ok: sorted[sorted.length - 1]! <= 2 * POLL_MS },
      ];
    } finally {
      await agent.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) report('live view, 1000-node emulated host', await benchLive());
