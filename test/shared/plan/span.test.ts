// planSpan: one plan per host over each host's snapshot and ledger, the
// local host first, tunnel ends built from the hosts' observed addresses;
// removal when the tunnel goes; blockers when an address is missing.
import { describe, expect, it } from 'vitest';
import { planSpan, uplinkAddress, type SpanHost } from '../../../shared/plan/span.js';
import { emptyLedger, ledgerAfter } from '../../../shared/plan/ledger.js';
import { render } from '../../../shared/plan/render.js';
import type { HostSnapshot } from '../../../shared/model/snapshot.js';
import type { Design } from '../../../shared/design/types.js';
import { LOCAL_HOST } from '../../../shared/design/hosts.js';
import { emptyHost, iface } from './helpers.js';
import { twoHosts } from '../design/span-helpers.js';

const addressed = (hostname: string, addr: string | null): HostSnapshot => {
  const s = emptyHost();
  return {
    ...s,
    host: { ...s.host, hostname },
    interfaces: [iface('em0', 'ether', { mac: '00:0c:29:00:00:01', ...(addr ? { inet: [`${addr}/24`] } : {}) }), iface('lo0', 'loopback', { inet: ['127.0.0.1/8'] })],
  };
};

const hosts = (aAddr: string | null = '192.0.2.1', bAddr: string | null = '192.0.2.2'): SpanHost[] => [
  { name: 'b', snapshot: addressed('b', bAddr), ledger: emptyLedger() },
  { name: LOCAL_HOST, snapshot: addressed('a', aAddr), ledger: emptyLedger() },
];

const lines = (p: { plan: Parameters<typeof render>[0] }): string[] => render(p.plan, 'ngctl').split('\n').filter((l) => l && !l.startsWith('#'));

describe('planSpan', () => {
  it('plans each host, local first, with the tunnel as a ksocket bound to this host and connected to the other', () => {
    const plans = planSpan(twoHosts(), hosts());
    expect(plans.map((p) => p.host)).toEqual([LOCAL_HOST, 'b']);
    const [a, b] = plans;
    expect(a!.plan.notes).toEqual([]);
    expect(lines(a!)).toEqual(expect.arrayContaining([
      'mkpeer br0: ksocket link1 inet/dgram/udp',
      'name br0:link1 tun0',
      'msg tun0: bind inet/192.0.2.1:5000',
      'msg tun0: connect inet/192.0.2.2:5000',
    ]));
    expect(lines(b!)).toEqual(expect.arrayContaining(['msg tun0: bind inet/192.0.2.2:5000', 'msg tun0: connect inet/192.0.2.1:5000']));
    // bind and connect follow the ksocket's creation and naming.
    const l = lines(b!);
    expect(l.indexOf('msg tun0: bind inet/192.0.2.2:5000')).toBeGreaterThan(l.indexOf('name br0:link1 tun0'));
    expect(l.indexOf('msg tun0: connect inet/192.0.2.1:5000')).toBeGreaterThan(l.indexOf('msg tun0: bind inet/192.0.2.2:5000'));
    // The jail on each host is created by that host's plan.
    for (const p of plans) expect(p.plan.changes.filter((c) => c.type === 'create-jail').map((c) => c.object.name)).toEqual(['j']);
    expect(render(b!.plan, 'sh-lines')).toContain("ngctl -f - <<'EOF'");
  });

  it('uses the first addressed NIC, else the first addressed non-loopback interface, never lo0', () => {
    const s = addressed('x', null);
    expect(uplinkAddress(s)).toBeNull();
    s.interfaces.push(iface('ng0', 'eiface', { inet: ['10.9.0.1/24'] }), iface('em1', 'ether', { inet: ['198.51.100.7/24'] }));
    expect(uplinkAddress(s)).toEqual({ ifname: 'em1', address: '198.51.100.7' });
    s.interfaces = s.interfaces.filter((i) => i.name !== 'em1');
    expect(uplinkAddress(s)).toEqual({ ifname: 'ng0', address: '10.9.0.1' });
  });

  it('blocks a tunnel when a host has no address, on both hosts', () => {
    const plans = planSpan(twoHosts(), hosts('192.0.2.1', null));
    for (const p of plans) {
      const blockers = p.plan.notes.filter((n) => n.severity === 'blocker').map((n) => n.message);
      expect(blockers).toEqual([expect.stringMatching(/^tunnel tun0: host b has no IPv4 address on a NIC to (bind to|connect to); give it one/)]);
    }
  });

  it('removes the ksocket it made when the tunnel goes, and leaves one it did not make', () => {
    const d = twoHosts();
    const [a] = planSpan(d, hosts());
    const owned = ledgerAfter(emptyLedger(), a!.plan);
    expect(owned.owned).toContainEqual({ kind: 'node', name: 'tun0', config: 'bind=inet/192.0.2.1:5000;connect=inet/192.0.2.2:5000' });
    // The host after the build: br0:link1 ↔ tun0 (ksocket).
    const built = addressed('a', '192.0.2.1');
    built.netgraph.nodes = [
      { id: '1', name: 'br0', type: 'bridge', hooks: [{ hook: 'link1', peerId: '2', peerHook: 'inet/dgram/udp' }] },
      { id: '2', name: 'tun0', type: 'ksocket', hooks: [{ hook: 'inet/dgram/udp', peerId: '1', peerHook: 'link1' }] },
    ];
    const without: Design = { ...d, tunnels: [], nodes: d.nodes.map((n) => (n.name === 'br0' ? { ...n, persistent: true } : n)) };
    const gone = planSpan(without, [{ name: LOCAL_HOST, snapshot: built, ledger: owned }])[0]!;
    expect(lines(gone)).toContain('shutdown tun0:');
    const kept = planSpan(without, [{ name: LOCAL_HOST, snapshot: built, ledger: emptyLedger() }])[0]!;
    expect(lines(kept)).not.toContain('shutdown tun0:');
    // An existing tunnel end is kept as it is: no second bind.
    const again = planSpan(d, [{ name: LOCAL_HOST, snapshot: built, ledger: owned }, hosts()[0]!])[0]!;
    expect(lines(again).filter((l) => l.includes('tun0'))).toEqual([]);
    // The ledger keeps what it was bound and connected to; on another port it is made again (a socket cannot be re-bound).
    expect(owned.owned.find((o) => o.name === 'tun0')?.config).toBe('bind=inet/192.0.2.1:5000;connect=inet/192.0.2.2:5000');
    const moved = planSpan(twoHosts({ port: 6000 }), [{ name: LOCAL_HOST, snapshot: built, ledger: owned }, hosts()[0]!])[0]!;
    expect(lines(moved).filter((l) => l.includes('tun0'))).toEqual([
      'shutdown tun0:', 'name br0:link1 tun0', 'msg tun0: bind inet/192.0.2.1:6000', 'msg tun0: connect inet/192.0.2.2:6000',
    ]);
    expect(lines(moved)).toContain('mkpeer br0: ksocket link1 inet/dgram/udp');
    expect(ledgerAfter(owned, moved.plan).owned.find((o) => o.name === 'tun0')?.config).toBe('bind=inet/192.0.2.1:6000;connect=inet/192.0.2.2:6000');
    // One ngstudio did not make (no config in the ledger) is left as it is.
    expect(lines(planSpan(twoHosts({ port: 6000 }), [{ name: LOCAL_HOST, snapshot: built, ledger: emptyLedger() }, hosts()[0]!])[0]!).filter((l) => l.includes('tun0'))).toEqual([]);
  });

  it('plans a vxlan tunnel: create with VNI and addresses, rename, up, addm; destroy when it goes', () => {
    const d: Design = {
      format: 1, nodes: [], links: [], epairs: [], jails: [],
      bridges: [{ name: 'lan', members: [] }, { name: 'lan', members: [], host: 'b' }],
      tunnels: [{ name: 'vx7', kind: 'vxlan', a: { node: 'lan' }, b: { host: 'b', node: 'lan' }, port: 4789, vni: 7 }],
    };
    const [a] = planSpan(d, hosts());
    const cmds = a!.plan.changes.flatMap((c) => c.commands.map((k) => k.argv.map((x) => (typeof x === 'string' ? x : `$${x.ref}`)).join(' ')));
    expect(cmds).toEqual(expect.arrayContaining([
      'ifconfig vxlan create vxlanid 7 vxlanlocal 192.0.2.1 vxlanremote 192.0.2.2',
      'ifconfig vx7 up',
      'ifconfig lan addm vx7',
    ]));
    const create = cmds.indexOf('ifconfig vxlan create vxlanid 7 vxlanlocal 192.0.2.1 vxlanremote 192.0.2.2');
    expect(cmds.indexOf('ifconfig lan addm vx7')).toBeGreaterThan(create);
    expect(cmds.some((c) => /^ifconfig \$vxlan\d+ name vx7$/.test(c))).toBe(true);
    const s = addressed('a', '192.0.2.1');
    s.interfaces.push(iface('lan', 'bridge', { members: ['vx7'] }), iface('vx7', 'other', { groups: ['vxlan'] }));
    const owned = { format: 1 as const, owned: [{ kind: 'interface' as const, name: 'vx7' }, { kind: 'interface' as const, name: 'lan' }] };
    const gone = planSpan({ ...d, tunnels: [] }, [{ name: LOCAL_HOST, snapshot: s, ledger: owned }])[0]!;
    const goneCmds = gone.plan.changes.flatMap((c) => c.commands.map((k) => k.argv.join(' ')));
    expect(goneCmds).toEqual(['ifconfig vx7 destroy']);
    // Made by ngstudio with VNI 7 (the ledger says so); the design now says 8: destroyed, made again, back in the bridge.
    const made = ledgerAfter(emptyLedger(), a!.plan);
    expect(made.owned.find((o) => o.name === 'vx7')?.config).toBe('vni=7;local=192.0.2.1;remote=192.0.2.2;port=');
    const d8 = { ...d, tunnels: [{ ...d.tunnels![0]!, vni: 8 }] };
    const again = planSpan(d8, [{ name: LOCAL_HOST, snapshot: s, ledger: { format: 1, owned: [...made.owned, { kind: 'interface', name: 'lan' }] } }, hosts()[0]!])[0]!;
    const againCmds = again.plan.changes.flatMap((c) => c.commands.map((k) => k.argv.map((x) => (typeof x === 'string' ? x : `$${x.ref}`)).join(' ')));
    expect(againCmds).toEqual(expect.arrayContaining(['ifconfig vx7 destroy', 'ifconfig vxlan create vxlanid 8 vxlanlocal 192.0.2.1 vxlanremote 192.0.2.2', 'ifconfig lan addm vx7']));
    expect(againCmds.indexOf('ifconfig vx7 destroy')).toBeLessThan(againCmds.indexOf('ifconfig lan addm vx7'));
    expect(again.plan.notes).toEqual([]);
    // Unchanged settings: nothing to do.
    expect(planSpan(d, [{ name: LOCAL_HOST, snapshot: s, ledger: { format: 1, owned: [...made.owned, { kind: 'interface', name: 'lan' }] } }, hosts()[0]!])[0]!.plan.changes).toEqual([]);
  });
});
