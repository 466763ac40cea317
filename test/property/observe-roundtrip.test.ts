// Issue "live inspection": random graphs built through the emulated ngctl,
// observed through `ngctl list -l` and `ngctl dot` and parsed back with the
// shared parsers, equal the emulator's own state (what the sim backend reports).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../agent/host/sim/cmd/index.js';
import { newState } from '../../agent/host/sim/new-state.js';
import { simSnapshot } from '../../agent/host/sim/snapshot.js';
import type { SimState } from '../../agent/host/sim/state.js';
import { nodeIdValue } from '../../shared/model/normalize.js';
import type { NgNode } from '../../shared/model/snapshot.js';
import { nodeWithoutTraffic } from '../../shared/model/traffic.js';
import { nodesFromDot, nodesFromListL, parseNgctlDot, parseNgctlListL } from '../../shared/parse/ngctl.js';

/** One random ngctl operation; node choices are indices resolved against the live graph. */
const op = fc.oneof(
  { weight: 5, arbitrary: fc.record({ k: fc.constant('eiface' as const) }) },
  { weight: 5, arbitrary: fc.record({ k: fc.constant('mkpeer' as const), from: fc.nat(), type: fc.constantFrom('bridge', 'hub', 'eiface', 'tee'), hook: fc.nat(6) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('connect' as const), a: fc.nat(), b: fc.nat(), ha: fc.nat(6), hb: fc.nat(6) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('name' as const), n: fc.nat(), suffix: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('rmhook' as const), n: fc.nat(), h: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('shutdown' as const), n: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('persist' as const), n: fc.nat() }) },
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** A hook name the node's type accepts (or a plausible wrong one — failures are part of the test). */
function hookFor(type: string, i: number): string {
  if (type === 'eiface') return 'ether';
  if (type === 'bridge') return i === 6 ? 'uplink1' : `link${i}`;
  if (type === 'tee') return ['left', 'right', 'left2right', 'right2left'][i % 4]!;
  return `h${i}`;
}

/** Turns an op into an ngctl argv against the current host graph (null when nothing to act on). */
function toArgv(state: SimState, o: Op): string[] | null {
  const nodes = state.vnets['0']!.nodes.filter((n) => n.type !== 'socket');
  const pick = (i: number) => nodes[i % Math.max(nodes.length, 1)];
  const addr = (n: { id: number }) => `[${n.id.toString(16)}]:`;
  switch (o.k) {
    case 'eiface':
      return ['ngctl', 'mkpeer', 'eiface', 'ether', 'ether'];
    case 'mkpeer': {
      const from = pick(o.from);
      if (!from) return null;
      const peerHook = o.type === 'eiface' ? 'ether' : hookFor(o.type, o.hook);
      return ['ngctl', 'mkpeer', addr(from), o.type, hookFor(from.type, o.hook + 1), peerHook];
    }
    case 'connect': {
      const a = pick(o.a);
      const b = pick(o.b);
      if (!a || !b) return null;
      return ['ngctl', 'connect', addr(a), addr(b), hookFor(a.type, o.ha), hookFor(b.type, o.hb)];
    }
    case 'name': {
      const n = pick(o.n);
      return n ? ['ngctl', 'name', addr(n), `n${o.suffix}`] : null;
    }
    case 'rmhook': {
      const n = pick(o.n);
      const h = n?.hooks[o.h % Math.max(n.hooks.length, 1)];
      return n && h ? ['ngctl', 'rmhook', addr(n), h.name] : null;
    }
    case 'shutdown': {
      const n = pick(o.n);
      return n ? ['ngctl', 'shutdown', addr(n)] : null;
    }
    case 'persist': {
      const n = pick(o.n);
      return n && (n.type === 'bridge' || n.type === 'hub') ? ['ngctl', 'msg', addr(n), 'setpersistent'] : null;
    }
  }
}

const byId = (a: NgNode, b: NgNode) => nodeIdValue(a.id) - nodeIdValue(b.id);

/** The listing run's own socket node is in its output but gone from the state afterwards. */
function withoutListingSocket(nodes: NgNode[], before: NgNode[]): NgNode[] {
  const known = new Set(before.map((n) => n.id));
  const extra = nodes.filter((n) => !known.has(n.id));
  expect(extra).toHaveLength(1);
  expect(extra[0]).toMatchObject({ type: 'socket', hooks: [] });
  expect(extra[0]!.name).toMatch(/^ngctl\d+$/);
  return nodes.filter((n) => known.has(n.id)).sort(byId);
}

describe.each(['14.3-RELEASE', '12.4-RELEASE'])('observed through ngctl output on %s', (release) => {
  it('list -l and dot parse back to the emulator state', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 60 }), async (ops) => {
        const state = newState({ release });
        for (const o of ops) {
          const argv = toArgv(state, o);
          if (argv) await runCommand(state, argv);
        }
        // list -l and dot carry the topology, not ng_bridge counters and tables.
        const expected = simSnapshot(state).netgraph.nodes.map(nodeWithoutTraffic);

        const listL = await runCommand(state, ['ngctl', 'list', '-l']);
        expect(listL.code).toBe(0);
        const parsedL = parseNgctlListL(listL.stdout);
        if (!parsedL.ok) throw new Error(`list -l did not parse: ${JSON.stringify(parsedL.errors)}\n${listL.stdout}`);
        expect(withoutListingSocket(nodesFromListL(parsedL.value), expected)).toEqual(expected);

        const dot = await runCommand(state, ['ngctl', 'dot']);
        expect(dot.code).toBe(0);
        const parsedDot = parseNgctlDot(dot.stdout);
        if (!parsedDot.ok) throw new Error(`dot did not parse: ${JSON.stringify(parsedDot.errors)}\n${dot.stdout}`);
        expect(withoutListingSocket(nodesFromDot(parsedDot.value), expected)).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});
