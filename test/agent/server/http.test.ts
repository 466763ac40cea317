import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { rmSync } from 'node:fs';
import { staticPath } from '../../../agent/server/static.js';
import { startTestAgent, TOKEN, type TestAgent } from './helpers.js';

let t: TestAgent;
beforeAll(async () => {
  t = await startTestAgent();
});
afterAll(async () => {
  await t.agent.close();
});

/** A raw GET (fetch would normalise `..` away before sending). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; type: string; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: t.port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /api/health', () => {
  it('requires the token', async () => {
    const r = await get('/api/health');
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body)).toEqual({ ok: false, error: 'missing or wrong token' });
    expect((await get('/api/health?token=wrong')).status).toBe(401);
    expect((await get('/api/health', { Authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('answers with the token in the query or as a Bearer header', async () => {
    for (const r of [await get(`/api/health?token=${TOKEN}`), await get('/api/health', { Authorization: `Bearer ${TOKEN}` })]) {
      expect(r.status).toBe(200);
      expect(r.type).toBe('application/json; charset=utf-8');
      expect(JSON.parse(r.body)).toEqual({ ok: true, backend: 'sim', version: t.agent.observer.current()!.version, clients: 0 });
    }
  });

  it('refuses a foreign Host header even with the token (DNS rebinding)', async () => {
    const r = await get(`/api/health?token=${TOKEN}`, { Host: `evil.example:${t.port}` });
    expect(r.status).toBe(403);
    expect((await get(`/api/health?token=${TOKEN}`, { Host: `localhost:${t.port}` })).status).toBe(200);
  });

  it('404s unknown API paths (after the token check)', async () => {
    expect((await get('/api/nope')).status).toBe(401);
    expect((await get(`/api/nope?token=${TOKEN}`)).status).toBe(404);
  });
});

describe('static UI', () => {
  it('serves index.html at / and assets with their content types, without a token', async () => {
    const root = await get('/');
    expect(root.status).toBe(200);
    expect(root.type).toBe('text/html; charset=utf-8');
    expect(root.body).toContain('<title>ngstudio</title>');
    expect(root.headers['referrer-policy']).toBe('no-referrer');
    const js = await get('/assets/app.js?token=x');
    expect(js.status).toBe(200);
    expect(js.type).toBe('text/javascript; charset=utf-8');
    expect(js.body).toBe('console.log(1);');
    expect((await get('/assets/app.js', {}, 'HEAD')).status).toBe(200);
  });

  it.each(['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2E%2E%2F..%2Fsecret.txt', '/..%5csecret.txt', '/%00', '/%zz'])(
    'refuses the traversal %s',
    async (path) => {
      const r = await get(path);
      expect([400, 404]).toContain(r.status);
      expect(r.body).not.toContain('do not serve');
    },
  );

  it('404s missing files and 405s other methods', async () => {
    expect((await get('/missing.js')).status).toBe(404);
    expect((await get('/', {}, 'POST')).status).toBe(405);
  });

  it('says how to build the UI when dist/ui is missing', async () => {
    rmSync(t.uiDir, { recursive: true, force: true });
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('npm run build');
    expect((await get('/assets/app.js')).status).toBe(404);
  });
});

describe('staticPath', () => {
  it('keeps every path inside the root', () => {
    expect(staticPath('/srv/ui', '/')).toBe('/srv/ui/index.html');
    expect(staticPath('/srv/ui', '/a/b.js')).toBe('/srv/ui/a/b.js');
    expect(staticPath('/srv/ui', '/../ui2/x')).toBeNull();
    expect(staticPath('/srv/ui', '/%2e%2e/x')).toBeNull();
    expect(staticPath('/srv/ui', '/a%5c..%5c..%5cx')).toBeNull();
    expect(staticPath('/srv/ui', '%')).toBeNull();
  });
});

describe('listening', () => {
  it('says plainly when the port is taken', async () => {
    await expect(startTestAgentOn(t.port)).rejects.toThrow(`cannot listen on 127.0.0.1:${t.port}: address already in use`);
  });
});

async function startTestAgentOn(port: number): Promise<void> {
  const { startServer } = await import('../../../agent/server/index.js');
  const { memorySimBackend } = await import('../../../agent/host/sim/backend.js');
  const { createObserver } = await import('../../../agent/engine/observer.js');
  const { fixtureState } = await import('../engine/sim-fixture.js');
  const backend = memorySimBackend(fixtureState());
  const s = await startServer({ backend, observer: createObserver({ backend, pollMs: 100 }), host: '127.0.0.1', port, token: TOKEN, uiDir: t.uiDir });
  await s.close();
}
