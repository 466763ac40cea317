// The HTTP side of the agent: the token-protected API (/api/…) and the
// static UI. The UI page itself needs no token: it reads it from its own URL.
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestToken, tokenMatches } from './auth.js';
import { sendText, serveStatic } from './static.js';

export interface HttpOptions {
  token: string;
  /** Host header values accepted on the API (DNS rebinding defence beside the token). */
  hosts: () => Set<string>;
  uiDir: string;
  health: () => { ok: boolean; backend: string; version: number; clients: number };
  log: (line: string) => void;
  /** A capture's pcap file and download name (`/api/capture/ID.pcap`), or null. */
  pcap?: (id: string) => { file: string; name: string } | null;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

/** A capture's pcap as it is now (a running capture's file keeps growing; this is a consistent prefix). */
function sendPcap(res: ServerResponse, id: string, o: HttpOptions): void {
  const found = o.pcap?.(id) ?? null;
  if (found === null) return sendJson(res, 404, { ok: false, error: `no capture ${id} (captures last while the client that started them is connected)` });
  let size: number;
  try {
    size = statSync(found.file).size;
  } catch {
    return sendJson(res, 404, { ok: false, error: `capture ${id} is gone` });
  }
  // Whole records only: the file is written a record at a time, so its size now is a record boundary.
  res.writeHead(200, { 'Content-Type': 'application/vnd.tcpdump.pcap', 'Content-Length': size, 'Content-Disposition': `attachment; filename="${found.name}"`, 'Cache-Control': 'no-store' });
  createReadStream(found.file, { start: 0, end: Math.max(0, size - 1) }).pipe(res);
}

/** Routes one API request (token already checked). */
function api(res: ServerResponse, pathname: string, o: HttpOptions): void {
  if (pathname === '/api/health') return sendJson(res, 200, o.health());
  const cap = /^\/api\/capture\/([a-z0-9-]{1,64})\.pcap$/.exec(pathname);
  if (cap) return sendPcap(res, cap[1] as string, o);
  sendJson(res, 404, { ok: false, error: `no API endpoint ${pathname}` });
}

/** The request listener for the agent's HTTP server. */
export function createRequestHandler(o: HttpOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    // The token travels in page URLs: never leak it to other sites through Referer.
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://agent.invalid');
    } catch {
      return sendText(res, 400, 'bad request URL\n');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, 'method not allowed\n');
    }
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      if (!o.hosts().has((req.headers.host ?? '').toLowerCase())) {
        return sendJson(res, 403, { ok: false, error: "Host header is not this agent's address" });
      }
      if (!tokenMatches(requestToken(req, url), o.token)) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        return sendJson(res, 401, { ok: false, error: 'missing or wrong token' });
      }
      return api(res, url.pathname, o);
    }
    serveStatic(req, res, o.uiDir, url.pathname).catch((e: unknown) => {
      o.log(`ngstudio: serving ${url.pathname} failed: ${String(e)}`);
      if (!res.headersSent) sendText(res, 500, 'internal error\n');
      else res.destroy();
    });
  };
}
