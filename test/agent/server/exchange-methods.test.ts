// The `export` and `import` protocol methods: params checked before dispatch,
// results and failures as data.
import { describe, expect, it } from 'vitest';
import { checkRequest } from '../../../shared/protocol/validate.js';
import { createHandlers, dispatch } from '../../../agent/server/methods.js';
import { designFromSnapshot } from '../../../shared/design/from-snapshot.js';
import { designJson } from '../../../shared/export/json.js';
import { newState } from '../../../agent/host/sim/new-state.js';
import { seedDemo } from '../../../agent/host/sim/demo.js';
import { simSnapshot } from '../../../agent/host/sim/snapshot.js';
import type { HostSnapshot } from '../../../shared/model/snapshot.js';
import { wiki } from '../../shared/plan/helpers.js';

const req = (method: string, params: unknown): ReturnType<typeof checkRequest> => checkRequest({ id: 1, method, params });
const why = (r: ReturnType<typeof checkRequest>): string => (r.ok ? 'ok' : r.frame.error.message);

describe('export/import params', () => {
  it('accepts a design or live, a known format; import takes text and maybe a format', () => {
    expect(req('export', { design: wiki, format: 'sh' }).ok).toBe(true);
    expect(req('export', { live: true, format: 'dot' }).ok).toBe(true);
    expect(req('import', { text: 'x' }).ok).toBe(true);
    expect(req('import', { text: 'x', format: 'jail.conf' }).ok).toBe(true);
  });

  it('refuses everything else with a reason', () => {
    expect(why(req('export', { design: wiki, format: 'png' }))).toBe('export: "format" must be one of ngctl, sh, jail.conf, dot, json');
    expect(why(req('export', { format: 'sh' }))).toBe('export: give either "design" or "live": true');
    expect(why(req('export', { design: wiki, live: true, format: 'sh' }))).toBe('export: give either "design" or "live": true');
    expect(why(req('export', { design: [], format: 'sh' }))).toBe('export: "design" must be a JSON object (a design document)');
    expect(why(req('export', { design: wiki, format: 'sh', x: 1 }))).toMatch(/^export: unknown param "x"/);
    expect(why(req('import', {}))).toBe('import: missing param "text" (a string)');
    expect(why(req('import', { text: 'x', format: 'xml' }))).toMatch(/^import: "format" must be one of json, ngctl, /);
  });
});

describe('export/import handlers', () => {
  it('exports a design and the live host, imports text', async () => {
    const state = newState();
    await seedDemo(state);
    const snap: HostSnapshot = simSnapshot(state);
    const h = createHandlers({ current: () => snap });
    expect(await dispatch(h, 'export', { design: wiki, format: 'json' })).toEqual({ result: { format: 'json', text: designJson(wiki), warnings: [] } });
    const live = await dispatch(h, 'export', { live: true, format: 'json' });
    expect('result' in live && live.result.text).toBe(designJson(designFromSnapshot(snap)));
    const imp = await dispatch(h, 'import', { text: designJson(wiki) });
    expect(imp).toEqual({ result: { format: 'json', design: wiki, warnings: [] } });
  });

  it('bad designs and unreadable text are bad-params errors with the problems as details', async () => {
    const h = createHandlers({ current: () => null });
    const e = await dispatch(h, 'export', { design: { format: 1 }, format: 'sh' });
    expect('error' in e && e.error).toMatchObject({ code: 'bad-params', message: expect.stringMatching(/^export: the design is not valid: /) });
    const l = await dispatch(h, 'export', { live: true, format: 'sh' });
    expect('error' in l && l.error).toEqual({ code: 'host-error', message: 'the host has not been observed yet' });
    const i = await dispatch(h, 'import', { text: 'nothing here' });
    expect('error' in i && i.error).toMatchObject({ code: 'bad-params', details: { problems: [expect.stringMatching(/^cannot tell what this text is/)] } });
  });
});
