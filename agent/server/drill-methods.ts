// Handlers for drills (`drill.start`, `drill.restore`, `drill.list`): the
// agent cuts a link or takes an interface down, journaled like an `ngstudio
// drill` process (agent/engine/drill.ts), and restores it with a timer at the
// deadline, on `drill.restore`, or when the agent shuts down. Every start and
// restore is pushed to the clients as a `drill` event with the drills under way.
import type { HostBackend } from '../host/backend.js';
import type { AgentMethods, DrillRestored, ServerFrame } from '../../shared/protocol/rpc.js';
import { drillView, endDrill, isDrillError, startDrill, type RunningDrill } from '../engine/drill.js';
import { readDrills } from '../store/drill-journal.js';
import { isStoreError, type Store } from '../store/index.js';
import { DesignFailure } from './design-methods.js';

type H<M extends keyof AgentMethods> = (p: AgentMethods[M]['params']) => Promise<AgentMethods[M]['result']>;

export interface DrillHandlers {
  'drill.start': H<'drill.start'>;
  'drill.restore': H<'drill.restore'>;
  'drill.list': H<'drill.list'>;
}

export interface DrillContext {
  backend: HostBackend;
  store: Store;
  broadcast(frame: ServerFrame): void;
  /** Observes now, so clients see the cut (or its restore) without waiting for the next poll. */
  refresh(): Promise<void>;
  /** Registers what runs when the agent shuts down (restoring the drills under way). */
  onClose(fn: () => Promise<void>): void;
}

const fail = (code: 'bad-params' | 'host-error' | 'internal', message: string): never => {
  throw new DesignFailure({ code, message });
};

/** The drill handlers over the agent's backend and data folder. */
export function createDrillHandlers(ctx: DrillContext): DrillHandlers {
  const mine = new Map<string, { drill: RunningDrill; timer: NodeJS.Timeout }>();
  const list = async (): Promise<AgentMethods['drill.list']['result']> => {
    try {
      return { drills: (await readDrills(ctx.store.dir)).filter((j) => !j.end).map(drillView) };
    } catch (e) {
      return fail('internal', (e as Error).message);
    }
  };
  const announce = async (restored?: DrillRestored): Promise<void> => {
    await ctx.refresh().catch(() => {});
    const { drills } = await list().catch(() => ({ drills: [] }));
    ctx.broadcast({ type: 'event', event: 'drill', data: { drills, ...(restored ? { restored } : {}) } });
  };
  async function restore(id: string): Promise<DrillRestored> {
    const m = mine.get(id);
    if (!m) throw new Error(`no drill ${id} in this agent`);
    mine.delete(id);
    clearTimeout(m.timer);
    const out = { id, ...(await endDrill(ctx.backend, m.drill)) };
    await announce(out);
    return out;
  }
  ctx.onClose(async () => {
    for (const id of [...mine.keys()]) await restore(id).catch(() => {});
  });
  return {
    'drill.start': async ({ kind, target, seconds }) => {
      let drill: RunningDrill;
      try {
        drill = await startDrill(ctx.store, ctx.backend, { kind, target, seconds, what: `the agent (pid ${process.pid})` });
      } catch (e) {
        if (isDrillError(e)) return fail(e.code === 'bad-target' ? 'bad-params' : 'host-error', e.message);
        if (isStoreError(e)) return fail('internal', e.message);
        throw e;
      }
      const { id, until } = drill.view;
      const timer = setTimeout(() => void restore(id).catch(() => {}), Math.max(0, Date.parse(until) - Date.now()));
      mine.set(id, { drill, timer });
      await announce();
      return { id, until };
    },
    'drill.restore': async ({ id }) => {
      if (mine.has(id)) return restore(id);
      const other = (await list()).drills.find((d) => d.id === id);
      if (other) return fail('bad-params', `drill ${id} on ${other.target} is run by ${other.by}, not this agent: stop it there (Ctrl-C restores it)`);
      return fail('bad-params', `there is no drill ${id} under way (it may have been restored already)`);
    },
    'drill.list': list,
  };
}

/** Handlers that only say why they cannot run (an agent started without a data folder). */
export function unavailableDrillHandlers(): DrillHandlers {
  const no = async (): Promise<never> => fail('internal', 'drills are not available in this agent (no data folder for their journal)');
  return { 'drill.start': no, 'drill.restore': no, 'drill.list': no };
}
