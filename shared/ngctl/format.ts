// Pure printers of ngctl(8)'s output, byte for byte from its printf formats
// (usr.sbin/ngctl list.c, show.c, dot.c, types.c, msg.c): the emulated ngctl
// prints with them, and exporters reuse the dot printer.
import type { NgNode } from '../model/snapshot.js';

/** What NGM_NODEINFO reports about a node. */
export interface NgNodeInfo {
  id: number;
  /** null or "" for an unnamed node. */
  name: string | null;
  type: string;
}

/** One hook of a node as NGM_LISTHOOKS reports it. */
export interface NgLinkInfo {
  ourhook: string;
  peerhook: string;
  peer: NgNodeInfo & { hooks: number };
}

/** A node with its hooks, in the kernel's (newest-first) order. */
export interface NgNodeLinks extends NgNodeInfo {
  links: NgLinkInfo[];
}

/** One loaded node type and its number of living nodes. */
export interface NgTypeInfo {
  name: string;
  count: number;
}

/** printf's `%-Ns`: left-justify, never truncate. */
const pad = (s: string, n: number): string => s.padEnd(n, ' ');
/** `%08x`. */
const hex8 = (id: number): string => id.toString(16).padStart(8, '0');
const UNNAMED = '<unnamed>';
const nameOr = (n: NgNodeInfo, dflt: string): string => (n.name ? n.name : dflt);

/** The `  Name: … Type: … ID: … Num hooks: …` line shared by list and show. */
export function formatNodeLine(n: NgNodeInfo, hooks: number): string {
  return `  Name: ${pad(nameOr(n, UNNAMED), 15)} Type: ${pad(n.type, 15)} ID: ${hex8(n.id)}   Num hooks: ${hooks}\n`;
}

/** `ngctl list [-n]`: nodes in the order the kernel listed them. */
export function formatList(nodes: ReadonlyArray<NgNodeInfo & { hooks: number }>, namedOnly = false): string {
  let out = `There are ${nodes.length} total ${namedOnly ? 'named ' : ''}nodes:\n`;
  for (const n of nodes) out += formatNodeLine(n, n.hooks);
  return out;
}

const FMT = (a: string, b: string, c: string, d: string, e: string): string => `  ${pad(a, 15)} ${pad(b, 15)} ${pad(c, 12)} ${pad(d, 15)} ${pad(e, 15)}\n`;

/** `ngctl show [-n] PATH`: the node line, then (unless -n or no hooks) the hook table with its trailing pad spaces. */
export function formatShow(n: NgNodeLinks, noHooks = false): string {
  let out = formatNodeLine(n, n.links.length);
  if (noHooks || n.links.length === 0) return out;
  out += FMT('Local hook', 'Peer name', 'Peer type', 'Peer ID', 'Peer hook');
  out += FMT('----------', '---------', '---------', '-------', '---------');
  for (const l of n.links) out += FMT(l.ourhook, nameOr(l.peer, UNNAMED), l.peer.type, hex8(l.peer.id), l.peerhook);
  return out;
}

/**
 * `ngctl list -l`: the header, then `show` of every node. Releases after 12.x
 * print an empty line between the blocks; 12.x prints them back to back.
 */
export function formatListLong(nodes: readonly NgNodeLinks[], blankBetween: boolean): string {
  const blocks = nodes.map((n) => formatShow(n));
  return `There are ${nodes.length} total nodes:\n${blocks.join(blankBetween ? '\n' : '')}`;
}

/** Snapshot nodes (hex-string IDs, peers by ID) as printer input; unknown peers print as `dead`. */
export function linksFromSnapshot(nodes: readonly NgNode[]): NgNodeLinks[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return nodes.map((n) => ({
    id: parseInt(n.id, 16),
    name: n.name,
    type: n.type,
    links: n.hooks.map((h) => {
      const p = byId.get(h.peerId);
      return { ourhook: h.hook, peerhook: h.peerHook, peer: { id: parseInt(h.peerId, 16), name: p?.name ?? null, type: p?.type ?? 'dead', hooks: p?.hooks.length ?? 0 } };
    }),
  }));
}

/** `ngctl dot`: Graphviz text exactly as dot.c writes it (IDs unpadded hex); takes printer nodes or snapshot nodes. */
export function formatDot(input: readonly NgNodeLinks[] | readonly NgNode[]): string {
  const nodes: readonly NgNodeLinks[] = input.length > 0 && !('links' in (input[0] as object)) ? linksFromSnapshot(input as readonly NgNode[]) : (input as readonly NgNodeLinks[]);
  const x = (id: number): string => id.toString(16);
  let out = 'graph netgraph {\n\tedge [ weight = 1.0 ];\n\tnode [ shape = record, fontsize = 12 ] {\n';
  for (const n of nodes) out += `\t\t"${x(n.id)}" [ label = "{${nameOr(n, '\\<unnamed\\>')}:|{${n.type}|[${x(n.id)}]:}}" ];\n`;
  out += '\t};\n\tsubgraph cluster_disconnected {\n\t\tbgcolor = pink;\n';
  for (const n of nodes) if (n.links.length === 0) out += `\t\t"${x(n.id)}";\n`;
  out += '\t};\n';
  for (const n of nodes) {
    if (n.links.length === 0) continue;
    out += '\tnode [ shape = octagon, fontsize = 10 ] {\n';
    for (const l of n.links) out += `\t\t"${x(n.id)}.${l.ourhook}" [ label = "${l.ourhook}" ];\n`;
    out += '\t};\n\t{\n\t\tedge [ weight = 2.0, style = bold ];\n';
    for (const l of n.links) out += `\t\t"${x(n.id)}" -- "${x(n.id)}.${l.ourhook}";\n`;
    out += '\t};\n';
    // Only the edges going in one direction (peer ID not above ours).
    for (const l of n.links) if (l.peer.id <= n.id) out += `\t"${x(n.id)}.${l.ourhook}" -- "${x(l.peer.id)}.${l.peerhook}";\n`;
  }
  return `${out}};\n`;
}

/** `ngctl types`. */
export function formatTypes(types: readonly NgTypeInfo[]): string {
  let out = `There are ${types.length} total types:\n`;
  if (types.length > 0) out += `${'Type name'.padStart(15)}   Number of living nodes\n${'---------'.padStart(15)}   ----------------------\n`;
  for (const t of types) out += `${t.name.padStart(15)}   ${String(t.count).padStart(5)}\n`;
  return out;
}

/** A received control-message response (msg.c MsgRead). */
export function formatMsgResponse(r: { cmdstr: string; cmd: number; from: string; args: string }): string {
  return `Rec'd response "${r.cmdstr}" (${r.cmd}) from "${r.from}":\n${r.args !== '' ? `Args:\t${r.args}\n` : 'No arguments\n'}`;
}
