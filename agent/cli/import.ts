// `ngstudio import FILE [--format F]` (FILE or `-` for stdin): captured ngctl
// or jls output, an ngctl script, a jail.conf or a design → the design JSON on
// stdout. The detected format and any warnings go to stderr; text that is no
// known format is bad input (exit 2).
import { designJson } from '../../shared/export/json.js';
import { FORMAT_NAMES, IMPORT_FORMATS } from '../../shared/import/index.js';
import { importAny } from '../import/index.js';
import { UsageError, choice, parse, type CliIO } from './args.js';
import { readInput } from './read-input.js';

/** Runs `ngstudio import`. */
export async function importCmd(argv: string[], io: CliIO): Promise<number> {
  const { values: v, positionals } = parse('import', argv, { format: { type: 'string' } }, true);
  const format = v.format === undefined ? undefined : choice('import', 'format', v.format, IMPORT_FORMATS, 'json');
  if (positionals.length !== 1) throw new UsageError('import: expected one FILE (or - for stdin)');
  const text = await readInput('import', positionals[0]!);
  const r = await importAny(text, format);
  if (!r.ok) throw new UsageError(`import: ${r.problems[0] ?? 'failed'}${r.problems.length > 1 ? ` (and ${r.problems.length - 1} more)` : ''}`);
  io.err(`ngstudio: read as ${FORMAT_NAMES[r.format]}`);
  for (const w of r.warnings) io.err(`ngstudio: warning: ${w}`);
  io.out(designJson(r.design).replace(/\n$/, ''));
  return 0;
}
