// Handlers for designs, plans and applies: validate, plan (remembering the
// snapshot each plan was made against, so an apply can tell whether the host
// changed since), apply (one at a time, journaled, progress pushed as
// `apply.progress` events, the ledger stored whatever happens), interrupted
// applies (status, finish, undo; `recovery` events) and the designs store.
import { join } from 'node:path';
import type { HostBackend } from '../host/backend.js';
import type { HostSnapshot } from '../../shared/model/snapshot.js';
import type { Design } from '../../shared/design/types.js';
import { parseDesign } from '../../shared/design/parse.js';
import { spansHosts } from '../../shared/design/hosts.js';
import { plan as makePlan } from '../../shared/plan/plan.js';
import type { Plan } from '../../shared/plan/types.js';
import { planView } from '../../shared/plan/view.js';
import type { AgentMethods, ApplyProgress, ApplyReport, PlanView, ServerFrame, WireError } from '../../shared/protocol/rpc.js';
import { applyDesign, createApplyGate, revertTo } from '../engine/apply.js';
import { storeJournal } from '../engine/apply/journal.js';
import { adoptInterrupted, listInterrupted, recoverInterrupted } from '../engine/recovery.js';
import { isApplyError } from '../engine/apply/errors.js';
import { firstProblems } from '../store/designs.js';
import { isStoreError, type Store } from '../store/index.js';

/** What the design handlers need from the running agent. */
export interface DesignContext {
  current(): HostSnapshot | null;
  backend: HostBackend;
  store: Store;
  /** Pushes a frame to every client (apply progress). */
  broadcast(frame: ServerFrame): void;
  /** Observes now, so clients get the patch without waiting for the next poll. */
  refresh(): Promise<void>;
}

type H<M extends keyof AgentMethods> = (p: AgentMethods[M]['params']) => Promise<AgentMethods[M]['result']>;

export interface DesignHandlers {
  validate: H<'validate'>;
  plan: H<'plan'>;
  apply: H<'apply'>;
  revert: H<'revert'>;
  'apply.cancel': H<'apply.cancel'>;
  'recovery.status': H<'recovery.status'>;
  'recovery.act': H<'recovery.act'>;
  'designs.list': H<'designs.list'>;
  'designs.get': H<'designs.get'>;
  'designs.put': H<'designs.put'>;
  'designs.delete': H<'designs.delete'>;
}

/** A handler failure that goes on the wire as it is. */
export class DesignFailure extends Error {
  constructor(readonly wire: WireError) {
    super(wire.message);
  }
}

/** A parsed single-host design, or a `bad-params` failure listing the first problems. */
function designOf(v: unknown): Design {
  const r = parseDesign(v);
  if (!r.ok) throw new DesignFailure({ code: 'bad-params', message: `the design is not valid: ${firstProblems(r.problems)}`, details: { problems: r.problems } });
  // Each host's part is planned by that host's agent; `ngstudio plan|apply --peer` hands the parts out.
  if (spansHosts(r.design)) throw new DesignFailure({ code: 'bad-params', message: 'the design spans hosts (it names a host or has tunnels); plan and apply it with `ngstudio plan|apply DESIGN --peer URL …`, which gives each host its part' });
  return r.design;
}

/** Store and apply errors as wire errors (anything else propagates as `internal`). */
function wire(e: unknown): never {
  if (isStoreError(e)) {
    const code = e.kind === 'corrupt' ? 'internal' : 'bad-params';
    throw new DesignFailure({ code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) });
  }
  if (isApplyError(e)) throw new DesignFailure({ code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) });
  throw e;
}

const HISTORY = 32;

/** The handler table for designs, plans and applies. */
export function createDesignHandlers(ctx: DesignContext): DesignHandlers {
  const gate = createApplyGate(join(ctx.store.dir, 'apply.lock'));
  // Snapshots plans were made against, by version (a few recent ones).
  const planned = new Map<number, HostSnapshot>();
  const observed = (): HostSnapshot => {
    const s = ctx.current();
    if (s === null) throw new DesignFailure({ code: 'host-error', message: 'the host has not been observed yet' });
    return s;
  };
  /** The running apply's, so apply.cancel can stop it. */
  let running: AbortController | null = null;
  const progress = (data: ApplyProgress): void => ctx.broadcast({ type: 'event', event: 'apply.progress', data });
  /** Tells every client which interrupted applies await a decision (after anything that may change that). */
  const announce = async (): Promise<void> => {
    const interrupted = await listInterrupted(ctx.store).catch(() => null);
    if (interrupted) ctx.broadcast({ type: 'event', event: 'recovery', data: { interrupted } });
  };
  async function apply(p: AgentMethods['apply']['params']): Promise<ApplyReport> {
    const design = designOf(p.design);
    const cur = observed();
    const base = planned.get(p.basedOn) ?? (cur.version === p.basedOn ? cur : undefined);
    if (!base) throw new DesignFailure({ code: 'stale', message: `no plan was made against version ${p.basedOn} (the host is at version ${cur.version}); plan again` });
    return gate.run(`apply against version ${p.basedOn}`, async () => {
      // An apply another process left unfinished: own what it made before planning.
      await adoptInterrupted(ctx.store, ctx.backend, { locked: true }).catch(wire);
      const ledger = await ctx.store.loadLedger().catch(wire);
      const ac = new AbortController();
      running = ac;
      try {
        // The journal stores the ledger whatever happens.
        const journal = storeJournal(ctx.store, `the agent's apply against version ${p.basedOn} (pid ${process.pid})`);
        return (await applyDesign(ctx.backend, { design, ledger, basedOn: base, signal: ac.signal, onProgress: progress, journal })).report;
      } catch (e) {
        return wire(e);
      } finally {
        if (running === ac) running = null;
        await ctx.refresh();
        await announce();
      }
    }).catch(wire);
  }
  async function revert(p: AgentMethods['revert']['params']): Promise<ApplyReport> {
    const base = planned.get(p.to);
    if (!base) throw new DesignFailure({ code: 'stale', message: `no plan was made against version ${p.to} on this agent (since it started), so there is nothing to go back to` });
    return gate.run(`revert to version ${p.to}`, async () => {
      await adoptInterrupted(ctx.store, ctx.backend, { locked: true }).catch(wire);
      const ledger = await ctx.store.loadLedger().catch(wire);
      try {
        const journal = storeJournal(ctx.store, `the agent's revert to version ${p.to} (pid ${process.pid})`);
        return (await revertTo(ctx.backend, base, { ledger, journal, onProgress: progress })).report;
      } catch (e) {
        return wire(e);
      } finally {
        await ctx.refresh();
        await announce();
      }
    }).catch(wire);
  }
  async function recoveryAct(p: AgentMethods['recovery.act']['params']): Promise<ApplyReport> {
    return gate.run(`recover --${p.action}`, async () => {
      try {
        const r = await recoverInterrupted(ctx.store, ctx.backend, { action: p.action, ...(p.id !== undefined ? { id: p.id } : {}), onProgress: progress });
        return r.outcome.report;
      } catch (e) {
        return wire(e);
      } finally {
        await ctx.refresh();
        await announce();
      }
    }).catch(wire);
  }
  return {
    validate: async ({ design }) => {
      const r = parseDesign(design);
      return { ok: r.ok, problems: r.ok ? r.warnings : r.problems };
    },
    plan: async ({ design }) => {
      const d = designOf(design);
      const s = observed();
      const ledger = await ctx.store.loadLedger().catch(wire);
      planned.set(s.version, s);
      for (const v of planned.keys()) if (planned.size > HISTORY) planned.delete(v);
      return planView(makePlan(s, d, ledger), s.version);
    },
    apply,
    revert,
    'apply.cancel': async () => {
      const ac = running;
      if (ac === null || ac.signal.aborted) return { cancelled: false };
      ac.abort();
      return { cancelled: true };
    },
    // An apply another process left unfinished since the agent started is adopted here too (unless one runs now).
    'recovery.status': async () => ({ interrupted: await (gate.busy() ? listInterrupted(ctx.store) : adoptInterrupted(ctx.store, ctx.backend)).catch(wire) }),
    'recovery.act': recoveryAct,
    'designs.list': async () => ({ names: await ctx.store.listDesigns().catch(wire) }),
    'designs.get': async ({ name }) => ({ name, design: await ctx.store.getDesign(name).catch(wire) }),
    'designs.put': async ({ name, design }) => (await ctx.store.putDesign(name, design).catch(wire), { name }),
    'designs.delete': async ({ name }) => ({ name, deleted: await ctx.store.deleteDesign(name).catch(wire) }),
  };
}
