import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkRequest, parseRequest, MAX_ID_LENGTH } from '../../../shared/protocol/validate.js';

describe('parseRequest', () => {
  it('accepts well-formed requests, with params omitted or empty', () => {
    expect(parseRequest('{"id":1,"method":"ping","params":{}}')).toEqual({ ok: true, frame: { id: 1, method: 'ping', params: {} } });
    expect(parseRequest('{"id":"a","method":"snapshot"}')).toEqual({ ok: true, frame: { id: 'a', method: 'snapshot', params: {} } });
  });

  const cases: [string, string, string | number | null][] = [
    ['not json', 'bad-frame', null],
    ['[1,2]', 'bad-frame', null],
    ['null', 'bad-frame', null],
    ['42', 'bad-frame', null],
    ['{"method":"ping"}', 'bad-frame', null],
    ['{"id":1e300,"method":"ping"}', 'bad-frame', null],
    ['{"id":1.5,"method":"ping"}', 'bad-frame', null],
    ['{"id":"","method":"ping"}', 'bad-frame', null],
    [`{"id":"${'x'.repeat(MAX_ID_LENGTH + 1)}","method":"ping"}`, 'bad-frame', null],
    ['{"id":{},"method":"ping"}', 'bad-frame', null],
    ['{"id":3}', 'bad-frame', 3],
    ['{"id":3,"method":7}', 'bad-frame', 3],
    ['{"id":3,"method":"nope"}', 'unknown-method', 3],
    ['{"id":3,"method":"__proto__"}', 'unknown-method', 3],
    ['{"id":3,"method":"toString"}', 'unknown-method', 3],
    ['{"id":3,"method":"ping","params":[]}', 'bad-params', 3],
    ['{"id":3,"method":"ping","params":null}', 'bad-params', 3],
    ['{"id":3,"method":"ping","params":{"x":1}}', 'bad-params', 3],
  ];
  it.each(cases)('%s → %s', (text, code, id) => {
    const r = parseRequest(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.frame).toMatchObject({ type: 'error', id, error: { code } });
    expect(r.frame.error.message.length).toBeGreaterThan(5);
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v))), (text) => {
        const r = parseRequest(text);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
    fc.assert(fc.property(fc.anything(), (v) => typeof checkRequest(v).ok === 'boolean'));
  });
});
