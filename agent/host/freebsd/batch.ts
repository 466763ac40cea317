// The per-node questions of an observe cycle in one `ngctl -f -` script:
// `getifname` of every node bound to an interface, `getcfg` of every ng_pipe
// (pipes.ts) and, with traffic on,
// `getstats N` of every connected ng_bridge link and `gettable` of every
// bridge. ngctl answers in script order, so answer k belongs to line k; a
// failing line (a node or link gone since list -l) stops the script, and the
// lines after it are asked again in a new script, a bounded number of times.
// An answer that does not belong to its line drops the traffic of that run
// rather than pinning counters on the wrong link.
import type { Counters, HostFacts, LearnedHost, NgNode, PipeConfig } from '../../../shared/model/snapshot.js';
import { parseNgctlMsg } from '../../../shared/parse/ngctl-msg.js';
import { bridgeStatsCounters, parseBridgeStats, parseBridgeTable } from '../../../shared/parse/ng-bridge.js';
import { normalizeHexId } from '../../../shared/parse/result.js';
import type { Exec } from './exec.js';
import { IFNET_NODE_TYPES } from './interfaces.js';
import { parseGetifnames, parseProblem } from './parse.js';
import { parseGetcfgs } from './pipes.js';

/** One question: the script line and what its answer fills. */
export type Question =
  | { kind: 'getifname'; node: string; line: string }
  | { kind: 'getcfg'; node: string; line: string }
  | { kind: 'getstats'; node: string; hook: string; line: string }
  | { kind: 'gettable'; node: string; line: string };

/** What the questions found out. */
export interface NodeAnswers {
  /** Node ID → interface name. */
  ifnames: Map<string, string>;
  /** `nodeId:hook` → counters of that bridge link. */
  hookCounters: Map<string, Counters>;
  /** Bridge node ID → learned hosts. */
  tables: Map<string, LearnedHost[]>;
  /** Pipe node ID → its configuration. */
  pipes: Map<string, PipeConfig>;
  /** Why some traffic is missing, in words (for the log). */
  notes: string[];
}

/** Scripts run again after a failing line, at most (a race with a change; the cycle is redone anyway). */
export const MAX_RERUNS = 2;

/**
 * ng_bridge's link number for a hook (the `getstats` argument): `linkN` → N;
 * on 13+ `uplinkN` → -N. Null for a name ng_bridge would not have accepted.
 */
export function bridgeLinkNumber(hook: string, rules: HostFacts['bridgeHooks']): number | null {
  const m = /^(up)?link(0|[1-9]\d*)$/.exec(hook);
  if (!m) return null;
  const n = Number(m[2]);
  if (!Number.isSafeInteger(n)) return null;
  if (m[1]) return rules === 'linkN-uplinkN' && n >= 1 && n <= 0x7fffffff ? -n : null;
  return rules === 'link0-31' ? (n < 32 ? n : null) : n <= 0xffffffff ? n : null;
}

/** The questions for these nodes: getifname and pipe getcfg always, bridge stats and tables with `traffic`. */
export function questionsFor(nodes: NgNode[], traffic: boolean, rules: HostFacts['bridgeHooks']): Question[] {
  const out: Question[] = [];
  for (const n of nodes) if (IFNET_NODE_TYPES.includes(n.type)) out.push({ kind: 'getifname', node: n.id, line: `msg [${n.id}]: getifname` });
  for (const n of nodes) if (n.type === 'pipe') out.push({ kind: 'getcfg', node: n.id, line: `msg [${n.id}]: getcfg` });
  if (!traffic) return out;
  for (const n of nodes) {
    if (n.type !== 'bridge') continue;
    for (const h of n.hooks) {
      const k = bridgeLinkNumber(h.hook, rules);
      if (k !== null) out.push({ kind: 'getstats', node: n.id, hook: h.hook, line: `msg [${n.id}]: getstats ${k}` });
    }
    out.push({ kind: 'gettable', node: n.id, line: `msg [${n.id}]: gettable` });
  }
  return out;
}

/** Splits ngctl's stdout into its answers (each starts with `Rec'd `). */
const answersOf = (stdout: string): string[] => stdout.split(/^(?=Rec'd )/m).filter((b) => b.startsWith("Rec'd "));

/** The 1-based script line ngctl stopped at, from its `line N: error in file` complaint; null when it did not say. */
function failedLine(stderr: string): number | null {
  const m = /ngctl: line (\d+): error in file/.exec(stderr);
  return m ? Number(m[1]) : null;
}

/** Files answer `a` under question `q`; a problem string when the answer is not the one asked for. */
function file(q: Question, a: string, out: NodeAnswers): string | null {
  if (q.kind === 'getifname' || q.kind === 'getcfg') return null; // matched by sender ID (parseGetifnames, parseGetcfgs), not by position
  const m = parseNgctlMsg(a);
  if (!m.ok) return parseProblem(`ngctl msg ${q.kind}`, m);
  const from = /^\[([0-9a-fA-F]+)\]:$/.exec(m.value.from);
  if (m.value.cmd !== q.kind || !from || normalizeHexId(from[1]!) !== q.node) {
    return `the answer to '${q.line}' came as "${m.value.cmd}" from "${m.value.from}"`;
  }
  const args = m.value.args ?? '{}';
  if (q.kind === 'getstats') {
    const s = parseBridgeStats(args);
    if (!s.ok) return parseProblem(q.line, s);
    out.hookCounters.set(`${q.node}:${q.hook}`, bridgeStatsCounters(s.value));
  } else {
    const t = parseBridgeTable(args);
    if (!t.ok) return parseProblem(q.line, t);
    out.tables.set(q.node, t.value);
  }
  return null;
}

/**
 * Asks every question in as few `ngctl -f -` runs as the host allows: one,
 * plus one more per line that failed, up to MAX_RERUNS. `sock()` names each
 * run's socket node.
 */
export async function askNodes(exec: Exec, sock: () => string, questions: Question[]): Promise<NodeAnswers> {
  const out: NodeAnswers = { ifnames: new Map(), hookCounters: new Map(), tables: new Map(), pipes: new Map(), notes: [] };
  let left = questions;
  for (let run = 0; left.length > 0; run++) {
    const argv = ['ngctl', '-n', sock(), '-f', '-'];
    const r = await exec.run(argv, { stdin: left.map((q) => `${q.line}\n`).join('') });
    for (const [id, name] of parseGetifnames(r.stdout)) out.ifnames.set(id, name);
    for (const [id, cfg] of parseGetcfgs(r.stdout)) out.pipes.set(id, cfg);
    const failed = r.code === 0 ? null : failedLine(r.stderr);
    if (r.code !== 0 && failed === null) {
      out.notes.push(`ngctl -f - failed without naming a line (${r.stderr.trim().split('\n')[0] ?? `exit ${r.code}`}); bridge counters and tables left out`);
      return dropTraffic(out);
    }
    const answered = failed === null ? left.length : failed - 1;
    const answers = answersOf(r.stdout);
    // Only the bridge answers are filed by position; the others must still be there to keep the count.
    if (answers.length !== answered) {
      out.notes.push(`ngctl answered ${answers.length} of ${answered} questions; bridge counters and tables left out`);
      return dropTraffic(out);
    }
    for (let k = 0; k < answered; k++) {
      const problem = file(left[k]!, answers[k]!, out);
      if (problem !== null) {
        out.notes.push(`${problem}; bridge counters and tables left out`);
        return dropTraffic(out);
      }
    }
    if (failed === null) break;
    // The failing line's link (ENOTCONN) or node (ENOENT: all its questions) is gone since list -l; the rest is asked again.
    const gone = left[failed - 1]!;
    const nodeGone = /No such file or directory/.test(r.stderr);
    left = left.slice(failed).filter((q) => !(nodeGone && q.node === gone.node));
    if (run >= MAX_RERUNS && left.length > 0) {
      out.notes.push(`ngctl stopped ${MAX_RERUNS + 1} times on nodes or links that went away; bridge counters and tables left out this cycle`);
      return dropTraffic(out);
    }
  }
  return out;
}

/** Keeps what the answers said about interfaces, forgets the traffic (never half of it, never misfiled). */
function dropTraffic(out: NodeAnswers): NodeAnswers {
  out.hookCounters.clear();
  out.tables.clear();
  return out;
}

/** `nodes` with the answers' counters on bridge hooks and tables on bridges (new objects; `nodes` untouched). */
export function withTraffic(nodes: NgNode[], a: NodeAnswers): NgNode[] {
  if (a.hookCounters.size === 0 && a.tables.size === 0) return nodes;
  return nodes.map((n) => {
    const table = a.tables.get(n.id);
    const hooks = n.hooks.map((h) => {
      const c = a.hookCounters.get(`${n.id}:${h.hook}`);
      return c ? { ...h, counters: c } : h;
    });
    return table ? { ...n, hooks, table } : { ...n, hooks };
  });
}
