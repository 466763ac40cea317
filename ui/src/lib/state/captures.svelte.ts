// The packet capture the page runs, as a runes class: starts and stops it
// through the agent (capture.start / capture.stop), keeps the newest packets
// from `capture` events (a bounded list: a busy link cannot grow the page),
// and downloads the capture's pcap with the page's token in a header.
import type { CaptureEvent, CapturePacket } from '../../../../shared/protocol/rpc.js';
import { tokenFromSearch } from './frames.js';
import type { Session } from './session.svelte.js';

/** Packets the list keeps (the pcap keeps them all). */
export const KEEP_PACKETS = 500;

export interface CaptureView {
  id: string | null;
  target: string;
  filter: string;
  packets: CapturePacket[];
  total: number;
  /** Packets the agent did not send (rate cap), and those the list let go. */
  dropped: number;
  running: boolean;
  truncated: boolean;
  error: string | null;
}

export class Captures {
  current = $state.raw<CaptureView | null>(null);
  busy = $state(false);
  #session: Session;

  constructor(session: Session) {
    this.#session = session;
    session.onEvent('capture', (data) => {
      const d = data as Partial<CaptureEvent> | null;
      const c = this.current;
      if (!d || c === null || d.id !== c.id || !Array.isArray(d.packets)) return;
      const all = d.packets.length > 0 ? [...c.packets, ...d.packets] : c.packets;
      const cut = Math.max(0, all.length - KEEP_PACKETS);
      this.current = {
        ...c,
        packets: cut > 0 ? all.slice(cut) : all,
        total: d.total ?? c.total,
        dropped: c.dropped + (d.dropped ?? 0),
        truncated: c.truncated || d.truncated === true,
        running: c.running && d.ended === undefined,
        error: d.ended?.error ?? c.error,
      };
    });
  }

  async start(target: string, filter: string): Promise<void> {
    if (this.current?.running) await this.stop();
    this.busy = true;
    this.current = { id: null, target, filter, packets: [], total: 0, dropped: 0, running: true, truncated: false, error: null };
    try {
      const r = await this.#session.request('capture.start', { target, ...(filter.trim() ? { filter: filter.trim() } : {}) });
      if (this.current?.id === null) this.current = { ...this.current, id: r.id, target: r.target };
    } catch (e) {
      this.current = { ...(this.current as CaptureView), running: false, error: e instanceof Error ? e.message : String(e) };
    } finally {
      this.busy = false;
    }
  }

  async stop(): Promise<void> {
    const c = this.current;
    if (c === null || c.id === null || !c.running) return;
    try {
      await this.#session.request('capture.stop', { id: c.id });
    } catch (e) {
      this.current = { ...c, error: e instanceof Error ? e.message : String(e) };
    }
    if (this.current?.id === c.id) this.current = { ...this.current, running: false };
  }

  close(): void {
    void this.stop();
    this.current = null;
  }

  /** Fetches the pcap (token in the Authorization header, not in a URL) and saves it. */
  async download(): Promise<void> {
    const c = this.current;
    const token = tokenFromSearch(location.search);
    if (c === null || c.id === null || token === null) return;
    try {
      const res = await fetch(`/api/capture/${c.id}.pcap`, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
      if (!res.ok) throw new Error(`the agent answered ${res.status}`);
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'capture.pcap';
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      this.current = { ...c, error: `download failed: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
}
