// Serves the built UI (dist/ui) read-only: known content types, no path
// escapes the folder, and a plain hint page when the UI has not been built.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>ngstudio</title>
<h1>ngstudio</h1><p>The web UI has not been built. Run <code>npm run build</code> (or <code>npm start</code>, which builds it) and reload this page.</p>\n`;

/** Sends a short plain-text response. */
export function sendText(res: ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * The file under `root` a URL path names, or null when it would escape root
 * (`..`, encoded slashes, NUL) or is malformed. `/` means index.html.
 */
export function staticPath(root: string, pathname: string): string | null {
  let p: string;
  try {
    p = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (p.includes('\0') || p.includes('\\') || !p.startsWith('/')) return null;
  if (p.split('/').some((seg) => seg === '..')) return null;
  const base = resolve(root);
  const file = resolve(base, `.${p.endsWith('/') ? `${p}index.html` : p}`);
  return file.startsWith(base + sep) ? file : null;
}

/** Answers a GET/HEAD for a static asset of the UI. */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, pathname: string): Promise<void> {
  const file = staticPath(root, pathname);
  if (file === null) return sendText(res, 400, 'bad path\n');
  const info = await stat(file).catch(() => null);
  if (info === null || !info.isFile()) {
    const rootExists = await stat(join(root, 'index.html')).catch(() => null);
    if (rootExists === null && (pathname === '/' || pathname === '/index.html')) {
      return sendText(res, 200, NOT_BUILT, 'text/html; charset=utf-8');
    }
    return sendText(res, 404, 'not found\n');
  }
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    // index.html names hashed assets; it must be revalidated, the assets need not.
    'Cache-Control': file.endsWith('index.html') ? 'no-cache' : 'max-age=3600',
  });
  if (req.method === 'HEAD') return void res.end();
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
