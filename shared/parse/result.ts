// The result type every output parser returns, and the line handling they share.
// Parsers never throw: bad input becomes issues with 1-based line numbers.

/** A problem found in the input, pinned to a line (1-based) and quoting that line. */
export interface ParseIssue {
  line: number;
  message: string;
  text: string;
}

/**
 * A parse result. On failure `partial` carries what could still be read
 * (e.g. the nodes of a truncated `ngctl dot`), so callers may show it with the errors.
 */
export type Parsed<T> =
  | { ok: true; value: T; warnings: ParseIssue[] }
  | { ok: false; errors: ParseIssue[]; partial?: T };

/** One input line: its 1-based number, the text without trailing blanks, and the raw text. */
export interface Line {
  no: number;
  text: string;
  raw: string;
}

/** More errors than this are summarised in one last issue (100k lines of junk stay cheap). */
export const MAX_ISSUES = 50;

/** Collects errors and warnings while parsing, capping their number. */
export class Issues {
  readonly errors: ParseIssue[] = [];
  readonly warnings: ParseIssue[] = [];
  #droppedErrors = 0;
  #droppedWarnings = 0;

  /** Records an error at `line`. */
  error(line: Line | number, message: string): void {
    if (this.errors.length < MAX_ISSUES) this.errors.push(issue(line, message));
    else this.#droppedErrors++;
  }

  /** Records a warning at `line`. */
  warn(line: Line | number, message: string): void {
    if (this.warnings.length < MAX_ISSUES) this.warnings.push(issue(line, message));
    else this.#droppedWarnings++;
  }

  /** The final result: ok with warnings when no error was recorded, else the errors and the partial value. */
  result<T>(value: T): Parsed<T> {
    if (this.#droppedWarnings > 0) this.warnings.push(summary(this.#droppedWarnings, 'warnings'));
    if (this.errors.length === 0) return { ok: true, value, warnings: this.warnings };
    if (this.#droppedErrors > 0) this.errors.push(summary(this.#droppedErrors, 'errors'));
    return { ok: false, errors: this.errors, partial: value };
  }
}

function issue(line: Line | number, message: string): ParseIssue {
  if (typeof line === 'number') return { line, message, text: '' };
  return { line: line.no, message, text: clip(line.raw) };
}

function summary(n: number, what: string): ParseIssue {
  return { line: 0, message: `${n} more ${what} not listed`, text: '' };
}

/** Quoted lines are clipped so one huge line cannot blow up an error report. */
function clip(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

/**
 * Splits text into lines: LF or CRLF, trailing blanks removed (captures pasted
 * into READMEs lose them), the empty piece after a final newline dropped.
 */
export function splitLines(text: string): Line[] {
  const pieces = text.split('\n');
  if (pieces.length > 0 && pieces[pieces.length - 1] === '') pieces.pop();
  return pieces.map((raw, i) => {
    const r = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    return { no: i + 1, text: r.replace(/\s+$/, ''), raw: r };
  });
}

/** A shell or ngctl prompt line a capture may start with (`$ ngctl list`, `# jls`, `+ show x:`, `root@h:~ # jls`). */
export function isPromptLine(text: string): boolean {
  return /^\s*(?:[\w.-]+@[\w.-]+\S*\s*)?[$#+%]\s+\S/.test(text);
}

/** Drops leading blank lines and at most one leading prompt line (with a warning). Returns the remaining lines. */
export function skipPreamble(lines: Line[], issues: Issues): Line[] {
  let i = 0;
  while (i < lines.length && lines[i]!.text === '') i++;
  if (i < lines.length && isPromptLine(lines[i]!.text)) {
    issues.warn(lines[i]!, 'skipped a shell prompt line');
    i++;
  }
  return lines.slice(i);
}

/** Checks the input is a string; a non-string gets a failed result instead of a throw. */
export function notText<T>(text: unknown): Parsed<T> | null {
  if (typeof text === 'string') return null;
  return { ok: false, errors: [{ line: 0, message: `expected text, got ${text === null ? 'null' : typeof text}`, text: '' }] };
}

/** Runs a parser body, turning any unexpected exception into an error result (the parsers must never throw). */
export function guarded<T>(text: unknown, body: (text: string) => Parsed<T>): Parsed<T> {
  const bad = notText<T>(text);
  if (bad) return bad;
  try {
    return body(text as string);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, errors: [{ line: 0, message: `internal parser error: ${message}`, text: '' }] };
  }
}

/** Normalises a netgraph node ID printed as hex (`00000040`, `40`) to lowercase unpadded hex. */
export function normalizeHexId(hex: string): string {
  const t = hex.toLowerCase().replace(/^0+(?=.)/, '');
  return t;
}
