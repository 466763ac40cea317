// A design that spans hosts: its shape (host fields, tunnels, vxlans), the
// rules of tunnels and hosts with every problem naming its field, and the
// per-host parts the planner works on.
import { describe, expect, it } from 'vitest';
import { parseDesign } from '../../../shared/design/parse.js';
import { validateForHosts } from '../../../shared/design/validate.js';
import { hostPart, LOCAL_HOST, spansHosts } from '../../../shared/design/hosts.js';
import type { Design } from '../../../shared/design/types.js';
import { twoHosts } from './span-helpers.js';
import { exportDesign } from '../../../shared/export/index.js';
import { wiki } from '../plan/helpers.js';

const problems = (d: unknown): { path: string; rule: string; message: string }[] => {
  const r = parseDesign(d);
  return r.ok ? r.warnings : r.problems;
};

describe('designs spanning hosts', () => {
  it('keeps single-host designs as they were: no host, no tunnels', () => {
    const r = parseDesign(JSON.stringify(wiki));
    expect(r.ok).toBe(true);
    expect(spansHosts(wiki)).toBe(false);
    if (r.ok) expect(r.design).toEqual(wiki);
  });

  it('reads and prints host fields, tunnels and vxlans unchanged', () => {
    const d: Design = { ...twoHosts(), bridges: [{ name: 'vb', members: [], host: 'b' }, { name: 'va', members: [] }] };
    d.tunnels!.push({ name: 'vx1', kind: 'vxlan', a: { node: 'va' }, b: { host: 'b', node: 'vb' }, port: 4789, vni: 42 });
    const r = parseDesign(JSON.stringify(d));
    expect(r.ok && r.design).toEqual(d);
  });

  it('each host is checked on its own: the same names on two hosts are fine', () => {
    expect(problems(twoHosts()).filter((p) => p.rule !== 'l2-loop')).toEqual([]);
  });

  it('refuses bad tunnels, each problem naming its field', () => {
    const d = twoHosts();
    d.tunnels!.push(
      { name: 'tun0', kind: 'udp', a: { node: 'br0', hook: 'link2' }, b: { host: 'c', node: 'nope', hook: 'link2' }, port: 5000 },
      { name: 'tun2', kind: 'udp', a: { node: 'br0', hook: 'link3' }, b: { node: 'br0', hook: 'link4' }, port: 70000, vni: 1 },
      { name: 'tun3', kind: 'vxlan', a: { node: 'br0', hook: 'x' }, b: { host: 'b', node: 'br9' }, port: 4789, vni: 1 << 24 },
      { name: 'tun4', kind: 'udp', a: { node: 'br0' }, b: { host: 'b', node: 'br0', hook: 'link3' }, port: 6000 },
    );
    const got = problems(d).map((p) => `${p.path} ${p.rule}`);
    expect(got).toEqual(expect.arrayContaining([
      'tunnels[1].name duplicate',
      'tunnels[1].port port-in-use',
      'tunnels[1].b.node unknown-node',
      'tunnels[2].port port-range',
      'tunnels[2].vni option-kind',
      'tunnels[2].b.host same-host',
      'tunnels[3].vni vni-range',
      'tunnels[3].a.hook option-kind',
      'tunnels[3].a.node unknown-bridge',
      'tunnels[3].b.node unknown-bridge',
      'tunnels[4].a.hook required',
    ]));
    const inUse = problems(d).find((p) => p.rule === 'port-in-use');
    expect(inUse?.message).toBe('tunnel tun0: UDP port 5000 on the local host is already used by tunnel tun0');
  });

  it('checks a tunnel end hook against the node type and against links on that host', () => {
    const bad = problems(twoHosts({ a: { node: 'br0', hook: 'link0' }, b: { host: 'b', node: 'br0', hook: 'ether' } }));
    expect(bad.map((p) => `${p.path} ${p.rule}`)).toEqual(expect.arrayContaining(['tunnels[0].a.hook hook-used-twice', 'tunnels[0].b.hook hook-refused']));
    expect(bad.find((p) => p.rule === 'hook-refused')?.message).toMatch(/^on host b: link br0:ether ↔ tun0:inet\/dgram\/udp: an ng_bridge hook must be linkN/);
  });

  it('refuses a link whose host is unknown, a bad host name, and two tunnels on one port of one host', () => {
    const d = twoHosts();
    d.nodes.push({ name: 'x', type: 'bridge', host: 'not a host', persistent: true });
    d.tunnels!.push({ name: 'tun1', kind: 'udp', a: { node: 'br0', hook: 'link2' }, b: { host: 'b', node: 'br0', hook: 'link2' }, port: 5000 });
    const got = problems(d).map((p) => `${p.path} ${p.rule}`);
    expect(got).toContain('nodes[4].host host-name');
    // Port 5000 is taken on both hosts: one problem for each end.
    expect(got.filter((g) => g === 'tunnels[1].port port-in-use')).toHaveLength(2);
  });

  it('validateForHosts: the local hostname means the local host; other hosts must be peers', () => {
    const d = twoHosts();
    d.nodes[0] = { ...d.nodes[0]!, host: 'here' };
    const ok = validateForHosts(d, 'here', ['b']);
    expect(ok.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(ok.design.nodes[0]!.host).toBeUndefined();
    const unknown = validateForHosts(twoHosts(), 'here', []);
    expect(unknown.problems.map((p) => `${p.path} ${p.rule}`)).toEqual(expect.arrayContaining(['nodes[2].host unknown-host', 'tunnels[0].b.host unknown-host']));
    expect(unknown.problems[0]!.message).toMatch(/host b is neither this host nor a peer; no peer hosts are known \(give them with --peer URL\)/);
    // A tunnel whose far end names the local host by its hostname joins one host to itself.
    const self = validateForHosts(twoHosts({ b: { host: 'here', node: 'br0', hook: 'link2' } }), 'here', ['b']);
    expect(self.problems.map((p) => p.rule)).toContain('same-host');
  });

  it('cuts a host part: its objects without host, the tunnel as a ksocket bound and connected', () => {
    const addr = (h: string): string => (h === LOCAL_HOST ? '192.0.2.1' : '192.0.2.2');
    const b = hostPart(twoHosts(), 'b', addr).design;
    expect(b.nodes).toEqual([
      { name: 'br0', type: 'bridge' }, { name: 'ng_j', type: 'eiface', ifname: 'ng_j' },
      { name: 'tun0', type: 'ksocket', bind: 'inet/192.0.2.2:5000', connect: 'inet/192.0.2.1:5000' },
    ]);
    expect(b.links).toContainEqual({ a: { node: 'br0', hook: 'link1' }, b: { node: 'tun0', hook: 'inet/dgram/udp' } });
    expect(b.jails.map((j) => j.name)).toEqual(['j']);
    expect(parseDesign(b).ok).toBe(true);
  });

  it('cuts a vxlan tunnel into a vxlan interface that joins the if_bridge', () => {
    const d: Design = { format: 1, nodes: [], links: [], epairs: [], jails: [], bridges: [{ name: 'vb', members: ['em1'], host: 'b' }, { name: 'va', members: [] }], tunnels: [{ name: 'vx1', kind: 'vxlan', a: { node: 'va' }, b: { host: 'b', node: 'vb' }, port: 4790, vni: 42 }] };
    const b = hostPart(d, 'b', (h) => (h === 'b' ? '10.1.0.2' : '10.1.0.1')).design;
    expect(b.bridges).toEqual([{ name: 'vb', members: ['em1', 'vx1'] }]);
    expect(b.vxlans).toEqual([{ name: 'vx1', vni: 42, local: '10.1.0.2', remote: '10.1.0.1', port: 4790 }]);
    expect(d.bridges[0]!.members).toEqual(['em1']);
  });

  it('is not exported as one host\'s script: the export says where each host\'s script comes from', () => {
    const r = exportDesign(twoHosts(), 'sh');
    expect(r).toEqual({ ok: false, errors: [expect.stringContaining('the design spans hosts')] });
    expect(exportDesign(wiki, 'sh').ok).toBe(true);
  });
});
