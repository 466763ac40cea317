// Hook choice rules for new links: the hook an admin would pick by hand.
import { describe, expect, it } from 'vitest';
import { chooseHook, hookFor } from '../../../../../ui/src/lib/design/hooks.js';
import { emptyDesign } from '../../../../../shared/design/types.js';

describe('chooseHook', () => {
  it('gives a bridge the next free linkN', () => {
    expect(chooseHook('bridge', new Set())).toMatchObject({ ok: true, hook: 'link0' });
    expect(chooseHook('bridge', new Set(['link0', 'link2']))).toMatchObject({ ok: true, hook: 'link1' });
  });
  it('gives an eiface "ether" once, then refuses', () => {
    expect(chooseHook('eiface', new Set())).toMatchObject({ ok: true, hook: 'ether' });
    const r = chooseHook('eiface', new Set(['ether']));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/ether/);
  });
  it('offers lower then upper on an ng_ether node, and both as choices', () => {
    expect(chooseHook('ether', new Set())).toEqual({ ok: true, hook: 'lower', choices: ['lower', 'upper'] });
    expect(chooseHook('ether', new Set(['lower']))).toEqual({ ok: true, hook: 'upper', choices: ['upper'] });
    expect(chooseHook('ether', new Set(['lower', 'upper'])).ok).toBe(false);
  });
  it('knows one2many, tee and vlan hook names', () => {
    expect(chooseHook('one2many', new Set())).toMatchObject({ hook: 'one' });
    expect(chooseHook('one2many', new Set(['one', 'many0']))).toMatchObject({ hook: 'many1' });
    expect(chooseHook('tee', new Set(['left']))).toMatchObject({ hook: 'right' });
    expect(chooseHook('vlan', new Set())).toMatchObject({ hook: 'downstream' });
    expect(chooseHook('hub', new Set(['link0']))).toMatchObject({ hook: 'link1' });
  });
  it('reads used hooks from the design links', () => {
    const d = { ...emptyDesign(), nodes: [{ name: 'br0', type: 'bridge' }, { name: 'e', type: 'eiface', ifname: 'e' }], links: [{ a: { node: 'br0', hook: 'link0' }, b: { node: 'e', hook: 'ether' } }] };
    expect(hookFor(d, 'br0')).toMatchObject({ hook: 'link1' });
    expect(hookFor(d, 'e').ok).toBe(false);
    expect(hookFor(d, 'nope')).toEqual({ ok: false, reason: 'there is no node nope in the design' });
  });
});
