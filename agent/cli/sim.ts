// `ngstudio sim [--state FILE] [--release R] [--wire DIR] COMMAND ARGS…`: hands the command to the
// emulated host's process entry; `--bin-dir` prints the executables' folder;
// `devd` runs the emulated devd (sim-devd.ts).
import { simMain } from '../host/sim/cmd/main.js';
import { simBinDir } from '../host/sim/bin-dir.js';
import { releaseProblem } from '../host/sim/new-state.js';
import { UsageError } from './args.js';
import type { CliIO } from './args.js';

/**
 * Only options before COMMAND belong to `sim`; everything from COMMAND on is
 * the emulated command's own argv, passed through untouched (so
 * `ngstudio sim ngctl --state x` gives ngctl the `--state`).
 */
export function splitSimArgs(argv: string[]): { stateFile?: string; release?: string; wire?: string; binDir: boolean; command: string[] } {
  let stateFile: string | undefined;
  let release: string | undefined;
  let wire: string | undefined;
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--bin-dir') {
      if (argv.length !== 1) throw new UsageError('sim: --bin-dir takes no other arguments');
      return { binDir: true, command: [] };
    }
    if (a === '--state') {
      const f = argv[++i];
      if (f === undefined || f === '') throw new UsageError('sim: --state needs a FILE');
      stateFile = f;
    } else if (a.startsWith('--state=')) {
      stateFile = a.slice('--state='.length);
      if (stateFile === '') throw new UsageError('sim: --state needs a FILE');
    } else if (a === '--release' || a.startsWith('--release=')) {
      const r = a === '--release' ? argv[++i] : a.slice('--release='.length);
      if (r === undefined || r === '') throw new UsageError('sim: --release needs a RELEASE (e.g. 12.4-RELEASE)');
      const bad = releaseProblem(r);
      if (bad !== null) throw new UsageError(`sim: ${bad}`);
      release = r;
    } else if (a === '--wire' || a === '--sim-wire' || a.startsWith('--wire=') || a.startsWith('--sim-wire=')) {
      const d = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (d === undefined || d === '') throw new UsageError('sim: --wire needs a DIR (the folder the hosts on one wire share)');
      wire = d;
    } else if (a === '--') {
      i++;
      break;
    } else if (a.startsWith('-')) {
      throw new UsageError(`sim: unknown option '${a}' (the emulated command comes first: ngstudio sim [--state FILE] [--release R] [--wire DIR] COMMAND ARGS...)`);
    } else break;
  }
  const command = argv.slice(i);
  if (command.length === 0) throw new UsageError('sim: missing COMMAND (ngctl, ifconfig, jail, jls, jexec, kldload, kldstat, reboot, ping, arp, netstat, sysctl, route)');
  return { ...(stateFile === undefined ? {} : { stateFile }), ...(release === undefined ? {} : { release }), ...(wire === undefined ? {} : { wire }), binDir: false, command };
}

/** Runs `ngstudio sim …`; the exit code is the emulated command's. */
export async function sim(argv: string[], io: CliIO): Promise<number> {
  const a = splitSimArgs(argv);
  if (a.binDir) {
    io.out(simBinDir());
    return 0;
  }
  // The emulated devd is a daemon, not a command run under the state's lock.
  if (a.command[0] === 'devd') return (await import('./sim-devd.js')).simDevd(a.command.slice(1), a.stateFile, io);
  return simMain(a.command, { ...(a.stateFile === undefined ? {} : { stateFile: a.stateFile }), ...(a.release === undefined ? {} : { release: a.release }), ...(a.wire === undefined ? {} : { wire: a.wire }) });
}
