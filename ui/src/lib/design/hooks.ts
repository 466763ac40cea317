// Hook choice rules for a new link drawn on the canvas (pure): the hook a
// FreeBSD admin would pick by hand — the next free `linkN` on a bridge, `ether`
// on an eiface, `lower`/`upper` on an ng_ether (the UI offers both) — and why
// no hook is left when the node is full.
import type { Design } from '../../../../shared/design/types.js';

/** A hook for one end of a new link, with the alternatives the user may switch to. */
export type HookChoice = { ok: true; hook: string; choices: string[] } | { ok: false; reason: string };

/** Hooks of `node` that the design's links already use. */
export function usedHooks(d: Design, node: string): Set<string> {
  const used = new Set<string>();
  for (const l of d.links) {
    if (l.a.node === node) used.add(l.a.hook);
    if (l.b.node === node) used.add(l.b.hook);
  }
  return used;
}

/** `prefix0`, `prefix1`, … : the first one not in `used`. */
function nextFree(prefix: string, used: Set<string>, from = 0): string {
  for (let n = from; ; n++) if (!used.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

/** The first of a fixed list not in `used`, or a refusal naming the list. */
function firstOf(type: string, names: string[], used: Set<string>): HookChoice {
  const free = names.filter((h) => !used.has(h));
  const hook = free[0];
  if (hook === undefined) return { ok: false, reason: `every hook of this ${type} node (${names.join(', ')}) is already linked` };
  return { ok: true, hook, choices: free };
}

/** The hook a new link gets on a node of `type` whose used hooks are `used`. */
export function chooseHook(type: string, used: Set<string>): HookChoice {
  switch (type) {
    case 'eiface':
      return used.has('ether') ? { ok: false, reason: 'an eiface has one hook, "ether", and it is already linked' } : { ok: true, hook: 'ether', choices: ['ether'] };
    case 'ether':
      // lower = the wire side of the NIC, upper = the host's protocol stack (facts §3).
      return firstOf('ether', ['lower', 'upper'], used);
    case 'bridge':
      return { ok: true, hook: nextFree('link', used), choices: [nextFree('link', used), nextFree('uplink', used, 1)] };
    case 'one2many':
      return used.has('one') ? { ok: true, hook: nextFree('many', used), choices: [nextFree('many', used)] } : { ok: true, hook: 'one', choices: ['one', nextFree('many', used)] };
    case 'tee':
      return firstOf('tee', ['left', 'right', 'left2right', 'right2left'], used);
    case 'vlan':
      return used.has('downstream') ? { ok: true, hook: nextFree('vlan', used), choices: [nextFree('vlan', used), 'nomatch'].filter((h) => !used.has(h)) } : { ok: true, hook: 'downstream', choices: ['downstream', 'nomatch'] };
    default:
      // hub and types without fixed hook names: any unused name works.
      return { ok: true, hook: nextFree('link', used), choices: [nextFree('link', used)] };
  }
}

/** The hook for a new link on design node `node` (by name), or why there is none. */
export function hookFor(d: Design, node: string): HookChoice {
  const n = d.nodes.find((x) => x.name === node);
  if (!n) return { ok: false, reason: `there is no node ${node} in the design` };
  return chooseHook(n.type, usedHooks(d, node));
}
