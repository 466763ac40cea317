// jail.conf(5) parser: text (plus `.include`d files through a callback) → each jail's
// final parameters, resolved as jail(8) resolves them. Pure: never reads files, never throws.
import { Issues, guarded, splitLines } from './result.js';
import type { Line, Parsed } from './result.js';
import { parseSyntax } from './jailconf/syntax.js';
import type { SyntaxContext } from './jailconf/syntax.js';
import { resolveJails } from './jailconf/resolve.js';
import type { JailConf, JailConfJail, JailConfOptions, Where } from './jailconf/types.js';

export type { IncludeResolver, JailConf, JailConfJail, JailConfOptions, JailConfParam } from './jailconf/types.js';
export { equalOpts, isWildName, wildMatch } from './jailconf/resolve.js';

/**
 * Parses jail.conf text. Errors carry the line in `text`; for a problem inside an
 * included file the line is that of the `.include` and the message names the file
 * and its own line. On errors, `partial` holds the jails as far as they resolved.
 */
export function parseJailConf(text: string, options: JailConfOptions = {}): Parsed<JailConf> {
  return guarded(text, (t) => parseBody(t, options ?? {}));
}

function parseBody(text: string, options: JailConfOptions): Parsed<JailConf> {
  const issues = new Issues();
  const lines = splitLines(text);
  const lineOf = (at: Where): Line | number => lines[at.top - 1] ?? at.top;
  const say = (at: Where, message: string): string => (at.file === null ? message : `${at.file} line ${at.line}: ${message}`);
  const ctx: SyntaxContext = {
    jails: [],
    include: typeof options.include === 'function' ? options.include : undefined,
    stack: typeof options.file === 'string' ? [options.file] : [],
    error: (at, m) => issues.error(lineOf(at), say(at, m)),
    warn: (at, m) => issues.warn(lineOf(at), say(at, m)),
  };
  parseSyntax(text, null, null, ctx);
  const jails = resolveJails(ctx.jails, ctx.error);
  warnDuplicates(jails, (line, m) => issues.warn(lines[line - 1] ?? line, m));
  return issues.result({ jails });
}

/** The same jail name twice makes two records in jail(8); almost always a mistake, so say so. */
function warnDuplicates(jails: JailConfJail[], warn: (line: number, m: string) => void): void {
  const seen = new Map<string, JailConfJail>();
  for (const j of jails) {
    const first = seen.get(j.name);
    if (first) warn(j.file ? 0 : j.line, `jail "${j.name}" is defined again (first at ${first.file ? `${first.file} ` : ''}line ${first.line})`);
    else seen.set(j.name, j);
  }
}

/** The exec.* parameters that hold commands: jail(8) runs each value in order, so they stay lists even with one value. */
export const EXEC_COMMAND_PARAMS: readonly string[] = [
  'exec.prepare', 'exec.prestart', 'exec.created', 'exec.start', 'command', 'exec.poststart',
  'exec.prestop', 'exec.stop', 'exec.poststop', 'exec.release',
];

/** One jail's final parameters as a record: booleans as booleans, command hooks always as ordered lists, other lists as arrays. */
export function jailParams(jail: JailConfJail): Record<string, string | string[] | boolean> {
  const out: Record<string, string | string[] | boolean> = {};
  for (const p of jail.params) {
    if (p.bool !== undefined) out[p.name] = p.bool;
    else if (EXEC_COMMAND_PARAMS.includes(p.name) || p.values.length !== 1) out[p.name] = [...p.values];
    else out[p.name] = p.values[0]!;
  }
  return out;
}

/** Finds a jail by name (the first, if defined twice) and returns its parameter record, or null. */
export function jailConfParams(conf: JailConf, name: string): Record<string, string | string[] | boolean> | null {
  const j = conf.jails.find((x) => x.name === name);
  return j ? jailParams(j) : null;
}
