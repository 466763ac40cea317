import { describe, expect, it } from 'vitest';
import type { Design } from '../../../shared/design/types.js';
import { absentInterfaces, usedHostInterfaces } from '../../../shared/plan/host-interfaces.js';
import { emptyHost, iface, wiki } from './helpers.js';

/** jng on em0 and bge0.42, jib on em1 with a NIC of its own in a jail, and a stopped jail with igb0. */
const uplinks: Design = {
  format: 1,
  nodes: [
    { name: 'em0', type: 'ether' },
    { name: 'bge0_42', type: 'ether' },
    { name: '[7]', type: 'ether' },
    { name: 'br', type: 'bridge' },
    { name: 'ng_web', type: 'eiface', ifname: 'ng_web' },
  ],
  links: [{ a: { node: 'em0', hook: 'lower' }, b: { node: 'br', hook: 'link0' } }],
  epairs: [{ a: { name: 'e0a_db' }, b: { name: 'e0b_db' } }],
  bridges: [{ name: 'em1bridge', members: ['em1', 'e0a_db', 'em0'] }],
  jails: [
    { name: 'web', path: '/j/web', vnet: true, interfaces: ['ng_web', 'ix0'] },
    { name: 'db', path: '/j/db', vnet: true, interfaces: ['e0b_db'] },
    { name: 'off', path: '/j/off', vnet: true, interfaces: ['igb0'], state: 'stopped' },
  ],
};

describe('the host interfaces a design uses', () => {
  it('lists uplinks, bridge members and jail interfaces the design does not create, once each', () => {
    expect(usedHostInterfaces(uplinks)).toEqual([
      { name: 'em0', use: 'uplink' },
      { name: 'bge0_42', use: 'uplink' },
      { name: 'em1', use: 'bridge member' },
      { name: 'ix0', use: 'jail interface' },
    ]);
    expect(usedHostInterfaces(wiki)).toEqual([]);
  });

  it('finds which are absent: an uplink by its ng_ether name, the others by name anywhere', () => {
    const used = usedHostInterfaces(uplinks);
    const host = emptyHost({ interfaces: [iface('em0', 'ether'), iface('lo0', 'loopback')] });
    expect(absentInterfaces(used, host).map((u) => u.name)).toEqual(['bge0_42', 'em1', 'ix0']);
    const later = emptyHost({
      interfaces: [iface('em0', 'ether'), iface('bge0.42', 'vlan'), iface('em1', 'ether'), iface('ix0', 'ether', { jail: 'web' }), iface('lo0', 'loopback')],
    });
    expect(absentInterfaces(used, later)).toEqual([]);
    // An eiface named like the uplink is not a NIC behind an ng_ether node.
    expect(absentInterfaces([{ name: 'x0', use: 'uplink' }], emptyHost({ interfaces: [iface('x0', 'eiface')] }))).toHaveLength(1);
  });
});
