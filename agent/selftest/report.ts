// The self-test's report: one line per check (`ok   …` / `FAIL …` / `skip …`),
// printed as each check ends so an admin watching sees where it stands, and
// kept for the summary and the support bundle.
import { isHostCommandError } from '../host/backend.js';

export type SelftestStatus = 'ok' | 'FAIL' | 'skip';

export interface SelftestCheck {
  status: SelftestStatus;
  what: string;
  detail: string;
}

/** One printed line: the status in a 4-wide column, what, detail. */
export function formatSelftestCheck(c: SelftestCheck): string {
  return `${c.status.padEnd(4)} ${c.what}: ${c.detail}`;
}

/** What went wrong, on one line: a failed command with the first line of its stderr, or the error's message. */
export function why(e: unknown): string {
  if (isHostCommandError(e)) {
    const first = e.stderr.trim().split('\n')[0] ?? '';
    return first === '' ? e.shortMessage : `${e.shortMessage}: ${first}`;
  }
  return e instanceof Error ? e.message.split('\n').join(': ') : String(e);
}

/** The checks so far; each one is printed as it is added. */
export class Report {
  readonly checks: SelftestCheck[] = [];
  readonly #print: (line: string) => void;

  constructor(print: (line: string) => void) {
    this.#print = print;
  }

  add(status: SelftestStatus, what: string, detail: string): void {
    const c = { status, what, detail };
    this.checks.push(c);
    this.#print(formatSelftestCheck(c));
  }

  ok(what: string, detail: string): void {
    this.add('ok', what, detail);
  }

  fail(what: string, detail: string): void {
    this.add('FAIL', what, detail);
  }

  skip(what: string, detail: string): void {
    this.add('skip', what, detail);
  }

  /** Adds each check of a list (the pure checks over a snapshot). */
  addAll(list: SelftestCheck[]): void {
    for (const c of list) this.add(c.status, c.what, c.detail);
  }

  count(status: SelftestStatus): number {
    return this.checks.filter((c) => c.status === status).length;
  }

  /** The report as text (the bundle's report.txt). */
  text(): string {
    return this.checks.map((c) => `${formatSelftestCheck(c)}\n`).join('');
  }
}
