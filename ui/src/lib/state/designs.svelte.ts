// The stored designs (`designs.*` on the agent) as a runes class: the list of
// names, and save / open / rename / delete, each reporting failure in words;
// and the boot list (`boot.*`): which of them `ngstudio boot` applies at boot.
import type { Design } from '../../../../shared/design/types.js';
import type { Session } from './session.svelte.js';

/** The agent's rule for design names (agent/store/designs.ts), checked here so the user learns why before a round trip. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Why a design name would be refused, or null when it is fine. */
export function designNameProblem(name: string): string | null {
  if (name === '') return 'a design needs a name';
  if (name.includes('..')) return `design name ${JSON.stringify(name)} must not contain ".."`;
  if (!NAME.test(name)) return `design name ${JSON.stringify(name.slice(0, 80))} must be 1-64 characters from A-Z a-z 0-9 . _ - starting with a letter or digit`;
  return null;
}

/** The agent's stored designs and the operations on them. */
export class DesignStore {
  names = $state.raw<string[]>([]);
  /** The designs applied at boot, in order. */
  boot = $state.raw<string[]>([]);
  /** The last failure, in words (null after a success). */
  error = $state<string | null>(null);
  busy = $state(false);
  #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  /** Runs one request, keeping `busy` and `error` current; undefined on failure. */
  async #run<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    this.busy = true;
    try {
      const v = await fn();
      this.error = null;
      return v;
    } catch (e) {
      this.error = `${what}: ${e instanceof Error ? e.message : String(e)}`;
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  /** Reloads the list of names and the boot list. */
  async refresh(): Promise<void> {
    const r = await this.#run('listing the designs failed', async () => ({
      names: (await this.#session.request('designs.list', {})).names,
      boot: (await this.#session.request('boot.list', {})).names,
    }));
    if (r) {
      this.names = r.names;
      this.boot = r.boot;
    }
  }

  /** Puts `name` on the boot list (applied at boot, after those already on it) or takes it off; true on success. */
  async setBoot(name: string, enabled: boolean): Promise<boolean> {
    const r = await this.#run(`${enabled ? 'enabling' : 'disabling'} ${name} at boot failed`, () => this.#session.request('boot.set', { name, enabled }));
    if (r) this.boot = r.names;
    return r !== undefined;
  }

  /** Stores `design` as `name` (replacing one of that name); true on success. */
  async save(name: string, design: Design): Promise<boolean> {
    const bad = designNameProblem(name);
    if (bad !== null) return ((this.error = bad), false);
    const r = await this.#run(`saving ${name} failed`, () => this.#session.request('designs.put', { name, design }));
    if (r) await this.refresh();
    return r !== undefined;
  }

  /** The stored design `name`, or null (the error says why). */
  async load(name: string): Promise<Design | null> {
    const r = await this.#run(`opening ${name} failed`, () => this.#session.request('designs.get', { name }));
    return r?.design ?? null;
  }

  /** Stores `from` under `to` and deletes `from`; refuses to overwrite an existing `to`. */
  async rename(from: string, to: string): Promise<boolean> {
    const bad = designNameProblem(to);
    if (bad !== null) return ((this.error = bad), false);
    if (from === to) return true;
    if (this.names.includes(to)) return ((this.error = `a design named ${to} exists already`), false);
    const ok = await this.#run(`renaming ${from} failed`, async () => {
      const { design } = await this.#session.request('designs.get', { name: from });
      await this.#session.request('designs.put', { name: to, design });
      // A design applied at boot stays so under its new name (last in the boot order).
      if (this.boot.includes(from)) {
        await this.#session.request('boot.set', { name: to, enabled: true });
        await this.#session.request('boot.set', { name: from, enabled: false });
      }
      await this.#session.request('designs.delete', { name: from });
      return true;
    });
    await this.refresh();
    return ok === true;
  }

  /** Deletes the stored design `name` (and takes it off the boot list). */
  async remove(name: string): Promise<boolean> {
    const r = await this.#run(`deleting ${name} failed`, async () => {
      if (this.boot.includes(name)) await this.#session.request('boot.set', { name, enabled: false });
      return this.#session.request('designs.delete', { name });
    });
    await this.refresh();
    return r?.deleted === true;
  }
}
