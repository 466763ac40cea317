// Emulated jail(8) with command-line parameters: -c, -m, -r, -cm, -rc, -R,
// -q, -v, -i. Printing follows jail.c: nothing on success for command-line
// jails, `NAME: removed` only for several or wildcard targets (or -v).
// jail.conf (-f, or -c/-r without parameters) is read by jail-conf.ts.
import { JailError, jailCreate, jailFind, jailModify, jailRemove, normalizeParam, type JailOutput, type JailParams, type JailRunner } from '../jails.js';
import { jailNameFrom, jailsBelow } from '../jail-tree.js';
import type { SimJail } from '../state.js';
import type { CmdContext, CmdResult, SimCommand } from './types.js';
import { confCommand } from './jail-conf.js';

const USAGE =
  'usage: jail [-dhilqv] [-J jid_file] [-u username] [-U username]\n' +
  '            -[cmr] param=value ... [command=command ...]\n' +
  '       jail [-dqv] [-f file] -[cmr] [jail]\n' +
  "       jail [-qv] [-f file] -[rR] ['*' | jail ...]\n" +
  '       jail [-dhilqv] [-J jid_file] [-u username] [-U username]\n' +
  '            [-n jailname] [-s securelevel]\n' +
  '            path hostname [ip[,...]] command ...\n' +
  '       jail [-f file] -e separator\n';

interface Opts {
  c: boolean;
  m: boolean;
  r: boolean;
  R: boolean;
  q: boolean;
  v: boolean;
  i: boolean;
  f: string | null;
}

/** getopt over jail's flags; returns the options and the index of the first operand, or an error result. */
function parseOpts(argv: string[]): { o: Opts; at: number } | CmdResult {
  const o: Opts = { c: false, m: false, r: false, R: false, q: false, v: false, i: false, f: null };
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    for (let k = 1; k < a.length; k++) {
      const c = a[k]!;
      if ('fJuUnspe'.includes(c)) {
        const val = a.slice(k + 1) || argv[++i];
        if (val === undefined) return { stdout: '', stderr: `jail: option requires an argument -- ${c}\n${USAGE}`, code: 1 };
        if (c === 'f') o.f = val;
        break;
      }
      if (!'cmrRqvidhl'.includes(c)) return { stdout: '', stderr: `jail: illegal option -- ${c}\n${USAGE}`, code: 1 };
      if (c in o) (o as unknown as Record<string, boolean>)[c] = true;
    }
  }
  return { o, at: i };
}

/** The in-process runner jail hooks use: ctx.run inside the jail, or where jail(8) runs (a parent jail too). */
function runner(ctx: CmdContext): JailRunner {
  return (argv, where, env, track) => ctx.run(argv, { vnet: where?.vnet ?? ctx.vnet, jid: where?.jid ?? ctx.jid, env, track });
}

/** Splits operands into parameters and the trailing `command=…` argv. */
function splitParams(ops: string[]): { params: JailParams; command: string[] | null } {
  const params: JailParams = [];
  for (let k = 0; k < ops.length; k++) {
    const p = normalizeParam(ops[k]!);
    if (p[0] === 'command') return { params, command: [p[1], ...ops.slice(k + 1)] };
    params.push(p);
  }
  return { params, command: null };
}

/** Removes the named jails (`*` = all); the note rule of jail.c's note_remove. */
async function remove(ctx: CmdContext, o: Opts, targets: string[], out: JailOutput): Promise<number> {
  const note = !o.q && (targets.length > 1 || targets.includes('*') || o.v);
  const list: (SimJail | string)[] = targets.includes('*')
    ? jailsBelow(ctx.state, ctx.jid)
    : targets.map((t) => jailFind(ctx.state, t, ctx.jid) ?? t);
  let code = 0;
  for (const j of list) {
    if (typeof j === 'string') {
      out.stderr += `jail: "${j}" not found\n`;
      code = 1;
      continue;
    }
    // A descendant removed with a jail earlier in the list is gone already.
    if (!ctx.state.jails.some((x) => x.jid === j.jid)) continue;
    const name = jailNameFrom(ctx.state, j, ctx.jid);
    try {
      await jailRemove(ctx.state, j, runner(ctx), out);
      if (note) out.stdout += `${name}: removed\n`;
    } catch (e) {
      if (!(e instanceof JailError)) throw e;
      out.stderr += `jail: ${name}: ${e.message}\n`;
      code = 1;
    }
  }
  return code;
}

/** -c / -m / -cm with command-line parameters. */
async function createOrModify(ctx: CmdContext, o: Opts, ops: string[], out: JailOutput): Promise<number> {
  const { params, command } = splitParams(ops);
  const nameOrJid = [...params].reverse().find(([k]) => k === 'name' || k === 'jid')?.[1];
  const existing = nameOrJid !== undefined ? jailFind(ctx.state, nameOrJid, ctx.jid) : undefined;
  if (existing && o.m) {
    jailModify(ctx.state, existing, params, ctx.jid);
    if (o.v) out.stdout += `${jailNameFrom(ctx.state, existing, ctx.jid)}: updated\n`;
    return 0;
  }
  if (!o.c) {
    out.stderr += `jail: "${nameOrJid ?? ''}" not found\n`;
    return 1;
  }
  if (existing) {
    out.stderr += `jail: "${nameOrJid}" already exists\n`;
    return 1;
  }
  const j = await jailCreate(ctx.state, params, command, runner(ctx), out, ctx.jid);
  if (o.i && j) out.stdout += `${j.jid}\n`;
  else if (o.v && !o.q && j) out.stdout += `${jailNameFrom(ctx.state, j, ctx.jid)}: created\n`;
  return 0;
}

/** Emulated jail(8). */
export const jail: SimCommand = async (argv, ctx) => {
  const p = parseOpts(argv);
  if ('code' in p) return p;
  const { o, at } = p;
  if (o.i) o.q = true;
  const ops = argv.slice(at);
  const out: JailOutput = { stdout: '', stderr: '' };
  if (!o.c && !o.m && !o.r && !o.R) return { stdout: '', stderr: USAGE, code: 1 };
  const cmdline = ops.length > 1 || (ops.length === 1 && ops[0]!.includes('='));
  if (o.f !== null || ((o.c || o.m) && !cmdline)) {
    const code = await confCommand(ctx, o, ops, runner(ctx), out);
    return { stdout: out.stdout, stderr: out.stderr, code };
  }
  let code = 0;
  try {
    if (o.R || (o.r && !o.c)) {
      if (ops.length === 0) return { stdout: '', stderr: USAGE, code: 1 };
      const targets = cmdline && ops.some((x) => x.includes('=')) ? [splitParams(ops).params.find(([k]) => k === 'name')?.[1] ?? ''] : ops;
      code = await remove(ctx, o, targets, out);
    } else {
      if (o.r) {
        // -rc: restart = remove the running jail, then create it from the parameters.
        const nm = splitParams(ops).params.find(([k]) => k === 'name')?.[1];
        const j = nm !== undefined ? jailFind(ctx.state, nm, ctx.jid) : undefined;
        if (j) await jailRemove(ctx.state, j, runner(ctx), out);
      }
      code = await createOrModify(ctx, o, ops, out);
    }
  } catch (e) {
    if (!(e instanceof JailError)) throw e;
    out.stderr += `jail: ${e.message}\n`;
    code = 1;
  }
  return { stdout: out.stdout, stderr: out.stderr, code };
};
