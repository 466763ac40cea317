// Fault injection for the emulated host: `SimState.faults` lists commands (or
// `ngctl -f` script lines) that fail on purpose, so tests can watch an apply
// fail at any step and roll back. A fault is consumed when it fires; every
// match before its `nth` counts down, and both are state changes (generation
// bumped) so a state file shared by processes keeps the count.
import type { SimFault, SimState } from '../state.js';
import type { CmdResult } from './types.js';

const base = (argv0: string): string => argv0.slice(argv0.lastIndexOf('/') + 1);

/** Whether argv starts with the fault's prefix (argv[0] by base name). */
function prefixMatches(f: SimFault, argv: string[]): boolean {
  if (f.match.length > argv.length) return false;
  return f.match.every((w, i) => (i === 0 ? base(w) === base(argv[0] ?? '') : w === argv[i]));
}

/** A script line the way ngctl tokenizes it (blanks collapsed), for comparison. */
const tokens = (line: string): string => line.trim().split(/[ \t\r\n\v\f]+/).join(' ');

/** Counts one match of `f`; true when this is the one that fails (and removes it). */
function countDown(state: SimState, f: SimFault): boolean {
  state.generation++;
  if ((f.nth ?? 1) > 1) {
    f.nth = (f.nth ?? 1) - 1;
    return false;
  }
  state.faults = (state.faults ?? []).filter((x) => x !== f);
  return true;
}

/** How long this argv is held before it runs (a `sleepMs` fault that fires), 0 for not at all. */
export function commandDelay(state: SimState, argv: string[]): number {
  for (const f of state.faults ?? []) {
    if (f.sleepMs === undefined || f.line !== undefined || !prefixMatches(f, argv)) continue;
    if (countDown(state, f)) return f.sleepMs;
  }
  return 0;
}

const withNewline = (s: string): string => (s === '' || s.endsWith('\n') ? s : `${s}\n`);

/** A whole-command fault that fires for this argv, as the result to return instead of running it. */
export function commandFault(state: SimState, argv: string[]): CmdResult | null {
  for (const f of state.faults ?? []) {
    if (f.line !== undefined || f.sleepMs !== undefined || !prefixMatches(f, argv)) continue;
    if (countDown(state, f)) return { stdout: '', stderr: withNewline(f.stderr), code: f.code };
  }
  return null;
}

/** A script-line fault armed for one ngctl run: cuts the script before the line, then reports the failure. */
export interface LineFault {
  /** The script text to run instead (the lines before the failing one). */
  cut(text: string): string;
  /** The command's result with the fault applied (when the cut took effect and the rest succeeded). */
  finish(r: CmdResult): CmdResult;
}

/** Arms line faults for an `ngctl` invocation; null when none could apply. */
export function lineFault(state: SimState, argv: string[]): LineFault | null {
  const candidates = (state.faults ?? []).filter((f) => f.line !== undefined && prefixMatches(f, argv));
  if (candidates.length === 0) return null;
  let fired: { f: SimFault; line: number } | null = null;
  return {
    cut(text) {
      if (fired) return text;
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const l = lines[i] as string;
        if (l.startsWith('#')) continue;
        const f = candidates.find((c) => tokens(c.line as string) === tokens(l) && (state.faults ?? []).includes(c));
        if (f && countDown(state, f)) {
          fired = { f, line: i + 1 };
          return lines.slice(0, i).join('\n') + (i > 0 ? '\n' : '');
        }
      }
      return text;
    },
    finish(r) {
      // A line before the faulty one failed on its own: ngctl stopped there, and that is the answer.
      if (!fired || r.code !== 0) return r;
      const { f, line } = fired;
      return { stdout: r.stdout, stderr: `${r.stderr}${withNewline(f.stderr)}ngctl: line ${line}: error in file\n`, code: f.code };
    },
  };
}
