// Plan and apply over a real WebSocket against a real agent on a sim state
// file: plan → apply → the snapshot is the design; progress events; a stale
// plan refused; two concurrent applies, one refused busy; a cancelled apply
// undone; the designs store.
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../../agent/host/sim/cmd/index.js';
import { withState } from '../../../agent/host/sim/store.js';
import { designFromSnapshot } from '../../../shared/design/from-snapshot.js';
import type { HostSnapshot } from '../../../shared/model/snapshot.js';
import type { ApplyProgress, ApplyReport, ErrorFrame, PlanView, ServerFrame } from '../../../shared/protocol/rpc.js';
import { startStoreAgent as start, resultOf as result } from '../server/store-agent.js';
import { wiki } from './apply-helpers.js';

/** The progress data of an `apply.progress` event frame, else null. */
function progressOf(f: ServerFrame): ApplyProgress | null {
  return f.type === 'event' && f.event === 'apply.progress' ? (f.data as ApplyProgress) : null;
}

describe('plan and apply over the WebSocket', () => {
  it('plans, applies with progress events, and the host then is the design', async () => {
    const a = await start();
    const c = await a.client();
    const p = result<PlanView>(await c.request(1, 'plan', { design: wiki }));
    expect(p.notes).toEqual([]);
    expect(p.changes[0]).toMatchObject({ step: 1, phase: 'build-netgraph', describe: expect.any(String), commands: ['ngctl mkpeer . bridge ngctl0 link3'] });
    expect(p.script).toContain("ngctl -f - <<'EOF'");
    const r = result<ApplyReport>(await c.request(2, 'apply', { design: wiki, basedOn: p.basedOn }));
    expect(r).toMatchObject({ ok: true, of: p.changes.length, applied: p.changes.length, mismatches: [] });
    // Progress was pushed for every step (as events, before the result).
    const events: ApplyProgress[] = [];
    for (let i = 0; i < p.changes.length; i++) events.push(progressOf(await c.next((f) => progressOf(f)?.status === 'done'))!);
    expect(events.map((e) => e.step)).toEqual(p.changes.map((x) => x.step));
    const s = result<HostSnapshot>(await c.request(3, 'snapshot'));
    const d = designFromSnapshot(s);
    expect(d.nodes.map((n) => [n.name, n.type, n.ifname])).toEqual(wiki.nodes.map((n) => [n.name, n.type, n.ifname]));
    expect(d.links).toEqual(wiki.links);
    expect(d.jails.map((j) => ({ name: j.name, path: j.path, vnet: j.vnet, interfaces: j.interfaces }))).toEqual(wiki.jails);
    // The ledger now owns what the apply created: a teardown plan removes it.
    const down = result<PlanView>(await c.request(4, 'plan', { design: { format: 1, nodes: [], links: [], epairs: [], bridges: [], jails: [] } }));
    expect(down.changes.map((x) => x.describe)).toEqual(expect.arrayContaining(['remove jail test1', 'shut down bridge node br0']));
  });

  it('refuses a plan whose host changed since, naming the change, and an unknown version', async () => {
    const a = await start();
    const c = await a.client();
    const p = result<PlanView>(await c.request(1, 'plan', { design: wiki }));
    await withState(a.stateFile, (st) => runCommand(st, ['ifconfig', 'epair', 'create']));
    const e = await c.request(2, 'apply', { design: wiki, basedOn: p.basedOn });
    expect(e).toMatchObject({ type: 'error', error: { code: 'stale', message: expect.stringMatching(/interface epair0a appeared.*plan again/) } });
    const e2 = await c.request(3, 'apply', { design: wiki, basedOn: 999 });
    expect(e2).toMatchObject({ type: 'error', error: { code: 'stale', message: expect.stringMatching(/version 999/) } });
  });

  it('runs one apply at a time: a concurrent second one is refused busy', async () => {
    const a = await start();
    const c1 = await a.client();
    const c2 = await a.client();
    const p = result<PlanView>(await c1.request(1, 'plan', { design: wiki }));
    c1.ws.send(JSON.stringify({ id: 2, method: 'apply', params: { design: wiki, basedOn: p.basedOn } }));
    // Once the first apply reports progress it holds the gate.
    await c2.next((f) => progressOf(f) !== null);
    const second = await c2.request(3, 'apply', { design: wiki, basedOn: p.basedOn });
    expect(second).toMatchObject({ type: 'error', error: { code: 'busy' } });
    const first = await c1.next((f) => (f.type === 'result' || f.type === 'error') && f.id === 2);
    expect(result<ApplyReport>(first).ok).toBe(true);
  });

  it('reports a failed apply as host-error with the command, stderr and what was undone', async () => {
    const a = await start();
    const c = await a.client();
    await withState(a.stateFile, (st) => {
      st.faults = [{ match: ['jail', '-c'], code: 1, stderr: 'jail: jail_set: Operation not permitted' }];
      st.generation++;
    });
    const p = result<PlanView>(await c.request(1, 'plan', { design: wiki }));
    const e = (await c.request(2, 'apply', { design: wiki, basedOn: p.basedOn })) as ErrorFrame;
    expect(e.error.code).toBe('host-error');
    const r = e.error.details as ApplyReport;
    expect(r.failure).toMatchObject({ change: 'create jail test1', exitCode: 1, stderr: 'jail: jail_set: Operation not permitted\n' });
    expect(r.undone?.length).toBeGreaterThan(0);
    expect(r.leftovers).toEqual([]);
    const s = result<HostSnapshot>(await c.request(3, 'snapshot'));
    expect(s.netgraph.nodes.filter((n) => n.type !== 'socket')).toEqual([]);
  });

  it('cancels a running apply from another client: nothing more runs and what was done is undone', async () => {
    const a = await start();
    const c1 = await a.client();
    const c2 = await a.client();
    expect(result<{ cancelled: boolean }>(await c2.request(1, 'apply.cancel', {}))).toEqual({ cancelled: false });
    // The first jail takes a while to create: time to cancel while the apply is under way.
    await withState(a.stateFile, (st) => {
      st.faults = [{ match: ['jail', '-c'], code: 0, stderr: '', sleepMs: 800 }];
      st.generation++;
    });
    const p = result<PlanView>(await c1.request(2, 'plan', { design: wiki }));
    c1.ws.send(JSON.stringify({ id: 3, method: 'apply', params: { design: wiki, basedOn: p.basedOn } }));
    await c2.next((f) => progressOf(f)?.status === 'running' && progressOf(f)?.change === 'create jail test1');
    expect(result<{ cancelled: boolean }>(await c2.request(4, 'apply.cancel', {}))).toEqual({ cancelled: true });
    const e = (await c1.next((f) => (f.type === 'result' || f.type === 'error') && f.id === 3)) as ErrorFrame;
    expect(e.type).toBe('error');
    expect(e.error.code).toBe('host-error');
    const r = e.error.details as ApplyReport;
    // The jail under way was created; the next step was not run, and everything done was undone.
    expect(r.cancelled).toBe(true);
    expect(r.failure?.message).toMatch(/the apply was cancelled/);
    expect(r.failure?.change).toBe('create jail test2');
    expect(r.undone).toEqual(expect.arrayContaining([expect.stringMatching(/test1/)]));
    expect(r.leftovers).toEqual([]);
    const s = result<HostSnapshot>(await c1.request(5, 'snapshot'));
    expect(s.netgraph.nodes.filter((n) => n.type !== 'socket')).toEqual([]);
    expect(s.jails).toEqual([]);
    // Nothing runs any more.
    expect(result<{ cancelled: boolean }>(await c2.request(6, 'apply.cancel', {}))).toEqual({ cancelled: false });
  });

  it('validates and refuses bad designs and params clearly', async () => {
    const a = await start();
    const c = await a.client();
    const bad = { format: 1, nodes: [{ name: 'x:y', type: 'bridge' }], links: [], epairs: [], bridges: [], jails: [] };
    expect(result<{ ok: boolean; problems: unknown[] }>(await c.request(1, 'validate', { design: bad }))).toMatchObject({ ok: false, problems: expect.arrayContaining([expect.objectContaining({ path: 'nodes[0].name' })]) });
    expect(result<{ ok: boolean }>(await c.request(2, 'validate', { design: wiki })).ok).toBe(true);
    expect(await c.request(3, 'plan', { design: bad })).toMatchObject({ type: 'error', error: { code: 'bad-params', message: expect.stringMatching(/nodes\[0\]\.name/) } });
    expect(await c.request(4, 'apply', { design: wiki })).toMatchObject({ type: 'error', error: { code: 'bad-params', message: 'apply: missing param "basedOn"' } });
    expect(await c.request(5, 'plan', { design: [] })).toMatchObject({ type: 'error', error: { code: 'bad-params' } });
  });
});

describe('the designs store over the WebSocket', () => {
  it('puts, lists, gets and deletes; refuses bad names and invalid designs', async () => {
    const a = await start();
    const c = await a.client();
    expect(result(await c.request(1, 'designs.list'))).toEqual({ names: [] });
    expect(result(await c.request(2, 'designs.put', { name: 'wiki', design: wiki }))).toEqual({ name: 'wiki' });
    expect(result(await c.request(3, 'designs.list'))).toEqual({ names: ['wiki'] });
    expect(result(await c.request(4, 'designs.get', { name: 'wiki' }))).toEqual({ name: 'wiki', design: wiki });
    expect(await c.request(5, 'designs.put', { name: '../etc', design: wiki })).toMatchObject({ type: 'error', error: { code: 'bad-params', message: expect.stringMatching(/slash|\.\./) } });
    expect(await c.request(6, 'designs.put', { name: 'x', design: { format: 2 } })).toMatchObject({ type: 'error', error: { code: 'bad-params' } });
    expect(await c.request(7, 'designs.get', { name: 'nope' })).toMatchObject({ type: 'error', error: { code: 'bad-params', message: 'no design named "nope"' } });
    expect(result(await c.request(8, 'designs.delete', { name: 'wiki' }))).toEqual({ name: 'wiki', deleted: true });
    expect(result(await c.request(9, 'designs.list'))).toEqual({ names: [] });
  });
});
