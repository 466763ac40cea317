// Small, strict argument parsing for the CLI on top of node:util parseArgs,
// turning its multi-sentence errors into one clear line (exit code 2).
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Where a command writes its lines (stdout / stderr), so tests can capture them. */
export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Bad usage or bad input: the CLI prints the message on one line and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses `argv` against `options`; unknown options and missing values are UsageErrors. */
export function parse<O extends Options>(cmd: string, argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (e) {
    const err = e as { code?: string; message: string };
    const first = err.message.split(/(?<=\.)\s/)[0] ?? err.message;
    if (err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw new UsageError(`${cmd}: unexpected argument ${first.replace(/^Unexpected argument /, '').replace(/\. .*$/, '')}`);
    }
    throw new UsageError(`${cmd}: ${first.replace(/\.$/, '')}`);
  }
}

/** One of `allowed`, or a UsageError naming the option and the choices. */
export function choice<T extends string>(cmd: string, name: string, value: string | undefined, allowed: readonly T[], dflt: T): T {
  if (value === undefined) return dflt;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${cmd}: --${name} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
}

/** An integer option within [min, max], or a UsageError. */
export function intOption(cmd: string, name: string, value: string | undefined, min: number, max: number, dflt: number): number {
  if (value === undefined) return dflt;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`${cmd}: --${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(value)})`);
  }
  return Number(value);
}

/** `HOST:PORT` or `[IPV6]:PORT` → parts; a UsageError on anything else. */
export function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) {
    throw new UsageError(`serve: --listen must be HOST:PORT or [IPV6]:PORT with a port from 0 to 65535 (got ${JSON.stringify(value)})`);
  }
  return { host: (m[1] ?? m[2]) as string, port };
}
