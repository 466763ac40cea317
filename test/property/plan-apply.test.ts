// The big property: applying plan(a, b) with the emulated FreeBSD commands to
// a host in state a yields a host whose observation is design b. The applier
// here is test-only and minimal: each netgraph phase as one `ngctl -f -`
// script, every other command alone, captured values substituted.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { plan } from '../../shared/plan/plan.js';
import { emptyLedger, ledgerAfter, type Ledger } from '../../shared/plan/ledger.js';
import { PHASES, isNetgraphPhase, type Arg, type Plan } from '../../shared/plan/types.js';
import { render } from '../../shared/plan/render.js';
import { designFromSnapshot } from '../../shared/design/from-snapshot.js';
import type { Design } from '../../shared/design/types.js';
import { runCommand } from '../../agent/host/sim/cmd/index.js';
import { newState } from '../../agent/host/sim/new-state.js';
import { simSnapshot } from '../../agent/host/sim/snapshot.js';
import type { SimState } from '../../agent/host/sim/state.js';
import { designArb } from './plan-arbitraries.js';
import { wiki } from '../shared/plan/helpers.js';

/** Runs a plan against the emulated host; throws with the failing command and its stderr. */
async function apply(state: SimState, p: Plan): Promise<void> {
  const vars = new Map<string, string>();
  const arg = (a: Arg): string => {
    if (typeof a === 'string') return a;
    const v = vars.get(a.ref) ?? '';
    return a.epairB ? `${v.replace(/a$/, '')}b` : v;
  };
  for (const phase of PHASES) {
    const changes = p.changes.filter((c) => c.phase === phase);
    if (changes.length === 0) continue;
    if (isNetgraphPhase(phase)) {
      const script = changes.flatMap((c) => c.commands).map((c) => c.argv.slice(1).map(arg).join(' ')).join('\n');
      const r = await runCommand(state, ['ngctl', '-f', '-'], { readStdin: async () => `${script}\n` });
      if (r.code !== 0) throw new Error(`ngctl -f - failed (${r.code}): ${r.stderr}\n${script}`);
      continue;
    }
    for (const cmd of changes.flatMap((c) => c.commands)) {
      const argv = cmd.argv.map(arg);
      const r = await runCommand(state, argv);
      if (r.code !== 0) throw new Error(`${argv.join(' ')} failed (${r.code}): ${r.stderr}`);
      if (cmd.capture?.from === 'stdout-line') vars.set(cmd.capture.var, r.stdout.split('\n')[0]?.trim() ?? '');
      if (cmd.capture?.from === 'getifname') vars.set(cmd.capture.var, /^Args:\s+"(.*)"$/m.exec(r.stdout)?.[1] ?? '');
    }
  }
}

/**
 * What a design says, in a form two equal hosts share: order-free, observable
 * fields only, and a MAC only where `wanted` asks for one (the kernel picks the rest).
 */
function essence(d: Design, wanted: Design): unknown {
  const sort = <T>(xs: T[]): T[] => [...xs].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  const wantMac = new Set([...wanted.nodes.filter((n) => n.mac).map((n) => n.name), ...wanted.epairs.flatMap((e) => [e.a, e.b]).filter((e) => e.mac).map((e) => e.name)]);
  const mac = (name: string, m: string | undefined): string => (wantMac.has(name) ? (m ?? '') : '');
  return {
    nodes: sort(d.nodes.map((n) => ({ name: n.name, type: n.type, ifname: n.ifname, mac: mac(n.name, n.mac) }))),
    links: sort(d.links.map((l) => sort([`${l.a.node}:${l.a.hook}`, `${l.b.node}:${l.b.hook}`]))),
    epairs: sort(d.epairs.map((e) => sort([`${e.a.name}=${mac(e.a.name, e.a.mac)}`, `${e.b.name}=${mac(e.b.name, e.b.mac)}`]))),
    bridges: sort(d.bridges.map((b) => ({ name: b.name, members: sort(b.members) }))),
    jails: sort(d.jails.map((j) => ({ name: j.name, path: j.path, vnet: j.vnet, interfaces: sort(j.interfaces) }))),
  };
}

/** Builds design `d` on `state` (owned per `ledger`), returning the new ledger. */
async function converge(state: SimState, d: Design, ledger: Ledger): Promise<Ledger> {
  const p = plan(simSnapshot(state), d, ledger);
  expect(p.notes).toEqual([]);
  try {
    await apply(state, p);
  } catch (e) {
    throw new Error(`${(e as Error).message}\n--- plan ---\n${render(p, 'sh-lines')}`);
  }
  expect(essence(designFromSnapshot(simSnapshot(state)), d)).toEqual(essence(d, d));
  return ledgerAfter(ledger, p);
}

describe('applying a plan on the emulated host', () => {
  it('builds the FreeBSD wiki example, and tears it down again', async () => {
    const state = newState();
    const ledger = await converge(state, wiki, emptyLedger());
    expect(plan(simSnapshot(state), wiki, ledger).changes).toEqual([]);
    await converge(state, { format: 1, nodes: [], links: [], epairs: [], bridges: [], jails: [] }, ledger);
  });

  it('turns any host a (built by ngstudio) into any design b', async () => {
    await fc.assert(fc.asyncProperty(designArb, designArb, async (a, b) => {
      const state = newState();
      const ledger = await converge(state, a, emptyLedger());
      const after = await converge(state, b, ledger);
      expect(plan(simSnapshot(state), b, after).changes).toEqual([]);
    }), { numRuns: 60 });
  });
});
