// `ngstudio plan|apply DESIGN --peer URL …` across two emulated hosts, each
// with its own state, data folder and real agent (real WebSockets): both
// hosts' steps planned, both built and read back through each host's own
// emulated commands, and a failure on the second host's last step leaving
// both hosts as they were; a vxlan tunnel between two if_bridges carrying a
// ping between jails. Bad input (a peer URL without its token, an
// unreachable peer, a host that is not a peer, one port used twice) is
// refused with nothing applied anywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Design } from '../../../shared/design/types.js';
import { fileSimBackend } from '../../../agent/host/sim/backend.js';
import { hostEssence } from '../engine/apply-helpers.js';
import { cli, emulatedHost, type EmulatedHost } from './span-hosts.js';
import { connectPeer } from '../../../agent/cli/peer-client.js';
import { parsePeerUrl } from '../../../agent/server/peer-url.js';

const dir = mkdtempSync(join(tmpdir(), 'ngstudio-span-'));
let alpha: EmulatedHost;
let beta: EmulatedHost;
/** The CLI's own host (a third emulated host the designs leave alone). */
let local: EmulatedHost;

beforeAll(async () => {
  alpha = await emulatedHost(dir, 'alpha', '192.0.2.1', true);
  beta = await emulatedHost(dir, 'beta', '192.0.2.2', true);
  local = await emulatedHost(dir, 'here', '192.0.2.9', false);
});
afterAll(async () => {
  await alpha?.agent?.close();
  await beta?.agent?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Bridge br0 and an eiface in vnet jail `j` on a host (each host's eiface its own MAC: the emulated hosts would give both the same). */
const site = (host: string | undefined): Pick<Design, 'nodes' | 'links' | 'jails'> => ({
  nodes: [{ name: 'br0', type: 'bridge', host, persistent: true }, { name: 'ng_j', type: 'eiface', ifname: 'ng_j', host, mac: `02:00:00:00:00:${host === 'beta' ? '0b' : '0a'}` }],
  links: [{ host, a: { node: 'br0', hook: 'link0' }, b: { node: 'ng_j', hook: 'ether' } }],
  jails: [{ name: 'j', host, path: '/', vnet: true, interfaces: ['ng_j'] }],
});

function design(more: Partial<Design> = {}): Design {
  const a = site('alpha');
  const b = site('beta');
  return { format: 1, nodes: [...a.nodes, ...b.nodes], links: [...a.links, ...b.links], epairs: [], bridges: [], jails: [...a.jails, ...b.jails], ...more };
}

/** design() with a udp tunnel between the two bridges. */
const tunneled = (): Design => design({ tunnels: [{ name: 'tun0', kind: 'udp', a: { host: 'alpha', node: 'br0', hook: 'link1' }, b: { host: 'beta', node: 'br0', hook: 'link1' }, port: 5000 }] });

function file(name: string, d: unknown): string {
  const f = join(dir, name);
  writeFileSync(f, JSON.stringify(d));
  return f;
}

const run = (cmd: 'plan' | 'apply', f: string, extra: string[] = []): ReturnType<typeof cli> =>
  cli([cmd, f, '--sim-state', local.stateFile, '--data-dir', local.dataDir, '--peer', alpha.url, '--peer', beta.url, ...extra]);

const essence = async (h: EmulatedHost): Promise<unknown> => hostEssence(await fileSimBackend(h.stateFile).observe());

describe('a design spanning two hosts', () => {
  it('plans each host with its own steps, alpha first', async () => {
    const r = await run('plan', file('two.json', design()));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const a = r.stdout.indexOf('== alpha (peer1 at ');
    const b = r.stdout.indexOf('== beta (peer2 at ');
    expect(a).toBeGreaterThanOrEqual(0);
    expect(b).toBeGreaterThan(a);
    for (const part of [r.stdout.slice(a, b), r.stdout.slice(b)]) {
      expect(part).toContain('create bridge node br0');
      expect(part).toContain('jail -c name=j path=/ vnet persist vnet.interface=ng_j');
      expect(part).toContain("ngctl -f - <<'EOF'");
    }
    expect(r.stdout).not.toContain('(this host)');
    // --json: each host's plan as the agent's plan method gives it; the peers also from a --peers file.
    const peersFile = join(dir, 'peers.txt');
    writeFileSync(peersFile, `# the lab\n${alpha.url}\n${beta.url}\n`);
    const j = await cli(['plan', file('two.json', design()), '--json', '--sim-state', local.stateFile, '--data-dir', local.dataDir, '--peers', peersFile]);
    expect(j.code, j.stderr).toBe(0);
    const parsed = JSON.parse(j.stdout) as { hosts: { host: string; plan: { changes: { commands: string[] }[] } }[] };
    expect(parsed.hosts.map((h) => h.host)).toEqual(['alpha', 'beta']);
    for (const h of parsed.hosts) expect(h.plan.changes.flatMap((c) => c.commands)).toContain('jail -c name=j path=/ vnet persist vnet.interface=ng_j');
  });

  it('refuses bad input with nothing applied on any host', async () => {
    const before = [await essence(alpha), await essence(beta), await essence(local)];
    const f = file('bad.json', design());
    const noToken = await cli(['apply', f, '--yes', '--sim-state', local.stateFile, '--data-dir', local.dataDir, '--peer', alpha.url.replace(/\?token=.*/, '')]);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('apply: --peer: ');
    expect(noToken.stderr).toContain('has no ?token=…');
    // A port nobody listens on.
    const port = await new Promise<number>((res) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => res(p));
      });
    });
    const gone = await cli(['apply', f, '--yes', '--sim-state', local.stateFile, '--data-dir', local.dataDir, '--peer', alpha.url, '--peer', `http://127.0.0.1:${port}/?token=abcdefabcdefabcdef`]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`peer peer2 (127.0.0.1:${port}) is unreachable: connect ECONNREFUSED 127.0.0.1:${port}; nothing was planned or applied`);
    expect(gone.stderr).not.toContain('abcdefabcdefabcdef');
    const notPeer = await cli(['apply', f, '--yes', '--sim-state', local.stateFile, '--data-dir', local.dataDir, '--peer', alpha.url]);
    expect(notPeer.code).toBe(2);
    expect(notPeer.stderr).toContain('host beta is neither this host nor a peer; the known hosts are alpha');
    const twoOnOnePort = design({
      tunnels: [
        { name: 't1', kind: 'udp', a: { host: 'alpha', node: 'br0', hook: 'link1' }, b: { host: 'beta', node: 'br0', hook: 'link1' }, port: 5000 },
        { name: 't2', kind: 'udp', a: { host: 'alpha', node: 'br0', hook: 'link2' }, b: { host: 'beta', node: 'br0', hook: 'link2' }, port: 5000 },
      ],
    });
    const port2 = await run('apply', file('port.json', twoOnOnePort), ['--yes']);
    expect(port2.code).toBe(2);
    expect(port2.stderr).toContain('tunnel t2: UDP port 5000 on host alpha is already used by tunnel t1');
    expect([await essence(alpha), await essence(beta), await essence(local)]).toEqual(before);
  });

  it('a failure on the second host\'s last step leaves both hosts as they were', async () => {
    const before = [await essence(alpha), await essence(beta)];
    await beta.change((s) => void (s.faults = [{ match: ['jail', '-c', 'name=j'], stderr: 'jail: j: mount.devfs: Device busy', code: 1 }]));
    const r = await run('apply', file('two.json', tunneled()), ['--yes']);
    expect(r.code).toBe(1);
    // beta's last step is the jail; everything before it (its tunnel end among them) ran and was undone by beta.
    expect(r.stdout).toMatch(/beta \(peer2 at [^)]*\): FAILED: Command failed with exit code 1: jail -c name=j .*/);
    expect(r.stdout).toMatch(/step (\d+): create jail j\n/);
    expect(r.stdout).toContain('| jail: j: mount.devfs: Device busy');
    expect(r.stdout).toMatch(/alpha \(peer1 at [^)]*\): applied \d+ of \d+ changes\n  undone: alpha \(peer1 at [^)]*\) is as it was\./);
    expect(r.stderr).toContain('apply failed on beta (peer2 at');
    expect([await essence(alpha), await essence(beta)]).toEqual(before);
    for (const h of [alpha, beta]) {
      expect((await h.sim(['jls', 'name'])).stdout.trim()).toBe('');
      expect((await h.sim(['ngctl', 'list'])).stdout).not.toContain('tun0');
    }
  });

  it('applies on both hosts, the tunnel bound and connected at each end, read back through each host\'s emulated commands', async () => {
    const r = await run('apply', file('two.json', tunneled()), ['--yes']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('msg tun0: bind inet/192.0.2.1:5000');
    expect(r.stdout).toContain('msg tun0: bind inet/192.0.2.2:5000');
    expect(r.stdout).toMatch(/alpha \(peer1 at [^)]*\): applied \d+ of \d+ changes/);
    for (const h of [alpha, beta]) {
      const jls = await h.sim(['jls', 'name']);
      expect(jls.stdout.trim().split('\n')).toEqual(['j']);
      const list = await h.sim(['ngctl', 'list']);
      expect(list.stdout).toMatch(/Name: br0 +Type: bridge/);
      expect(list.stdout).toMatch(/Name: ng_j +Type: eiface/);
      expect(list.stdout).toMatch(/Name: tun0 +Type: ksocket/);
      const inJail = await h.sim(['jexec', 'j', 'ifconfig', '-l']);
      expect(inJail.stdout).toContain('ng_j');
    }
    const [me, them] = ['192.0.2.1', '192.0.2.2'];
    expect((await alpha.sim(['ngctl', 'msg', 'tun0:', 'getname'])).stdout).toContain(`Args:\tinet/${me}:5000`);
    expect((await alpha.sim(['ngctl', 'msg', 'tun0:', 'getpeername'])).stdout).toContain(`Args:\tinet/${them}:5000`);
    expect((await beta.sim(['ngctl', 'msg', 'tun0:', 'getname'])).stdout).toContain(`Args:\tinet/${them}:5000`);
    expect((await beta.sim(['ngctl', 'msg', 'tun0:', 'getpeername'])).stdout).toContain(`Args:\tinet/${me}:5000`);
    expect((await beta.sim(['ngctl', 'show', 'tun0:'])).stdout).toMatch(/inet\/dgram\/udp +br0 +bridge +[0-9a-f]+ +link1/);
    // The jails reach each other over the tunnel (the hosts' em0s share one emulated wire).
    expect((await alpha.sim(['jexec', 'j', 'ifconfig', 'ng_j', 'inet', '10.7.0.1/24'])).code).toBe(0);
    expect((await beta.sim(['jexec', 'j', 'ifconfig', 'ng_j', 'inet', '10.7.0.2/24'])).code).toBe(0);
    const ping = await alpha.sim(['jexec', 'j', 'ping', '-c', '3', '10.7.0.2']);
    expect(ping.stdout, ping.stderr).toContain('3 packets transmitted, 3 packets received, 0.0% packet loss');
    expect((await beta.sim(['ngctl', 'msg', 'br0:', 'getstats', '1'])).stdout).toMatch(/recvPackets=[1-9]/);
    // Applying again has nothing to do on either host.
    const again = await run('plan', file('two.json', tunneled()));
    expect(again.stdout).toContain('== alpha (peer1 at');
    expect(again.stdout.match(/nothing to do/g)).toHaveLength(2);
  });

  it('the local host goes first and is undone in process when a peer fails', async () => {
    const before = [await essence(local), await essence(beta)];
    const mine = site(undefined);
    const b = site('beta');
    b.nodes.push({ name: 'ng_m', type: 'eiface', ifname: 'ng_m', host: 'beta' });
    b.links.push({ host: 'beta', a: { node: 'br0', hook: 'link6' }, b: { node: 'ng_m', hook: 'ether' } });
    b.jails.push({ name: 'm', host: 'beta', path: '/', vnet: true, interfaces: ['ng_m'] });
    const d: Design = { format: 1, nodes: [...mine.nodes, ...b.nodes], links: [...mine.links, ...b.links], epairs: [], bridges: [], jails: [...mine.jails, ...b.jails] };
    await beta.change((s) => void (s.faults = [{ match: ['jail', '-c', 'name=m'], stderr: 'jail: m: out of swap', code: 1 }]));
    const r = await cli(['apply', file('mixed.json', d), '--yes', '--sim-state', local.stateFile, '--data-dir', local.dataDir, '--peer', beta.url]);
    expect(r.code).toBe(1);
    expect(r.stdout.indexOf('Applying on here (this host)')).toBeLessThan(r.stdout.indexOf('Applying on beta'));
    expect(r.stdout).toMatch(/here \(this host\): applied \d+ of \d+ changes\n  undone: here \(this host\) is as it was\./);
    expect([await essence(local), await essence(beta)]).toEqual(before);
    // The record of how far the apply across hosts went is gone with it.
    expect(existsSync(join(local.dataDir, 'span-apply.json'))).toBe(false);
    // The agent itself refuses a spanning design: each agent plans its own part, which the CLI hands out.
    const peer = await connectPeer(parsePeerUrl(beta.url, 'peer1'));
    try {
      await expect(peer.call('plan', { design: d })).rejects.toMatchObject({ wire: { code: 'bad-params', message: expect.stringContaining('the design spans hosts') } });
    } finally {
      peer.close();
    }
  });
  it('applies a vxlan tunnel between if_bridges: each host\'s vxlan runs with the other as its remote, and the jails reach each other', async () => {
    // On each host an if_bridge vbr with an epair whose b end is in vnet jail v; the tunnel joins the two bridges.
    const vsite = (host: string): Pick<Design, 'epairs' | 'bridges' | 'jails'> => ({
      epairs: [{ host, a: { name: 'e0a_v', up: true }, b: { name: 'e0b_v' } }],
      bridges: [{ host, name: 'vbr', members: ['e0a_v'], up: true }],
      jails: [{ name: 'v', host, path: '/', vnet: true, interfaces: ['e0b_v'] }],
    });
    const [va, vb] = [vsite('alpha'), vsite('beta')];
    const d: Design = {
      format: 1, nodes: [], links: [], epairs: [...va.epairs, ...vb.epairs], bridges: [...va.bridges, ...vb.bridges], jails: [...va.jails, ...vb.jails],
      tunnels: [{ name: 'vx0', kind: 'vxlan', a: { host: 'alpha', node: 'vbr' }, b: { host: 'beta', node: 'vbr' }, port: 4789, vni: 42 }],
    };
    const r = await run('apply', file('vxlan.json', d), ['--yes']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ifconfig vxlan create vxlanid 42 vxlanlocal 192.0.2.1 vxlanremote 192.0.2.2');
    expect(r.stdout).toContain('ifconfig vxlan create vxlanid 42 vxlanlocal 192.0.2.2 vxlanremote 192.0.2.1');
    const [me, them] = ['192.0.2.1', '192.0.2.2'];
    const shown = (await alpha.sim(['ifconfig', 'vx0'])).stdout;
    expect(shown).toMatch(/^vx0: flags=1008943<UP,BROADCAST,RUNNING,PROMISC,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1450\n/);
    expect(shown).toContain(`\tvxlan vni 42 local ${me}:4789 remote ${them}:4789\n`);
    expect((await beta.sim(['ifconfig', 'vx0'])).stdout).toContain(`\tvxlan vni 42 local ${them}:4789 remote ${me}:4789\n`);
    expect((await beta.sim(['ifconfig', 'vbr'])).stdout).toContain('\tmember: vx0 ');
    expect((await alpha.sim(['jexec', 'v', 'ifconfig', 'e0b_v', 'inet', '10.8.0.1/24', 'up'])).code).toBe(0);
    expect((await beta.sim(['jexec', 'v', 'ifconfig', 'e0b_v', 'inet', '10.8.0.2/24', 'up'])).code).toBe(0);
    const ping = await alpha.sim(['jexec', 'v', 'ping', '-c', '3', '10.8.0.2']);
    expect(ping.stdout, ping.stderr).toContain('3 packets transmitted, 3 packets received, 0.0% packet loss');
    // Nothing left to do on either host.
    expect((await run('plan', file('vxlan.json', d))).stdout.match(/nothing to do/g)).toHaveLength(2);
  });
});
