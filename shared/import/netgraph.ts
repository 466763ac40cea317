// Saved ngctl output → design: `ngctl list -l` (12.x and 13+ layouts), plain
// `ngctl list` (nodes without links, with a warning), concatenated `ngctl
// show` blocks, `ngctl dot`. Parsed by shared/parse, turned into snapshot nodes and
// then into a design the same way a live host is (designFromSnapshot), so an
// imported capture and the live host it came from draw the same.
import type { HostSnapshot, NgNode } from '../model/snapshot.js';
import type { Design } from '../design/types.js';
import { designFromSnapshot } from '../design/from-snapshot.js';
import { nodesFromDot, parseNgctlDot, parseNgctlListL } from '../parse/ngctl.js';
import type { NgctlShowNode } from '../parse/ngctl.js';
import type { ParseIssue, Parsed } from '../parse/result.js';
import { contentLines, isNoise } from './detect.js';
import { looksCollapsed, reflowNgctl } from './reflow.js';
import { canPersist, diesWithoutHooks } from '../design/hook-rules.js';

/** A parse issue as one line for people. */
export function issueLine(i: ParseIssue): string {
  return i.line > 0 ? `line ${i.line}: ${i.message}${i.text ? ` (${JSON.stringify(i.text.slice(0, 60))})` : ''}` : i.message;
}

/** A design from netgraph nodes alone (no interfaces or jails known). */
export function designFromNodes(nodes: NgNode[]): Design {
  const s: HostSnapshot = {
    version: 1,
    host: { hostname: 'imported', backend: 'freebsd', release: '', emulated: false },
    modules: [],
    netgraph: { nodes, types: [] },
    interfaces: [],
    jails: [],
  };
  return designFromSnapshot(s);
}

/**
 * Show-block nodes → snapshot nodes. Peers named in a hook table but not
 * shown themselves (a single `ngctl show br0:`) are added with the hooks
 * that table proves, so their links are not lost.
 */
export function nodesFromShow(blocks: NgctlShowNode[]): NgNode[] {
  const out = new Map<string, NgNode>();
  for (const b of blocks) out.set(b.id, { id: b.id, name: b.name, type: b.type, hooks: (b.hooks ?? []).map((h) => ({ hook: h.hook, peerId: h.peerId, peerHook: h.peerHook })) });
  for (const b of blocks) {
    for (const h of b.hooks ?? []) {
      if (blocks.some((x) => x.id === h.peerId)) continue;
      const p = out.get(h.peerId) ?? { id: h.peerId, name: h.peerName, type: h.peerType, hooks: [] };
      p.hooks.push({ hook: h.peerHook, peerId: b.id, peerHook: h.hook });
      out.set(h.peerId, p);
    }
  }
  return [...out.values()];
}

type Out = { design: Design; warnings: string[] } | { problems: string[] };

function fromParsed<T>(p: Parsed<T>): { value: T; warnings: string[] } | { problems: string[] } {
  if (p.ok) return { value: p.value, warnings: p.warnings.map(issueLine) };
  return { problems: p.errors.map(issueLine) };
}

/** The text with blank, comment and prompt lines emptied: line numbers stay those of the text pasted. */
function blankNoise(text: string): string {
  return text.split(/\r?\n/).map((l) => (isNoise(l) ? '' : l)).join('\n');
}

/** The number of the last line that is not blank (1-based), 0 for none. */
function lastLine(text: string): number {
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.trim() !== '') return i + 1;
  return 0;
}

/**
 * Parses `ngctl list [-l]` output leniently: collapsed whitespace is re-flowed,
 * and a capture cut off in its last line loses only that line — each with a
 * warning naming the line. Other errors fail the import.
 */
function parseListLenient(text: string): { value: NgctlShowNode[]; warnings: string[] } | { problems: string[] } {
  const warnings: string[] = [];
  let src = blankNoise(text);
  if (looksCollapsed(src)) {
    src = reflowNgctl(src);
    warnings.push('line 1: this ngctl output lost its line breaks (pasted from a web page or a mail client?); its lines were rebuilt from its words, and line numbers below count the rebuilt lines');
  }
  let r = parseNgctlListL(src);
  for (;;) {
    const last = lastLine(src);
    if (r.ok || last <= 1 || !r.errors.every((e) => e.line === last)) break;
    const lines = src.split('\n');
    warnings.push(`line ${last}: the text ends here in the middle of a line (${JSON.stringify(lines[last - 1]!.trim().slice(0, 60))}); imported what comes before it`);
    lines[last - 1] = '';
    src = lines.join('\n');
    r = parseNgctlListL(src);
  }
  if (!r.ok) return { problems: r.errors.map(issueLine) };
  return { value: r.value.nodes, warnings: [...warnings, ...r.warnings.map(issueLine)] };
}

/**
 * `ngctl list -l` / `ngctl list` output → design. Nodes printed without their
 * hook table (plain `ngctl list`, or a capture cut off after a Name line) are
 * imported without links; a bridge or hub among them is marked persistent
 * (a design needs that of one without links) and the warning says so.
 */
export function importListL(text: string): Out {
  const r = parseListLenient(text);
  if ('problems' in r) return r;
  const blocks = r.value;
  const blind = blocks.filter((b) => b.hooks === null && b.numHooks > 0);
  const warnings = [...r.warnings];
  if (blind.length > 0) {
    const plain = blocks.every((b) => b.hooks === null || b.hooks.length === 0);
    const names = blind.map((b) => b.name ?? `[${b.id}]`);
    warnings.push(plain
      ? `line 1: plain 'ngctl list' output names the nodes but not their links: its ${blocks.filter((b) => b.type !== 'socket').length} nodes (sockets aside) are imported without links; save 'ngctl list -l' to import the links too`
      : `no hook table for ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}: imported without their links`);
  }
  const design = designFromNodes(nodesFromShow(blocks));
  // Types that die with their last hook and cannot be made persistent have no place in a design without their links.
  const unknown = new Set(blind.map((b) => b.name ?? `[${b.id}]`));
  const dropped = design.nodes.filter((n) => unknown.has(n.name) && diesWithoutHooks(n.type) && !canPersist(n.type));
  if (dropped.length > 0) warnings.push(`left out ${dropped.map((n) => `${n.name} (${n.type})`).join(', ')}: a node of that type exists only while linked, and this text does not show its links`);
  const nodes = design.nodes.filter((n) => !dropped.includes(n));
  // A bridge or hub with no links is valid only when persistent; with its links unknown, say that it was assumed.
  const assumed = nodes.filter((n) => unknown.has(n.name) && n.persistent === true).map((n) => n.name);
  if (assumed.length > 0) warnings.push(`${assumed.join(', ')} marked persistent only so that the design is valid without the links this text does not show`);
  // A plain list is a list of nodes: keep every one it names (an idle NIC's ng_ether too), but ngctl's sockets.
  if (blind.length > 0 && blocks.every((b) => b.hooks === null || b.hooks.length === 0)) {
    const have = new Set(nodes.map((n) => n.name));
    for (const b of blocks) {
      const name = b.name ?? `[${b.id}]`;
      if (b.type !== 'socket' && !have.has(name) && !dropped.some((n) => n.name === name)) nodes.push({ name, type: b.type });
    }
  }
  return { design: { ...design, nodes }, warnings };
}

/** Concatenated `ngctl show` blocks (prompt lines between them allowed) → design. */
export function importShow(text: string): Out {
  const lines = contentLines(text);
  const n = (lines.join('\n').match(/(?:^|\s)Name:\s/g) ?? []).length;
  return importListL(`There are ${n} total nodes:\n${lines.join('\n')}\n`);
}

/** `ngctl dot` output → design. */
export function importDot(text: string): Out {
  const r = fromParsed(parseNgctlDot(contentLines(text).join('\n')));
  if ('problems' in r) return r;
  return { design: designFromNodes(nodesFromDot(r.value)), warnings: r.warnings };
}
