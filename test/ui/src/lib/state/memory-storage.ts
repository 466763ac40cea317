// Test helper for the browser's kept state.
/** The Web Storage interface over a Map: what localStorage does, in memory. */
export class MemoryStorage implements Storage {
  #m = new Map<string, string>();
  quota = Infinity;
  get length(): number {
    return this.#m.size;
  }
  key(i: number): string | null {
    return [...this.#m.keys()][i] ?? null;
  }
  getItem(k: string): string | null {
    return this.#m.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    if (v.length > this.quota) throw new DOMException('quota exceeded', 'QuotaExceededError');
    this.#m.set(k, String(v));
  }
  removeItem(k: string): void {
    this.#m.delete(k);
  }
  clear(): void {
    this.#m.clear();
  }
}
