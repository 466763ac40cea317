// `ngstudio path FROM TO`: observe the host once and trace the layer 2 path
// between two endpoints (shared/path/trace.ts): one line per hop, then
// `reachable` or `NOT reachable: <reason>`. Exit 0 reachable, 1 not, 2 when
// an endpoint names nothing on the host.
import { describePorts, describeRef, shortName } from '../../shared/path/describe.js';
import { tracePath } from '../../shared/path/trace.js';
import type { PathTrace } from '../../shared/path/types.js';
import type { HostSnapshot } from '../../shared/model/snapshot.js';
import { parse, UsageError, type CliIO } from './args.js';
import { openHost } from './host.js';

/** The trace as lines: each hop (element, then where it is entered → left), the break and what lies past it marked. */
export function pathLines(t: PathTrace): string[] {
  const names = t.hops.map((h) => describeRef(h.at));
  const width = Math.max(0, ...names.map((n) => n.length));
  const lines = t.hops.map((h, i) => {
    const mark = t.breaks?.hop === i ? 'x ' : h.beyond ? '. ' : '  ';
    const ports = describePorts(h);
    const tail = [ports, h.note ? `(${h.note})` : ''].filter((s) => s !== '').join('  ');
    return `${mark}${tail === '' ? names[i] : `${(names[i] as string).padEnd(width)}  ${tail}`}`.trimEnd();
  });
  if (t.reachable) lines.push('reachable');
  else {
    const b = t.breaks;
    // The reason names its element nearly always; where it does not, say where.
    const where = b && !b.reason.includes(shortName(b.at)) && !b.reason.includes(describeRef(b.at)) ? ` (at ${describeRef(b.at)})` : '';
    lines.push(`NOT reachable: ${b?.reason ?? 'no path'}${where}`);
  }
  return lines;
}

/** Runs `ngstudio path`. */
export async function pathCmd(argv: string[], io: CliIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values: v, positionals } = parse(
    'path',
    argv,
    { json: { type: 'boolean' }, backend: { type: 'string' }, 'sim-state': { type: 'string' }, 'bin-dir': { type: 'string' }, demo: { type: 'boolean' } },
    true,
  );
  if (positionals.length !== 2) throw new UsageError(`path: expected FROM and TO (a jail, an interface or JAIL/IFNAME, a node NAME: or [ID]), got ${positionals.length} argument${positionals.length === 1 ? '' : 's'}`);
  const [from, to] = positionals as [string, string];
  const opened = await openHost('path', v, { tempFile: false, env });
  let s: HostSnapshot;
  try {
    for (const n of opened.notes) io.err(`ngstudio: ${n}`);
    s = await opened.backend.observe();
  } finally {
    await opened.cleanup();
  }
  const r = tracePath(s, from, to);
  if ('error' in r) throw new UsageError(`path: ${r.error}`);
  if (v.json) io.out(JSON.stringify({ reachable: r.reachable, from: r.from, to: r.to, hops: r.hops, ...(r.breaks ? { breaks: r.breaks } : {}) }, null, 2));
  else for (const line of pathLines(r)) io.out(line);
  return r.reachable ? 0 : 1;
}
