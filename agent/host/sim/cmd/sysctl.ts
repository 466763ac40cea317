// Emulated sysctl(8) (sbin/sysctl/sysctl.c), as far as the emulated kernel
// has OIDs: net.inet.ip.forwarding and net.inet6.ip6.forwarding, read and
// set per vnet (`name: old -> new`), with -n, -e, -q, -i and the ignored -w.
// Any other OID is refused as not emulated rather than called unknown: the
// real tree has thousands. Exit status: the number of names that failed.
import { SYSCTL_INTS, ownsVnet, sysctlGet, sysctlSet } from '../net/inet-conf.js';
import { getopt } from './getopt.js';
import type { CmdResult, SimCommand } from './types.js';

/** usage() of the 13.x/14.x sysctl.c (with -t); 12.x's lacks -t, which the emulation does not distinguish. */
const USAGE =
  'usage: sysctl [-bdehiNnoqTtWx] [ -B <bufsize> ] [-f filename] name[=value] ...\n' +
  '       sysctl [-bdehNnoqTtWx] [ -B <bufsize> ] -a\n';

/** Options sysctl.c has that the emulation does not (they list, describe or format the whole tree). */
const NOT_EMULATED = new Set(['A', 'a', 'b', 'B', 'd', 'f', 'h', 'N', 'o', 't', 'T', 'W', 'x', 'X']);

/** strtol(s, &end, 0) over the whole string, as parse_numeric accepts it; null when invalid. */
function strtol0(s: string): number | null {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return null;
  const body = m[2] as string;
  const v = body.length > 1 && body[0] === '0' && /[xX]/.test(body[1] as string) ? Number.parseInt(body.slice(2), 16) : body.length > 1 && body[0] === '0' ? Number.parseInt(body.slice(1), 8) : Number(body);
  const n = m[1] === '-' ? -v : v;
  // (int)strtol: a long outside int's range is truncated to 32 bits.
  return n | 0;
}

/** Emulated sysctl(8). */
export const sysctl: SimCommand = (argv, ctx): CmdResult => {
  const g = getopt(argv, 'AabB:def:hiNnoqtTwWxX');
  if (g.error !== null) return { stdout: '', stderr: `sysctl: ${g.error}\n${USAGE}`, code: 1 };
  const flags = new Set(g.opts.map((o) => o.opt));
  const odd = g.opts.find((o) => NOT_EMULATED.has(o.opt));
  if (odd) return { stdout: '', stderr: `ngstudio sim: sysctl -${odd.opt} is not emulated (the emulated host reads and sets single OIDs: sysctl [-einqw] name[=value] ...)\n`, code: 2 };
  if (g.rest.length === 0) return { stdout: '', stderr: USAGE, code: 1 };
  const nflag = flags.has('n');
  const sep = flags.has('e') ? '=' : ': ';
  let stdout = '';
  let stderr = '';
  let failed = 0;
  for (const arg of g.rest) {
    // strsep(&cp, "=:"): the name ends at the first '=' or ':'; blanks around are trimmed, a pair of quotes stripped.
    const cut = arg.search(/[=:]/);
    const name = (cut === -1 ? arg : arg.slice(0, cut)).replace(/\s+$/, '');
    let value: string | null = cut === -1 ? null : arg.slice(cut + 1).replace(/^\s+/, '');
    if (value !== null && (value[0] === '"' || value[0] === "'")) value = value.slice(1, value.endsWith(value[0]) && value.length > 1 ? -1 : undefined);
    if (!SYSCTL_INTS.includes(name)) {
      if (flags.has('i')) continue;
      return { stdout, stderr: `${stderr}ngstudio sim: sysctl ${name} is not emulated (the emulated host has ${SYSCTL_INTS.join(' and ')})\n`, code: 2 };
    }
    const shown = (v: number): string => (nflag ? `${v}` : `${name}${sep}${v}`);
    const old = sysctlGet(ctx.state, ctx.vnet, name);
    if (value === null) {
      stdout += `${shown(old)}\n`;
      continue;
    }
    if (value === '') {
      stderr += 'sysctl: empty numeric value\n';
      failed++;
      continue;
    }
    // Values separated by blanks or commas make an array (parse_numeric for each).
    const words = value.split(/[ ,]/).filter((w) => w !== '');
    const bad = words.find((w) => strtol0(w) === null);
    if (bad !== undefined) {
      stderr += `sysctl: invalid integer '${bad}'\n`;
      failed++;
      continue;
    }
    if (words.length !== 1) return { stdout, stderr: `${stderr}ngstudio sim: sysctl: an array of values for ${name} is not emulated\n`, code: 2 };
    stdout += shown(old);
    if (!ownsVnet(ctx)) {
      // show_var printed the old value; the write failed: a newline, then warn().
      stdout += '\n';
      stderr += `sysctl: ${arg}: Operation not permitted\n`;
      failed++;
      continue;
    }
    const v = strtol0(words[0] as string) as number;
    sysctlSet(ctx.state, ctx.vnet, name, v);
    stdout += ` -> ${v}\n`;
  }
  return { stdout, stderr, code: failed };
};
