// ngctl's script reader (`ngctl -f FILE`, `read FILE`; usr.sbin/ngctl
// main.c ReadFile/DoParseCommand): one command per line, a comment only
// when `#` is the line's very first byte, strtok tokenizing with no quoting
// or escapes, at most 511 arguments, blank lines ignored.

/** One command line of a script: its line number (as ngctl counts) and its words. */
export interface ScriptLine {
  line: number;
  argv: string[];
}

export interface ScriptOptions {
  /**
   * 12.x reads with fgets into LINE_MAX (2048) bytes, so a longer line is cut
   * into chunks that each count as a line; newer releases use getline (no
   * limit, the default here).
   */
  lineMax?: number;
}

/** ngctl's WHITESPACE set: " \t\r\n\v\f". */
const WS = /[ \t\r\n\v\f]+/;
/** MAX_ARGS is 512 and the argv array keeps one slot for the NULL. */
const MAX_ARGS = 512;

/** Splits a command line the way DoParseCommand's strtok loop does. */
export function tokenizeLine(line: string): string[] {
  return line.split(WS).filter((t) => t !== '').slice(0, MAX_ARGS - 1);
}

/** The physical lines as fgets/getline return them (each keeps its newline). */
function readLines(text: string, lineMax: number | undefined): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const nl = text.indexOf('\n', i);
    let end = nl === -1 ? text.length : nl + 1;
    if (lineMax !== undefined && end - i > lineMax - 1) end = i + lineMax - 1;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

/** Parses a script into its command lines; comment and blank lines are dropped (they always succeed). */
export function parseScript(text: string, opts: ScriptOptions = {}): ScriptLine[] {
  const out: ScriptLine[] = [];
  readLines(text, opts.lineMax).forEach((raw, i) => {
    if (raw.startsWith('#')) return;
    const argv = tokenizeLine(raw);
    if (argv.length > 0) out.push({ line: i + 1, argv });
  });
  return out;
}
