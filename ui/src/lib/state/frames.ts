// Pure helpers of the connection: checking server frames before use, the
// reconnect delay, and the WebSocket URL. Kept apart from the runes class so
// they are tested on plain data.
import { PEER_STATES, type ServerFrame } from '../../../../shared/protocol/rpc.js';
import { isPeerId, patchProblem } from '../../../../shared/protocol/validate.js';

export type FrameCheck = { ok: true; frame: ServerFrame } | { ok: false; error: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): boolean => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/** The first problem with something claiming to be a HostSnapshot, or null. */
export function snapshotProblem(v: unknown): string | null {
  if (!isObject(v)) return 'snapshot is not an object';
  if (typeof v.version !== 'number') return 'snapshot.version is not a number';
  if (!isObject(v.host)) return 'snapshot.host is missing';
  if (!isObject(v.netgraph) || !Array.isArray(v.netgraph.nodes)) return 'snapshot.netgraph.nodes is not an array';
  if (!Array.isArray(v.interfaces)) return 'snapshot.interfaces is not an array';
  if (!Array.isArray(v.jails)) return 'snapshot.jails is not an array';
  return null;
}

/** The first problem with a frame of a known type, or null. */
function frameProblem(f: Record<string, unknown>): string | null {
  switch (f.type) {
    case 'hello':
      return snapshotProblem(f.snapshot) ?? (isObject(f.host) ? null : 'hello.host is missing');
    case 'patch':
      if (typeof f.from !== 'number' || typeof f.to !== 'number') return 'patch.from/to are not numbers';
      return isObject(f.patch) ? patchProblem(f.patch) : 'patch.patch is not an object';
    case 'peer-state':
      if (!isPeerId(f.peer)) return 'peer-state.peer is not a peer id';
      if (typeof f.address !== 'string') return 'peer-state.address is not a string';
      if (!(PEER_STATES as readonly unknown[]).includes(f.state)) return `peer-state.state ${JSON.stringify(f.state)} is not one of ${PEER_STATES.join(', ')}`;
      if (f.message !== null && typeof f.message !== 'string') return 'peer-state.message is neither text nor null';
      return f.retryInMs === null || (typeof f.retryInMs === 'number' && f.retryInMs >= 0) ? null : 'peer-state.retryInMs is neither a delay nor null';
    case 'peer-hello':
      if (!isPeerId(f.peer)) return 'peer-hello.peer is not a peer id';
      if (!isObject(f.hello) || f.hello.type !== 'hello') return 'peer-hello.hello is not a hello frame';
      return frameProblem(f.hello);
    case 'peer-patch':
      if (!isPeerId(f.peer)) return 'peer-patch.peer is not a peer id';
      if (!isObject(f.frame) || f.frame.type !== 'patch') return 'peer-patch.frame is not a patch frame';
      return frameProblem(f.frame);
    case 'result':
      return isId(f.id) ? null : 'result.id is not a string or number';
    case 'error':
      if (!isId(f.id)) return 'error.id is not a string or number';
      return isObject(f.error) && typeof f.error.message === 'string' ? null : 'error.error has no message';
    case 'event':
      return typeof f.event === 'string' ? null : 'event.event is not a string';
    default:
      return `unknown frame type ${JSON.stringify(f.type)}`;
  }
}

/**
 * A server frame parsed from text and checked in shape (deep enough that the
 * UI can use it without crashing), or the reason it is unusable.
 */
export function parseServerFrame(text: unknown): FrameCheck {
  if (typeof text !== 'string') return { ok: false, error: 'frame is not text' };
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, error: 'frame is not JSON' };
  }
  if (!isObject(v)) return { ok: false, error: 'frame is not a JSON object' };
  const problem = frameProblem(v);
  return problem === null ? { ok: true, frame: v as unknown as ServerFrame } : { ok: false, error: problem };
}

export { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from '../../../../shared/protocol/backoff.js';

/** The token from a page's query string (`?token=…`), or null. */
export function tokenFromSearch(search: string): string | null {
  const t = new URLSearchParams(search).get('token');
  return t === null || t === '' ? null : t;
}

/** The agent's WebSocket URL on the page's own host. */
export function socketUrl(loc: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${loc.host}/ws?token=${encodeURIComponent(token)}`;
}
