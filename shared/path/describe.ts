// Path elements and ports in the words an admin uses (`node br0 (bridge)`,
// `interface ng_test1 in jail test1`), for the CLI's lines, break reasons and the UI.
import type { Hop, PathRef, Port } from './types.js';

/** `br0` or `[1a]`, as ngctl addresses a node. */
export const nodeName = (r: { id: string; name: string | null }): string => r.name ?? `[${r.id}]`;

/** One element in words. */
export function describeRef(r: PathRef): string {
  switch (r.kind) {
    case 'jail':
      return `jail ${r.name}`;
    case 'host':
      return "the host's stack";
    case 'interface':
      return r.jail === null ? `interface ${r.name}` : `interface ${r.name} in jail ${r.jail}`;
    case 'node':
      return `node ${nodeName(r)} (${r.type})`;
    case 'wire':
      return `the wire of ${r.name}`;
  }
}

/** A short name: what the element is called (`br0`, `ng_test2`, `test1`). */
export function shortName(r: PathRef): string {
  switch (r.kind) {
    case 'jail':
    case 'interface':
      return r.name;
    case 'host':
      return 'host';
    case 'node':
      return nodeName(r);
    case 'wire':
      return `${r.name}'s wire`;
  }
}

/** One port in words: `hook link1`, or the element on that side, briefly (`interface ng_test1`, `node br0`). */
export function describePort(p: Port): string {
  if ('hook' in p) return `hook ${p.hook}`;
  const r = p.via;
  return r.kind === 'interface' || r.kind === 'node' ? `${r.kind} ${shortName(r)}` : describeRef(r);
}

/** A hop's ports: `hook link1 → hook link2`, `→ interface ng_test1`, or empty. */
export function describePorts(h: Hop): string {
  if (h.in === undefined && h.out === undefined) return '';
  const a = h.in === undefined ? '' : describePort(h.in);
  const b = h.out === undefined ? '' : describePort(h.out);
  return `${a} → ${b}`.trim();
}

/** True when two refs name the same element. */
export function sameRef(a: PathRef, b: PathRef): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'host':
      return true;
    case 'jail':
      return a.name === (b as typeof a).name;
    case 'node':
      return a.id === (b as typeof a).id;
    case 'interface':
    case 'wire':
      return a.name === (b as typeof a).name && a.jail === (b as typeof a).jail;
  }
}
