// Drills as a runes class: the links cut and interfaces down for a while
// (this agent's and `ngstudio drill` processes'), following `drill` events,
// with a clock that ticks once a second for the countdowns.
import type { DrillKind, DrillView } from '../../../../shared/drill.js';
import type { DrillEvent } from '../../../../shared/protocol/rpc.js';
import type { Session } from './session.svelte.js';

export class Drills {
  drills = $state.raw<DrillView[]>([]);
  busy = $state(false);
  /** The last failure or restore, in words. */
  message = $state<string | null>(null);
  /** Now, in ms, updated once a second while a drill runs. */
  now = $state(Date.now());
  #session: Session;
  #tick: ReturnType<typeof setInterval> | null = null;

  constructor(session: Session) {
    this.#session = session;
    session.onEvent('drill', (data) => {
      const d = data as Partial<DrillEvent> | null;
      if (Array.isArray(d?.drills)) this.#set(d.drills);
      if (d?.restored) this.message = d.restored.note;
    });
  }

  #set(list: DrillView[]): void {
    this.drills = list;
    this.now = Date.now();
    if (list.length > 0 && this.#tick === null) this.#tick = setInterval(() => (this.now = Date.now()), 1000);
    if (list.length === 0 && this.#tick !== null) (clearInterval(this.#tick), (this.#tick = null));
  }

  /** Seconds left of a drill (0 once its deadline passed). */
  left(d: DrillView): number {
    return Math.max(0, Math.ceil((Date.parse(d.until) - this.now) / 1000));
  }

  /** Asks the agent for the drills under way (on connect). */
  async refresh(): Promise<void> {
    try {
      this.#set((await this.#session.request('drill.list', {})).drills);
    } catch (e) {
      this.message = `could not read the drills: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  async start(kind: DrillKind, target: string, seconds: number): Promise<void> {
    this.busy = true;
    try {
      await this.#session.request('drill.start', { kind, target, seconds });
      this.message = null;
      await this.refresh();
    } catch (e) {
      this.message = `the drill did not start: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      this.busy = false;
    }
  }

  async restore(id: string): Promise<void> {
    try {
      this.message = (await this.#session.request('drill.restore', { id })).note;
      await this.refresh();
    } catch (e) {
      this.message = `restoring failed: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
}
