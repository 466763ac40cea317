// Fault injection: for a plan of k steps, make step i fail for every i in turn
// (and, in a netgraph phase, every script line, so ngctl leaves the lines
// before it applied). Each time the apply must stop, undo, and leave the host
// as it was — nothing leaked — and its report must name the failing command
// and its stderr. Plans: the FreeBSD wiki example from an empty host, its
// teardown, a mixed plan (teardown + build + a MAC change), and an ng_pipe
// spliced into a link, re-configured and taken out again (nothing is left
// half-spliced: the undo puts the direct link, or the old settings, back).
import { describe, expect, it } from 'vitest';
import { applyDesign } from '../../agent/engine/apply.js';
import { isApplyError } from '../../agent/engine/apply/errors.js';
import { memorySimBackend } from '../../agent/host/sim/backend.js';
import { newState } from '../../agent/host/sim/new-state.js';
import type { SimFault, SimState } from '../../agent/host/sim/state.js';
import type { Design } from '../../shared/design/types.js';
import { emptyLedger, type Ledger } from '../../shared/plan/ledger.js';
import { plan } from '../../shared/plan/plan.js';
import { isNetgraphPhase, PHASES } from '../../shared/plan/types.js';
import type { ApplyReport } from '../../shared/protocol/rpc.js';
import type { HostSnapshot } from '../../shared/model/snapshot.js';
import { emptyDesign, hostEssence, wiki } from '../agent/engine/apply-helpers.js';

interface Invocation { argv: string[]; stdin?: string }

/** Runs the apply on a copy of `state`, recording every host command (the dry run the faults are aimed from). */
async function record(state: SimState, design: Design, ledger: Ledger): Promise<Invocation[]> {
  const b = memorySimBackend(structuredClone(state));
  const log: Invocation[] = [];
  const run = b.run.bind(b);
  b.run = (argv, o) => (log.push({ argv, ...(o?.stdin !== undefined ? { stdin: o.stdin } : {}) }), run(argv, o));
  await applyDesign(b, { design, ledger });
  return log;
}

const same = (a: string[], b: string[]): boolean => a.length === b.length && a.every((w, i) => w === b[i]);

/** One fault per step's first command, per netgraph script line, and per whole ngctl -f process. */
function faultsFor(log: Invocation[]): { fault: SimFault; expectCommand: string[]; line?: string }[] {
  const out: { fault: SimFault; expectCommand: string[]; line?: string }[] = [];
  log.forEach((inv, k) => {
    const nth = 1 + log.slice(0, k).filter((x) => same(x.argv, inv.argv)).length;
    out.push({ fault: { match: inv.argv, nth, code: 70 + (k % 3), stderr: `injected failure ${k}` }, expectCommand: inv.argv });
    if (inv.stdin === undefined) return;
    const before = log.slice(0, k).flatMap((x) => (x.stdin ?? '').split('\n'));
    const lines = inv.stdin.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    lines.forEach((line, j) => {
      const n = 1 + [...before, ...lines.slice(0, j)].filter((l) => l === line).length;
      out.push({ fault: { match: ['ngctl', '-f', '-'], line, nth: n, code: 71, stderr: `ngctl: send msg: injected at ${line}` }, expectCommand: inv.argv, line });
    });
  });
  return out;
}

/** Names of everything on the host (the leak check: no extra nodes, interfaces, jails). */
function names(s: HostSnapshot): string[] {
  return [
    ...s.netgraph.nodes.filter((n) => n.type !== 'socket').map((n) => `node ${n.name ?? `[${n.id}]`}`),
    ...s.interfaces.map((i) => `if ${i.jail ?? ''}/${i.name}`),
    ...s.jails.map((j) => `jail ${j.name}`),
  ].sort();
}

/** Checks every fault of one scenario; returns how many were tried. */
async function everyFault(state: SimState, design: Design, ledger: Ledger): Promise<number> {
  const p = plan(await memorySimBackend(structuredClone(state)).observe(), design, ledger);
  expect(p.notes).toEqual([]);
  const log = await record(state, design, ledger);
  // One process per netgraph phase, one per run of consecutive getifname questions, one per other command.
  const phases = PHASES.filter((ph) => isNetgraphPhase(ph) && p.changes.some((c) => c.phase === ph)).length;
  const ordered = PHASES.flatMap((ph) => p.changes.filter((c) => c.phase === ph));
  const ifnameRuns = ordered.filter((c, i) => c.type === 'get-ifname' && ordered[i - 1]?.type !== 'get-ifname').length;
  const others = ordered.filter((c) => !isNetgraphPhase(c.phase) && c.type !== 'get-ifname').flatMap((c) => c.commands).length;
  expect(log).toHaveLength(phases + ifnameRuns + others);
  const cases = faultsFor(log);
  for (const c of cases) {
    const s = structuredClone(state);
    s.faults = [c.fault];
    const b = memorySimBackend(s);
    const before = await b.observe();
    let err: unknown = null;
    try {
      await applyDesign(b, { design, ledger });
    } catch (e) {
      err = e;
    }
    const what = `fault ${JSON.stringify(c.fault)}`;
    expect(isApplyError(err), what).toBe(true);
    if (!isApplyError(err)) continue;
    expect(err.code, what).toBe('host-error');
    const r = err.details as ApplyReport;
    expect(r.failure?.command, what).toEqual(c.expectCommand);
    expect(r.failure?.stderr, what).toContain(c.fault.stderr);
    expect(r.failure?.exitCode, what).toBe(c.fault.code);
    if (c.line !== undefined) expect(r.failure?.scriptText, what).toBe(c.line);
    expect(r.leftovers, what).toEqual([]);
    const after = await b.observe();
    expect(names(after), what).toEqual(names(before));
    expect(hostEssence(after), what).toEqual(hostEssence(before));
    expect(s.faults, `${what} was consumed`).toEqual([]);
  }
  return cases.length;
}

/** A host with the wiki example built by ngstudio, and the ledger that says so. */
async function wikiHost(): Promise<{ state: SimState; ledger: Ledger }> {
  const b = memorySimBackend(newState());
  const out = await applyDesign(b, { design: wiki, ledger: emptyLedger() });
  return { state: b.state, ledger: out.ledger };
}

/** The wiki example changed: test2 gone, ng_host's MAC set, an epair into a new jail behind an if_bridge. */
const mixed: Design = {
  format: 1,
  nodes: wiki.nodes.filter((n) => n.name !== 'ng_test2').map((n) => (n.name === 'ng_host' ? { ...n, mac: '02:00:00:00:00:01' } : n)),
  links: wiki.links.filter((l) => l.b.node !== 'ng_test2'),
  epairs: [{ a: { name: 'e0a_web' }, b: { name: 'e0b_web' } }],
  bridges: [{ name: 'webbridge', members: ['e0a_web'] }],
  jails: [...wiki.jails.filter((j) => j.name !== 'test2'), { name: 'web', path: '/jails/web', vnet: true, interfaces: ['e0b_web'] }],
};

/** The wiki example with `impair` on the link to ng_test2. */
const impairedWiki = (impair: NonNullable<Design['links'][number]['impair']>): Design => ({
  ...wiki, links: wiki.links.map((l) => (l.b.node === 'ng_test2' ? { ...l, impair } : l)),
});

/** A host with the wiki example built by ngstudio with an impaired link to ng_test2. */
async function impairedHost(): Promise<{ state: SimState; ledger: Ledger }> {
  const { state, ledger } = await wikiHost();
  const b = memorySimBackend(state);
  const out = await applyDesign(b, { design: impairedWiki({ delayMs: 50, lossPct: 1 }), ledger });
  return { state: b.state, ledger: out.ledger };
}

describe('a failure at any step is undone without leaks', () => {
  it('building the wiki example from an empty host', async () => {
    expect(await everyFault(newState(), wiki, emptyLedger())).toBeGreaterThan(15);
  });

  it('tearing the wiki example down', async () => {
    const { state, ledger } = await wikiHost();
    expect(await everyFault(state, emptyDesign(), ledger)).toBeGreaterThan(5);
  });

  it('a mixed plan: teardown, build and an update', async () => {
    const { state, ledger } = await wikiHost();
    expect(await everyFault(state, mixed, ledger)).toBeGreaterThan(10);
  });

  it('splicing a pipe into br0:link2 ↔ ng_test2:ether: every line of the splice (rmhook, mkpeer, name, connect, setcfg)', async () => {
    const { state, ledger } = await wikiHost();
    // 2 processes + 5 script lines.
    expect(await everyFault(state, impairedWiki({ delayMs: 50, bandwidthKbit: 1000, lossPct: 1 }), ledger)).toBe(7);
  });

  it('changing the pipe\'s settings, and taking the pipe out again', async () => {
    const { state, ledger } = await impairedHost();
    // With a MAC change after it: a failure there must put the old settings back (the undo's own setcfg).
    const renumbered = impairedWiki({ delayMs: 20, upstream: { bandwidthKbit: 64 } });
    const withMac = { ...renumbered, nodes: renumbered.nodes.map((n) => (n.name === 'ng_host' ? { ...n, mac: '02:00:00:00:00:01' } : n)) };
    expect(await everyFault(state, withMac, ledger)).toBe(3);
    expect(await everyFault(state, wiki, ledger)).toBe(2);
  });
});
