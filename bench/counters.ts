// Benchmark of traffic on the wire: the freebsd backend over the emulated
// commands on a 1000-node host (real processes; a netstat that prints a file,
// since the emulated commands have none), observed twice with ten interfaces'
// counters moved in between; the patch between the two snapshots is what the
// agent would send. Also the full snapshot, for scale.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freebsdBackend } from '../agent/host/freebsd/backend.js';
import { runCommand } from '../agent/host/sim/cmd/index.js';
import { simBinDir } from '../agent/host/sim/bin-dir.js';
import { newState } from '../agent/host/sim/new-state.js';
import { saveState } from '../agent/host/sim/store.js';
import { diffSnapshots } from '../shared/model/diff.js';
import { bigGraphScript } from './live.js';
import { binDirWithNetstat, netstatRow, report, type BenchResult } from './support.js';

const CHANGED = 10;

export async function benchCounters(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ngstudio-bench-counters-'));
  try {
    const state = newState();
    const script = bigGraphScript();
    const built = await runCommand(state, ['ngctl', '-f', '-'], { readStdin: async () => script });
    if (built.code !== 0) throw new Error(`building the 1000-node host failed: ${built.stderr}`);
    const file = join(dir, 'state.json');
    await saveState(file, state);
    const nodes = state.vnets['0']!.nodes.length;
    const names = state.ifnets.filter((i) => i.vnet === 0).map((i) => i.name);
    const out = join(dir, 'netstat.json');
    const write = (bump: Set<string>): void =>
      writeFileSync(out, JSON.stringify({ statistics: { interface: names.map((n, i) => netstatRow(n, i + 1, 1_000_000 + (bump.has(n) ? 3 : 0))) } }));
    write(new Set());
    const bin = binDirWithNetstat(dir, simBinDir());
    const b = freebsdBackend({ binDir: bin, env: { NGSTUDIO_SIM_STATE: file, FAKE_NETSTAT: out, PATH: `${bin}:${process.env.PATH}` }, timeoutMs: 120_000 });
    const a = await b.observe();
    write(new Set(names.filter((n) => n.startsWith('ngeth')).slice(0, CHANGED)));
    const c = await b.observe();
    const patch = diffSnapshots(a, c);
    if (patch === null) throw new Error('the counters moved but the snapshots are equal');
    if (patch.nodes || patch.interfaces) throw new Error(`a counters-only change upserted elements: ${Object.keys(patch).join(', ')}`);
    const moved = Object.keys(patch.counters?.interfaces ?? {}).length;
    if (moved !== CHANGED) throw new Error(`expected ${CHANGED} changed interface counters, the patch has ${moved}`);
    const frame = Buffer.byteLength(JSON.stringify({ type: 'patch', from: 1, to: 2, patch }));
    const counted = c.interfaces.filter((i) => i.counters).length;
    return [
      { name: 'emulated host size', value: nodes, unit: 'netgraph nodes' },
      { name: 'interfaces with counters', value: counted, unit: 'interfaces' },
      { name: 'full snapshot with counters (JSON)', value: Buffer.byteLength(JSON.stringify(c)), unit: 'bytes' },
      { name: `patch frame for ${CHANGED} changed interface counters`, value: frame, unit: 'bytes', goal: '< 1024, no upsert', ok: frame < 1024 },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) report('traffic counters, 1000-node host over the emulated commands', await benchCounters());
