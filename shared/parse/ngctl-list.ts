// Parsers for `ngctl list [-n]`, `ngctl show [-n] PATH`, `ngctl list -l` and `ngctl types`
// (formats: facts.md §1.4 printf strings; columns are padding, so parse by whitespace, §8.1).
import { Issues, guarded, normalizeHexId, skipPreamble, splitLines } from './result.js';
import type { Line, Parsed } from './result.js';

/** One row of `ngctl list`. `id` is lowercase unpadded hex; `name` null for `<unnamed>`. */
export interface NgctlListNode {
  name: string | null;
  type: string;
  id: string;
  numHooks: number;
}

/** `ngctl list` / `list -n` output. `total` is the header's count, which is not checked against the rows. */
export interface NgctlList {
  total: number;
  named: boolean;
  nodes: NgctlListNode[];
}

/** One row of a `show` hook table. */
export interface NgctlShowHook {
  hook: string;
  peerName: string | null;
  peerType: string;
  peerId: string;
  peerHook: string;
}

/** One `show` block. `hooks` is null when the node has hooks but no table was printed (`show -n`). */
export interface NgctlShowNode extends NgctlListNode {
  hooks: NgctlShowHook[] | null;
}

/** `ngctl list -l` output: the header plus one show block per node. */
export interface NgctlListL {
  total: number;
  named: boolean;
  nodes: NgctlShowNode[];
}

/** One row of `ngctl types`. */
export interface NgctlType {
  name: string;
  count: number;
}

const UNNAMED = '<unnamed>';
const LIST_HEADER = /^There are (\d+) total (named )?nodes:$/;
const NAME_LINE = /^\s*Name:\s+(\S+)\s+Type:\s+(\S+)\s+ID:\s+([0-9a-fA-F]{1,8})\s+Num hooks:\s+(\d+)$/;
const TABLE_HEADER = /^\s*Local hook\s+Peer name\s+Peer type\s+Peer ID\s+Peer hook$/;
const TABLE_RULE = /^\s*----------\s+---------\s+---------\s+-------\s+---------$/;
const HOOK_ROW = /^\s*(\S+)\s+(\S+)\s+(\S+)\s+([0-9a-fA-F]{1,8})\s+(\S+)$/;

function nameOrNull(name: string): string | null {
  return name === UNNAMED ? null : name;
}

/** Parses a `Name: … Type: … ID: … Num hooks: …` line, or null when it is not one. */
export function parseNameLine(text: string): NgctlListNode | null {
  const m = NAME_LINE.exec(text);
  if (!m) return null;
  return { name: nameOrNull(m[1]!), type: m[2]!, id: normalizeHexId(m[3]!), numHooks: Number(m[4]) };
}

interface Header {
  total: number;
  named: boolean;
}

/** Reads the `There are N total [named ]nodes:` line; records an error when it is missing. */
function readListHeader(lines: Line[], issues: Issues): Header | null {
  const first = lines[0];
  if (!first) {
    issues.error(1, "empty input: expected a 'There are N total nodes:' line");
    return null;
  }
  const m = LIST_HEADER.exec(first.text.trim().replace(/\s+/g, ' '));
  if (!m) {
    issues.error(first, "expected 'There are N total nodes:' (ngctl list header)");
    return null;
  }
  return { total: Number(m[1]), named: m[2] !== undefined };
}

function checkTotal(h: Header, rows: number, at: number, issues: Issues): void {
  if (h.total !== rows) issues.warn(at, `header says ${h.total} nodes but ${rows} are listed`);
}

/** Parses `ngctl list` and `ngctl list -n` output. */
export function parseNgctlList(text: string): Parsed<NgctlList> {
  return guarded(text, (t) => {
    const issues = new Issues();
    const lines = skipPreamble(splitLines(t), issues);
    const header = readListHeader(lines, issues);
    const value: NgctlList = { total: header?.total ?? 0, named: header?.named ?? false, nodes: [] };
    for (const line of lines.slice(header ? 1 : 0)) {
      if (line.text === '') continue;
      const node = parseNameLine(line.text);
      if (node) value.nodes.push(node);
      else if (TABLE_HEADER.test(line.text)) issues.error(line, 'a hook table: this is `list -l` or `show` output, not `list`');
      else issues.error(line, "expected a '  Name: … Type: … ID: … Num hooks: …' line");
    }
    if (header) checkTotal(header, value.nodes.length, lines[0]!.no, issues);
    return issues.result(value);
  });
}

/** Reads one show block starting at lines[i] (a Name line). Returns the block and the index after it. */
function readShowBlock(lines: Line[], i: number, issues: Issues): { node: NgctlShowNode; next: number } | null {
  const head = parseNameLine(lines[i]!.text);
  if (!head) return null;
  const node: NgctlShowNode = { ...head, hooks: head.numHooks === 0 ? [] : null };
  let j = i + 1;
  if (j < lines.length && TABLE_HEADER.test(lines[j]!.text)) {
    j++;
    if (j < lines.length && TABLE_RULE.test(lines[j]!.text)) j++;
    else issues.error(j < lines.length ? lines[j]! : lines[j - 1]!.no + 1, "expected the '----------  ---------' rule under the hook table header");
    node.hooks = [];
    for (; j < lines.length; j++) {
      const m = HOOK_ROW.exec(lines[j]!.text);
      if (!m || NAME_LINE.test(lines[j]!.text)) break;
      node.hooks.push({ hook: m[1]!, peerName: nameOrNull(m[2]!), peerType: m[3]!, peerId: normalizeHexId(m[4]!), peerHook: m[5]! });
    }
    if (node.hooks.length !== node.numHooks) {
      issues.warn(lines[i]!, `node says ${node.numHooks} hooks but ${node.hooks.length} are listed`);
    }
  }
  return { node, next: j };
}

/** Parses `ngctl show PATH` (with hook table) and `ngctl show -n PATH` (without). */
export function parseNgctlShow(text: string): Parsed<NgctlShowNode> {
  return guarded(text, (t) => {
    const issues = new Issues();
    const lines = skipPreamble(splitLines(t), issues);
    let node: NgctlShowNode = { name: null, type: '', id: '', numHooks: 0, hooks: [] };
    const block = lines.length > 0 ? readShowBlock(lines, 0, issues) : null;
    if (!block) {
      issues.error(lines[0] ?? 1, lines.length === 0 ? "empty input: expected a '  Name: …' line" : "expected a '  Name: … Type: … ID: … Num hooks: …' line");
      return issues.result(node);
    }
    node = block.node;
    for (const line of lines.slice(block.next)) {
      if (line.text !== '') issues.error(line, 'unexpected line after the hook table');
    }
    return issues.result(node);
  });
}

/**
 * Parses `ngctl list -l`: 12.x prints the show blocks back to back, 13+ puts a
 * blank line between them (facts §1.4); both are accepted, blank lines anywhere between blocks.
 */
export function parseNgctlListL(text: string): Parsed<NgctlListL> {
  return guarded(text, (t) => {
    const issues = new Issues();
    const lines = skipPreamble(splitLines(t), issues);
    const header = readListHeader(lines, issues);
    const value: NgctlListL = { total: header?.total ?? 0, named: header?.named ?? false, nodes: [] };
    let i = header ? 1 : 0;
    while (i < lines.length) {
      const line = lines[i]!;
      if (line.text === '') { i++; continue; }
      const block = readShowBlock(lines, i, issues);
      if (block) {
        value.nodes.push(block.node);
        i = block.next;
        continue;
      }
      issues.error(line, "expected a '  Name: …' line or a hook table row");
      i++;
    }
    if (header) checkTotal(header, value.nodes.length, lines[0]!.no, issues);
    return issues.result(value);
  });
}

const TYPES_HEADER = /^There are (\d+) total types:$/;

/** Parses `ngctl types`. */
export function parseNgctlTypes(text: string): Parsed<NgctlType[]> {
  return guarded(text, (t) => {
    const issues = new Issues();
    const lines = skipPreamble(splitLines(t), issues);
    const types: NgctlType[] = [];
    const m = lines[0] ? TYPES_HEADER.exec(lines[0].text.trim().replace(/\s+/g, ' ')) : null;
    if (!m) {
      issues.error(lines[0] ?? 1, "expected 'There are N total types:' (ngctl types header)");
      return issues.result(types);
    }
    for (const line of lines.slice(1)) {
      const s = line.text.trim().replace(/\s+/g, ' ');
      if (s === '' || s === 'Type name Number of living nodes' || s === '--------- ----------------------') continue;
      const row = /^(\S+) (\d+)$/.exec(s);
      if (row) types.push({ name: row[1]!, count: Number(row[2]) });
      else issues.error(line, "expected a '   TYPE   COUNT' row");
    }
    if (Number(m[1]) !== types.length) issues.warn(lines[0]!, `header says ${m[1]} types but ${types.length} are listed`);
    return issues.result(types);
  });
}
