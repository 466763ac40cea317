import { describe, expect, it } from 'vitest';
import { simSnapshot } from '../../../../agent/host/sim/snapshot.js';
import { normalizeSnapshot } from '../../../../shared/model/normalize.js';
import { fixtureState } from '../../engine/sim-fixture.js';

describe('simSnapshot', () => {
  const snap = simSnapshot(fixtureState());

  it('describes the host itself as emulated, version 0', () => {
    expect(snap.version).toBe(0);
    expect(snap.host).toEqual({ hostname: 'sim.example', backend: 'sim', release: '14.3-RELEASE', emulated: true });
    expect(snap.modules).toEqual(['if_epair', 'netgraph', 'ng_ether']);
  });

  it('lists host-vnet nodes by numeric id with hex ids and hooks in listing order', () => {
    expect(snap.netgraph.nodes.map((n) => [n.id, n.name, n.type])).toEqual([
      ['1', 'em0', 'ether'],
      ['3', 'br0', 'bridge'],
      ['4', 'ngeth0', 'eiface'],
    ]);
    // A bridge's hooks carry its link counters (getstats N); nothing went through yet.
    const idle = { inPackets: 0, outPackets: 0, inBytes: 0, outBytes: 0, inDrops: 0, inErrors: 0 };
    expect(snap.netgraph.nodes[1]!.hooks).toEqual([
      { hook: 'link2', peerId: '4', peerHook: 'ether', counters: idle },
      { hook: 'link1', peerId: '1', peerHook: 'upper', counters: idle },
      { hook: 'link0', peerId: '1', peerHook: 'lower', counters: idle },
    ]);
    expect(snap.netgraph.nodes[1]!.table).toEqual([]);
  });

  it('counts living nodes per loaded type', () => {
    expect(snap.netgraph.types).toEqual([
      { name: 'bridge', count: 1 },
      { name: 'eiface', count: 1 },
      { name: 'ether', count: 1 },
      { name: 'socket', count: 0 },
    ]);
  });

  it('names the jail an interface lives in and keys it jail/name in canonical order', () => {
    expect(snap.interfaces.map((i) => [i.name, i.jail])).toEqual([
      ['bridge0', null],
      ['em0', null],
      ['epair0a', null],
      ['epair0b', null],
      ['lo0', null],
      ['ngeth0', 'web'],
    ]);
  });

  it('resolves epair peers, bridge members and bound netgraph nodes to names and ids', () => {
    const by = new Map(snap.interfaces.map((i) => [i.name, i]));
    expect(by.get('epair0a')).toMatchObject({ kind: 'epair', epairPeer: 'epair0b', mac: '02:d6:ec:ad:52:0a' });
    expect(by.get('bridge0')?.members).toEqual(['epair0a']);
    expect(by.get('em0')?.ngNode).toBe('1');
    expect(by.get('ngeth0')?.ngNode).toBe('4');
    expect(by.get('lo0')?.flags).toEqual(['UP', 'LOOPBACK', 'RUNNING', 'MULTICAST', 'LOWER_UP']); // as FreeBSD's lo0: flags=1008049
    expect(by.get('epair0b')).toMatchObject({ up: false, flags: ['BROADCAST', 'SIMPLEX', 'MULTICAST', 'LOWER_UP'] }); // an epair's link is up from creation
  });

  it('lists jails with the interfaces in their vnet', () => {
    expect(snap.jails).toEqual([
      { jid: 1, name: 'web', hostname: 'web.example', path: '/jails/web', vnet: true, persist: true, state: 'ACTIVE', ip4: [], ip6: [], interfaces: ['ngeth0'] },
    ]);
  });

  it('is already canonical and shares nothing with the state', () => {
    expect(normalizeSnapshot(snap)).toEqual(snap);
    const state = fixtureState();
    const s = simSnapshot(state);
    s.netgraph.nodes[0]!.hooks.pop();
    s.interfaces[0]!.groups.push('x');
    expect(simSnapshot(state)).toEqual(snap);
  });

  it('reports a dying jail as DYING', () => {
    const state = fixtureState();
    state.jails[0]!.dying = true;
    expect(simSnapshot(state).jails[0]!.state).toBe('DYING');
  });
});

describe('simSnapshot at scale', () => {
  it('converts a 1000-eiface host with every node, hook and interface', () => {
    const state = fixtureState();
    const host = state.vnets['0']!;
    for (let i = 0; i < 1000; i++) {
      const id = 100 + i;
      host.nodes.push({ id, name: `e${i}`, type: 'eiface', ifnet: 1000 + i, hooks: [{ name: 'ether', peer: 3, peerHook: `link${i + 3}` }] });
      host.nodes.find((n) => n.id === 3)!.hooks.unshift({ name: `link${i + 3}`, peer: id, peerHook: 'ether' });
      state.ifnets.push({ id: 1000 + i, name: `e${i}`, kind: 'eiface', vnet: 0, home: 0, driver: 'ngeth', unit: i, mac: null, up: true, mtu: 1500, groups: [], ngNode: id });
    }
    const s = simSnapshot(state);
    expect(s.netgraph.nodes).toHaveLength(1003);
    expect(s.netgraph.nodes.at(-1)!.id).toBe((1099).toString(16));
    expect(s.netgraph.nodes.find((n) => n.name === 'br0')!.hooks).toHaveLength(1003);
    expect(s.netgraph.types.find((t) => t.name === 'eiface')!.count).toBe(1001);
    expect(s.interfaces).toHaveLength(1006);
    expect(s.interfaces.find((i) => i.name === 'e999')).toMatchObject({ ngNode: (1099).toString(16), flags: expect.arrayContaining(['LOWER_UP']) });
  });
});
