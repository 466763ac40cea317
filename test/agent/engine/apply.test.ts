// The apply engine on the emulated host: progress per step, one ngctl process
// per netgraph phase, ledger and re-plan after success; stop + undo + report
// on failure; stale plans and concurrent applies refused.
import { describe, expect, it } from 'vitest';
import { applyDesign, applyPlan, createApplyGate } from '../../../agent/engine/apply.js';
import { isApplyError, type ApplyError } from '../../../agent/engine/apply/errors.js';
import { memorySimBackend } from '../../../agent/host/sim/backend.js';
import { newState } from '../../../agent/host/sim/new-state.js';
import { designFromSnapshot } from '../../../shared/design/from-snapshot.js';
import { emptyLedger } from '../../../shared/plan/ledger.js';
import { plan } from '../../../shared/plan/plan.js';
import type { ApplyProgress, ApplyReport } from '../../../shared/protocol/rpc.js';
import { emptyDesign, hostEssence, wiki } from './apply-helpers.js';

async function caught(p: Promise<unknown>): Promise<ApplyError> {
  try {
    await p;
  } catch (e) {
    if (isApplyError(e)) return e;
    throw e;
  }
  throw new Error('expected the apply to fail');
}

describe('applyDesign on the emulated host', () => {
  it('builds the wiki example with progress, one ngctl process per netgraph phase, and a clean re-plan', async () => {
    const b = memorySimBackend(newState());
    const events: ApplyProgress[] = [];
    const out = await applyDesign(b, { design: wiki, ledger: emptyLedger(), onProgress: (e) => events.push(e) });
    const p = plan(await memorySimBackend(newState()).observe(), wiki, emptyLedger());
    expect(out.report).toMatchObject({ ok: true, of: p.changes.length, applied: p.changes.length, mismatches: [] });
    const netgraphSteps = p.changes.filter((c) => c.phase === 'build-netgraph').length;
    const ifnameSteps = p.changes.filter((c) => c.type === 'get-ifname').length;
    const otherCommands = p.changes.filter((c) => c.phase !== 'build-netgraph' && c.type !== 'get-ifname').flatMap((c) => c.commands).length;
    // One ngctl -f for the netgraph phase, one for all the getifname questions, one process per other command.
    expect(ifnameSteps).toBe(3);
    expect(b.runCount()).toBe(1 + 1 + otherCommands);
    expect(out.report.processes).toBe(1 + 1 + otherCommands);
    expect(netgraphSteps).toBeGreaterThan(1);
    // Every step runs and finishes once, in order.
    expect(events.filter((e) => e.status === 'done').map((e) => e.step)).toEqual(p.changes.map((_, i) => i + 1));
    expect(events.every((e) => e.of === p.changes.length && e.change.length > 0)).toBe(true);
    const d = designFromSnapshot(await b.observe());
    expect(d.jails.map((j) => [j.name, j.interfaces])).toEqual([['test1', ['ng_test1']], ['test2', ['ng_test2']]]);
    expect(d.links).toHaveLength(3);
    expect(out.ledger.owned).toEqual(expect.arrayContaining([{ kind: 'node', name: 'br0' }, { kind: 'jail', name: 'test1' }, { kind: 'interface', name: 'ng_host' }]));
  });

  it('tears down with the ledger it got', async () => {
    const b = memorySimBackend(newState());
    const before = hostEssence(await b.observe());
    const built = await applyDesign(b, { design: wiki, ledger: emptyLedger() });
    const gone = await applyDesign(b, { design: emptyDesign(), ledger: built.ledger });
    expect(gone.report.mismatches).toEqual([]);
    expect(gone.ledger.owned).toEqual([]);
    expect(hostEssence(await b.observe())).toEqual(before);
  });

  it('stops at a failing command, undoes what it did and reports command, exit code and stderr', async () => {
    const state = newState();
    const b = memorySimBackend(state);
    const before = hostEssence(await b.observe());
    state.faults = [{ match: ['jail', '-c'], nth: 2, code: 1, stderr: 'jail: jail_set: Operation not permitted' }];
    const events: ApplyProgress[] = [];
    const e = await caught(applyDesign(b, { design: wiki, ledger: emptyLedger(), onProgress: (x) => events.push(x) }));
    expect(e.code).toBe('host-error');
    const r = e.details as ApplyReport;
    expect(r.ok).toBe(false);
    expect(r.failure).toMatchObject({ command: ['jail', '-c', 'name=test2', 'path=/jails/test2', 'vnet', 'persist', 'vnet.interface=ng_test2'], exitCode: 1, stderr: 'jail: jail_set: Operation not permitted\n', change: 'create jail test2' });
    expect(e.message).toContain('Operation not permitted');
    expect(r.undone).toEqual(expect.arrayContaining(['remove jail test1']));
    expect(r.leftovers).toEqual([]);
    expect(events.filter((x) => x.status === 'failed').map((x) => x.change)).toEqual(['create jail test2']);
    expect(events.some((x) => x.status === 'undone' && x.change === 'create jail test1')).toBe(true);
    expect(hostEssence(await b.observe())).toEqual(before);
    expect(e.ledger?.owned).toEqual([]);
  });

  it('undoes a half-applied ngctl script (the lines before the failing one took effect)', async () => {
    const state = newState();
    const b = memorySimBackend(state);
    const before = hostEssence(await b.observe());
    state.faults = [{ match: ['ngctl', '-f', '-'], line: 'mkpeer br0: eiface link1 ether', code: 71, stderr: 'ngctl: send msg: No buffer space available' }];
    const e = await caught(applyDesign(b, { design: wiki, ledger: emptyLedger() }));
    const r = e.details as ApplyReport;
    expect(r.failure).toMatchObject({ command: ['ngctl', '-f', '-'], exitCode: 71, scriptText: 'mkpeer br0: eiface link1 ether' });
    expect(r.failure?.stderr).toContain('line ');
    expect(r.failure?.change).toMatch(/create eiface node ng_test1/);
    expect(r.undone?.length).toBeGreaterThan(0);
    expect(hostEssence(await b.observe())).toEqual(before);
  });

  it('refuses a plan made against a host that changed since, naming what changed', async () => {
    const state = newState();
    const b = memorySimBackend(state);
    const basedOn = { ...(await b.observe()), version: 7 };
    state.faults = [];
    await b.run(['ifconfig', 'epair', 'create']);
    const e = await caught(applyDesign(b, { design: wiki, ledger: emptyLedger(), basedOn }));
    expect(e.code).toBe('stale');
    expect(e.message).toMatch(/version 7.*interface epair0a appeared/);
    expect(b.runCount()).toBe(1);
  });

  it('does not call a plan stale when only traffic moved since (counters, bridge tables)', async () => {
    const state = newState();
    const b = memorySimBackend(state);
    const observed = await b.observe();
    const basedOn = structuredClone({ ...observed, version: 7 });
    // The client's snapshot had counters from an earlier poll.
    basedOn.interfaces[0]!.counters = { inPackets: 1, outPackets: 1, inBytes: 98, outBytes: 98 };
    const out = await applyDesign(b, { design: wiki, ledger: emptyLedger(), basedOn });
    expect(out.report.failure).toBeUndefined();
    expect(b.runCount()).toBeGreaterThan(0);
  });

  it('refuses a design whose plan has blockers, before running anything', async () => {
    const b = memorySimBackend(newState());
    await b.run(['ifconfig', 'epair', 'create']);
    const d = { ...emptyDesign(), epairs: [{ a: { name: 'epair0a' }, b: { name: 'other' } }] };
    const e = await caught(applyDesign(b, { design: d, ledger: emptyLedger() }));
    expect(e.code).toBe('bad-params');
    expect(b.runCount()).toBe(1);
  });

  it('refuses a backend that can only observe', async () => {
    const inner = memorySimBackend(newState());
    const ro = { kind: inner.kind, capabilities: [], observe: () => inner.observe(), close: () => inner.close() };
    const e = await caught(applyPlan(ro, plan(await inner.observe(), wiki, emptyLedger()), { design: wiki, ledger: emptyLedger(), before: await inner.observe() }));
    expect(e.message).toMatch(/can only observe/);
  });

  it('cancels between steps and undoes', async () => {
    const b = memorySimBackend(newState());
    const before = hostEssence(await b.observe());
    const ac = new AbortController();
    const e = await caught(applyDesign(b, { design: wiki, ledger: emptyLedger(), signal: ac.signal, onProgress: (x) => x.status === 'done' && x.step === 10 && ac.abort() }));
    expect((e.details as ApplyReport).failure?.message).toMatch(/cancelled/);
    expect(hostEssence(await b.observe())).toEqual(before);
  });
});

describe('the apply gate', () => {
  it('refuses a second apply while one runs, and frees itself after', async () => {
    const gate = createApplyGate();
    let release!: () => void;
    const first = gate.run('apply of a', () => new Promise<string>((r) => (release = () => r('a'))));
    const e = await caught(gate.run('apply of b', async () => 'b'));
    expect(e.code).toBe('busy');
    expect(e.message).toMatch(/another apply is running \(apply of a\)/);
    release();
    expect(await first).toBe('a');
    expect(await gate.run('apply of c', async () => 'c')).toBe('c');
  });
});
