// Parser for `ngctl dot` output (facts.md §1.4, dot.c format strings). Real output is
// TAB-indented; space-indented copies and `<unnamed>` without backslashes are accepted too.
import { Issues, guarded, normalizeHexId, skipPreamble, splitLines } from './result.js';
import type { Line, Parsed } from './result.js';

/** A node of the dot graph (the record section). */
export interface NgctlDotNode {
  id: string;
  name: string | null;
  type: string;
}

/** One end of a link: node ID and the hook on that node. */
export interface NgctlDotEnd {
  id: string;
  hook: string;
}

/** A link, printed once, from the node with the higher ID (`a`) to its peer (`b`). */
export interface NgctlDotEdge {
  a: NgctlDotEnd;
  b: NgctlDotEnd;
}

/** Everything `ngctl dot` tells: nodes, each node's hooks in listing order, the disconnected set, links. */
export interface NgctlDot {
  nodes: NgctlDotNode[];
  /** Hook names per node ID, in the order the octagon sections list them. */
  hooks: Record<string, string[]>;
  /** IDs listed in `subgraph cluster_disconnected` (nodes with no hooks). */
  disconnected: string[];
  edges: NgctlDotEdge[];
}

type Section = 'top' | 'records' | 'disconnected' | 'hooks' | 'bold' | 'done';

const Q = '"([^"]*)"';
const RECORD = new RegExp(`^"([0-9a-fA-F]+)" \\[ label = "\\{(.*):\\|\\{([^|]*)\\|\\[([0-9a-fA-F]+)\\]:\\}\\}" \\];$`);
const HOOK_NODE = new RegExp(`^"([0-9a-fA-F]+)\\.(.+)" \\[ label = ${Q} \\];$`);
const BOLD_EDGE = /^"([0-9a-fA-F]+)" -- "([0-9a-fA-F]+)\.(.+)";$/;
const LINK = /^"([0-9a-fA-F]+)\.([^"]+)" -- "([0-9a-fA-F]+)\.([^"]+)";$/;
const LONE_ID = /^"([0-9a-fA-F]+)";$/;

/** Canonical spacing: runs of blanks become one space, so hand-indented copies parse like the real thing. */
function canon(line: Line): string {
  return line.text.trim().replace(/\s+/g, ' ');
}

function unnamed(name: string): string | null {
  return name === '\\<unnamed\\>' || name === '<unnamed>' ? null : name;
}

/** Parses `ngctl dot`. A truncated graph yields what was read plus an error naming the missing end. */
export function parseNgctlDot(text: string): Parsed<NgctlDot> {
  return guarded(text, (t) => {
    const issues = new Issues();
    const lines = skipPreamble(splitLines(t), issues);
    const dot: NgctlDot = { nodes: [], hooks: {}, disconnected: [], edges: [] };
    if (lines.length === 0 || canon(lines[0]!) !== 'graph netgraph {') {
      issues.error(lines[0] ?? 1, "expected 'graph netgraph {' (ngctl dot output)");
      return issues.result(dot);
    }
    let section: Section = 'top';
    for (const line of lines.slice(1)) {
      const s = canon(line);
      if (s === '') continue;
      section = step(section, s, line, dot, issues);
    }
    if (section !== 'done') {
      const last = lines[lines.length - 1]!;
      issues.error(last.no + 1, "truncated: the graph's closing '};' is missing");
    }
    checkEdges(dot, issues, lines[0]!);
    return issues.result(dot);
  });
}

/** Handles one line in the current section; returns the section that follows. */
function step(section: Section, s: string, line: Line, dot: NgctlDot, issues: Issues): Section {
  switch (section) {
    case 'top': return topLine(s, line, dot, issues);
    case 'records': return s === '};' ? 'top' : (record(s, line, dot, issues), section);
    case 'disconnected': return s === '};' ? 'top' : (loneId(s, line, dot, issues), section);
    case 'hooks': return s === '};' ? 'top' : (hookNode(s, line, dot, issues), section);
    case 'bold': return s === '};' ? 'top' : (boldEdge(s, line, issues), section);
    case 'done':
      issues.error(line, "text after the graph's closing '};'");
      return section;
  }
}

function topLine(s: string, line: Line, dot: NgctlDot, issues: Issues): Section {
  if (s === 'edge [ weight = 1.0 ];') return 'top';
  if (s === 'node [ shape = record, fontsize = 12 ] {') return 'records';
  if (s === 'subgraph cluster_disconnected {') return 'disconnected';
  if (s === 'node [ shape = octagon, fontsize = 10 ] {') return 'hooks';
  if (s === '{') return 'bold';
  if (s === '};') return 'done';
  const m = LINK.exec(s);
  if (m) dot.edges.push({ a: { id: normalizeHexId(m[1]!), hook: m[2]! }, b: { id: normalizeHexId(m[3]!), hook: m[4]! } });
  else issues.error(line, 'not a line of ngctl dot output');
  return 'top';
}

function record(s: string, line: Line, dot: NgctlDot, issues: Issues): void {
  const m = RECORD.exec(s);
  if (!m) return issues.error(line, 'expected a node record \'"ID" [ label = "{NAME:|{TYPE|[ID]:}}" ];\'');
  const id = normalizeHexId(m[1]!);
  if (normalizeHexId(m[4]!) !== id) return issues.error(line, `node record "${m[1]}" shows a different ID [${m[4]}]`);
  dot.nodes.push({ id, name: unnamed(m[2]!), type: m[3]! });
}

function loneId(s: string, line: Line, dot: NgctlDot, issues: Issues): void {
  if (s === 'bgcolor = pink;') return;
  const m = LONE_ID.exec(s);
  if (m) dot.disconnected.push(normalizeHexId(m[1]!));
  else issues.error(line, 'expected a node ID \'"ID";\' in cluster_disconnected');
}

function hookNode(s: string, line: Line, dot: NgctlDot, issues: Issues): void {
  const m = HOOK_NODE.exec(s);
  if (!m) return issues.error(line, 'expected a hook node \'"ID.HOOK" [ label = "HOOK" ];\'');
  const id = normalizeHexId(m[1]!);
  if (m[2] !== m[3]) issues.warn(line, `hook node "${m[1]}.${m[2]}" is labelled "${m[3]}"`);
  (dot.hooks[id] ??= []).push(m[2]!);
}

function boldEdge(s: string, line: Line, issues: Issues): void {
  if (s === 'edge [ weight = 2.0, style = bold ];') return;
  const m = BOLD_EDGE.exec(s);
  if (!m) return issues.error(line, 'expected a node-to-hook edge \'"ID" -- "ID.HOOK";\'');
  if (m[1] !== m[2]) issues.warn(line, `node "${m[1]}" is tied to a hook of node "${m[2]}"`);
}

/** Every link end must be a listed hook of a listed node; complete output always satisfies this. */
function checkEdges(dot: NgctlDot, issues: Issues, at: Line): void {
  const ids = new Set(dot.nodes.map((n) => n.id));
  for (const e of dot.edges) {
    for (const end of [e.a, e.b]) {
      if (!ids.has(end.id)) issues.warn(at, `link ${e.a.id}.${e.a.hook} -- ${e.b.id}.${e.b.hook} names unknown node ${end.id}`);
      else if (!(dot.hooks[end.id] ?? []).includes(end.hook)) issues.warn(at, `link end ${end.id}.${end.hook} is not a listed hook`);
    }
  }
}
