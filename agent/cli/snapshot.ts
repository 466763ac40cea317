// `ngstudio snapshot`: observe the host once and print it as JSON (the
// HostSnapshot) or as Graphviz dot (the same shape `ngctl dot` prints).
import { formatDot } from '../../shared/ngctl/format.js';
import { designFromSnapshot } from '../../shared/design/from-snapshot.js';
import type { HostSnapshot } from '../../shared/model/snapshot.js';
import { choice, parse } from './args.js';
import { openHost } from './host.js';
import type { CliIO } from './args.js';

/** The host's netgraph as `ngctl dot` would print it. */
export function snapshotDot(s: HostSnapshot): string {
  return formatDot(s.netgraph.nodes);
}

/** Runs `ngstudio snapshot`. */
export async function snapshot(argv: string[], io: CliIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values: v } = parse('snapshot', argv, {
    format: { type: 'string' },
    backend: { type: 'string' },
    'sim-state': { type: 'string' },
    'bin-dir': { type: 'string' },
    demo: { type: 'boolean' },
    'no-counters': { type: 'boolean' },
  });
  const format = choice('snapshot', 'format', v.format, ['json', 'dot', 'design'] as const, 'json');
  const opened = await openHost('snapshot', v, { tempFile: false, env, onNote: (n) => io.err(`ngstudio: note: ${n}`) });
  try {
    for (const n of opened.notes) io.err(`ngstudio: ${n}`);
    // One observation is the first of a loop: version 1.
    const s: HostSnapshot = { ...(await opened.backend.observe()), version: 1 };
    if (format === 'design') io.out(JSON.stringify(designFromSnapshot(s), null, 2));
    else io.out(format === 'json' ? JSON.stringify(s, null, 2) : snapshotDot(s).replace(/\n$/, ''));
    return 0;
  } finally {
    await opened.cleanup();
  }
}
