// Where the nodes of each host were drawn, kept in the browser's localStorage
// (keyed by the host's name) so a reload shows the same picture without
// saving a design. Positions are keyed like a design's layout (`kind:name`),
// so they follow a node across restarts of the agent that renumber it.
import type { Point } from '../graph/placement.js';

const PREFIX = 'ngstudio.layout.';
/** Hosts remembered at most: the oldest is forgotten first. */
const MAX_HOSTS = 20;

interface Stored {
  at: number;
  positions: Record<string, Point>;
}

const isPoint = (p: unknown): p is Point =>
  typeof p === 'object' && p !== null && Number.isFinite((p as Point).x) && Number.isFinite((p as Point).y);

export class HostLayouts {
  #storage: Storage | null;

  constructor(storage: Storage | null) {
    this.#storage = storage;
  }

  /** The positions kept for `host` (empty when none, or when what is stored is not a layout). */
  load(host: string): Record<string, Point> {
    try {
      const raw = this.#storage?.getItem(PREFIX + host);
      if (!raw) return {};
      const s = JSON.parse(raw) as Partial<Stored>;
      const out: Record<string, Point> = {};
      for (const [k, p] of Object.entries(s.positions ?? {})) if (isPoint(p)) out[k] = { x: p.x, y: p.y };
      return out;
    } catch {
      return {};
    }
  }

  /** Keeps `positions` for `host` (rounded); storage that is full or refused is left as it was. */
  save(host: string, positions: Record<string, Point>): void {
    if (this.#storage === null) return;
    const rounded: Record<string, Point> = {};
    for (const [k, p] of Object.entries(positions)) if (isPoint(p)) rounded[k] = { x: Math.round(p.x), y: Math.round(p.y) };
    try {
      this.#storage.setItem(PREFIX + host, JSON.stringify({ at: Date.now(), positions: rounded } satisfies Stored));
      this.#forgetOldest();
    } catch {
      // Quota exceeded or storage disabled: the layout is simply not kept.
    }
  }

  /** Drops the layouts of the least recently saved hosts beyond MAX_HOSTS. */
  #forgetOldest(): void {
    const s = this.#storage;
    if (s === null) return;
    const hosts: [string, number][] = [];
    for (let i = 0; i < s.length; i++) {
      const k = s.key(i);
      if (k === null || !k.startsWith(PREFIX)) continue;
      try {
        hosts.push([k, Number((JSON.parse(s.getItem(k) ?? '{}') as Partial<Stored>).at) || 0]);
      } catch {
        hosts.push([k, 0]);
      }
    }
    hosts.sort((a, b) => b[1] - a[1]);
    for (const [k] of hosts.slice(MAX_HOSTS)) s.removeItem(k);
  }
}
