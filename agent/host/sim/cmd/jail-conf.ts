// The emulated jail(8) reading a jail.conf (`jail [-f FILE] -c|-r|-rc [NAME|*]`,
// default file /etc/jail.conf): the file is parsed by shared/parse/jailconf
// (blocks, `*`, variables, `+=`, comments, `.include`), and each named jail is
// created or removed with its parameters through the same code as
// command-line jails, so exec.* hooks run by the rule of facts §5.1 (through
// `/bin/sh -c` only when the value holds a shell metacharacter). Config-file
// jails have a name, so jail(8) prints `NAME: created` / `NAME: removed` (§5.1).
import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { jailParams, parseJailConf, wildMatch, type JailConfJail } from '../../../../shared/parse/jailconf.js';
import { JailError, jailCreate, jailFind, jailRemove, type JailOutput, type JailParams, type JailRunner } from '../jails.js';
import type { CmdContext } from './types.js';

/** The flags of jail(8) this part needs. */
export interface ConfOpts {
  c: boolean;
  r: boolean;
  q: boolean;
  v: boolean;
  f: string | null;
}

/** A jail.conf record as jail(8) command-line parameters (lists comma-joined, exec.* one entry per command). */
export function confToParams(j: JailConfJail): JailParams {
  const out: JailParams = [];
  for (const [k, v] of Object.entries(jailParams(j))) {
    if (typeof v === 'boolean') out.push(k === 'vnet' ? ['vnet', v ? 'new' : 'inherit'] : [k, v ? 'true' : 'false']);
    else if (Array.isArray(v) && k.startsWith('exec.')) for (const x of v) out.push([k, x]);
    else out.push([k, Array.isArray(v) ? v.join(',') : v]);
  }
  return out;
}

/** `.include` globs: `*` and `?` in the last path component only (what jail.conf.d setups use). */
function includer(cwd: string): (pattern: string) => { path: string; text: string }[] {
  return (pattern) => {
    const full = resolve(cwd, pattern);
    const dir = dirname(full);
    const re = new RegExp(`^${basename(full).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    const names = /[*?]/.test(basename(full)) ? readdirSync(dir).filter((n) => re.test(n)).sort() : [basename(full)];
    return names.map((n) => ({ path: `${dir}/${n}`, text: readFileSync(`${dir}/${n}`, 'utf8') }));
  };
}

/** Reads and parses the config file; a jail(8)-style error line on failure. */
async function load(ctx: CmdContext, file: string): Promise<JailConfJail[] | string> {
  let text: string;
  try {
    text = await ctx.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return `jail: ${file}: ${code === 'ENOENT' ? 'No such file or directory' : code === 'EACCES' ? 'Permission denied' : (e as Error).message}\n`;
  }
  const p = parseJailConf(text, { include: includer(dirname(resolve(ctx.cwd, file))), file });
  if (!p.ok) return p.errors.map((e) => `jail: ${file} line ${e.line}: ${e.message}\n`).join('');
  return p.value.jails;
}

/** Runs `jail [-f FILE] -c|-r|-rc [NAME…|*]` against the config file. */
export async function confCommand(ctx: CmdContext, o: ConfOpts, targets: string[], run: JailRunner, out: JailOutput): Promise<number> {
  const file = o.f ?? '/etc/jail.conf';
  const jails = await load(ctx, file);
  if (typeof jails === 'string') {
    out.stderr += jails;
    return 1;
  }
  const want = targets.length === 0 ? ['*'] : targets;
  let code = 0;
  for (const t of want) {
    const picked = jails.filter((j) => j.name === t || wildMatch(j.name, t));
    if (picked.length === 0) {
      // A running jail that is not in the file can still be removed (jail -r NAME).
      if (o.r && !o.c && jailFind(ctx.state, t, ctx.jid)) picked.push({ name: t, params: [], line: 0 });
      else {
        out.stderr += `jail: "${t}" not found\n`;
        code = 1;
        continue;
      }
    }
    for (const j of picked) code = Math.max(code, await one(ctx, o, j, run, out));
  }
  return code;
}

async function one(ctx: CmdContext, o: ConfOpts, j: JailConfJail, run: JailRunner, out: JailOutput): Promise<number> {
  try {
    if (o.r) {
      const running = jailFind(ctx.state, j.name, ctx.jid);
      if (running) {
        await jailRemove(ctx.state, running, run, out);
        if (!o.q) out.stdout += `${j.name}: removed\n`;
      } else if (!o.c) throw new JailError(`"${j.name}" not found`);
    }
    if (o.c) {
      if (jailFind(ctx.state, j.name, ctx.jid)) throw new JailError(`"${j.name}" already exists`);
      const made = await jailCreate(ctx.state, confToParams(j), null, run, out, ctx.jid);
      if (made && !o.q) out.stdout += `${j.name}: created\n`;
    }
    return 0;
  } catch (e) {
    if (!(e instanceof JailError)) throw e;
    out.stderr += e.message.startsWith('"') ? `jail: ${e.message}\n` : `jail: ${j.name}: ${e.message}\n`;
    return 1;
  }
}
