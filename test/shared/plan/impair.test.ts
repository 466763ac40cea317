// Impaired links in the planner: the wiki example built on the emulated host,
// observed as a design (what `ngstudio snapshot --format design` prints), then
// impaired, re-numbered and un-impaired; pipes found spliced in by others; the
// exports showing the pipe like any other node.
import { beforeAll, describe, expect, it } from 'vitest';
import { applyDesign } from '../../../agent/engine/apply.js';
import { memorySimBackend, type MemorySimBackend } from '../../../agent/host/sim/backend.js';
import { newState } from '../../../agent/host/sim/new-state.js';
import { runCommand } from '../../../agent/host/sim/cmd/index.js';
import { designFromSnapshot } from '../../../shared/design/from-snapshot.js';
import type { Design, DesignImpair } from '../../../shared/design/types.js';
import { parseDesign } from '../../../shared/design/parse.js';
import { exportDesign } from '../../../shared/export/index.js';
import { describe as describeChange } from '../../../shared/plan/describe.js';
import { emptyLedger, type Ledger } from '../../../shared/plan/ledger.js';
import { plan } from '../../../shared/plan/plan.js';
import { pipeName } from '../../../shared/plan/pipes.js';
import { tracePath } from '../../../shared/path/trace.js';
import type { HostSnapshot } from '../../../shared/model/snapshot.js';
import { validateNodeName } from '../../../shared/model/names.js';
import { wiki } from './helpers.js';

/** `d` with `impair` on its link to ng_test2 (undefined: none). */
function withImpair(d: Design, impair: DesignImpair | undefined): Design {
  return {
    ...d,
    links: d.links.map((l) => {
      if (l.b.node !== 'ng_test2') return l;
      const { impair: _old, ...plain } = l;
      return impair === undefined ? plain : { ...plain, impair };
    }),
  };
}

/** One line per step: impact, type, description, commands. */
const steps = (s: HostSnapshot, d: Design, ledger: Ledger): string[] =>
  plan(s, d, ledger).changes.map((c) => `${c.impact} ${c.type}: ${describeChange(c)} | ${c.commands.map((x) => x.argv.join(' ')).join(' ; ')}`);

let host: MemorySimBackend;
let ledger: Ledger;
let observed: Design;

beforeAll(async () => {
  host = memorySimBackend(newState());
  ledger = (await applyDesign(host, { design: wiki, ledger: emptyLedger() })).ledger;
  observed = designFromSnapshot(await host.observe());
});

describe('planning an impaired link', () => {
  it('splices a pipe into br0:link2 ↔ ng_test2:ether, named after the link, configured with setcfg in microseconds', async () => {
    const d = withImpair(observed, { delayMs: 50 });
    expect(parseDesign(d).ok).toBe(true);
    expect(steps(await host.observe(), d, ledger)).toEqual([
      'destroy disconnect: unlink br0:link2 from ng_test2:ether | ngctl rmhook br0: link2',
      'create create-node: create pipe node pipe_br0_link2, linked from br0:link2 to its hook upper | ngctl mkpeer br0: pipe link2 upper',
      'create name-node: name the node at br0:link2 pipe_br0_link2 | ngctl name br0:link2 pipe_br0_link2',
      'create connect: link pipe_br0_link2:lower to ng_test2:ether | ngctl connect pipe_br0_link2: ng_test2: lower ether',
      'update pipe-config: set pipe pipe_br0_link2 on link br0:link2 ↔ ng_test2:ether with setcfg: 50 ms | ngctl msg pipe_br0_link2: setcfg { delay=50000 }',
    ]);
    const p = plan(await host.observe(), d, ledger);
    expect(p.notes).toEqual([]);
    expect(p.changes.map((c) => c.phase)).toEqual(['teardown-netgraph', 'build-netgraph', 'build-netgraph', 'build-netgraph', 'build-netgraph']);
  });

  it('changing only the numbers is one setcfg, in place, with what changed (-1 for a field back to 0)', async () => {
    const b = memorySimBackend(structuredClone(host.state));
    const out = await applyDesign(b, { design: withImpair(observed, { delayMs: 50, lossPct: 1 }), ledger });
    expect(out.report.mismatches).toEqual([]);
    const now = await b.observe();
    expect(steps(now, withImpair(observed, { delayMs: 20, lossPct: 1 }), out.ledger)).toEqual([
      'update pipe-config: set pipe pipe_br0_link2 on link br0:link2 ↔ ng_test2:ether with setcfg: 20 ms · 1% loss | ngctl msg pipe_br0_link2: setcfg { delay=20000 }',
    ]);
    expect(steps(now, withImpair(observed, { bandwidthKbit: 512, upstream: { lossPct: 1 } }), out.ledger)).toEqual([
      'update pipe-config: set pipe pipe_br0_link2 on link br0:link2 ↔ ng_test2:ether with setcfg: 512 kbit/s · ng_test2→br0 1% loss'
        + ' | ngctl msg pipe_br0_link2: setcfg { delay=-1 downstream={ bandwidth=512000 BER=-1 } upstream={ bandwidth=512000 } }',
    ]);
    // The same impairment in other words (the BER that 1 % maps to) needs nothing.
    expect(steps(now, withImpair(observed, { delayMs: 50, ber: 1205134 }), out.ledger)).toEqual([]);
  });

  it('removing the impairment shuts the pipe down, and the kernel links br0:link2 and ng_test2:ether again', async () => {
    const b = memorySimBackend(structuredClone(host.state));
    const out = await applyDesign(b, { design: withImpair(observed, { delayMs: 50 }), ledger });
    expect(out.ledger.owned).toContainEqual({ kind: 'node', name: 'pipe_br0_link2' });
    expect(steps(await b.observe(), observed, out.ledger)).toEqual([
      'destroy shutdown-node: shut down pipe node pipe_br0_link2; the kernel links br0:link2 and ng_test2:ether to each other again as it goes | ngctl shutdown pipe_br0_link2:',
    ]);
    const back = await applyDesign(b, { design: observed, ledger: out.ledger });
    expect(back.report.mismatches).toEqual([]);
    expect(back.ledger.owned).not.toContainEqual({ kind: 'node', name: 'pipe_br0_link2' });
    const s = await b.observe();
    const br0 = s.netgraph.nodes.find((n) => n.name === 'br0')!;
    const t2 = s.netgraph.nodes.find((n) => n.name === 'ng_test2')!;
    expect(br0.hooks).toContainEqual({ hook: 'link2', peerId: t2.id, peerHook: 'ether', counters: expect.any(Object) });
    expect(s.netgraph.nodes.some((n) => n.type === 'pipe')).toBe(false);
  });

  it('un-impairing a link of a bridge that is dropped too still unhooks the pipe first (no bypass to a dying node)', async () => {
    const b = memorySimBackend(structuredClone(host.state));
    const out = await applyDesign(b, { design: withImpair(observed, { delayMs: 50 }), ledger });
    const noTest2 = { ...observed, nodes: observed.nodes.filter((n) => n.name !== 'ng_test2'), links: observed.links.filter((l) => l.b.node !== 'ng_test2'), jails: observed.jails.filter((j) => j.name !== 'test2') };
    const p = plan(await b.observe(), noTest2, out.ledger);
    expect(p.changes.filter((c) => c.type === 'shutdown-node').map(describeChange)).toContain('shut down pipe node pipe_br0_link2');
    const back = await applyDesign(b, { design: noTest2, ledger: out.ledger });
    expect(back.report.mismatches).toEqual([]);
  });

  it('adopts a pipe someone spliced in the other way round: its config is compared and set per its own hooks', async () => {
    const s = structuredClone(host.state);
    const run = async (argv: string[], stdin?: string): Promise<void> => {
      const r = await runCommand(s, argv, stdin === undefined ? {} : { readStdin: async () => stdin });
      expect(r.stderr).toBe('');
    };
    await run(['ngctl', '-f', '-'], 'rmhook br0: link2\nmkpeer br0: pipe link2 lower\nname br0:link2 theirs\nconnect theirs: ng_test2: upper ether\nmsg theirs: setcfg { delay=7000 upstream={ BER=99 } }\n');
    const now = memorySimBackend(s);
    const seen = designFromSnapshot(await now.observe());
    // Folded into the link with the pipe's upper side as `a`: ng_test2 → br0, loss on what ng_test2 receives.
    expect(seen.links.find((l) => l.impair)).toEqual({ a: { node: 'ng_test2', hook: 'ether' }, b: { node: 'br0', hook: 'link2' }, impair: { delayMs: 7, upstream: { ber: 99 } } });
    expect(seen.nodes.some((n) => n.type === 'pipe')).toBe(false);
    expect(plan(await now.observe(), seen, ledger).changes).toEqual([]);
    // Written the other way round, the same link is the same pipe: frames from br0 (its lower side) are its upstream.
    const mine = withImpair(observed, { delayMs: 7, upstream: { ber: 5 } });
    expect(steps(await now.observe(), mine, ledger)).toEqual([
      'update pipe-config: set pipe theirs on link br0:link2 ↔ ng_test2:ether with setcfg: 7 ms · ng_test2→br0 100% loss (BER 1/5) | ngctl msg theirs: setcfg { downstream={ BER=5 } upstream={ BER=-1 } }',
    ]);
    // Not ngstudio's pipe, and the design drops the impairment: left alone, and said so.
    const p = plan(await now.observe(), observed, ledger);
    expect(p.changes).toEqual([]);
    expect(p.notes.map((n) => `${n.severity}: ${n.message}`)).toEqual([
      'blocker: hook br0:link2 goes through pipe node theirs, which ngstudio did not create; impair the link to keep it, or list {"kind": "node", "name": "theirs"} under delete to remove it',
    ]);
    // Listed for deletion, it goes, and the kernel links its two peers as it goes.
    expect(steps(await now.observe(), { ...observed, delete: [{ kind: 'node', name: 'theirs' }] }, ledger)).toEqual([
      'destroy shutdown-node: shut down pipe node theirs; the kernel links ng_test2:ether and br0:link2 to each other again as it goes | ngctl shutdown theirs:',
    ]);
  });

  it('sets every field when the pipe\'s configuration could not be read', async () => {
    const b = memorySimBackend(structuredClone(host.state));
    const out = await applyDesign(b, { design: withImpair(observed, { delayMs: 50 }), ledger });
    const s = await b.observe();
    const blind = { ...s, netgraph: { ...s.netgraph, nodes: s.netgraph.nodes.map(({ pipe: _p, ...n }) => n) } };
    const [c] = plan(blind, withImpair(observed, { delayMs: 50 }), out.ledger).changes;
    expect(c!.commands[0]!.argv.join(' ')).toBe(
      'ngctl msg pipe_br0_link2: setcfg { delay=50000 header_offset=-1 overhead=-1 '
      + 'downstream={ bandwidth=-1 BER=-1 queuelen=50 delaylen=-1 duplicate=-1 fifo=1 droptail=1 } '
      + 'upstream={ bandwidth=-1 BER=-1 queuelen=50 delaylen=-1 duplicate=-1 fifo=1 droptail=1 } }',
    );
  });
});

describe('path tracing through an impaired link', () => {
  it('passes a delayed, lossy link, and stops where the pipe loses every frame', async () => {
    const b = memorySimBackend(structuredClone(host.state));
    const out = await applyDesign(b, { design: withImpair(observed, { delayMs: 50, lossPct: 5 }), ledger });
    for (const j of ['test1', 'test2']) expect((await b.run(['jexec', j, 'ifconfig', `ng_${j}`, 'up'])).code).toBe(0);
    const lossy = tracePath(await b.observe(), 'test1', 'test2');
    expect('error' in lossy ? lossy.error : lossy.reachable).toBe(true);
    await applyDesign(b, { design: withImpair(observed, { delayMs: 50, upstream: { lossPct: 100 } }), ledger: out.ledger });
    const dead = tracePath(await b.observe(), 'test1', 'test2');
    expect('error' in dead ? dead.error : [dead.reachable, dead.breaks?.reason]).toEqual([false, 'pipe_br0_link2 loses every frame from lower to upper (BER 1: every bit in error)']);
  });
});

describe('pipe names', () => {
  it('are pipe_<node>_<hook>, or shortened with a hash: valid, at most 31 characters, distinct', () => {
    const link = (node: string, hook: string) => ({ a: { node, hook }, b: { node: 'x', hook: 'y' } });
    expect(pipeName(link('br0', 'link2'), new Set())).toBe('pipe_br0_link2');
    const long = pipeName(link('a_rather_long_bridge_name', 'uplink12'), new Set());
    const unnamed = pipeName(link('[2a]', 'inet/stream/tcp'), new Set());
    const taken = pipeName(link('br0', 'link2'), new Set(['pipe_br0_link2']));
    for (const n of [long, unnamed, taken]) {
      expect(validateNodeName(n)).toBeNull();
      expect(n.length).toBeLessThanOrEqual(31);
    }
    expect(long).toMatch(/^pipe_a_rather_long_bri[a-z_]*_[0-9a-f]{8}$/);
    expect(new Set([long, unnamed, taken, 'pipe_br0_link2']).size).toBe(4);
    expect(pipeName(link('a_rather_long_bridge_name', 'uplink12'), new Set())).toBe(long);
  });
});

describe('exports of an impaired design', () => {
  const d = withImpair(wiki, { delayMs: 50, bandwidthKbit: 1000 });

  it('build the pipe in the ngctl and sh scripts, with ng_pipe among the modules', () => {
    const ng = exportDesign(d, 'ngctl');
    expect(ng.ok && ng.text).toContain('mkpeer br0: pipe link2 upper\nname br0:link2 pipe_br0_link2\nmkpeer pipe_br0_link2: eiface lower ether\n');
    expect(ng.ok && ng.text).toContain('msg pipe_br0_link2: setcfg { delay=50000 downstream={ bandwidth=1000000 } upstream={ bandwidth=1000000 } }\n');
    const sh = exportDesign(d, 'sh');
    expect(sh.ok && sh.text).toContain("kldload -n 'ng_socket' 'ng_bridge' 'ng_eiface' 'ng_pipe'");
  });

  it('draws the pipe as ngctl dot would once built', () => {
    const dot = exportDesign(d, 'dot');
    expect(dot.ok && dot.text).toContain('[ label = "{pipe_br0_link2:|{pipe|[5]:}}" ]');
    expect(dot.ok && dot.text).toContain('"5.upper" -- "1.link2";\n\t"5.lower" -- "4.ether";');
  });

  it('makes the jail that holds ng_test2 splice the pipe in prestart and shut it down in poststop', () => {
    const jc = exportDesign(d, 'jail.conf');
    const test2 = jc.ok ? jc.text.slice(jc.text.indexOf('test2 {')) : '';
    expect(test2).toContain("'mkpeer br0: pipe link2 upper'");
    expect(test2).toContain('exec.poststop += "ngctl shutdown pipe_br0_link2:";\n\texec.poststop += "ngctl shutdown ng_test2:";');
    expect(jc.ok && jc.text.slice(0, jc.text.indexOf('test2 {'))).not.toContain('pipe');
  });
});
