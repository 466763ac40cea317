// The emulated-command dispatcher: maps a command name to its SimCommand and
// builds the CmdContext (vnet/jid, pid, nesting through `run`). Programs that
// are not emulated are handed to an optional `external` runner (a real
// process spawn, provided by main.ts when a state file is shared).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import '../kernel.js';
import { jailFind, jailReap, jailVnet } from '../jails.js';
import type { SimState, VnetId } from '../state.js';
import { arp } from './arp.js';
import { ifconfig } from './ifconfig.js';
import { jail } from './jail.js';
import { jexec } from './jexec.js';
import { jls } from './jls.js';
import { kldload } from './kldload.js';
import { kldstat } from './kldstat.js';
import { netstat } from './netstat.js';
import { ngctl } from './ngctl.js';
import { ping } from './ping.js';
import { reboot } from './reboot.js';
import { route } from './route.js';
import { sysctl } from './sysctl.js';
import { commandDelay, commandFault, lineFault } from './faults.js';
import type { CmdContext, CmdResult, SimCommand } from './types.js';

/** Every emulated command by name. */
export const commands: Record<string, SimCommand> = { ngctl, ifconfig, jail, jls, jexec, kldload, kldstat, reboot, ping, arp, netstat, sysctl, route };

/** Runs a program that is not emulated; resolves null when it cannot be found (execvp ENOENT). */
export type ExternalRunner = (argv: string[], env: Record<string, string | undefined>, where: { vnet: VnetId; jid: number }, track?: boolean) => Promise<CmdResult | null>;

export interface RunOptions {
  /** Where to run; default: env NGSTUDIO_SIM_JAIL (a jid) or the host. */
  vnet?: VnetId;
  jid?: number;
  env?: Record<string, string | undefined>;
  cwd?: string;
  readStdin?: () => Promise<string>;
  external?: ExternalRunner;
  /** Run a real program in its own process group and report it (a jail's exec.start). */
  track?: boolean;
}

/** The emulated command an argv[0] names (`/sbin/ifconfig` → ifconfig), if any. */
export function emulatedName(argv0: string): string | null {
  const base = argv0.slice(argv0.lastIndexOf('/') + 1);
  return Object.hasOwn(commands, base) ? base : null;
}

/** Resolves where a command runs: explicit vnet/jid, else NGSTUDIO_SIM_JAIL, else the host. */
function placement(state: SimState, opts: RunOptions): { vnet: VnetId; jid: number } | string {
  if (opts.jid !== undefined) {
    if (opts.vnet !== undefined || opts.jid === 0) return { jid: opts.jid, vnet: opts.vnet ?? 0 };
    const j = state.jails.find((x) => x.jid === opts.jid);
    return { jid: opts.jid, vnet: j ? jailVnet(state, j) : 0 };
  }
  const env = opts.env?.NGSTUDIO_SIM_JAIL;
  if (env === undefined || env === '' || env === '0') return { vnet: 0, jid: 0 };
  const j = /^\d+$/.test(env) ? jailFind(state, env) : undefined;
  if (!j) return `NGSTUDIO_SIM_JAIL=${env}: no such jail on the emulated host (was it removed?)`;
  return { vnet: jailVnet(state, j), jid: j.jid };
}

const notFound = (name: string): CmdResult => ({ stdout: '', stderr: `execvp: ${name}: No such file or directory\n`, code: 127 });

/** Runs one emulated command line against `state` (mutated in place). */
export async function runCommand(state: SimState, argv: string[], opts: RunOptions = {}): Promise<CmdResult> {
  // Jails whose last tracked process ended are gone before anything looks (jails.ts).
  jailReap(state);
  const name = argv[0] === undefined ? null : emulatedName(argv[0]);
  const where = placement(state, opts);
  if (typeof where === 'string') return { stdout: '', stderr: `ngstudio: ${where}\n`, code: 1 };
  const env = { ...(opts.env ?? {}), NGSTUDIO_SIM_JAIL: where.jid === 0 ? undefined : String(where.jid) };
  if (name === null) {
    if (argv.length === 0) return { stdout: '', stderr: 'ngstudio sim: no command given\n', code: 2 };
    if (!opts.external) return { stdout: '', stderr: `${argv[0]}: not found\n`, code: 127 };
    return (await opts.external(argv, env, where, opts.track)) ?? notFound(argv[0]!);
  }
  // Injected failures (tests): a whole command, or a line of an ngctl script; or a slow command.
  const hold = commandDelay(state, argv);
  if (hold > 0) await new Promise((resolve) => setTimeout(resolve, hold));
  const failed = commandFault(state, argv);
  if (failed) return failed;
  const lf = name === 'ngctl' ? lineFault(state, argv) : null;
  const ctx: CmdContext = {
    state,
    vnet: where.vnet,
    jid: where.jid,
    pid: state.nextPid++,
    readStdin: opts.readStdin ?? (async () => ''),
    readFile: (p) => readFile(resolve(opts.cwd ?? process.cwd(), p), 'utf8'),
    cwd: opts.cwd ?? process.cwd(),
    env,
    run: (av, o) => runCommand(state, av, { ...opts, env: { ...env, ...(o?.env ?? {}) }, vnet: o?.vnet ?? where.vnet, jid: o?.jid ?? where.jid, track: o?.track === true }),
  };
  if (!lf) return commands[name]!(argv, ctx);
  const { readStdin, readFile: rf } = ctx;
  ctx.readStdin = async () => lf.cut(await readStdin());
  ctx.readFile = async (p) => lf.cut(await rf(p));
  return lf.finish(await commands[name]!(argv, ctx));
}
