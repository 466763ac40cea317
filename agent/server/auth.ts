// The trust boundary's checks: the per-start token (constant-time compare),
// and the Host/Origin headers that stop DNS-rebinding and cross-site
// WebSocket hijacking (a web page the user visits must not drive a root agent).
import { timingSafeEqual, createHash } from 'node:crypto';
import { networkInterfaces, hostname } from 'node:os';
import type { IncomingMessage } from 'node:http';

/** True when `given` equals `expected`, compared in constant time. */
export function tokenMatches(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  // timingSafeEqual needs equal lengths; hashing both first hides the length too.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/** The token a request carries: `Authorization: Bearer T`, else `?token=T`. */
export function requestToken(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1] ?? null;
  }
  return url.searchParams.get('token');
}

/** True for loopback literals and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** True for addresses that listen on every interface. */
export function isWildcardHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === '0.0.0.0' || h === '::' || h === '';
}

/** `host:port` as a Host header carries it (IPv6 in brackets), lowercase. */
export function hostPort(host: string, port: number): string {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h.includes(':') ? `[${h}]:${port}` : `${h}:${port}`;
}

/**
 * The Host header values accepted for a server listening on `host:port`: the
 * listen address and the loopback names; for a wildcard listen also every
 * local address and the machine's name (the addresses a client can reach it by).
 */
export function allowedHosts(host: string, port: number): Set<string> {
  const names = new Set<string>([host, 'localhost', '127.0.0.1', '::1']);
  if (isWildcardHost(host)) {
    names.add(hostname());
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.add(a.address);
  }
  const out = new Set<string>();
  for (const n of names) if (!isWildcardHost(n)) out.add(hostPort(n, port));
  return out;
}

/** Why an upgrade is refused (status + one line), or null to accept it. */
export interface Refusal {
  status: 401 | 403 | 404;
  reason: string;
}

/** Checks a WebSocket upgrade request: Host, then Origin, then the token. */
export function checkUpgrade(req: IncomingMessage, url: URL, token: string, hosts: Set<string>): Refusal | null {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!hosts.has(host)) return { status: 403, reason: `Host header ${JSON.stringify(host)} is not this agent's address` };
  const origin = req.headers.origin;
  // No Origin: a non-browser client (browsers always send one on WebSocket upgrades).
  if (origin !== undefined) {
    const m = /^http:\/\/(.+)$/i.exec(origin);
    if (!m || !hosts.has((m[1] ?? '').toLowerCase())) {
      return { status: 403, reason: `Origin ${JSON.stringify(origin)} is not this agent's page` };
    }
  }
  if (!tokenMatches(requestToken(req, url), token)) return { status: 401, reason: 'missing or wrong token' };
  return null;
}
