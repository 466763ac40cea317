import { describe, expect, it } from 'vitest';
import { bridgeStatsCounters, parseBridgeStats, parseBridgeTable } from '../../../shared/parse/ng-bridge.js';
import { parseNgctlMsg } from '../../../shared/parse/ngctl-msg.js';
import { fixture } from './fixture.js';

/** The Args text of a captured `ngctl msg` answer. */
function args(name: string): string {
  const m = parseNgctlMsg(fixture(name));
  if (!m.ok || m.value.args === null) throw new Error(`${name}: ${JSON.stringify(m)}`);
  return m.value.args;
}

describe('parseBridgeStats', () => {
  it('reads the real iocage capture (zero fields left out) as counters seen from the bridge', () => {
    const r = parseBridgeStats(args('ngctl-msg-getstats-iocage.txt'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ recvOctets: 23741691373, recvPackets: 38929211, recvMulticast: 27405, xmitMulticasts: 281, recvRunts: 0, loopDrops: 0 });
    expect(bridgeStatsCounters(r.value)).toEqual({ inPackets: 38929211, outPackets: 34549262, inBytes: 23741691373, outBytes: 9220089573, inDrops: 0, inErrors: 0 });
  });

  it('counts loop drops as input drops and runts plus bad sources as input errors', () => {
    const r = parseBridgeStats(args('handmade/ngctl-msg-getstats-13.txt'));
    expect(r.ok && bridgeStatsCounters(r.value)).toEqual({ inPackets: 21, outPackets: 19, inBytes: 2019, outBytes: 1860, inDrops: 5, inErrors: 3 });
  });

  it('reads an idle link ({}) as zeros, a uint64 beyond 2^53 approximately, an unknown field with a warning', () => {
    expect(parseBridgeStats('{}')).toMatchObject({ ok: true, value: { recvPackets: 0, xmitOctets: 0 } });
    expect(parseBridgeStats('{ recvOctets=18446744073709551615 }')).toMatchObject({ ok: true, value: { recvOctets: 18446744073709552000 } });
    const r = parseBridgeStats('{ recvPackets=1 newThing=3 }');
    expect(r).toMatchObject({ ok: true, value: { recvPackets: 1 }, warnings: [{ message: 'getstats: unknown field newThing ignored' }] });
  });

  it('fails clearly on what is not a stats struct', () => {
    const first = (t: string): string => {
      const r = parseBridgeStats(t);
      return r.ok ? 'ok' : r.errors[0]!.message;
    };
    expect(first('"ngeth0"')).toBe('getstats: expected a { … } struct, got "ngeth0"');
    expect(first('{ recvPackets=-1 }')).toBe('getstats: recvPackets is not a count (-1)');
    expect(first('{ recvPackets=')).toMatch(/^getstats: expected a value/);
    expect(first('')).toMatch(/^getstats: empty argument text/);
  });
});

describe('parseBridgeTable', () => {
  it('13+: hosts with their hook names, sorted by MAC, fresh entries at age and staleness 0', () => {
    expect(parseBridgeTable(args('handmade/ngctl-msg-gettable-13.txt'))).toEqual({
      ok: true,
      warnings: [],
      value: [
        { mac: '02:f0:19:a3:8c:0b', hook: 'uplink1', age: 12, staleness: 0 },
        { mac: '58:9c:fc:00:00:01', hook: 'link1', age: 0, staleness: 0 },
        { mac: '58:9c:fc:10:ff:dd', hook: 'link2', age: 41, staleness: 3 },
      ],
    });
  });

  it('12.x: link numbers become linkN hooks, link 0 being the field left out', () => {
    expect(parseBridgeTable(args('handmade/ngctl-msg-gettable-12.txt'))).toEqual({
      ok: true,
      warnings: [],
      value: [
        { mac: '00:1b:21:3a:4f:10', hook: 'link0', age: 300, staleness: 1 },
        { mac: '58:9c:fc:10:ff:dd', hook: 'link2', age: 7, staleness: 7 },
      ],
    });
  });

  it('an empty table is {} (numHosts 0 and the empty array both left out)', () => {
    expect(parseBridgeTable('{}')).toEqual({ ok: true, warnings: [], value: [] });
  });

  it('fails clearly on a torn or malformed table', () => {
    const first = (t: string): string => {
      const r = parseBridgeTable(t);
      return r.ok ? 'ok' : r.errors[0]!.message;
    };
    expect(first('{ numHosts=2 hosts=[ { addr=02:00:00:00:00:01 hook="link1" } ] }')).toBe('gettable: numHosts says 2 but 1 host(s) are listed');
    expect(first('{ numHosts=1 hosts=[ { addr=zz hook="link1" } ] }')).toBe('gettable: host 0: addr "zz" is not a MAC address');
    expect(first('{ numHosts=1 hosts=[ { addr=02:00:00:00:00:01 hook="" } ] }')).toBe('gettable: host 0: hook "" is not a hook name');
    expect(first('{ numHosts=1 hosts=[ 7 ] }')).toBe('gettable: host 0: expected a { … } struct');
    expect(first('{ hosts=3 }')).toBe('gettable: hosts is not an array');
    expect(first('[ 1 2 ]')).toMatch(/^gettable: expected a \{ … \} struct/);
  });
});
