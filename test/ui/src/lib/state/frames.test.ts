import { describe, expect, it } from 'vitest';
import { backoffDelay, parseServerFrame, socketUrl, tokenFromSearch } from '../../../../../ui/src/lib/state/frames.js';
import { demoSnapshot } from '../../../demo-snapshot.js';

const hello = { type: 'hello', protocol: 1, backend: 'sim', host: demoSnapshot().host, capabilities: [], snapshot: demoSnapshot() };

describe('parseServerFrame', () => {
  it('accepts well-formed frames of every type', () => {
    const frames = [
      hello,
      { type: 'patch', from: 1, to: 2, patch: {} },
      { type: 'patch', from: 2, to: 3, patch: { counters: { interfaces: { em0: { inPackets: 3, inBytes: 294 } }, hooks: { '5:link1': { set: null } } }, tables: { '5': [] } } },
      { type: 'result', id: 3, result: { now: 1 } },
      { type: 'error', id: null, error: { code: 'bad-frame', message: 'no' } },
      { type: 'event', event: 'progress', data: null },
    ];
    for (const f of frames) expect(parseServerFrame(JSON.stringify(f))).toEqual({ ok: true, frame: f });
  });

  it.each([
    [42, 'frame is not text'],
    ['{', 'frame is not JSON'],
    ['[1]', 'frame is not a JSON object'],
    ['null', 'frame is not a JSON object'],
    ['{"type":"nope"}', 'unknown frame type "nope"'],
    ['{}', 'unknown frame type undefined'],
    ['{"type":"patch","from":"1","to":2,"patch":{}}', 'patch.from/to are not numbers'],
    ['{"type":"patch","from":1,"to":2,"patch":null}', 'patch.patch is not an object'],
    ['{"type":"patch","from":1,"to":2,"patch":{"counters":{"interfaces":{"em0":{"inPackets":"x"}}}}}', 'patch.counters.interfaces["em0"] has a bad field "inPackets"'],
    ['{"type":"result","id":{}}', 'result.id is not a string or number'],
    ['{"type":"error","id":1,"error":{}}', 'error.error has no message'],
    ['{"type":"event"}', 'event.event is not a string'],
  ])('rejects %j: %s', (text, error) => {
    expect(parseServerFrame(text)).toEqual({ ok: false, error });
  });

  it('rejects a hello whose snapshot is broken, naming the broken part', () => {
    const broken = { ...hello, snapshot: { ...demoSnapshot(), interfaces: 'x' } };
    expect(parseServerFrame(JSON.stringify(broken))).toEqual({ ok: false, error: 'snapshot.interfaces is not an array' });
    expect(parseServerFrame(JSON.stringify({ ...hello, snapshot: null }))).toEqual({ ok: false, error: 'snapshot is not an object' });
  });
});

describe('backoffDelay', () => {
  const o = { baseMs: 100, capMs: 1000 };
  it('doubles per attempt up to the cap, jittered within [half, full]', () => {
    expect(backoffDelay(0, 0, o)).toBe(50);
    expect(backoffDelay(0, 1, o)).toBe(100);
    expect(backoffDelay(2, 0, o)).toBe(200);
    expect(backoffDelay(2, 1, o)).toBe(400);
    expect(backoffDelay(10, 1, o)).toBe(1000);
    expect(backoffDelay(1e9, 0.5, o)).toBe(750);
  });
  it('stays in range on odd input', () => {
    for (const [a, r] of [[-3, -1], [Number.NaN, 2], [Infinity, 0.5]] as const) {
      const d = backoffDelay(a, r, o);
      expect(d).toBeGreaterThanOrEqual(50);
      expect(d).toBeLessThanOrEqual(1000);
    }
  });
});

describe('tokenFromSearch and socketUrl', () => {
  it('reads the token and builds the same-host WebSocket URL', () => {
    expect(tokenFromSearch('?token=a%2Bb')).toBe('a+b');
    expect(tokenFromSearch('?x=1')).toBeNull();
    expect(tokenFromSearch('?token=')).toBeNull();
    expect(socketUrl({ protocol: 'http:', host: '127.0.0.1:7878' }, 'a+b')).toBe('ws://127.0.0.1:7878/ws?token=a%2Bb');
    expect(socketUrl({ protocol: 'https:', host: 'h' }, 't')).toBe('wss://h/ws?token=t');
  });
});
