// The address a probe pings for an endpoint: what the snapshot knows of it,
// or nothing (then the UI offers no probe).
import { describe, expect, it } from 'vitest';
import { endpointOf, probeAddress } from '../../../shared/path/endpoint.js';
import { Host, wikiHost } from './build.js';

describe('probeAddress', () => {
  const s = wikiHost()
    .set('ng_test2', { inet: ['10.0.0.2/24', '10.0.0.3/24'] }, 'test2')
    .set('ng_host', { inet: ['10.0.0.254/24'] })
    .jail('plain', false, { ip4: ['192.0.2.7'] })
    .build();

  it("is an interface's first IPv4 address, without its prefix length", () => {
    expect(probeAddress(s, { kind: 'interface', name: 'ng_test2', jail: 'test2' })).toEqual({ addr: '10.0.0.2', on: 'ng_test2' });
  });

  it("for a vnet jail, the first address of its interfaces; for a jail without vnet, its ip4", () => {
    expect(probeAddress(s, { kind: 'jail', name: 'test2' })).toEqual({ addr: '10.0.0.2', on: 'ng_test2' });
    expect(probeAddress(s, { kind: 'jail', name: 'plain' })).toEqual({ addr: '192.0.2.7', on: null });
  });

  it('for a node, that of the interface bound to it', () => {
    const id = s.netgraph.nodes.find((n) => n.name === 'ng_host')?.id as string;
    expect(probeAddress(s, { kind: 'node', id, name: 'ng_host', type: 'eiface' })).toEqual({ addr: '10.0.0.254', on: 'ng_host' });
  });

  it('is null where the snapshot holds no address (inet absent or empty) and for the host or a bridge', () => {
    expect(probeAddress(s, { kind: 'jail', name: 'test1' })).toBeNull();
    expect(probeAddress(wikiHost().set('ng_test1', { inet: [] }, 'test1').build(), { kind: 'interface', name: 'ng_test1', jail: 'test1' })).toBeNull();
    expect(probeAddress(s, { kind: 'host' })).toBeNull();
    const br0 = s.netgraph.nodes.find((n) => n.name === 'br0')?.id as string;
    expect(probeAddress(s, { kind: 'node', id: br0, name: 'br0', type: 'bridge' })).toBeNull();
    expect(probeAddress(s, { kind: 'jail', name: 'nosuch' })).toBeNull();
  });
});

describe('endpointOf', () => {
  it('a jail without vnet traces as the host stack; what the host lacks is an error', () => {
    const s = new Host().jail('plain', false).jail('v').build();
    expect(endpointOf(s, { kind: 'jail', name: 'plain' })).toEqual({ key: 'host', ref: { kind: 'jail', name: 'plain' } });
    expect(endpointOf(s, { kind: 'jail', name: 'v' })).toEqual({ key: 'jail:v', ref: { kind: 'jail', name: 'v' } });
    expect(endpointOf(s, { kind: 'jail', name: 'x' })).toEqual({ error: 'no jail x on the host' });
    expect(endpointOf(s, { kind: 'interface', name: 'e0', jail: 'v' })).toEqual({ error: 'no interface v/e0 on the host' });
    expect(endpointOf(s, { kind: 'wire', name: 'em0', jail: null })).toEqual({ error: "a NIC's wire is not an endpoint: name the interface em0" });
  });
});
