// An undo/redo stack of immutable values (pure): every edit pushes the new
// value; undo and redo move through them. A new edit after an undo drops the
// redo branch, as every editor does. Bounded so a long session stays small.

/** An undo/redo history over immutable values of type T. */
export class History<T> {
  #past: T[] = [];
  #future: T[] = [];
  #present: T;
  readonly #limit: number;

  constructor(initial: T, limit = 200) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`history limit must be a positive integer, not ${limit}`);
    this.#present = initial;
    this.#limit = limit;
  }

  get present(): T {
    return this.#present;
  }
  get canUndo(): boolean {
    return this.#past.length > 0;
  }
  get canRedo(): boolean {
    return this.#future.length > 0;
  }

  /** Makes `v` the present; the old present becomes undoable, the redo branch is dropped. */
  push(v: T): void {
    this.#past.push(this.#present);
    if (this.#past.length > this.#limit) this.#past.shift();
    this.#present = v;
    this.#future = [];
  }

  /** Replaces the present without an undo step (e.g. a node dragged: positions are not worth one each). */
  replace(v: T): void {
    this.#present = v;
  }

  /** Steps back; returns the new present (unchanged when there is nothing to undo). */
  undo(): T {
    const prev = this.#past.pop();
    if (prev === undefined) return this.#present;
    this.#future.push(this.#present);
    this.#present = prev;
    return prev;
  }

  /** Steps forward again after an undo. */
  redo(): T {
    const next = this.#future.pop();
    if (next === undefined) return this.#present;
    this.#past.push(this.#present);
    this.#present = next;
    return next;
  }

  /** Starts over from `v` with no history (a design opened, the host adopted after an apply). */
  reset(v: T): void {
    this.#past = [];
    this.#future = [];
    this.#present = v;
  }
}
