// Helpers for the tests of several emulated hosts on a shared wire: hosts
// are state files in a temporary folder, each command runs through runSim
// (the process entry's own path: the state file's lock, the wire joined
// and registered) in this process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSim } from '../../../../../agent/host/sim/cmd/main.js';
import type { CmdResult } from '../../../../../agent/host/sim/cmd/types.js';
import { loadState } from '../../../../../agent/host/sim/store.js';
import type { SimState } from '../../../../../agent/host/sim/state.js';

export interface WireHost {
  file: string;
  sh(cmd: string | string[], stdin?: string): Promise<CmdResult>;
  ok(cmd: string | string[], stdin?: string): Promise<string>;
  state(): Promise<SimState>;
}

/** A temporary folder for state files and wires; `done()` removes it. */
export function scratch(): { dir: string; host(name: string, wire: string | null): WireHost; done(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ngstudio-wire-'));
  return {
    dir,
    host(name, wire) {
      const file = join(dir, `${name}.json`);
      const sh = (cmd: string | string[], stdin?: string): Promise<CmdResult> =>
        runSim(file, typeof cmd === 'string' ? cmd.split(' ') : cmd, { env: {}, cwd: dir, readStdin: async () => stdin ?? '', ...(wire === null ? {} : { wire: join(dir, wire) }) });
      return {
        file,
        sh,
        async ok(cmd, stdin) {
          const r = await sh(cmd, stdin);
          if (r.code !== 0) throw new Error(`${name}: '${String(cmd)}' failed (${r.code}): ${r.stderr}`);
          return r.stdout;
        },
        state: async () => (await loadState(file)) as SimState,
      };
    },
    done: () => rmSync(dir, { recursive: true, force: true }),
  };
}
