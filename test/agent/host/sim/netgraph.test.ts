// The emulated netgraph kernel: hash-order listing, paths, vnets, messages.
import { describe, expect, it } from 'vitest';
import { isSimErrno } from '../../../../agent/host/sim/errno.js';
import { ifAttachNic, ifCloneCreate } from '../../../../agent/host/sim/ifnet.js';
import { kldload } from '../../../../agent/host/sim/modules.js';
import * as ng from '../../../../agent/host/sim/netgraph.js';
import { parsePath } from '../../../../agent/host/sim/netgraph/base.js';
import { newState } from '../../../../agent/host/sim/new-state.js';
import type { SimState } from '../../../../agent/host/sim/state.js';

const errnoOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (isSimErrno(e)) return e.errno;
    throw e;
  }
  return 'none';
};

/** `count` persistent hubs made from a kernel-context caller (no socket). */
function hubs(s: SimState, count: number): void {
  const sock = ng.openSocket(s, 0, 'maker', 1);
  const c = { state: s, vnet: 0, here: sock };
  for (let i = 0; i < count; i++) {
    const h = ng.mkpeer(c, '.', 'hub', `h${i}`, 'up');
    ng.sendMsg(c, h, 'setpersistent', '');
  }
  ng.closeSocket(s, 0, sock);
}

describe('list order = ID hash walk', () => {
  it('wraps around the 16 buckets (ID 17 lists before ID 2)', () => {
    const s = newState();
    hubs(s, 3); // socket 1, hubs 2,3,4
    for (let i = 0; i < 12; i++) ng.closeSocket(s, 0, ng.openSocket(s, 0, `t${i}`, 10 + i)); // burns IDs 5..16
    const sock = ng.openSocket(s, 0, 'x', 99); // ID 17 → bucket 1, before bucket 2
    expect(ng.graphOf(s, 0).nodes.map((n) => n.id)).toEqual([17, 2, 3, 4]);
    ng.closeSocket(s, 0, sock);
  });

  it('doubles the table when nodes*2 > hmask', () => {
    const s = newState();
    hubs(s, 8);
    const g = ng.graphOf(s, 0);
    expect(g.idHashSize).toBe(32);
    expect(g.nodes.map((n) => n.id)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('paths', () => {
  it.each([
    ['br0:', { node: 'br0', hops: [] }],
    ['.:', { node: '.', hops: [] }],
    ['[3f]:hook1.hook2', { node: '[3f]', hops: ['hook1', 'hook2'] }],
    ['.path_1', { node: null, hops: ['path_1'] }],
    ['hook.', { node: null, hops: ['hook'] }],
  ])('%s parses', (p, want) => expect(parsePath(p)).toEqual(want));

  it.each([':x', 'a.b:', 'a:b:c', 'a:x..y'])('%s is EINVAL', (p) => expect(errnoOf(() => parsePath(p))).toBe('EINVAL'));

  it('[id]: addresses by ID; [0]: is no node', () => {
    const s = newState();
    hubs(s, 1);
    expect(ng.resolvePath(s, 0, null, '[2]:').type).toBe('hub');
    expect(ng.resolvePath(s, 0, null, '[00000002]:').type).toBe('hub');
    expect(errnoOf(() => ng.resolvePath(s, 0, null, '[0]:'))).toBe('ENOENT');
    expect(errnoOf(() => ng.resolvePath(s, 0, null, 'h0'))).toBe('EINVAL');
  });
});

describe('vnets', () => {
  it('a vnet has its own IDs and names; destroying it destroys eiface interfaces created in it', () => {
    const s = newState();
    hubs(s, 1);
    ng.vnetCreate(s, 5);
    const sock = ng.openSocket(s, 5, 'ngctl1', 1);
    expect(sock.id).toBe(1);
    const e = ng.mkpeer({ state: s, vnet: 5, here: sock }, '.', 'eiface', 'e', 'ether');
    ng.closeSocket(s, 5, sock);
    expect(e.name).toBe('ngeth0');
    expect(s.ifnets.find((i) => i.ngNode === e.id && i.vnet === 5)).toBeDefined();
    ng.vnetDestroy(s, 5);
    expect(s.vnets['5']).toBeUndefined();
    expect(s.ifnets.some((i) => i.kind === 'eiface')).toBe(false);
    expect(ng.graphOf(s, 0).nodes.map((n) => n.type)).toEqual(['hub']);
  });
});

describe('ng_ether', () => {
  it('attaches to ether-like interfaces only, not twice, and detaches with them', () => {
    const s = newState();
    kldload(s, 'ng_ether');
    const epair = ifCloneCreate(s, 0, 'epair');
    expect(ng.graphOf(s, 0).nodes.map((n) => n.name).sort()).toEqual(['em0', 'epair0a', 'epair0b']);
    ng.etherAttach(s, epair);
    expect(ng.graphOf(s, 0).nodes).toHaveLength(3);
    ng.etherDetach(s, epair);
    expect(ng.graphOf(s, 0).nodes.map((n) => n.name).sort()).toEqual(['em0', 'epair0b']);
  });

  it('skips an interface whose name already names a node', () => {
    const s = newState();
    hubs(s, 1);
    ng.name({ state: s, vnet: 0, here: null }, '[2]:', 'igb0');
    ifAttachNic(s, 'igb0', '00:11:22:33:44:66');
    kldload(s, 'ng_ether');
    expect(ng.graphOf(s, 0).nodes.map((n) => [n.name, n.type]).sort()).toEqual([
      ['em0', 'ether'],
      ['igb0', 'hub'],
    ]);
  });

  it('answers its messages', () => {
    const s = newState();
    kldload(s, 'ng_ether');
    const c = { state: s, vnet: 0, here: null };
    const em0 = ng.resolvePath(s, 0, null, 'em0:');
    expect(ng.sendMsg(c, em0, 'getenaddr', '')?.args).toBe('00:0c:29:4f:8e:35');
    expect(ng.sendMsg(c, em0, 'setpromisc', '1')).toBeNull();
    expect(ng.sendMsg(c, em0, 'getpromisc', '')?.args).toBe('1');
    expect(ng.sendMsg(c, em0, 'getautosrc', '')?.args).toBe('1');
    expect(errnoOf(() => ng.sendMsg(c, em0, 'setpromisc', ''))).toBe('EINVAL');
    expect(s.ifnets.find((i) => i.name === 'em0')!.promisc).toBe(true);
  });
});

describe('generic messages', () => {
  it('nodeinfo and listhooks in ng_parse style', () => {
    const s = newState();
    const sock = ng.openSocket(s, 0, 'me', 1);
    const c = { state: s, vnet: 0, here: sock };
    const b = ng.mkpeer(c, '.', 'bridge', 'x', 'link0');
    expect(ng.sendMsg(c, b, 'nodeinfo', '')).toEqual({ cmdstr: 'nodeinfo', cmd: 805306374, from: '[2]:', args: '{ type="bridge" id=0x2 hooks=1 }' });
    expect(ng.sendMsg(c, b, 'listhooks', '')?.args).toBe('{ nodeinfo={ type="bridge" id=0x2 hooks=1 } linkinfo=[ { ourhook="link0" peerhook="x" nodeinfo={ name="me" type="socket" id=0x1 hooks=1 } } ] }');
    ng.sendMsg(c, sock, 'name', '{ name="you" }');
    expect(sock.name).toBe('you');
    ng.sendMsg(c, b, 'setpersistent', '');
    ng.sendMsg(c, sock, 'rmhook', '{ hook="x" }');
    expect(b.hooks).toEqual([]);
    expect(ng.graphOf(s, 0).nodes).toContain(b);
  });

  it('vlan filters need an existing hook', () => {
    const s = newState();
    const sock = ng.openSocket(s, 0, 'me', 1);
    const c = { state: s, vnet: 0, here: sock };
    const v = ng.mkpeer(c, '.', 'vlan', 'v', 'vlan123');
    expect(errnoOf(() => ng.sendMsg(c, v, 'addfilter', '{ vlan=7 hook="nohook" }'))).toBe('ENOENT');
    ng.sendMsg(c, v, 'addfilter', '{ vlan=123 hook="vlan123" }');
    expect(ng.sendMsg(c, v, 'gettable', '')?.args).toBe('{ n=1 filter=[ { hook="vlan123" vlan=123 vid=123 } ] }');
  });

  it('tee splices left and right together on shutdown', () => {
    const s = newState();
    const sock = ng.openSocket(s, 0, 'me', 1);
    const c = { state: s, vnet: 0, here: sock };
    ng.mkpeer(c, '.', 'tee', 'a', 'left');
    ng.connect(c, '.', 'a', 'b', 'right');
    ng.shutdown(c, 'a');
    expect(sock.hooks.map((h) => [h.name, h.peer, h.peerHook]).sort()).toEqual([
      ['a', sock.id, 'b'],
      ['b', sock.id, 'a'],
    ]);
  });
});
