// The emulated ngctl(8) as a SimCommand: options (-d, -f, -n, and -j on 15.x),
// the run's own socket node, one command from argv or a script, and ngctl's
// exit codes (0 ok/quit, 64 usage, 66 -f file, 68 -j jail, 71 netgraph error).
import { strerror } from '../errno.js';
import { jailFind, jailVnet } from '../jails.js';
import { checkNetgraphAllowed, closeSocket, openSocket } from '../netgraph.js';
import { releaseMajor, type SimNode, type VnetId } from '../state.js';
import { Session } from './ngctl/session.js';
import type { Rtn } from './ngctl/table.js';
import type { CmdContext, CmdResult, SimCommand } from './types.js';

const EXIT: Record<Rtn, number> = { OK: 0, QUIT: 0, USAGE: 64, ERROR: 71 };

interface Opts {
  debug: number;
  name: string | null;
  file: string | null;
  jail: string | null;
  rest: string[];
}

class Exit extends Error {
  constructor(readonly result: CmdResult) {
    super('exit');
  }
}

const fail = (code: number, stderr: string, stdout = ''): Exit => new Exit({ stdout, stderr, code });

function usageLine(major: number): string {
  return major >= 15
    ? 'ngctl: usage: ngctl [-j jail] [-d] [-f filename] [-n nodename] [command [argument ...]]\n'
    : 'ngctl: usage: ngctl [-d] [-f file] [-n name] [command ...]\n';
}

/** getopt(argv, "df:n:" [+ "j:" on 15.x]); stops at the first non-option. */
function parseOpts(argv: string[], major: number): Opts {
  const o: Opts = { debug: 0, name: null, file: null, jail: null, rest: [] };
  const withArg = major >= 15 ? 'fnj' : 'fn';
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') { i++; break; }
    if (!a.startsWith('-') || a === '-') break;
    for (let k = 1; k < a.length; k++) {
      const ch = a[k] as string;
      if (ch === 'd') { o.debug++; continue; }
      if (!withArg.includes(ch)) throw fail(64, `ngctl: illegal option -- ${ch}\n${usageLine(major)}`);
      const val = k + 1 < a.length ? a.slice(k + 1) : argv[++i];
      if (val === undefined) throw fail(64, `ngctl: option requires an argument -- ${ch}\n${usageLine(major)}`);
      if (ch === 'f') o.file = val;
      else if (ch === 'n') o.name = val;
      else o.jail = val;
      break;
    }
  }
  o.rest = argv.slice(i);
  return o;
}

/** The script text of -f (stdin for "-"): a missing file exits 66 before anything else happens. */
async function readScriptFile(ctx: CmdContext, file: string | null): Promise<string | null> {
  if (file === null) return null;
  try {
    return file === '-' ? await ctx.readStdin() : await ctx.readFile(file);
  } catch (e) {
    throw fail(66, `ngctl: ${file}: ${strerror(e)}\n`);
  }
}

/** -j: attach to a jail (by name or JID) before creating the socket node. */
function attach(ctx: CmdContext, jail: string | null): { vnet: VnetId; jid: number } {
  if (jail === null) return { vnet: ctx.vnet, jid: ctx.jid };
  if (jail === '') throw fail(64, usageLine(releaseMajor(ctx.state)));
  const j = jailFind(ctx.state, jail, ctx.jid);
  if (j === undefined) throw fail(68, `ngctl: jail "${jail}" not found\n`);
  return { vnet: jailVnet(ctx.state, j), jid: j.jid };
}

async function run(argv: string[], ctx: CmdContext): Promise<CmdResult> {
  const major = releaseMajor(ctx.state);
  const o = parseOpts(argv, major);
  const script = await readScriptFile(ctx, o.file);
  const where = attach(ctx, o.jail);
  let sock: SimNode;
  try {
    checkNetgraphAllowed(where.jid, where.vnet);
    sock = openSocket(ctx.state, where.vnet, o.name ?? `ngctl${ctx.pid}`, ctx.pid);
  } catch (e) {
    throw fail(71, `ngctl: can't create node: ${strerror(e)}\n`);
  }
  const s = new Session(ctx, ctx.state, where.vnet, sock);
  s.debug = o.debug;
  let rtn: Rtn;
  try {
    if (o.rest.length > 0) rtn = await s.doCommand(o.rest);
    else if (script !== null) rtn = await s.readScript(script);
    else {
      // stdin/stdout are never ttys here, so no interactive mode.
      s.warn('no command specified');
      closeSocket(ctx.state, where.vnet, sock);
      return { stdout: s.stdout, stderr: s.stderr + usageLine(major), code: 64 };
    }
  } finally {
    closeSocket(ctx.state, where.vnet, sock);
  }
  return { stdout: s.stdout, stderr: s.stderr, code: EXIT[rtn] };
}

/** `ngctl [-d] [-f file] [-n name] [command ...]` against the emulated host. */
export const ngctl: SimCommand = async (argv, ctx) => {
  try {
    return await run(argv.slice(1), ctx); // argv[0] is "ngctl"
  } catch (e) {
    if (e instanceof Exit) return e.result;
    // An emulator bug must still look like a failed command, not a crash.
    return { stdout: '', stderr: `ngctl: ${e instanceof Error ? e.message : String(e)}\n`, code: 71 };
  }
};
