// The peer hosts the agent relays: per peer its connection state (from
// peer-state frames) and its host and snapshot (peer-hello, then peer-patch
// applied with applyPatch; a patch that does not follow on is answered by
// asking that peer for its snapshot through the agent). A lost peer keeps its
// last snapshot, drawn as it was, with its chip saying it is lost.
import { applyPatch } from '../../../../shared/model/diff.js';
import type { HostSnapshot } from '../../../../shared/model/snapshot.js';
import type { HelloFrame, PeerState } from '../../../../shared/protocol/rpc.js';
import { snapshotProblem } from './frames.js';
import type { PeerFrame } from './session.svelte.js';

export interface PeerHost {
  id: string;
  /** host:port of the peer's agent. */
  address: string;
  state: PeerState;
  message: string | null;
  retryInMs: number | null;
  hello: Omit<HelloFrame, 'snapshot'> | null;
  snapshot: HostSnapshot | null;
}

/** The new list after one frame, and the peer whose snapshot must be fetched again (its patch did not follow on). */
export function applyPeerFrame(list: PeerHost[], f: PeerFrame): { list: PeerHost[]; resync: string | null } {
  const i = list.findIndex((p) => p.id === f.peer);
  const cur: PeerHost = list[i] ?? { id: f.peer, address: '', state: 'connecting', message: null, retryInMs: null, hello: null, snapshot: null };
  let next: PeerHost = cur;
  let resync: string | null = null;
  switch (f.type) {
    case 'peer-state':
      next = { ...cur, address: f.address, state: f.state, message: f.message, retryInMs: f.retryInMs };
      break;
    case 'peer-hello': {
      const { snapshot, ...hello } = f.hello;
      next = { ...cur, hello, snapshot };
      break;
    }
    case 'peer-patch': {
      const s = cur.snapshot;
      if (s === null || f.frame.from !== s.version) {
        resync = f.peer;
        break;
      }
      try {
        next = { ...cur, snapshot: applyPatch(s, f.frame.patch, f.frame.to) };
      } catch {
        resync = f.peer;
      }
      break;
    }
  }
  if (next === cur && i >= 0) return { list, resync };
  const out = i >= 0 ? list.map((p, k) => (k === i ? next : p)) : [...list, next];
  out.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  return { list: out, resync };
}

/** What PeerHosts needs of the session. */
export interface PeerSource {
  onPeerFrame(fn: (f: PeerFrame) => void): () => void;
  requestPeer(peer: string, method: 'snapshot', params: Record<string, never>): Promise<HostSnapshot>;
}

/** The peer hosts as runes state, fed by the session's peer frames. */
export class PeerHosts {
  list = $state.raw<PeerHost[]>([]);
  /** Why a peer's snapshot could not be brought up to date, for the status bar. */
  problem = $state<string | null>(null);
  #source: PeerSource;
  #resyncing = new Set<string>();
  readonly stop: () => void;

  constructor(source: PeerSource) {
    this.#source = source;
    this.stop = source.onPeerFrame((f) => this.#apply(f));
  }

  #apply(f: PeerFrame): void {
    if (f.type === 'peer-patch' && this.#resyncing.has(f.peer)) return;
    const r = applyPeerFrame(this.list, f);
    this.list = r.list;
    if (r.resync !== null) void this.#resync(r.resync);
  }

  async #resync(peer: string): Promise<void> {
    this.#resyncing.add(peer);
    try {
      const s = await this.#source.requestPeer(peer, 'snapshot', {});
      const why = snapshotProblem(s);
      if (why !== null) throw new Error(why);
      this.list = this.list.map((p) => (p.id === peer ? { ...p, snapshot: s } : p));
      this.problem = null;
    } catch (e) {
      this.problem = `${peer}: resync failed: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      this.#resyncing.delete(peer);
    }
  }
}
