// A small hand-built emulated host (SimState) for tests that must not depend
// on the emulated commands: an em0 uplink into bridge br0, an eiface moved
// into vnet jail `web`, and an epair whose a side is an if_bridge member.
import type { SimState, SimIfnet } from '../../../agent/host/sim/state.js';

function ifnet(p: Partial<SimIfnet> & Pick<SimIfnet, 'id' | 'name' | 'kind'>): SimIfnet {
  return { vnet: 0, home: 0, driver: p.kind, unit: 0, mac: null, up: true, mtu: 1500, groups: [], ...p };
}

/** A fresh copy of the fixture host. */
export function fixtureState(): SimState {
  return {
    format: 1,
    release: '14.3-RELEASE',
    hostname: 'sim.example',
    nextPid: 100,
    nextJid: 2,
    nextIfId: 7,
    nextModuleId: 4,
    modules: [
      { id: 1, name: 'netgraph' },
      { id: 2, name: 'ng_ether' },
      { id: 3, name: 'if_epair' },
    ],
    vnets: {
      '0': {
        nextNodeId: 5,
        types: ['eiface', 'bridge', 'ether', 'socket'],
        nodes: [
          { id: 4, name: 'ngeth0', type: 'eiface', ifnet: 3, hooks: [{ name: 'ether', peer: 3, peerHook: 'link2' }] },
          { id: 1, name: 'em0', type: 'ether', ifnet: 1, hooks: [{ name: 'upper', peer: 3, peerHook: 'link1' }, { name: 'lower', peer: 3, peerHook: 'link0' }] },
          {
            id: 3,
            name: 'br0',
            type: 'bridge',
            hooks: [
              { name: 'link2', peer: 4, peerHook: 'ether' },
              { name: 'link1', peer: 1, peerHook: 'upper' },
              { name: 'link0', peer: 1, peerHook: 'lower' },
            ],
          },
        ],
      },
      '1': { nextNodeId: 1, nodes: [], types: [] },
    },
    ifnets: [
      ifnet({ id: 1, name: 'em0', kind: 'ether', driver: 'em', mac: '52:54:00:12:34:56' }),
      ifnet({ id: 2, name: 'lo0', kind: 'loopback', driver: 'lo', mtu: 16384, groups: ['lo'] }),
      ifnet({ id: 3, name: 'ngeth0', kind: 'eiface', driver: 'ngeth', vnet: 1, ngNode: 4, mac: '58:9c:fc:10:ff:dd' }),
      ifnet({ id: 4, name: 'epair0a', kind: 'epair', driver: 'epair', peer: 5, mac: '02:d6:ec:ad:52:0a', groups: ['epair'] }),
      ifnet({ id: 5, name: 'epair0b', kind: 'epair', driver: 'epair', peer: 4, mac: '02:d6:ec:ad:52:0b', groups: ['epair'], up: false }),
      ifnet({ id: 6, name: 'bridge0', kind: 'bridge', driver: 'bridge', members: [4], groups: ['bridge'] }),
    ],
    jails: [
      { jid: 1, name: 'web', path: '/jails/web', hostname: 'web.example', vnet: true, persist: true, dying: false, ip4: [], ip6: [], params: {} },
    ],
    generation: 1,
  };
}
