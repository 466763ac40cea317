// Peer agent addresses as the user gives them: the URL a peer's agent printed
// (`http://127.0.0.1:7879/?token=…`), an https one, or a loopback URL through
// an SSH tunnel — all become the peer's `/ws` URL. A `--peers` file holds one
// such URL a line, `#` starting a comment.

/** One peer as this agent connects to it. The token stays inside `url`. */
export interface PeerSpec {
  /** The id the browser sees (`peer1` …). */
  id: string;
  /** The peer's WebSocket URL, token included: never logged, never sent to a browser. */
  url: string;
  /** host:port of the peer, safe to show. */
  address: string;
}

const SCHEMES: Record<string, 'ws:' | 'wss:'> = { 'http:': 'ws:', 'ws:': 'ws:', 'https:': 'wss:', 'wss:': 'wss:' };

/** A peer URL that cannot be used: what is wrong, without the token. */
export class PeerUrlError extends Error {
  override name = 'PeerUrlError';
}

/** The URL with any token replaced, for messages. */
export function redactUrl(text: string): string {
  return text.replace(/([?&]token=)[^&#\s]*/gi, '$1…');
}

/**
 * Checks a peer URL and turns it into the peer's /ws URL. Throws PeerUrlError
 * naming what is wrong: not a URL, a scheme other than http(s)/ws(s), user
 * info, a path other than / or /ws, or no token.
 */
export function parsePeerUrl(text: string, id: string): PeerSpec {
  const shown = JSON.stringify(redactUrl(text));
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    throw new PeerUrlError(`${shown} is not a URL (expected the URL the peer's agent printed, like http://HOST:PORT/?token=…)`);
  }
  const scheme = SCHEMES[u.protocol];
  if (scheme === undefined) throw new PeerUrlError(`${shown} has the scheme ${u.protocol.replace(/:$/, '')}; use http, https, ws or wss`);
  if (u.username !== '' || u.password !== '') throw new PeerUrlError(`${shown} carries a user name or password; the token goes in ?token=…`);
  if (u.pathname !== '/' && u.pathname !== '/ws') throw new PeerUrlError(`${shown} has the path ${u.pathname}; a peer agent answers at / (its page) or /ws`);
  const token = u.searchParams.get('token');
  if (token === null || token === '') throw new PeerUrlError(`${shown} has no ?token=… (copy the whole URL the peer's agent printed, token included)`);
  const extra = [...u.searchParams.keys()].find((k) => k !== 'token');
  if (extra !== undefined) throw new PeerUrlError(`${shown} has an unknown query parameter ${JSON.stringify(extra)} (only token)`);
  const address = u.host;
  const url = `${scheme}//${address}/ws?token=${encodeURIComponent(token)}`;
  return { id, url, address };
}

/** The URLs of a `--peers` file: one a line; blank lines and `#` comments skipped. Each is `{ line, text }`. */
export function peersFileLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    // A token never holds `#` (the agent's tokens are A-Z a-z 0-9 . _ ~ -), so a `#` always starts a comment.
    const t = raw.replace(/#.*$/, '').trim();
    if (t !== '') out.push({ line: i + 1, text: t });
  });
  return out;
}
