// Designs spanning hosts over random single-host designs: two valid designs,
// the second moved to host `b` and joined to the first by a udp tunnel when
// both have a bridge, make a valid spanning design; cutting it gives each
// design back (plus the tunnel's ksocket), each part is a valid single-host
// design, and planSpan plans each host exactly as plan() plans its part.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDesign } from '../../shared/design/parse.js';
import { hostPart, LOCAL_HOST } from '../../shared/design/hosts.js';
import type { Design } from '../../shared/design/types.js';
import { emptyLedger } from '../../shared/plan/ledger.js';
import { plan } from '../../shared/plan/plan.js';
import { planSpan } from '../../shared/plan/span.js';
import { designArb } from './plan-arbitraries.js';
import { emptyHost, iface } from '../shared/plan/helpers.js';

const onB = (d: Design): Design => ({
  format: 1,
  nodes: d.nodes.map((n) => ({ ...n, host: 'b' })),
  links: d.links.map((l) => ({ ...l, host: 'b' })),
  epairs: d.epairs.map((e) => ({ ...e, host: 'b' })),
  bridges: d.bridges.map((x) => ({ ...x, host: 'b' })),
  jails: d.jails.map((j) => ({ ...j, host: 'b' })),
});

/** d1 here and d2 on host b, with a tunnel between their first bridges when both have one. */
function spanning(d1: Design, d2: Design): { d: Design; tunnel: boolean } {
  const b2 = onB(d2);
  const d: Design = { format: 1, nodes: [...d1.nodes, ...b2.nodes], links: [...d1.links, ...b2.links], epairs: [...d1.epairs, ...b2.epairs], bridges: [...d1.bridges, ...b2.bridges], jails: [...d1.jails, ...b2.jails] };
  const x = d1.nodes.find((n) => n.type === 'bridge');
  const y = d2.nodes.find((n) => n.type === 'bridge');
  if (!x || !y) return { d, tunnel: false };
  d.tunnels = [{ name: 'tun0', kind: 'udp', a: { node: x.name, hook: 'link90' }, b: { host: 'b', node: y.name, hook: 'link90' }, port: 4789 }];
  return { d, tunnel: true };
}

const host = (addr: string): ReturnType<typeof emptyHost> => ({ ...emptyHost(), interfaces: [iface('em0', 'ether', { inet: [`${addr}/24`] }), iface('lo0', 'loopback')] });

describe('spanning designs over random designs', () => {
  it('validate, cut back into their parts, and plan host by host as plan() does', () => {
    fc.assert(fc.property(designArb, designArb, (d1, d2) => {
      const { d, tunnel } = spanning(d1, d2);
      const r = parseDesign(JSON.parse(JSON.stringify(d)));
      expect(r.ok ? [] : r.problems.filter((p) => p.severity === 'error')).toEqual([]);
      const addr = (h: string): string => (h === LOCAL_HOST ? '192.0.2.1' : '192.0.2.2');
      const [here, there] = [hostPart(d, LOCAL_HOST, addr).design, hostPart(d, 'b', addr).design];
      const strip = (x: Design): Design => ({ ...x, nodes: x.nodes.filter((n) => n.type !== 'ksocket'), links: x.links.filter((l) => l.b.node !== 'tun0') });
      expect(strip(here)).toEqual(d1);
      expect(strip(there)).toEqual(d2);
      expect(here.nodes.some((n) => n.type === 'ksocket' && n.bind === 'inet/192.0.2.1:4789' && n.connect === 'inet/192.0.2.2:4789')).toBe(tunnel);
      for (const part of [here, there]) {
        const p = parseDesign(part);
        expect(p.ok ? [] : p.problems.filter((x) => x.severity === 'error')).toEqual([]);
      }
      const hosts = [{ name: 'b', snapshot: host('192.0.2.2'), ledger: emptyLedger() }, { name: LOCAL_HOST, snapshot: host('192.0.2.1'), ledger: emptyLedger() }];
      const plans = planSpan(d, hosts);
      // A host the design names nothing on is left alone (an empty random design names none).
      const named = (x: Design): boolean => x.nodes.length + x.epairs.length + x.bridges.length + x.jails.length > 0;
      expect(plans.map((p) => p.host)).toEqual([...(named(d1) ? [LOCAL_HOST] : []), ...(named(d2) ? ['b'] : [])]);
      const of = (h: string): unknown => plans.find((p) => p.host === h)?.plan;
      if (named(d1)) expect(of(LOCAL_HOST)).toEqual(plan(hosts[1]!.snapshot, here, emptyLedger()));
      if (named(d2)) expect(of('b')).toEqual(plan(hosts[0]!.snapshot, there, emptyLedger()));
    }), { numRuns: 150 });
  });
});
