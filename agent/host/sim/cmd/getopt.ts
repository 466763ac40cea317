// getopt(3) as FreeBSD's libc does it, for the emulated commands that parse
// options this way (ping, arp, netstat): clustered flags, `x:` options with
// an argument (attached or next word), `x::` with an optional attached one,
// parsing stops at the first non-option or `--`; errors are libc's texts.

export interface GetoptResult {
  /** Options in order, with their argument (null when none). */
  opts: { opt: string; arg: string | null }[];
  /** The words after the options. */
  rest: string[];
  /** libc's warning for a bad option (`illegal option -- x`, `option requires an argument -- x`), if one stopped parsing. */
  error: string | null;
}

/** Parses argv[1..] against an optstring such as "c:i:qs:t:". */
export function getopt(argv: string[], optstring: string): GetoptResult {
  const opts: GetoptResult['opts'] = [];
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    for (let k = 1; k < a.length; k++) {
      const c = a[k] as string;
      const at = c === ':' ? -1 : optstring.indexOf(c);
      if (at === -1) return { opts, rest: argv.slice(i + 1), error: `illegal option -- ${c}` };
      const takes = optstring[at + 1] === ':';
      const optional = takes && optstring[at + 2] === ':';
      if (!takes) {
        opts.push({ opt: c, arg: null });
        continue;
      }
      const attached = a.slice(k + 1);
      if (attached !== '' || optional) {
        opts.push({ opt: c, arg: attached === '' ? null : attached });
        break;
      }
      const next = argv[i + 1];
      if (next === undefined) return { opts, rest: [], error: `option requires an argument -- ${c}` };
      opts.push({ opt: c, arg: next });
      i++;
      break;
    }
  }
  return { opts, rest: argv.slice(i), error: null };
}
