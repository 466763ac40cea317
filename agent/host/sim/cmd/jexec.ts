// Emulated jexec(8): `jexec [-l] [-u user | -U user] [-d dir] jail [command …]`.
// An emulated command runs in process in the jail's vnet; anything else is
// spawned for real by ctx.run with the jail in its environment.
import { jailFind, jailVnet } from '../jails.js';
import type { CmdResult, SimCommand } from './types.js';

const USAGE = 'usage: jexec [-l] [-d working-directory] [-u username | -U username] jail [command ...]\n';

/** Emulated jexec(8). */
export const jexec: SimCommand = async (argv, ctx): Promise<CmdResult> => {
  let i = 1;
  for (; i < argv.length && argv[i]!.startsWith('-') && argv[i] !== '-'; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      break;
    }
    for (let k = 1; k < a.length; k++) {
      const c = a[k]!;
      if ('uUd'.includes(c)) {
        if (!a.slice(k + 1) && argv[++i] === undefined) return { stdout: '', stderr: `jexec: option requires an argument -- ${c}\n${USAGE}`, code: 1 };
        break;
      }
      if (c !== 'l' && c !== 'n') return { stdout: '', stderr: `jexec: illegal option -- ${c}\n${USAGE}`, code: 1 };
    }
  }
  const key = argv[i];
  if (key === undefined) return { stdout: '', stderr: USAGE, code: 1 };
  // Inside a jail, only the jails below it can be entered (by JID or relative name).
  const j = jailFind(ctx.state, key, ctx.jid);
  if (!j) return { stdout: '', stderr: `jexec: ${/^\d+$/.test(key) ? `jail ${key}` : `jail "${key}"`} not found\n`, code: 1 };
  const cmd = argv.slice(i + 1);
  const run = cmd.length > 0 ? cmd : [ctx.env.SHELL ?? '/bin/sh', '-i'];
  const r = await ctx.run(run, { vnet: jailVnet(ctx.state, j), jid: j.jid });
  // execvp failure: jexec reports it itself and exits 1.
  if (r.code === 127 && r.stderr.startsWith('execvp: ')) return { stdout: r.stdout, stderr: `jexec: ${r.stderr}`, code: 1 };
  return r;
};
