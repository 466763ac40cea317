// Planner properties over random designs and hosts: a host planned against its
// own design needs nothing; the planner never throws and is deterministic; every
// command argument is a safe, validated token.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { plan } from '../../shared/plan/plan.js';
import { render } from '../../shared/plan/render.js';
import { describe as describeChange } from '../../shared/plan/describe.js';
import { designFromSnapshot } from '../../shared/design/from-snapshot.js';
import { parseDesign } from '../../shared/design/parse.js';
import type { Ledger } from '../../shared/plan/ledger.js';
import type { Change } from '../../shared/plan/types.js';
import { isSafeArg, validateHookName, validateIfName, validateJailName, validateNodeName } from '../../shared/model/names.js';
import { designArb, materialize } from './plan-arbitraries.js';
import { emptyHost } from '../shared/plan/helpers.js';

/** A ledger owning a random part of what a host holds. */
function ledgerOf(h: ReturnType<typeof materialize>, mask: number): Ledger {
  const all = [
    ...h.netgraph.nodes.map((n) => ({ kind: 'node' as const, name: n.name ?? '' })),
    ...h.interfaces.map((i) => ({ kind: 'interface' as const, name: i.name })),
    ...h.jails.map((j) => ({ kind: 'jail' as const, name: j.name })),
  ];
  return { format: 1, owned: all.filter((_, i) => (mask >> (i % 30)) & 1) };
}

/** Names a change carries must pass the FreeBSD validators. */
function namesOk(c: Change): boolean {
  const node = (n: string): boolean => n === '.' || /^\[[0-9a-f]+\]$/.test(n) || validateNodeName(n) === null;
  switch (c.type) {
    case 'create-node': return node(c.node) && validateHookName(c.hook) === null && validateHookName(c.peerHook) === null;
    case 'connect': return node(c.a.node) && node(c.b.node) && validateHookName(c.a.hook) === null && validateHookName(c.b.hook) === null;
    case 'rename-if': return validateIfName(c.to) === null;
    case 'create-jail': case 'remove-jail': case 'modify-jail': return validateJailName(c.jail) === null;
    case 'vnet-move': return validateIfName(c.ifname) === null && validateJailName(c.jail) === null;
    default: return true;
  }
}

describe('planner properties', () => {
  it('designs from the generator are valid', () => {
    fc.assert(fc.property(designArb, (d) => {
      const r = parseDesign(d);
      expect(r.ok ? [] : r.problems).toEqual([]);
    }));
  });

  it('plan(x, designFromSnapshot(x), any ledger) is empty', () => {
    fc.assert(fc.property(designArb, fc.nat(), (d, mask) => {
      const host = materialize(d);
      const own = designFromSnapshot(host);
      expect(parseDesign(own).ok).toBe(true);
      const p = plan(host, own, ledgerOf(host, mask));
      expect(p.changes.map(describeChange)).toEqual([]);
      expect(p.notes).toEqual([]);
    }));
  });

  it('never throws, is deterministic, and builds only safe argv', () => {
    fc.assert(fc.property(fc.option(designArb, { nil: undefined }), designArb, fc.nat(), (a, b, mask) => {
      const host = a === undefined ? emptyHost() : materialize(a);
      const ledger = ledgerOf(host, mask);
      const p1 = plan(host, b, ledger);
      const p2 = plan(structuredClone(host), structuredClone(b), structuredClone(ledger));
      expect(p2).toEqual(p1);
      for (const c of p1.changes) {
        expect(namesOk(c), describeChange(c)).toBe(true);
        for (const cmd of c.commands) {
          for (const arg of cmd.argv) {
            if (typeof arg !== 'string') continue;
            expect(isSafeArg(arg)).toBe(true);
            // ngctl scripts split on blanks and have no quoting.
            if (cmd.argv[0] === 'ngctl') expect(arg).toMatch(/^[^\s#][^\s]*$/);
          }
        }
      }
      expect(() => render(p1, 'sh-lines')).not.toThrow();
    }));
  });
});
