import { describe, expect, it } from 'vitest';
import { bytesText, learnedHosts, sparkPoints, trafficViews } from '../../../../ui/src/lib/inspect-traffic.js';
import { inspect } from '../../../../ui/src/lib/inspect.js';
import { snapshotElements } from '../../../../ui/src/lib/graph/elements.js';
import type { GraphElement } from '../../../../ui/src/lib/graph/elements.js';
import { RateTracker } from '../../../../ui/src/lib/graph/rates.js';
import type { HostSnapshot } from '../../../../shared/model/snapshot.js';
import { demoSnapshot } from '../../demo-snapshot.js';

const el = (s: HostSnapshot, id: string): GraphElement => {
  const e = snapshotElements(s).find((x) => x.data.id === id);
  if (!e) throw new Error(`no element ${id}`);
  return e;
};

/** The demo host with ng_test1/ng_test2 addressed and MACs of their own, br0 having learned both and one stranger. */
function host(pings: number): HostSnapshot {
  const s = demoSnapshot();
  const t1 = s.interfaces.find((i) => i.name === 'ng_test1')!;
  const t2 = s.interfaces.find((i) => i.name === 'ng_test2')!;
  Object.assign(t1, { mac: '58:9c:fc:00:00:01', inet: ['10.0.0.1/24'], inet6: ['fe80::1/64'], linkUp: true, counters: { inPackets: pings, outPackets: pings, inBytes: pings * 98, outBytes: pings * 98, inDrops: 0 } });
  Object.assign(t2, { mac: '58:9C:FC:00:00:02' });
  const br0 = s.netgraph.nodes.find((n) => n.id === '3')!;
  for (const h of br0.hooks) h.counters = { inPackets: h.hook === 'link1' ? pings : 0, outPackets: 0, inBytes: 0, outBytes: 0 };
  br0.table = [
    { mac: '02:00:00:00:99:99', hook: 'link0', age: 40, staleness: 12 },
    { mac: '58:9c:fc:00:00:01', hook: 'link1', age: 5, staleness: 1 },
    { mac: '58:9c:fc:00:00:02', hook: 'link2', age: 5, staleness: 0 },
  ];
  return s;
}

describe('the traffic an element shows', () => {
  it('traces a bridge table to the interfaces and jails the MACs belong to', () => {
    const s = host(0);
    expect(learnedHosts(s, el(s, 'ng:3'))).toEqual([
      { mac: '02:00:00:00:99:99', hook: 'link0', peer: 'ng_host', iface: null, where: null, age: 40, staleness: 12 },
      { mac: '58:9c:fc:00:00:01', hook: 'link1', peer: 'ng_test1', iface: 'ng_test1', where: 'jail test1', age: 5, staleness: 1 },
      { mac: '58:9c:fc:00:00:02', hook: 'link2', peer: 'ng_test2', iface: 'ng_test2', where: 'jail test2', age: 5, staleness: 0 },
    ]);
    expect(learnedHosts(s, el(s, 'ng:5'))).toBeNull();
  });

  it("gives an interface's counters with rates and history, and a bridge's per hook", () => {
    const rates = new RateTracker({ windowMs: 4000 });
    rates.observe(host(0), 0);
    const s = host(20);
    rates.observe(s, 4000);
    const [v] = trafficViews(s, el(s, 'ng:5'), rates, 4000);
    expect(v?.title).toBe('interface test1/ng_test1');
    expect(v?.counters.inPackets).toBe(20);
    expect(v?.rate).toEqual({ inPps: 5, outPps: 5, inBps: 490, outBps: 490 });
    // The 40 packets arrived in the last 2 s step (both ways): 20/s there, none before.
    expect(v?.history.slice(-2)).toEqual([0, 20]);
    const hooks = trafficViews(s, el(s, 'ng:3'), rates, 4000);
    expect(hooks.map((h) => h.title)).toEqual(['br0 hook link2 → ng_test2', 'br0 hook link1 → ng_test1', 'br0 hook link0 → ng_host']);
    expect(trafficViews(s, el(s, 'link:3.link1--5.ether'), rates, 4000).map((h) => [h.title, h.rate?.inPps])).toEqual([['br0 hook link1 → ng_test1', 5]]);
    expect(trafficViews(s, el(s, 'jail:test1'), rates, 4000)).toEqual([]);
  });

  it('lists addresses and link state with the interface', () => {
    const s = host(0);
    const rows = inspect(s, el(s, 'ng:5')).find((x) => x.title === 'Interface ng_test1')!.rows;
    expect(rows).toEqual(expect.arrayContaining([['IPv4', '10.0.0.1/24'], ['IPv6', 'fe80::1/64'], ['Link', 'active'], ['MAC', '58:9c:fc:00:00:01']]));
  });

  it('draws a sparkline with its highest point at the top and skips unknown steps', () => {
    expect(sparkPoints([null, 0, 5, 10], 30, 20)).toBe('10.0,20.0 20.0,10.0 30.0,0.0');
    expect(sparkPoints([0, 0], 10, 20)).toBe('0.0,20.0 10.0,20.0');
    expect(sparkPoints([null, null], 10, 20)).toBe('');
  });

  it('writes byte counts short', () => {
    expect([0, 999, 1000, 1_234_567, 5e9, 7e12].map(bytesText)).toEqual(['0 B', '999 B', '1.0 kB', '1.2 MB', '5.0 GB', '7.0 TB']);
  });
});
