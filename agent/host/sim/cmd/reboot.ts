// Emulated reboot(8): `reboot [-cdlNnq]` reboots the emulated host (see
// ../reboot.ts) and prints nothing, as the session it ran in ends. Options
// that write /boot/nextboot.conf or do something other than a reboot
// (-D -e -k -o, -p power off, -r reroot) are refused as not emulated.
// Inside a jail, reboot(8) cannot see init (pid 1): `SIGTSTP init` fails with
// ESRCH; with -q the reboot(2) call itself is refused (EPERM).
import { reboot as rebootHost } from '../reboot.js';
import type { CmdResult, SimCommand } from './types.js';

const USAGE = 'usage: reboot [-cdlNnpqr] [-k kernel]\n';
/** reboot.c's GETOPT_REBOOT, and the options the emulator carries out. */
const KNOWN = 'cDde:k:lNno:pqr';
const DONE = new Set(['c', 'd', 'l', 'N', 'n', 'q']);

const fail = (stderr: string): CmdResult => ({ stdout: '', stderr, code: 1 });

/** Emulated reboot(8). */
export const reboot: SimCommand = (argv, ctx): CmdResult => {
  const flags = new Set<string>();
  let i = 1;
  for (; i < argv.length && argv[i]!.startsWith('-') && argv[i] !== '-'; i++) {
    if (argv[i] === '--') {
      i++;
      break;
    }
    const a = argv[i]!;
    for (let k = 1; k < a.length; k++) {
      const c = a[k]!;
      const at = KNOWN.indexOf(c);
      if (at < 0 || c === ':') return fail(`reboot: illegal option -- ${c}\n${USAGE}`);
      if (KNOWN[at + 1] === ':') {
        if (k + 1 === a.length && argv[i + 1] === undefined) return fail(`reboot: option requires an argument -- ${c}\n${USAGE}`);
        if (k + 1 === a.length) i++;
        flags.add(c);
        break;
      }
      flags.add(c);
    }
  }
  if (i < argv.length) return fail(USAGE);
  const odd = [...flags].filter((f) => !DONE.has(f));
  if (odd.length > 0) return { stdout: '', stderr: `ngstudio sim: reboot -${odd[0]} is not emulated (the emulated host only reboots: reboot [-cdlNnq])\n`, code: 2 };
  if (flags.has('N') && flags.has('n')) return fail('reboot: -N cannot be used with -n\n');
  if (ctx.jid !== 0) return fail(flags.has('q') ? 'reboot: Operation not permitted\n' : 'reboot: SIGTSTP init: No such process\n');
  rebootHost(ctx.state);
  return { stdout: '', stderr: '', code: 0 };
};
