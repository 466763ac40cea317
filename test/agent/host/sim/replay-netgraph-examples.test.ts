// FreeBSD's share/examples/netgraph scripts ether.bridge, virtual.lan and
// virtual.chain (freebsd/freebsd-src, newest revisions: ether.bridge as in
// releng/11.3 on, virtual.lan d28066d8, virtual.chain 1b1334b1) replayed
// command by command against the emulated commands, in memory, on 12.x and
// 14.x; the values the scripts compute from output (`ngctl l | grep ngeth |
// tail -n 1 | awk '{print $2}'`, `ngctl l | grep bridge | wc -l`) are
// computed the same way from the emulated output. Their code is not copied.
// replay-netgraph-examples-sh.test.ts runs the same sequences as shell
// scripts through the executables.
import { describe, expect, it } from 'vitest';
import { host } from './helpers.js';
import { graphLines } from './manager-helpers.js';

type Host = ReturnType<typeof host>;
const RELEASES = ['12.4-RELEASE', '14.3-RELEASE'] as const;

const graph = async (h: Host): Promise<string[]> => graphLines(await h.ok('ngctl list -l'));

/** `kldstat -v | grep -qw KLD || kldload KLD`, as all three scripts load their modules. */
async function loadKlds(h: Host, klds: string[]): Promise<string[]> {
  const loaded: string[] = [];
  for (const k of klds) {
    if (new RegExp(`(^|\\W)${k}(\\W|$)`, 'm').test(await h.ok('kldstat -v'))) continue;
    await h.ok(['kldload', k]);
    loaded.push(k);
  }
  return loaded;
}

/** `ngctl l | grep WORD`, then awk's $2 of each line (the node's name). */
async function listed(h: Host, word: string): Promise<string[]> {
  return (await h.ok('ngctl l')).split('\n').filter((l) => l.includes(word)).map((l) => l.trim().split(/\s+/)[1]!);
}

/** A MAC of the scripts' form `00:1d:92:xx:xx:xx` (they draw the last three bytes from /dev/random). */
const mac = (i: number): string => `00:1d:92:00:00:${(i + 1).toString(16).padStart(2, '0')}`;

// --- ether.bridge -----------------------------------------------------------

const BRIDGE_IFACES = ['de0', 'fxp0', 'fxp1'];
const LOCAL_IFACES = ['fxp0', 'fxp1'];
const NICS = [
  { name: 'de0', mac: '00:00:f8:01:02:03' },
  { name: 'fxp0', mac: '00:a0:c9:11:22:33' },
  { name: 'fxp1', mac: '00:a0:c9:44:55:66' },
];

/** bridge_stop: `ngctl kill` the bridge and every interface's ng_ether node, errors ignored. */
async function etherBridgeStop(h: Host): Promise<void> {
  for (const n of ['bnet0', ...BRIDGE_IFACES, ...LOCAL_IFACES]) await h.sh(['ngctl', 'kill', `${n}:`]);
}

/** bridge_start with the script's own settings (BRIDGE_NAME bnet0, de0 fxp0 fxp1, local fxp0 fxp1). */
async function etherBridgeStart(h: Host): Promise<void> {
  await loadKlds(h, ['ng_ether', 'ng_bridge']);
  await etherBridgeStop(h);
  for (const e of [...BRIDGE_IFACES, ...LOCAL_IFACES]) {
    expect((await h.sh(['ngctl', 'info', `${e}:`])).code).toBe(0);
    await h.ok(['ifconfig', e, 'up']);
  }
  await h.ok(['ngctl', 'mkpeer', 'de0:', 'bridge', 'lower', 'link0']);
  await h.ok(['ngctl', 'name', 'de0:lower', 'bnet0']);
  let link = 1;
  for (const e of BRIDGE_IFACES.slice(1)) await h.ok(['ngctl', 'connect', `${e}:`, 'bnet0:', 'lower', `link${link++}`]);
  for (const e of LOCAL_IFACES) await h.ok(['ngctl', 'connect', `${e}:`, 'bnet0:', 'upper', `link${link++}`]);
  for (const e of BRIDGE_IFACES) {
    await h.ok(['ngctl', 'msg', `${e}:`, 'setpromisc', '1']);
    await h.ok(['ngctl', 'msg', `${e}:`, 'setautosrc', '0']);
  }
}

describe.each(RELEASES)('ether.bridge on %s', (release) => {
  it('start builds bnet0 on de0, fxp0 and fxp1 (lower) and fxp0, fxp1 (upper); stats; stop unhooks and resets the NICs', async () => {
    const h = host({ release, nics: NICS });
    await etherBridgeStart(h);
    expect(await graph(h)).toEqual([
      'bnet0 bridge link0>de0:lower link1>fxp0:lower link2>fxp1:lower link3>fxp0:upper link4>fxp1:upper',
      'de0 ether lower>bnet0:link0',
      'fxp0 ether lower>bnet0:link1 upper>bnet0:link3',
      'fxp1 ether lower>bnet0:link2 upper>bnet0:link4',
    ]);
    expect(await h.ok('ifconfig de0')).toMatch(/^de0: flags=1008943<UP,BROADCAST,RUNNING,PROMISC,SIMPLEX,MULTICAST,LOWER_UP>/);
    // bridge_stats: one getstats per link, 0 … 4; nothing has crossed the bridge yet, so ng_parse prints no fields.
    for (let l = 0; l < 5; l++) expect(await h.ok(['ngctl', 'msg', 'bnet0:', 'getstats', String(l)])).toMatch(/^Rec'd response "getstats" \(4\) from "\[[0-9a-f]+\]:":\nArgs:\t\{\}\n$/);
    // bridge_stop (after bridge_verify): the bridge goes; ng_ether nodes stay, reset.
    expect((await h.sh('ngctl info bnet0:')).code).toBe(0);
    await etherBridgeStop(h);
    expect(await graph(h)).toEqual(['de0 ether', 'fxp0 ether', 'fxp1 ether']);
    // ng_ether_shutdown turns promiscuous mode off again and keeps autosrc (12.x on).
    expect(await h.ok('ifconfig de0')).toMatch(/^de0: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP>/);
    expect(await h.ok('ngctl msg de0: getpromisc')).toMatch(/\nArgs:\t0\n$/);
    expect(await h.ok('ngctl msg de0: getautosrc')).toMatch(/\nArgs:\t0\n$/);
    // A second stop finds no bridge: bridge_verify's `ngctl info` fails.
    expect((await h.sh('ngctl info bnet0:')).code).not.toBe(0);
  });

  it('a second start resets the first (bridge_stop runs first) and builds the same graph', async () => {
    const h = host({ release, nics: NICS });
    await etherBridgeStart(h);
    const first = await graph(h);
    await etherBridgeStart(h);
    expect(await graph(h)).toEqual(first);
  });
});

describe('ng_ether reset', () => {
  it('losing its last hook resets an ng_ether node as its shutdown does (ng_ether_disconnect → ng_rmnode_self)', async () => {
    const h = host();
    await h.ok('kldload ng_ether');
    await h.ok('ngctl msg em0: setpromisc 1');
    await h.ok('ngctl mkpeer em0: bridge lower link0');
    expect(await h.ok('ifconfig em0')).toContain('PROMISC');
    await h.ok('ngctl rmhook em0: lower');
    expect(await h.ok('ifconfig em0')).not.toContain('PROMISC');
    expect(await h.ok('ngctl msg em0: getpromisc')).toMatch(/\nArgs:\t0\n$/);
  });
});

// --- virtual.lan --------------------------------------------------------------

interface LanRun {
  /** The temp file's lines (`bridge NAME`, `node NAME`, `interface NAME`). */
  tmp: string[];
  /** The first failing command's stderr, if the script stopped (`|| exit 1`). */
  failed: string | null;
}

/** virtual_lan_start on ETHER_INTF `ether` for `topology` (`name|ip/len …`); MAC_PREFIX 00:1d:92. */
async function virtualLanStart(h: Host, topology: string, ether = 'em0'): Promise<LanRun> {
  await loadKlds(h, ['ng_ether', 'ng_bridge', 'ng_eiface']);
  expect((await h.sh(['ngctl', 'info', `${ether}:`])).code).toBe(0);
  await h.ok(['ifconfig', ether, 'up']);
  const bridge = `bridge${(await listed(h, 'bridge')).length}`;
  await h.ok(['ngctl', 'mkpeer', `${ether}:`, 'bridge', 'lower', 'link0']);
  await h.ok(['ngctl', 'name', `${ether}:lower`, bridge]);
  await h.ok(['ngctl', 'connect', `${ether}:`, `${bridge}:`, 'upper', 'link1']);
  const tmp = [`bridge ${bridge}`];
  let link = 2;
  for (const [i, node] of topology.split(' ').entries()) {
    const [name, ip] = node.split('|') as [string, string];
    await h.ok(['jail', '-c', 'vnet', `name=${name}`, `host.hostname=${name}`, 'path=/usr/jails/node', 'persist']);
    tmp.push(`node ${name}`);
    await h.ok('ngctl mkpeer eiface ether ether');
    const eiface = (await listed(h, 'ngeth')).at(-1)!;
    tmp.push(`interface ${eiface}`);
    // Neither failure stops the script: only ngctl connect has `|| exit 1`.
    await h.sh(['ifconfig', eiface, 'vnet', name]);
    await h.sh(['jexec', name, 'ifconfig', 'lo0', 'localhost']);
    await h.sh(['jexec', name, 'ifconfig', eiface, 'link', mac(i)]);
    await h.sh(['jexec', name, 'ifconfig', eiface, 'inet', ip]);
    const c = await h.sh(['ngctl', 'connect', `${eiface}:`, `${bridge}:`, 'ether', `link${link++}`]);
    if (c.code !== 0) return { tmp, failed: c.stderr };
  }
  return { tmp, failed: null };
}

/** virtual_lan_stop (the same in virtual.chain): shut down bridges, then interfaces, then remove jails, by the temp file. */
async function virtualStop(h: Host, tmp: string[]): Promise<void> {
  const of = (kind: string): string[] => tmp.filter((l) => l.includes(kind)).map((l) => l.split(' ')[1]!);
  for (const b of of('bridge')) await h.sh(['ngctl', 'shutdown', `${b}:`]);
  for (const e of of('interface')) await h.sh(['ngctl', 'shutdown', `${e}:`]);
  for (const n of of('node')) await h.sh(['jail', '-r', n]);
}

describe.each(RELEASES)('virtual.lan on %s', (release) => {
  it('start "c1|10.0.2.20/24 c2|10.0.2.21/24": bridge0 on em0, an eiface per jail on link2 and link3; c1 pings c2; stop leaves nothing', async () => {
    const h = host({ release, frozenClock: true });
    expect(await loadKlds(h, ['ng_ether', 'ng_bridge', 'ng_eiface'])).toEqual(['ng_ether', 'ng_bridge', 'ng_eiface']);
    const run = await virtualLanStart(h, 'c1|10.0.2.20/24 c2|10.0.2.21/24');
    expect(run).toEqual({ tmp: ['bridge bridge0', 'node c1', 'interface ngeth0', 'node c2', 'interface ngeth1'], failed: null });
    // `kldstat -v | grep -qw` finds each module once loaded (kldstat -v lists the modules inside each file).
    expect(await loadKlds(h, ['ng_ether', 'ng_bridge', 'ng_eiface'])).toEqual([]);
    expect(await graph(h)).toEqual([
      'bridge0 bridge link0>em0:lower link1>em0:upper link2>ngeth0:ether link3>ngeth1:ether',
      'em0 ether lower>bridge0:link0 upper>bridge0:link1',
      'ngeth0 eiface ether>bridge0:link2',
      'ngeth1 eiface ether>bridge0:link3',
    ]);
    // The eiface nodes stay in the host's netgraph; their interfaces are in the jails.
    expect(await h.ok('ifconfig -l')).toBe('em0 lo0\n');
    const c1 = await h.ok('jexec c1 ifconfig ngeth0');
    expect(c1).toContain('\tether 00:1d:92:00:00:01\n\tinet 10.0.2.20 netmask 0xffffff00 broadcast 10.0.2.255\n');
    expect(await h.ok('jexec c1 ifconfig lo0')).toContain('\tinet 127.0.0.1 netmask 0xff000000\n');
    const ping = await h.sh('jexec c1 ping -c 2 10.0.2.21');
    expect(ping.code).toBe(0);
    expect(ping.stdout).toContain('2 packets transmitted, 2 packets received, 0.0% packet loss');
    await virtualStop(h, run.tmp);
    expect(await graph(h)).toEqual(['em0 ether']);
    expect(await h.ok('ifconfig -l')).toBe('em0 lo0\n');
    expect(await h.ok('jls')).toBe('   JID  IP Address      Hostname                      Path\n');
  });

  it('a copy of the script for a second LAN on em1 names its bridge bridge1, then takes the first LAN\'s ngeth0 (hash order) and stops', async () => {
    const h = host({ release, nics: [{ name: 'em0', mac: '00:0c:29:4f:8e:35' }, { name: 'em1', mac: '00:0c:29:4f:8e:3f' }] });
    await virtualLanStart(h, 'c1|10.0.2.20/24');
    const run = await virtualLanStart(h, 'd1|10.0.3.20/24', 'em1');
    // `ngctl l | grep bridge | wc -l` counted bridge0; the new eiface ngeth1 lands in an earlier ID-hash bucket than ngeth0.
    expect(await listed(h, 'ngeth')).toEqual(['ngeth1', 'ngeth0']);
    expect(run).toEqual({ tmp: ['bridge bridge1', 'node d1', 'interface ngeth0'], failed: 'ngctl: send msg: File exists\n' });
    expect((await graph(h)).filter((l) => /^(bridge|ngeth)/.test(l))).toEqual([
      'bridge0 bridge link0>em0:lower link1>em0:upper link2>ngeth0:ether',
      'bridge1 bridge link0>em1:lower link1>em1:upper',
      'ngeth0 eiface ether>bridge0:link2',
      'ngeth1 eiface',
    ]);
  });

  it('the script\'s default topology (three jails) fails on a freshly booted host as on FreeBSD: the ID-hash walk lists ngeth2 first', async () => {
    const h = host({ release });
    const run = await virtualLanStart(h, 'c1|10.0.2.20/24 c2|10.0.2.21/24 c3|10.0.2.22/24');
    // ngeth2 has node ID 0x11: bucket 1 of 16, listed before every other eiface, so `tail -n 1` names ngeth1 again.
    expect(await h.ok('ngctl list')).toMatch(/^There are 6 total nodes:\n  Name: ngeth2 +Type: eiface +ID: 00000011 /);
    expect(run).toEqual({ tmp: ['bridge bridge0', 'node c1', 'interface ngeth0', 'node c2', 'interface ngeth1', 'node c3', 'interface ngeth1'], failed: 'ngctl: send msg: File exists\n' });
    // c3 got no interface; stop shuts ngeth1 down twice and leaves ngeth2 behind.
    expect(await h.ok('jexec c3 ifconfig -l')).toBe('lo0\n');
    await virtualStop(h, run.tmp);
    expect(await graph(h)).toEqual(['em0 ether', 'ngeth2 eiface']);
    expect(await h.ok('ifconfig -l')).toBe('em0 lo0 ngeth2\n');
  });
});

// --- virtual.chain ------------------------------------------------------------

/** The script's own routes (STATIC_ROUTE0 … 2), run as `ret=\`${ROUTE}\``: stdout kept, stderr shown. */
const CHAIN_ROUTES = ['jexec n1 route add -inet default 10.0.2.2', 'jexec n3 route add -inet default 10.0.2.5', 'jexec n4 route add -inet default 10.0.2.9'];

/** virtual_chain_start for `topology` (`a|ip/len<->b|ip/len …`), then CHAIN_ROUTES; JAIL_PATH /usr/jails/router. */
async function virtualChainStart(h: Host, topology: string): Promise<LanRun & { routes: { stdout: string; stderr: string; code: number }[] }> {
  await loadKlds(h, ['ng_ether', 'ng_bridge', 'ng_eiface']);
  const tmp: string[] = [];
  let made = 0;
  const peer = async (name: string): Promise<void> => {
    // `grep -q $1 $TEMP_FILE`: a substring of any line (and no file yet at the first call).
    if (tmp.some((l) => l.includes(name))) return;
    await h.ok(['jail', '-c', 'vnet', `name=${name}`, `host.hostname=${name}`, 'path=/usr/jails/router', 'persist']);
    expect(await h.ok(['jexec', name, 'sysctl', '-w', 'net.inet.ip.forwarding=1'])).toBe('net.inet.ip.forwarding: 0 -> 1\n');
    expect(await h.ok(['jexec', name, 'sysctl', '-w', 'net.inet6.ip6.forwarding=1'])).toBe('net.inet6.ip6.forwarding: 0 -> 1\n');
    tmp.push(`node ${name}`);
  };
  const iface = async (name: string, ip: string): Promise<string> => {
    await h.ok('ngctl mkpeer eiface ether ether');
    const eiface = (await listed(h, 'ngeth')).at(-1)!;
    tmp.push(`interface ${eiface}`);
    await h.sh(['ifconfig', eiface, 'vnet', name]);
    await h.sh(['jexec', name, 'ifconfig', 'lo0', 'localhost']);
    await h.sh(['jexec', name, 'ifconfig', eiface, 'link', mac(made++)]);
    await h.sh(['jexec', name, 'ifconfig', eiface, 'inet', ip]);
    return eiface;
  };
  for (const link of topology.split(' ')) {
    const [[n1, ip1], [n2, ip2]] = link.split('<->').map((p) => p.split('|')) as [[string, string], [string, string]];
    await peer(n1);
    await peer(n2);
    const e1 = await iface(n1, ip1);
    const e2 = await iface(n2, ip2);
    const c = await h.sh(['ngctl', 'connect', `${e1}:`, `${e2}:`, 'ether', 'ether']);
    if (c.code !== 0) return { tmp, failed: c.stderr, routes: [] };
  }
  const routes = [];
  for (const r of CHAIN_ROUTES) routes.push(await h.sh(r));
  return { tmp, failed: null, routes };
}

describe.each(RELEASES)('virtual.chain on %s', (release) => {
  it('start "n1|10.0.2.1/30<->n2|10.0.2.2/30 n2|10.0.2.5/30<->n3|10.0.2.6/30": eifaces linked ether to ether, n1 reaches n3 through n2; stop leaves nothing', async () => {
    const h = host({ release, frozenClock: true });
    const run = await virtualChainStart(h, 'n1|10.0.2.1/30<->n2|10.0.2.2/30 n2|10.0.2.5/30<->n3|10.0.2.6/30');
    expect(run.failed).toBeNull();
    expect(run.tmp).toEqual(['node n1', 'node n2', 'interface ngeth0', 'interface ngeth1', 'node n3', 'interface ngeth2', 'interface ngeth3']);
    expect(await graph(h)).toEqual(['em0 ether', 'ngeth0 eiface ether>ngeth1:ether', 'ngeth1 eiface ether>ngeth0:ether', 'ngeth2 eiface ether>ngeth3:ether', 'ngeth3 eiface ether>ngeth2:ether']);
    expect(await h.ok('jexec n2 ifconfig -l')).toBe('lo0 ngeth1 ngeth2\n');
    // STATIC_ROUTE0/1 succeed; STATIC_ROUTE2 names a jail n4 this topology does not have.
    expect(run.routes).toEqual([
      { stdout: 'add net default: gateway 10.0.2.2\n', stderr: '', code: 0 },
      { stdout: 'add net default: gateway 10.0.2.5\n', stderr: '', code: 0 },
      { stdout: '', stderr: 'jexec: jail "n4" not found\n', code: 1 },
    ]);
    // n2 forwards: n1 and n3 reach each other, one hop less TTL on the replies.
    const there = await h.sh('jexec n1 ping -c 2 10.0.2.6');
    expect(there.code).toBe(0);
    expect(there.stdout).toMatch(/^PING 10\.0\.2\.6 \(10\.0\.2\.6\): 56 data bytes\n64 bytes from 10\.0\.2\.6: icmp_seq=0 ttl=63 time=[0-9.]+ ms\n64 bytes from 10\.0\.2\.6: icmp_seq=1 ttl=63 /);
    expect((await h.sh('jexec n3 ping -c 1 10.0.2.1')).stdout).toContain('1 packets transmitted, 1 packets received, 0.0% packet loss');
    // Neighbours answer directly, with a full TTL.
    expect((await h.sh('jexec n2 ping -c 1 10.0.2.6')).stdout).toContain(' ttl=64 ');
    // Without forwarding on n2 the request dies there: no reply, exit 2.
    expect(await h.ok('jexec n2 sysctl net.inet.ip.forwarding=0')).toBe('net.inet.ip.forwarding: 1 -> 0\n');
    const dropped = await h.sh('jexec n1 ping -c 1 -t 2 10.0.2.6');
    expect(dropped.code).toBe(2);
    expect(dropped.stdout).toContain('1 packets transmitted, 0 packets received, 100.0% packet loss');
    await virtualStop(h, run.tmp);
    expect(await graph(h)).toEqual(['em0 ether']);
    expect(await h.ok('ifconfig -l')).toBe('em0 lo0\n');
    expect(await h.ok('jls')).toBe('   JID  IP Address      Hostname                      Path\n');
  });

  it('the script\'s default topology stops at its third link on a freshly booted host as on FreeBSD: `tail -n 1` names ngeth3 for the new ngeth4', async () => {
    const h = host({ release });
    const run = await virtualChainStart(h, 'n1|10.0.2.1/30<->n2|10.0.2.2/30 n2|10.0.2.5/30<->n3|10.0.2.6/30 n2|10.0.2.9/30<->n4|10.0.2.10/30');
    expect(run.failed).toBe('ngctl: send msg: File exists\n');
    expect(run.tmp.slice(-3)).toEqual(['node n4', 'interface ngeth3', 'interface ngeth5']);
    // No route was added (the script exited first); ngeth4 stayed on the host, unconnected.
    expect(run.routes).toEqual([]);
    expect(await h.ok('jexec n2 ifconfig -l')).toBe('lo0 ngeth1 ngeth2\n');
    expect(await h.ok('jexec n4 ifconfig -l')).toBe('lo0 ngeth5\n');
    await virtualStop(h, run.tmp);
    expect(await graph(h)).toEqual(['em0 ether', 'ngeth4 eiface']);
    expect(await h.ok('ifconfig -l')).toBe('em0 lo0 ngeth4\n');
  });
});
