// Test helpers for the emulated ngctl: run it against a state with a chosen
// pid and an in-memory file system, as a one-shot process would.
import { readFileSync } from 'node:fs';
import { ngctl } from '../../../../../agent/host/sim/cmd/ngctl.js';
import type { CmdContext, CmdResult } from '../../../../../agent/host/sim/cmd/types.js';
import type { SimState } from '../../../../../agent/host/sim/state.js';

/** Files visible to the run (path → text); anything else is ENOENT. */
export type Files = Record<string, string>;

function enoent(path: string): Error {
  return Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
}

/** A CmdContext over `state` (host vnet unless told) with pid `pid`. */
export function ctxFor(state: SimState, pid: number, files: Files = {}, stdin = '', where: { vnet?: number; jid?: number } = {}): CmdContext {
  return {
    state,
    vnet: where.vnet ?? 0,
    jid: where.jid ?? 0,
    pid,
    readStdin: async () => stdin,
    readFile: async (p) => {
      const t = files[p];
      if (t === undefined) throw enoent(p);
      return t;
    },
    cwd: '/',
    env: {},
    run: async () => ({ stdout: '', stderr: 'not supported in tests\n', code: 1 }),
  };
}

/** Runs `ngctl ARGV` once; pids count up from `state.nextPid` unless given. */
export async function ng(state: SimState, argv: string[], opts: { pid?: number; files?: Files; stdin?: string; vnet?: number; jid?: number } = {}): Promise<CmdResult> {
  const pid = opts.pid ?? state.nextPid++;
  return ngctl(['ngctl', ...argv], ctxFor(state, pid, opts.files, opts.stdin, opts));
}

/** A fixture's expected text: the file minus its `# source:` first line. */
export function fixture(rel: string): string {
  const text = readFileSync(new URL(`../../../../fixtures/${rel}`, import.meta.url), 'utf8');
  if (!text.startsWith('# source:')) throw new Error(`fixture ${rel} lacks its # source: line`);
  return text.slice(text.indexOf('\n') + 1);
}
