// Peer hosts in the UI, on plain data: the relayed frames checked before use,
// a peer's snapshot kept from its hello and patches (a patch that does not
// follow on asks for a resync), and the canvas with a region per host whose
// peer element ids carry the peer id and never collide with the local ones.
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../../../../shared/model/diff.js';
import type { HostSnapshot } from '../../../../../shared/model/snapshot.js';
import type { HelloFrame, PeerHelloFrame, PeerPatchFrame, PeerStateFrame } from '../../../../../shared/protocol/rpc.js';
import { parseServerFrame } from '../../../../../ui/src/lib/state/frames.js';
import { applyPeerFrame, type PeerHost } from '../../../../../ui/src/lib/state/peers.svelte.js';
import { hostRegionId, snapshotElements, withHostRegions, type GraphElement } from '../../../../../ui/src/lib/graph/elements.js';
import { demoSnapshot } from '../../../demo-snapshot.js';

const beta = (): HostSnapshot => {
  const s = demoSnapshot();
  s.host = { ...s.host, hostname: 'beta.example' };
  return s;
};
const hello = (s: HostSnapshot): HelloFrame => ({ type: 'hello', protocol: 1, backend: 'sim', host: s.host, capabilities: [], snapshot: s });
const stateFrame = (state: PeerStateFrame['state'], message: string | null = null): PeerStateFrame => ({ type: 'peer-state', peer: 'peer1', address: '127.0.0.1:7879', state, message, retryInMs: state === 'lost' ? 500 : null });

describe('peer frames from the agent', () => {
  it('accepts well-formed peer-state, peer-hello and peer-patch frames', () => {
    const s = beta();
    const next = { ...s, version: s.version + 1, jails: [] };
    const patch = { type: 'patch' as const, from: s.version, to: next.version, patch: diffSnapshots(s, next)! };
    for (const f of [stateFrame('lost', 'connect ECONNREFUSED 127.0.0.1:7879'), { type: 'peer-hello', peer: 'peer1', hello: hello(s) }, { type: 'peer-patch', peer: 'peer2', frame: patch }]) {
      expect(parseServerFrame(JSON.stringify(f))).toMatchObject({ ok: true });
    }
  });

  it('rejects peer frames with a bad peer id, state, hello or patch, saying which', () => {
    const bad = (f: unknown): string => {
      const c = parseServerFrame(JSON.stringify(f));
      return c.ok ? 'accepted' : c.error;
    };
    expect(bad({ ...stateFrame('live'), peer: '../x' })).toBe('peer-state.peer is not a peer id');
    expect(bad({ ...stateFrame('live'), state: 'up' })).toBe('peer-state.state "up" is not one of connecting, live, lost, refused');
    expect(bad({ ...stateFrame('live'), retryInMs: -1 })).toBe('peer-state.retryInMs is neither a delay nor null');
    expect(bad({ type: 'peer-hello', peer: 'peer1', hello: { type: 'patch' } })).toBe('peer-hello.hello is not a hello frame');
    expect(bad({ type: 'peer-hello', peer: 'peer1', hello: { ...hello(beta()), snapshot: { version: 1 } } })).toBe('snapshot.host is missing');
    expect(bad({ type: 'peer-patch', peer: 'peer1', frame: { type: 'patch', from: 1, to: 2, patch: { bogus: 1 } } })).toBe('patch has an unknown section "bogus"');
  });
});

describe('applyPeerFrame', () => {
  it('keeps state, then the host and snapshot, then applies patches that follow on', () => {
    const s = beta();
    let list: PeerHost[] = [];
    list = applyPeerFrame(list, stateFrame('connecting')).list;
    expect(list).toMatchObject([{ id: 'peer1', state: 'connecting', snapshot: null }]);
    list = applyPeerFrame(list, { type: 'peer-hello', peer: 'peer1', hello: hello(s) } satisfies PeerHelloFrame).list;
    list = applyPeerFrame(list, stateFrame('live')).list;
    expect(list[0]).toMatchObject({ state: 'live', hello: { host: { hostname: 'beta.example' } } });
    const next: HostSnapshot = { ...s, version: s.version + 1, jails: s.jails.filter((j) => j.name !== 'db') };
    const patch: PeerPatchFrame = { type: 'peer-patch', peer: 'peer1', frame: { type: 'patch', from: s.version, to: next.version, patch: diffSnapshots(s, next)! } };
    const r = applyPeerFrame(list, patch);
    expect(r.resync).toBeNull();
    expect(r.list[0]!.snapshot!.jails.map((j) => j.name)).not.toContain('db');
    // The same patch again does not follow on: a resync of that peer is asked for, the snapshot is left alone.
    const again = applyPeerFrame(r.list, patch);
    expect(again.resync).toBe('peer1');
    expect(again.list[0]!.snapshot!.version).toBe(next.version);
    // Lost keeps the last snapshot, with the reason.
    const lost = applyPeerFrame(again.list, stateFrame('lost', 'connect ECONNREFUSED 127.0.0.1:7879')).list[0]!;
    expect(lost).toMatchObject({ state: 'lost', message: 'connect ECONNREFUSED 127.0.0.1:7879', retryInMs: 500 });
    expect(lost.snapshot).not.toBeNull();
  });

  it('orders peers by number (peer2 before peer10)', () => {
    let list: PeerHost[] = [];
    for (const id of ['peer10', 'peer2', 'peer1']) list = applyPeerFrame(list, { ...stateFrame('connecting'), peer: id }).list;
    expect(list.map((p) => p.id)).toEqual(['peer1', 'peer2', 'peer10']);
  });
});

describe('withHostRegions', () => {
  const nodes = (els: GraphElement[]) => els.filter((e) => e.group === 'nodes');

  it('leaves the canvas as it is without peers', () => {
    const local = snapshotElements(demoSnapshot());
    expect(withHostRegions(local, demoSnapshot().host, [])).toBe(local);
  });

  it('draws each host as a region, local top-level nodes inside the local one, peer ids prefixed and never colliding', () => {
    const local = snapshotElements(demoSnapshot());
    const b = beta();
    const out = withHostRegions(local, demoSnapshot().host, [{ id: 'peer1', host: b.host, state: 'live', address: '127.0.0.1:7879', snapshot: b }]);
    const ids = out.map((e) => e.data.id);
    expect(new Set(ids).size).toBe(ids.length);
    const regions = nodes(out).filter((e) => e.data.kind === 'host');
    expect(regions.map((r) => [r.data.id, r.data.label])).toEqual([
      ['host:local', `${demoSnapshot().host.hostname} · ${demoSnapshot().host.release}${demoSnapshot().host.emulated ? ' · emulated' : ''}`],
      ['host:peer1', `beta.example · ${b.host.release}${b.host.emulated ? ' · emulated' : ''}`],
    ]);
    expect(regions[1]!.classes).toContain('peer-live');
    // Every local element keeps its id; its top-level nodes now sit in the local region, jail children stay in their jail.
    const localOut = out.filter((e) => !e.data.id.startsWith('host:') && !e.data.id.startsWith('peer1/'));
    expect(localOut.map((e) => e.data.id)).toEqual(local.map((e) => e.data.id));
    for (const e of nodes(localOut)) expect((e.data as { parent?: string }).parent).toMatch(/^(host:local|jail:.+)$/);
    // The peer's elements: the same as its own canvas, prefixed, parented by its region or its own (prefixed) jails.
    const peerOut = out.filter((e) => e.data.id.startsWith('peer1/'));
    expect(peerOut.map((e) => e.data.id)).toEqual(snapshotElements(b).map((e) => `peer1/${e.data.id}`));
    for (const e of peerOut) {
      if (e.group === 'nodes') expect(e.data.parent).toMatch(/^(host:peer1|peer1\/jail:.+)$/);
      else expect([e.data.source, e.data.target].every((x) => x.startsWith('peer1/'))).toBe(true);
      expect(e.classes).toContain('peer-el');
    }
  });

  it('draws a peer that never said hello as a region named by its address', () => {
    const out = withHostRegions([], null, [{ id: 'peer3', host: null, state: 'lost', address: 'gamma:7878', snapshot: null }]);
    expect(out.find((e) => e.data.id === hostRegionId('peer3'))).toMatchObject({ data: { label: 'peer3 · gamma:7878' }, classes: ['host-peer', 'host-region', 'peer-lost'] });
  });
});
