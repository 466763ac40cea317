// ng_pipe settings for the snapshot: every pipe's `msg [id]: getcfg` rides in
// the observe cycle's one `ngctl -f -` batch of per-node questions (batch.ts),
// so pipes cost no process of their own; the answers are read here.
import type { NgNode, PipeConfig } from '../../../shared/model/snapshot.js';
import { parseNgAscii } from '../../../shared/parse/ngctl-msg.js';
import { pipeConfigFromAscii } from '../../../shared/parse/pipe-cfg.js';
import { normalizeHexId } from '../../../shared/parse/result.js';

const GETCFG = /^Rec'd response "getcfg" \(\d+\) from "\[([0-9a-fA-F]+)\]:":\nArgs:\s+(.*)$/gm;

/**
 * Node ID → pipe configuration from the stdout of a batch holding
 * `msg [id]: getcfg` lines. ngctl names each answer's sender by ID, so
 * answers are matched by ID, not by position.
 */
export function parseGetcfgs(stdout: string): Map<string, PipeConfig> {
  const out = new Map<string, PipeConfig>();
  for (const m of stdout.matchAll(GETCFG)) {
    const v = parseNgAscii(m[2]!);
    const cfg = v.ok ? pipeConfigFromAscii(v.value) : null;
    if (cfg) out.set(normalizeHexId(m[1]!), cfg);
  }
  return out;
}

/** `nodes` with each pipe's configuration (new objects where one is added; `nodes` untouched). */
export function withPipes(nodes: NgNode[], pipes: Map<string, PipeConfig>): NgNode[] {
  if (pipes.size === 0) return nodes;
  return nodes.map((n) => {
    const cfg = pipes.get(n.id);
    return cfg ? { ...n, pipe: cfg } : n;
  });
}
