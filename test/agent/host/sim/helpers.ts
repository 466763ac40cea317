// Test helpers for the emulated commands: run a command line (a string split
// on spaces, or an argv) against an in-memory emulated host.
import { runCommand } from '../../../../agent/host/sim/cmd/index.js';
import type { CmdResult } from '../../../../agent/host/sim/cmd/types.js';
import { newState, type NewStateOptions } from '../../../../agent/host/sim/new-state.js';
import type { SimState } from '../../../../agent/host/sim/state.js';

/** A host plus a `sh`-like runner: `await h.sh('ifconfig epair create')`. */
export function host(opts?: NewStateOptions): { state: SimState; sh: (cmd: string | string[], jid?: number) => Promise<CmdResult>; ok: (cmd: string | string[]) => Promise<string> } {
  const state = newState(opts);
  const sh = (cmd: string | string[], jid?: number): Promise<CmdResult> =>
    runCommand(state, typeof cmd === 'string' ? cmd.split(' ') : cmd, { env: {}, ...(jid === undefined ? {} : { jid }) });
  const ok = async (cmd: string | string[]): Promise<string> => {
    const r = await sh(cmd);
    if (r.code !== 0) throw new Error(`'${String(cmd)}' failed (${r.code}): ${r.stderr}`);
    return r.stdout;
  };
  return { state, sh, ok };
}
