// The shape of one emulated FreeBSD command (ngctl, ifconfig, jail, jls, jexec,
// kldload, kldstat, reboot, ping, arp, netstat). A command is a function of its argv and a context over the
// shared SimState; it returns exactly what FreeBSD would print and exit with.
import type { SimState, VnetId } from '../state.js';

export interface CmdContext {
  /** The whole emulated host; the command mutates it in place. */
  state: SimState;
  /** The vnet the command runs in: 0 on the host, a JID under `jexec` of a vnet jail. */
  vnet: VnetId;
  /** The JID the command runs in (0 = host); differs from `vnet` for non-vnet jails. */
  jid: number;
  /** This invocation's pid (ngctl names its socket node `ngctl<pid>`). */
  pid: number;
  /** Standard input, read lazily (ngctl -f -). */
  readStdin(): Promise<string>;
  /** Read a file from the real filesystem (ngctl -f FILE, jail -f FILE); throws an errno-coded Error. */
  readFile(path: string): Promise<string>;
  /** Working directory for relative paths. */
  cwd: string;
  /** Environment of the invocation (jexec and exec.* pass it on). */
  env: Record<string, string | undefined>;
  /** Run another command line in the same process model (jexec, jail exec.* hooks). */
  run(argv: string[], opts?: { vnet?: VnetId; jid?: number; env?: Record<string, string>; track?: boolean }): Promise<CmdResult>;
}

export interface CmdResult {
  stdout: string;
  stderr: string;
  /** The exit status FreeBSD's command would return (0, 1, 64, 66, 71 …). */
  code: number;
  /** A real program run with `track` (a jail's exec.start): its process group, which may outlive it. */
  pgid?: number;
}

/** argv[0] is the command name as invoked (`ngctl`, `/sbin/ifconfig`), as in C's main(). */
export type SimCommand = (argv: string[], ctx: CmdContext) => CmdResult | Promise<CmdResult>;
