// Renames refused before they reach the design: FreeBSD's naming rules (the
// shared ones) and names already taken, for every kind that has a name.
import { describe, expect, it } from 'vitest';
import { addItem, renameItem, renameProblem } from '../../../../../ui/src/lib/design/edit.js';
import type { EditResult } from '../../../../../ui/src/lib/design/edit.js';
import { emptyDesign } from '../../../../../shared/design/types.js';
import type { Design } from '../../../../../shared/design/types.js';

const ok = (r: EditResult): Design => {
  if (!r.ok) throw new Error(r.reason);
  return r.design;
};

/** bridge br0, eifaces eiface0 (ifname = name) and eiface1, epair epair0a/b, if_bridge bridge0, jails jail0 and jail1. */
function sample(): Design {
  let d = emptyDesign();
  for (const k of ['bridge', 'eiface', 'eiface', 'epair', 'if_bridge', 'jail', 'jail'] as const) d = ok(addItem(d, k));
  return d;
}

describe('renameProblem', () => {
  const d = sample();

  it('accepts a good new name and the unchanged one', () => {
    expect(renameProblem(d, { kind: 'node', name: 'br0' }, 'lanbr')).toBeNull();
    expect(renameProblem(d, { kind: 'node', name: 'br0' }, 'br0')).toBeNull();
    expect(renameProblem(d, { kind: 'jail', name: 'jail0' }, 'web')).toBeNull();
  });

  it('refuses node names the kernel or scripts refuse, in the shared words', () => {
    expect(renameProblem(d, { kind: 'node', name: 'br0' }, 'a:b')).toMatch(/node name 'a:b' contains ':'/);
    expect(renameProblem(d, { kind: 'node', name: 'br0' }, 'x'.repeat(32))).toMatch(/at most 31/);
    expect(renameProblem(d, { kind: 'node', name: 'br0' }, '')).toBe('a name cannot be empty');
  });

  it('refuses a name already taken by another object of its kind', () => {
    expect(renameProblem(d, { kind: 'node', name: 'br0' }, 'eiface1')).toBe('there is already a node named eiface1');
    expect(renameProblem(d, { kind: 'jail', name: 'jail0' }, 'jail1')).toBe('there is already a jail named jail1');
    expect(renameProblem(d, { kind: 'epair', name: 'epair0a' }, 'epair0b')).toBe('there is already an interface named epair0b');
    expect(renameProblem(d, { kind: 'ifbridge', name: 'bridge0' }, 'epair0a')).toBe('there is already an interface named epair0a');
  });

  it('holds an eiface named after its interface to the interface name rules too', () => {
    const e = d.nodes.find((n) => n.type === 'eiface' && n.ifname === n.name);
    if (!e) throw new Error('no eiface named after its interface');
    // 16 characters: a good node name, one too many for an interface.
    expect(renameProblem(d, { kind: 'node', name: e.name }, 'ng_sixteen_chars')).toMatch(/interface name 'ng_sixteen_chars' is 16 characters long; FreeBSD allows at most 15/);
  });

  it('refuses interface and jail names by their own rules', () => {
    expect(renameProblem(d, { kind: 'epair', name: 'epair0a' }, '9lives')).toMatch(/must start with a letter/);
    expect(renameProblem(d, { kind: 'jail', name: 'jail0' }, '42')).toMatch(/would be taken as a JID/);
    expect(renameProblem(d, { kind: 'jail', name: 'jail0' }, 'a.b')).toMatch(/separates parent and child jails/);
    expect(renameProblem(d, { kind: 'link', key: 'x' }, 'y')).toBe('this element cannot be renamed');
  });

  it('makes renameItem refuse, leaving the design as it was', () => {
    const r = renameItem(d, { kind: 'node', name: 'br0' }, 'bad name');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/contains a space/);
    expect(d.nodes.some((n) => n.name === 'br0')).toBe(true);
  });
});
