// `ngstudio recover [--finish|--undo] [--id ID] [--json]`: what an interrupted
// apply (a crash, kill -9, a power cut mid-apply) left, and acting on it.
// Opening the data folder already took ownership of what it made; without a
// flag this lists the interrupted applies, --finish applies the interrupted
// design again, --undo returns the host to how it was before that apply.
import { join } from 'node:path';
import { createApplyGate } from '../engine/apply.js';
import { isApplyError } from '../engine/apply/errors.js';
import { adoptInterrupted, interruptedLines, recoverInterrupted } from '../engine/recovery.js';
import type { ApplyReport } from '../../shared/protocol/rpc.js';
import { dataDirFor, openStore } from '../store/index.js';
import { parse, UsageError, type CliIO } from './args.js';
import { openHost } from './host.js';
import { HOST_OPTIONS } from './plan.js';

/** Runs `ngstudio recover`. */
export async function recover(argv: string[], io: CliIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values: v } = parse('recover', argv, { ...HOST_OPTIONS, finish: { type: 'boolean' }, undo: { type: 'boolean' }, id: { type: 'string' }, json: { type: 'boolean' } });
  if (v.finish && v.undo) throw new UsageError('recover: --finish and --undo exclude each other');
  if (v.id !== undefined && !v.finish && !v.undo) throw new UsageError('recover: --id goes with --finish or --undo');
  const store = await openStore(dataDirFor(v['data-dir'], env));
  const opened = await openHost('recover', { ...v, demo: false }, { tempFile: false, env });
  try {
    for (const n of opened.notes) io.err(`ngstudio: ${n}`);
    const found = await adoptInterrupted(store, opened.backend, { onDrill: (l) => io.err(`ngstudio: ${l}`) });
    const action = v.finish ? 'finish' : v.undo ? 'undo' : null;
    if (action === null) {
      if (v.json) io.out(JSON.stringify({ interrupted: found }, null, 2));
      else if (found.length === 0) io.out('No interrupted apply: nothing to recover.');
      else for (const i of found) for (const l of interruptedLines(i)) io.out(l);
      return 0;
    }
    for (const i of found) for (const l of interruptedLines(i)) io.err(`ngstudio: ${l}`);
    try {
      const r = await createApplyGate(join(store.dir, 'apply.lock')).run(`ngstudio recover (pid ${process.pid})`, () =>
        recoverInterrupted(store, opened.backend, {
          action, ...(v.id !== undefined ? { id: v.id } : {}),
          onProgress: (p) => void (p.status !== 'running' && !v.json && io.out(`[${p.step}/${p.of}] ${p.status.padEnd(6)} ${p.change}`)),
        }),
      );
      const report = r.outcome.report;
      if (v.json) io.out(JSON.stringify({ ok: report.mismatches.length === 0, recovered: r.apply.id, action, report }, null, 2));
      else io.out(`${action === 'finish' ? 'Finished' : 'Undid'} the interrupted apply ${r.apply.id}: ${report.applied} of ${report.of} changes applied.`);
      for (const m of report.mismatches) io.err(`ngstudio: still differs: ${m}`);
      return report.mismatches.length === 0 ? 0 : 1;
    } catch (e) {
      if (isApplyError(e) && e.code === 'bad-params') throw new UsageError(`recover: ${e.message}`);
      if (isApplyError(e) && e.code === 'host-error' && v.json) io.out(JSON.stringify({ ok: false, action, report: e.details as ApplyReport }, null, 2));
      throw e;
    }
  } finally {
    await opened.cleanup();
  }
}
