// parseDesign: bad JSON, bad shapes and broken FreeBSD rules all come back as
// precise problems (element, field, rule), every one at once, never a throw.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDesign } from '../../../shared/design/parse.js';
import type { Design, Problem } from '../../../shared/design/types.js';

const rules = (r: ReturnType<typeof parseDesign>): string[] =>
  (r.ok ? r.warnings : r.problems).map((p: Problem) => `${p.path} ${p.rule}`);

const base = (): Design => ({
  format: 1,
  nodes: [{ name: 'br0', type: 'bridge' }, { name: 'e0', type: 'eiface', ifname: 'ng_e0' }],
  links: [{ a: { node: 'br0', hook: 'link0' }, b: { node: 'e0', hook: 'ether' } }],
  epairs: [], bridges: [], jails: [],
});

describe('parseDesign: shape', () => {
  it('accepts a good design', () => {
    expect(parseDesign(JSON.stringify(base()))).toEqual({ ok: true, design: base(), warnings: [] });
  });

  it('reports text that is not JSON', () => {
    const r = parseDesign('{"format": 1,');
    expect(r.ok).toBe(false);
    expect(rules(r)).toEqual([' json']);
  });

  it('reports every shape problem at once', () => {
    const r = parseDesign({ format: 2, nodes: [{ name: 5, type: 'bridge', colour: 'red' }], links: 'x', jails: [{ name: 'j' }] });
    expect(rules(r).sort()).toEqual([
      'format format-version',
      'nodes[0].colour unknown-field',
      'nodes[0].name type',
      'links type',
      'jails[0].vnet required',
      'jails[0].path required',
    ].sort());
    expect(rules(r)).toHaveLength(6);
  });

  it('names the element and field', () => {
    const r = parseDesign({ format: 1, nodes: [{ name: 'br0', type: 'bridge', persistent: 'yes' }], links: [] });
    expect(r).toMatchObject({ ok: false, problems: [{ element: 'node br0', field: 'persistent', rule: 'type', path: 'nodes[0].persistent' }] });
  });

  it('never throws on garbage', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.anything(), fc.json()), (x) => {
      const r = parseDesign(x);
      expect(typeof r.ok).toBe('boolean');
    }));
  });
});

describe('parseDesign: FreeBSD rules', () => {
  const check = (mut: (d: Design) => void): string[] => {
    const d = base();
    mut(d);
    return rules(parseDesign(d));
  };

  it('refuses names FreeBSD refuses', () => {
    expect(check((d) => { d.nodes[0]!.name = 'br.0'; d.links[0]!.a.node = 'br.0'; })).toContain('nodes[0].name node-name');
    expect(check((d) => { d.nodes[1]!.ifname = 'a_very_long_ifname'; })).toContain('nodes[1].ifname if-name');
  });

  it('finds duplicates and hooks used twice or refused', () => {
    expect(check((d) => d.nodes.push({ name: 'br0', type: 'hub' }))).toContain('nodes[2].name duplicate');
    expect(check((d) => d.links.push({ a: { node: 'br0', hook: 'link0' }, b: { node: 'e0', hook: 'ether' } }))).toEqual(
      expect.arrayContaining(['links[1].a.hook hook-used-twice', 'links[1].b.hook hook-used-twice']));
    expect(check((d) => { d.links[0]!.a.hook = 'link01'; })).toContain('links[0].a.hook hook-refused');
    expect(check((d) => { d.links[0]!.b.hook = 'eth'; })).toContain('links[0].b.hook hook-refused');
  });

  it('checks jails and their interfaces', () => {
    const j = (name: string, vnet: boolean, interfaces: string[]) => ({ name, path: `/j/${name}`, vnet, interfaces });
    expect(check((d) => d.jails.push(j('a', true, ['ng_e0']), j('b', true, ['ng_e0'])))).toContain('jails[1].interfaces[0] interface-in-two-jails');
    expect(check((d) => d.jails.push(j('a', false, ['ng_e0'])))).toContain('jails[0].interfaces[0] needs-vnet');
    expect(check((d) => d.jails.push(j('42', true, [])))).toContain('jails[0].name jail-name');
  });

  it('refuses a bridge that would shut itself down, warns about L2 loops', () => {
    expect(check((d) => d.nodes.push({ name: 'br1', type: 'bridge' }))).toContain('nodes[2] dies-without-hooks');
    const loop = parseDesign({
      ...base(),
      nodes: [{ name: 'br0', type: 'bridge' }, { name: 'br1', type: 'bridge' }],
      links: [{ a: { node: 'br0', hook: 'link0' }, b: { node: 'br1', hook: 'link0' } }, { a: { node: 'br0', hook: 'link1' }, b: { node: 'br1', hook: 'link1' } }],
    });
    expect(loop).toMatchObject({ ok: true, warnings: [{ severity: 'warning', rule: 'l2-loop', path: 'links[1]' }] });
  });

  it('refuses an option on the wrong node type and a multicast MAC', () => {
    expect(check((d) => { d.nodes[0]!.ifname = 'x'; })).toContain('nodes[0].ifname option-type');
    expect(check((d) => { d.nodes[1]!.mac = '01:00:5e:00:00:01'; })).toContain('nodes[1].mac mac');
  });
});
