// Conflicts between pending edits and live changes (pure): an object the user
// edited (differs from the host as it was when editing started) that the host
// has since changed too. Reported as refKeys, so the canvas can mark them.
import type { Design } from '../../../../shared/design/types.js';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** refKeys of nodes and jails edited in `design` that also changed between `start` and `live`. */
export function findConflicts(start: Design, live: Design, design: Design): Set<string> {
  const out = new Set<string>();
  const check = (kind: 'node' | 'jail', names: Set<string>, get: (d: Design, n: string) => unknown): void => {
    for (const n of names) {
      const was = get(start, n);
      if (!same(was, get(design, n)) && !same(was, get(live, n))) out.add(`${kind}:${n}`);
    }
  };
  const nodeNames = new Set([...start.nodes, ...live.nodes, ...design.nodes].map((n) => n.name));
  check('node', nodeNames, (d, n) => d.nodes.find((x) => x.name === n) ?? null);
  const jailNames = new Set([...start.jails, ...live.jails, ...design.jails].map((j) => j.name));
  check('jail', jailNames, (d, n) => d.jails.find((x) => x.name === n) ?? null);
  return out;
}
