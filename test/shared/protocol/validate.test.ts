import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkRequest, parseRequest, patchProblem, MAX_ID_LENGTH } from '../../../shared/protocol/validate.js';
import { diffSnapshots } from '../../../shared/model/diff.js';
import { snapshotArb, withTrafficChanged } from '../model/arbitraries.js';

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

describe('patchProblem (patches the agent sends)', () => {
  it('accepts every patch diffSnapshots makes, traffic sections included, after a JSON round trip', () => {
    fc.assert(
      fc.property(snapshotArb, snapshotArb.chain((a) => fc.tuple(fc.constant(a), withTrafficChanged(a))), (x, [a, b]) => {
        for (const p of [diffSnapshots(x, a), diffSnapshots(a, b)]) if (p !== null) expect(patchProblem(JSON.parse(JSON.stringify(p)))).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    [null, 'patch is not an object'],
    [{ nodes: { upsert: [] } }, 'patch.nodes must be { upsert: [], remove: [] }'],
    [{ interfaces: { upsert: [1], remove: [] } }, 'patch.interfaces.upsert holds a non-object'],
    [{ jails: { upsert: [], remove: [1] } }, 'patch.jails.remove holds a non-string'],
    [{ modules: [1] }, 'patch.modules is not a list of names'],
    [{ surprise: 1 }, 'patch has an unknown section "surprise"'],
    [{ counters: [] }, 'patch.counters is not an object'],
    [{ counters: { routes: {} } }, 'patch.counters has an unknown section "routes"'],
    [{ counters: { interfaces: { em0: 5 } } }, 'patch.counters.interfaces["em0"] is not an object'],
    [{ counters: { interfaces: { em0: { inPackets: '5' } } } }, 'patch.counters.interfaces["em0"] has a bad field "inPackets"'],
    [{ counters: { hooks: { '1:link1': { inPackets: 1, bogus: 2 } } } }, 'patch.counters.hooks["1:link1"] has a bad field "bogus"'],
    [{ counters: { hooks: { '1:link1': { set: { inPackets: 1 } } } } }, 'patch.counters.hooks["1:link1"] "set" has no count outPackets'],
    [{ counters: { hooks: { '1:link1': { set: null, inPackets: 1 } } } }, 'patch.counters.hooks["1:link1"] mixes "set" with deltas'],
    [{ tables: { '5': [{ mac: 'x', hook: 'link1', age: 1 }] } }, 'patch.tables["5"] has a bad host at 0'],
    [{ tables: { '5': 'x' } }, 'patch.tables["5"] is neither a table nor null'],
    [{ nodeHooks: [] }, 'patch.nodeHooks is not an object'],
    [{ nodeHooks: { '5': { order: [] } } }, 'patch.nodeHooks["5"] must be { order: [], upsert: [] }'],
    [{ nodeHooks: { '5': { order: [1], upsert: [] } } }, 'patch.nodeHooks["5"] has an order holding a non-name'],
    [{ nodeHooks: { '5': { order: ['link1'], upsert: [{ peerId: '1' }] } } }, 'patch.nodeHooks["5"] has an upsert holding a non-hook'],
  ])('rejects %j: %s', (p, why) => {
    expect(patchProblem(p)).toBe(why);
  });
});
