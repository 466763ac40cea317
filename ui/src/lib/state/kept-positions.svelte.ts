// Where each host's nodes were drawn, kept in the browser (host-layout.ts) so
// a reload draws the host the same way without a saved design. The canvas
// reports positions in bursts (a layout, a diff, a drag); reports are merged
// and kept a little later, or at once when asked (before a jail is collapsed
// or expanded, so its members come back where they were even when the burst
// that placed them has not been kept yet).
import type { Overlay } from '../design/overlay.js';
import { refKey } from '../design/refs.js';
import type { Point } from '../graph/placement.js';
import { HostLayouts } from './host-layout.js';

/** How long a burst of reports may last before it is kept. */
const KEEP_AFTER_MS = 400;

export class KeptPositions {
  readonly #layouts: HostLayouts;
  readonly #host: () => string | null;
  readonly #view: () => Pick<Overlay, 'elements' | 'refs'>;
  /** What this page last kept, and for which host (read from storage only when there is none for this host). */
  #keptNow = $state.raw<{ host: string; positions: Record<string, Point> } | null>(null);
  /** Reports not yet kept, by keep key, merged: a later report lacking nodes does not forget earlier ones. */
  #pending = new Map<string, Point>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Kept positions for the current host, by keep key. */
  readonly kept: Record<string, Point> = $derived.by(() => {
    const h = this.#host();
    if (h === null) return {};
    return this.#keptNow?.host === h ? this.#keptNow.positions : this.#layouts.load(h);
  });

  constructor(storage: Storage | null, host: () => string | null, view: () => Pick<Overlay, 'elements' | 'refs'>) {
    this.#layouts = new HostLayouts(storage);
    this.#host = host;
    this.#view = view;
  }

  /**
   * What a position is kept under: a netgraph node by its name (its ID changes
   * when the host is rebuilt), anything else by its element id (interfaces by
   * vnet and name: every jail has its own lo0).
   */
  keyOf(id: string): string {
    const r = this.#view().refs.get(id);
    return r?.kind === 'node' ? refKey(r) : id;
  }

  /** The canvas placed or moved nodes: kept once the burst is over. */
  placed(at: Map<string, Point>): void {
    clearTimeout(this.#timer);
    for (const [id, p] of at) this.#pending.set(this.keyOf(id), p);
    this.#timer = setTimeout(() => this.keepNow(), KEEP_AFTER_MS);
  }

  /** Keeps the pending positions now, with those kept before for nodes still known. */
  keepNow(): void {
    clearTimeout(this.#timer);
    const h = this.#host();
    if (h === null || this.#pending.size === 0) return;
    const known = new Set(this.#view().elements.map((e) => this.keyOf(e.data.id)));
    const next: Record<string, Point> = {};
    for (const [k, p] of Object.entries(this.kept)) if (known.has(k)) next[k] = p;
    for (const [k, p] of this.#pending) if (known.has(k)) next[k] = p;
    this.#pending = new Map();
    this.#layouts.save(h, next);
    this.#keptNow = { host: h, positions: next };
  }
}
