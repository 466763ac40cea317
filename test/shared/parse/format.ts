// Test-only formatters: print netgraph nodes exactly as ngctl's printf formats do
// (facts.md §1.4), so parsers can be checked by round trip.
import type { NgNode } from '../../../shared/model/snapshot.js';

const pad = (s: string, n: number) => s.padEnd(n);
const id8 = (id: string) => id.padStart(8, '0');
const FMT = (a: string, b: string, c: string, d: string, e: string) =>
  `  ${pad(a, 15)} ${pad(b, 15)} ${pad(c, 12)} ${pad(d, 15)} ${pad(e, 15)}\n`;

/** `  Name: %-15s Type: %-15s ID: %08x   Num hooks: %d\n` */
export function nameLine(n: NgNode): string {
  return `  Name: ${pad(n.name ?? '<unnamed>', 15)} Type: ${pad(n.type, 15)} ID: ${id8(n.id)}   Num hooks: ${n.hooks.length}\n`;
}

/** `ngctl list` */
export function formatList(nodes: NgNode[]): string {
  return `There are ${nodes.length} total nodes:\n` + nodes.map(nameLine).join('');
}

/** `ngctl show` for one node, peers looked up in `all`. */
export function formatShow(n: NgNode, all: NgNode[]): string {
  let s = nameLine(n);
  if (n.hooks.length === 0) return s;
  s += FMT('Local hook', 'Peer name', 'Peer type', 'Peer ID', 'Peer hook');
  s += FMT('----------', '---------', '---------', '-------', '---------');
  for (const h of n.hooks) {
    const p = all.find((x) => x.id === h.peerId)!;
    s += FMT(h.hook, p.name ?? '<unnamed>', p.type, id8(p.id), h.peerHook);
  }
  return s;
}

/** `ngctl list -l`, 13+ layout (blank line between blocks) or 12.x (back to back). */
export function formatListL(nodes: NgNode[], layout: '12' | '13'): string {
  const blocks = nodes.map((n) => formatShow(n, nodes));
  return `There are ${nodes.length} total nodes:\n` + blocks.join(layout === '13' ? '\n' : '');
}

/** `ngctl dot` (dot.c). */
export function formatDot(nodes: NgNode[]): string {
  let s = 'graph netgraph {\n\tedge [ weight = 1.0 ];\n\tnode [ shape = record, fontsize = 12 ] {\n';
  for (const n of nodes) s += `\t\t"${n.id}" [ label = "{${n.name ?? '\\<unnamed\\>'}:|{${n.type}|[${n.id}]:}}" ];\n`;
  s += '\t};\n\tsubgraph cluster_disconnected {\n\t\tbgcolor = pink;\n';
  for (const n of nodes) if (n.hooks.length === 0) s += `\t\t"${n.id}";\n`;
  s += '\t};\n';
  for (const n of nodes) {
    if (n.hooks.length === 0) continue;
    s += '\tnode [ shape = octagon, fontsize = 10 ] {\n';
    for (const h of n.hooks) s += `\t\t"${n.id}.${h.hook}" [ label = "${h.hook}" ];\n`;
    s += '\t};\n\t{\n\t\tedge [ weight = 2.0, style = bold ];\n';
    for (const h of n.hooks) s += `\t\t"${n.id}" -- "${n.id}.${h.hook}";\n`;
    s += '\t};\n';
    for (const h of n.hooks) {
      if (parseInt(h.peerId, 16) > parseInt(n.id, 16)) continue;
      s += `\t"${n.id}.${h.hook}" -- "${h.peerId}.${h.peerHook}";\n`;
    }
  }
  return s + '};\n';
}
