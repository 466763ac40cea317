// plan(observed, design, ledger): the ordered changes that turn the observed
// host into the design, within the design's scope and the ledger's ownership.
// Pure: the same inputs always give the same plan; inputs are never mutated.
import type { HostSnapshot } from '../model/snapshot.js';
import type { Design } from '../design/types.js';
import type { Ledger } from './ledger.js';
import { makeCtx } from './context.js';
import { analyzeNetgraph } from './netgraph-analysis.js';
import { planNetgraphTeardown } from './netgraph-teardown.js';
import { planNetgraphBuild } from './netgraph-build.js';
import { planInterfaces } from './interfaces.js';
import { planJails } from './jails.js';
import { expandImpairs, planPipeConfigs } from './pipes.js';
import type { Change, Plan } from './types.js';
import { PHASES } from './types.js';

/** Design interface names that end up inside a running jail. */
function jailedInterfaces(design: Design): Set<string> {
  return new Set(design.jails.filter((j) => (j.state ?? 'running') === 'running').flatMap((j) => j.interfaces));
}

/** Computes the plan. `design` should have passed parseDesign; the planner reports, never throws, on what it cannot do. */
export function plan(observed: HostSnapshot, design: Design, ledger: Ledger): Plan {
  // Impaired links become ng_pipe nodes, planned like any other node (pipes.ts).
  const ex = expandImpairs(observed.netgraph.nodes, design);
  const ctx = makeCtx(observed, ex.design, ledger);
  const an = analyzeNetgraph(ctx);
  const teardown = planNetgraphTeardown(ctx, an);
  // Kept vlan/nat nodes that lose every hook die on their own: build them again.
  for (const name of teardown.recreate) {
    const dn = ctx.designNode.get(name);
    an.existing.delete(name);
    if (dn) an.create.push(dn);
  }
  an.create.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const build = [...planNetgraphBuild(ctx, an), ...planPipeConfigs(an, ex.pipes)];
  const modules: Change[] = an.pendingEther.size === 0 ? [] : [{
    type: 'kldload', impact: 'create', phase: 'modules', object: { kind: 'module', name: 'ng_ether' }, module: 'ng_ether',
    commands: [{ argv: ['kldload', 'ng_ether'] }],
  }];
  const ifp = planInterfaces(ctx, an, jailedInterfaces(design));
  const jails = planJails(ctx, ifp);
  const all = [...teardown.changes, ...build, ...modules, ...ifp.changes, ...jails];
  // Stable sort: phase order first, the order each part chose within a phase.
  const rank = (c: Change): number => PHASES.indexOf(c.phase);
  const changes = all.map((c, i) => ({ c, i })).sort((x, y) => rank(x.c) - rank(y.c) || x.i - y.i).map((x) => x.c);
  return { changes, notes: ctx.notes };
}
