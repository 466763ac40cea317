// `ngstudio export DESIGN --format ngctl|sh|jail.conf|dot|json` (DESIGN a
// file or `-` for stdin) and `ngstudio export --live --format …` (the
// observed host as a design, exported the same way). The text goes to stdout
// as is; an invalid design is bad input (exit 2) with its first problem.
import { parseDesign } from '../../shared/design/parse.js';
import { designFromSnapshot } from '../../shared/design/from-snapshot.js';
import type { Design } from '../../shared/design/types.js';
import { EXPORT_FORMATS, exportDesign } from '../../shared/export/index.js';
import { UsageError, choice, parse, type CliIO } from './args.js';
import { openHost, type HostFlags } from './host.js';
import { readInput } from './read-input.js';

/** The design a file holds, or a UsageError with the first problem (and how many more). */
export function designOrUsage(cmd: string, text: string, from: string): Design {
  const r = parseDesign(text);
  if (r.ok) return r.design;
  const errs = r.problems.filter((p) => p.severity === 'error');
  const more = errs.length > 1 ? ` (and ${errs.length - 1} more problem${errs.length > 2 ? 's' : ''})` : '';
  throw new UsageError(`${cmd}: ${from} is not a valid design: ${errs[0]?.message ?? 'invalid'}${more}`);
}

/** The observed host (--backend as for snapshot; the sim's state from --sim-state or $NGSTUDIO_SIM_STATE) as a design. */
async function liveDesign(v: HostFlags, io: CliIO, env: NodeJS.ProcessEnv): Promise<Design> {
  const opened = await openHost('export', v, { tempFile: false, env });
  try {
    for (const n of opened.notes) io.err(`ngstudio: ${n}`);
    return designFromSnapshot(await opened.backend.observe());
  } finally {
    await opened.cleanup();
  }
}

/** Runs `ngstudio export`. */
export async function exportCmd(argv: string[], io: CliIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values: v, positionals } = parse('export', argv, {
    format: { type: 'string' },
    live: { type: 'boolean' },
    backend: { type: 'string' },
    'sim-state': { type: 'string' },
    'bin-dir': { type: 'string' },
    release: { type: 'string' },
  }, true);
  if (v.format === undefined) throw new UsageError(`export: --format is required (one of ${EXPORT_FORMATS.join(', ')})`);
  const format = choice('export', 'format', v.format, EXPORT_FORMATS, 'json');
  if (v.live && positionals.length > 0) throw new UsageError('export: give either DESIGN or --live, not both');
  if (!v.live && (v.backend ?? v['sim-state'] ?? v['bin-dir']) !== undefined) throw new UsageError('export: --backend, --sim-state and --bin-dir go with --live');
  if (!v.live && positionals.length !== 1) throw new UsageError('export: expected one DESIGN file (or - for stdin, or --live)');
  const design = v.live
    ? await liveDesign(v, io, env)
    : designOrUsage('export', await readInput('export', positionals[0]!), positionals[0] === '-' ? 'stdin' : positionals[0]!);
  if (v.release !== undefined && !/^\d+\.\d+-[A-Z]/.test(v.release)) throw new UsageError(`export: bad --release "${v.release}" (want e.g. 12.4-RELEASE)`);
  const r = exportDesign(design, format, v.release === undefined ? {} : { release: v.release });
  if (!r.ok) throw new UsageError(`export: cannot export as ${format}: ${r.errors.join('; ')}`);
  for (const w of r.warnings) io.err(`ngstudio: warning: ${w}`);
  io.out(r.text.replace(/\n$/, ''));
  return 0;
}
