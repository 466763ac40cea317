// The jails panel's state as a runes class over the `jails.*` methods and the
// live snapshot: the list (definitions merged with what runs), one operation
// per jail at a time with its error kept at that jail, and each jail's console history.
import type { HostSnapshot } from '../../../../shared/model/snapshot.js';
import type { JailDef, JailEntry, MethodName, ParamsOf, ResultOf } from '../../../../shared/protocol/rpc.js';
import { mergeJails, opError, type JailRow, type OpError } from './jail-form.js';

/** What the class needs from the session (the Session itself in the app; a stand-in in tests). */
export interface JailsSource {
  readonly snapshot: HostSnapshot | null;
  request<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
}

export type JailOp = 'start' | 'stop' | 'restart' | 'remove';

/** One command run in a jail and what it gave back (or why it could not run). */
export interface ConsoleRun {
  argv: string[];
  stdout: string;
  stderr: string;
  /** The exit status, or null when the request itself failed. */
  code: number | null;
  truncated: boolean;
  error?: string;
}

/** At most this many runs are kept per jail (oldest dropped). */
export const HISTORY_MAX = 50;

/** The jails: list, lifecycle operations and consoles. */
export class Jails {
  #src: JailsSource;
  entries = $state.raw<JailEntry[] | null>(null);
  /** Why the list could not be read. */
  listError = $state<string | null>(null);
  /** The operation running on each jail. */
  busy = $state<Record<string, JailOp | 'create'>>({});
  /** The last failed operation of each jail, shown at its row. */
  errors = $state<Record<string, OpError & { op: string }>>({});
  /** Console runs per jail, newest last. */
  runs = $state<Record<string, ConsoleRun[]>>({});
  rows: JailRow[] = $derived.by(() => mergeJails(this.entries, this.#src.snapshot));

  constructor(src: JailsSource) {
    this.#src = src;
  }

  /** Reads the definitions again (after a change, or when the panel opens). */
  async refresh(): Promise<void> {
    try {
      this.entries = (await this.#src.request('jails.list', {})).jails;
      this.listError = null;
    } catch (e) {
      this.listError = opError(e).message;
    }
  }

  /** Runs `fn` as `op` on `name` unless that jail is busy; a failure is kept at the jail, the list is re-read either way. */
  async #guard<T>(name: string, op: JailOp | 'create', fn: () => Promise<T>): Promise<T | null> {
    if (this.busy[name] !== undefined) return null;
    this.busy[name] = op;
    delete this.errors[name];
    try {
      return await fn();
    } catch (e) {
      this.errors[name] = { op, ...opError(e) };
      return null;
    } finally {
      delete this.busy[name];
      await this.refresh();
    }
  }

  /** Stores a definition and, with `start`, starts it; the error (if any) is returned for the form and kept at the jail. */
  async create(def: JailDef, start: boolean): Promise<OpError | null> {
    const r = await this.#guard(def.name, 'create', () => this.#src.request('jails.create', { def, start }));
    // A host command failing here is the start: the definition was stored (the agent checks before it writes).
    const e = this.errors[def.name];
    if (e?.command !== undefined) this.errors[def.name] = { ...e, op: 'start' };
    return r === null ? (this.errors[def.name] ?? { message: `jail ${def.name} is busy` }) : null;
  }

  /** Starts, stops, restarts or removes a jail; true when it worked. */
  async run(name: string, op: JailOp): Promise<boolean> {
    const r = await this.#guard(name, op, () => this.#src.request(`jails.${op}`, { name }));
    return r !== null;
  }

  /** Forgets the error shown at a jail. */
  dismiss(name: string): void {
    delete this.errors[name];
  }

  /** Runs argv in the jail (`jexec NAME argv…`) and adds the outcome to its history. */
  async exec(name: string, argv: string[]): Promise<ConsoleRun> {
    let run: ConsoleRun;
    try {
      const r = await this.#src.request('jails.exec', { name, argv });
      run = { argv, ...r };
    } catch (e) {
      run = { argv, stdout: '', stderr: '', code: null, truncated: false, error: opError(e).message };
    }
    this.runs[name] = [...(this.runs[name] ?? []), run].slice(-HISTORY_MAX);
    return run;
  }
}
