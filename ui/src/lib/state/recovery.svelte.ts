// Interrupted applies as a runes class: the agent took ownership of what an
// apply that died mid-way made; the user finishes its design or undoes it.
// The list is fetched on every (re)connection and follows `recovery` events.
import type { ApplyReport, InterruptedApply } from '../../../../shared/protocol/rpc.js';
import type { Session } from './session.svelte.js';

export class Recovery {
  interrupted = $state.raw<InterruptedApply[]>([]);
  busy = $state(false);
  /** The last failure or outcome, in words. */
  message = $state<string | null>(null);
  #session: Session;

  constructor(session: Session) {
    this.#session = session;
    session.onEvent('recovery', (data) => {
      const list = (data as { interrupted?: unknown } | null)?.interrupted;
      if (Array.isArray(list)) this.interrupted = list as InterruptedApply[];
    });
  }

  /** Asks the agent for the current list (on connect). */
  async refresh(): Promise<void> {
    try {
      this.interrupted = (await this.#session.request('recovery.status', {})).interrupted;
    } catch (e) {
      this.message = `could not read the interrupted applies: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  /** Finishes or undoes the interrupted apply `id`. */
  async act(action: 'finish' | 'undo', id: string): Promise<ApplyReport | null> {
    this.busy = true;
    try {
      const r = await this.#session.request('recovery.act', { action, id });
      this.message = `${action === 'finish' ? 'Finished' : 'Undid'} the interrupted apply: ${r.applied} of ${r.of} changes applied${r.mismatches.length > 0 ? `; still differs: ${r.mismatches.join('; ')}` : ''}.`;
      await this.refresh();
      return r;
    } catch (e) {
      this.message = `${action === 'finish' ? 'Finishing' : 'Undoing'} the interrupted apply failed: ${e instanceof Error ? e.message : String(e)}`;
      return null;
    } finally {
      this.busy = false;
    }
  }
}
