// The store's error: what kind of problem (so the server can pick a wire
// code) and a message that names the file or the name at fault.

export type StoreErrorKind = 'bad-name' | 'not-found' | 'corrupt' | 'invalid';

/** A store failure; `file` is the file it is about, when there is one. */
export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
    readonly file?: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** True for a StoreError (by name, so module copies agree). */
export function isStoreError(e: unknown): e is StoreError {
  return e instanceof Error && e.name === 'StoreError' && typeof (e as { kind?: unknown }).kind === 'string';
}
