// Helpers for replaying jail managers' netgraph commands against the
// emulated commands in memory: FreeBSD `cut -w` (GNU cut has no -w), and
// `ngctl list -l` read back into nodes and hooks, independent of the
// project's own parsers.

/**
 * FreeBSD cut -w -f N: runs of blanks separate fields; a line starting with
 * blanks has an empty field 1 (ngbuddy reads names with -f3 and types with
 * -f5 from `ngctl list` lines, which start with two spaces).
 */
export function cutW(line: string, field: number): string {
  return line.split(/[ \t]+/)[field - 1] ?? '';
}

/** One node of `ngctl list -l`: name (or `[id]`), type, hooks as `hook>peer:peerhook`, sorted. */
export interface ListedNode {
  name: string;
  type: string;
  hooks: string[];
}

/** Parses `ngctl list -l` (12.x back to back or 13+ with blank lines) into nodes keyed by name; sockets left out. */
export function parseListLong(text: string): Map<string, ListedNode> {
  const out = new Map<string, ListedNode>();
  let cur: ListedNode | null = null;
  const ids = new Map<string, string>();
  for (const line of text.split('\n')) {
    const head = /^  Name: (\S+)\s+Type: (\S+)\s+ID: ([0-9a-f]{8})\s+Num hooks: (\d+)$/.exec(line);
    if (head) {
      const name = head[1] === '<unnamed>' ? `[${Number.parseInt(head[3]!, 16).toString(16)}]` : head[1]!;
      cur = { name, type: head[2]!, hooks: [] };
      ids.set(head[3]!, name);
      if (cur.type !== 'socket') out.set(name, cur);
      continue;
    }
    const hook = /^  (\S+)\s+(\S+)\s+(\S+)\s+([0-9a-f]{8})\s+(\S+)\s+$/.exec(line);
    if (cur && hook && hook[1] !== 'Local' && hook[1] !== '----------') {
      const peer = hook[2] === '<unnamed>' ? `[${Number.parseInt(hook[4]!, 16).toString(16)}]` : hook[2]!;
      cur.hooks.push(`${hook[1]}>${hook[3] === 'socket' ? 'socket' : peer}:${hook[5]}`);
    }
  }
  for (const n of out.values()) n.hooks.sort();
  return out;
}

/** The graph as `name type hook>peer:peerhook …` lines, sorted: what the tests compare node for node. */
export function graphLines(text: string): string[] {
  return [...parseListLong(text).values()].map((n) => `${n.name} ${n.type} ${n.hooks.join(' ')}`.trimEnd()).sort();
}
