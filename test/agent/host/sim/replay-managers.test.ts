// The netgraph parts of today's jail managers, replayed command by command
// against the emulated commands (in memory: the same command code the
// executables run), with the values each tool computes from the output it
// parses. Every test names the source it follows; their code is not copied.
// Where a release changes what FreeBSD does, both releases are replayed.
import { describe, expect, it } from 'vitest';
import { closeSocket, openSocket } from '../../../../agent/host/sim/netgraph.js';
import { connect } from '../../../../agent/host/sim/netgraph/ops.js';
import type { SimState } from '../../../../agent/host/sim/state.js';
import { host } from './helpers.js';
import { cutW, graphLines } from './manager-helpers.js';

type Host = ReturnType<typeof host>;

/** The probe jng and vm-bhyve run: `while ngctl msg BR: getstats $num; do num=$((num+1)); done`. */
async function probe(h: Host, bridge: string, from: number): Promise<number> {
  let num = from;
  while ((await h.sh(['ngctl', 'msg', `${bridge}:`, 'getstats', String(num)])).code === 0) num++;
  return num;
}

/** `new=$( set -- \`ngctl show -n BR:linkN\` && echo $2 )`: the second word of `show -n`. */
async function showName(h: Host, path: string): Promise<string> {
  return (await h.ok(['ngctl', 'show', '-n', path])).trim().split(/\s+/)[1]!;
}

const graph = async (h: Host): Promise<string[]> => graphLines(await h.ok('ngctl list -l'));

/**
 * jng bridge [-b BRIDGE] NAME IFACE for one interface (index 0), as
 * freebsd/freebsd-src share/examples/jails/jng at commit
 * c64ccc75870952cebe9a8cb8fe4221b3ab76effc runs it: ng_ether `lower` on
 * link0, `upper` on link1, jails probed from link2; with -b a secondary
 * bridge hangs on the first one's next free link.
 */
async function jngBridge(h: Host, name: string, iface: string, bridge = 'bridge'): Promise<string> {
  const eiface = `ng0_${name}`;
  if ((await h.sh(['ngctl', 'msg', `${eiface}:`, 'getifname'])).code === 0) return eiface;
  await h.ok(['ifconfig', iface, 'up']);
  await h.ok(['ngctl', 'msg', `${iface}:`, 'setpromisc', '1']);
  await h.ok(['ngctl', 'msg', `${iface}:`, 'setautosrc', '0']);
  if ((await h.sh(['ngctl', 'info', `${iface}bridge:`])).code !== 0) {
    await h.ok(['ngctl', 'mkpeer', `${iface}:`, 'bridge', 'lower', 'link0']);
    await h.ok(['ngctl', 'connect', `${iface}:`, `${iface}:lower`, 'upper', 'link1']);
    await h.ok(['ngctl', 'name', `${iface}:lower`, `${iface}bridge`]);
  }
  if (bridge !== 'bridge' && (await h.sh(['ngctl', 'info', `${iface}${bridge}:`])).code !== 0) {
    const n = await probe(h, `${iface}bridge`, 2);
    await h.ok(['ngctl', 'mkpeer', `${iface}:lower`, 'bridge', `link${n}`, 'link1']);
    await h.ok(['ngctl', 'name', `${iface}bridge:link${n}`, `${iface}${bridge}`]);
  }
  const num = await probe(h, `${iface}${bridge}`, 2);
  await h.ok(['ngctl', 'mkpeer', `${iface}${bridge}:`, 'eiface', `link${num}`, 'ether']);
  const made = await showName(h, `${iface}${bridge}:link${num}`);
  await h.ok(['ngctl', 'name', `${iface}${bridge}:link${num}`, eiface]);
  await h.ok(['ifconfig', made, 'name', eiface]);
  await h.ok(['ifconfig', eiface, 'up']);
  return eiface;
}

/** jng shutdown NAME: `ngctl ls` rows with $4 == "eiface" and $2 ~ ^ng[0-9]+_NAME$, each shut down. */
async function jngShutdown(h: Host, name: string): Promise<void> {
  const rows = (await h.ok('ngctl ls')).split('\n').map((l) => l.trim().split(/\s+/));
  for (const f of rows) if (f[3] === 'eiface' && new RegExp(`^ng[0-9]+_${name}$`).test(f[1] ?? '')) await h.ok(['ngctl', 'shutdown', `${f[1]}:`]);
}

describe('Bastille (netgraph vnet jails)', () => {
  // BastilleBSD/bastille at 040f8061f6c60dcb3348d05c672150a426f964ed:
  // usr/local/share/bastille/setup.sh configure_netgraph (kldstat -qm, kldload -v of
  // netgraph ng_netflow ng_ksocket ng_ether ng_bridge ng_eiface ng_socket) and
  // lib/network.sh generate_vnet_jail_netblock (netgraph: vnet.interface = ng0_JAIL,
  // exec.prestart "jng bridge JAIL IF", "ifconfig ng0_JAIL ether <58:9c:fc:…>b" with
  // static MACs, exec.poststop "jng shutdown JAIL").
  it.each(['12.4-RELEASE', '14.3-RELEASE'])('setup, a jail started and stopped on %s', async (release) => {
    const h = host({ release });
    const mods = ['netgraph', 'ng_netflow', 'ng_ksocket', 'ng_ether', 'ng_bridge', 'ng_eiface', 'ng_socket'];
    for (const m of mods) {
      if ((await h.sh(['kldstat', '-qm', m])).code === 0) continue;
      const r = await h.sh(['kldload', '-v', m]);
      expect(r.code, `kldload -v ${m}: ${r.stderr}`).toBe(0);
    }
    for (const m of mods) expect((await h.sh(['kldstat', '-qm', m])).code).toBe(0);
    expect(await jngBridge(h, 'alcatraz', 'em0')).toBe('ng0_alcatraz');
    expect(await h.ok(['ifconfig', 'ng0_alcatraz', 'ether', '58:9c:fc:12:34:5b'])).toBe('');
    expect((await h.sh(['jail', '-c', 'name=alcatraz', 'path=/', 'vnet', 'persist', 'vnet.interface=ng0_alcatraz'])).code).toBe(0);
    expect(await h.ok(['jexec', 'alcatraz', 'ifconfig', '-l'])).toBe('lo0 ng0_alcatraz\n');
    expect(await graph(h)).toEqual([
      'em0 ether lower>em0bridge:link0 upper>em0bridge:link1',
      'em0bridge bridge link0>em0:lower link1>em0:upper link2>ng0_alcatraz:ether',
      'ng0_alcatraz eiface ether>em0bridge:link2',
    ]);
    expect((await h.sh(['jail', '-r', 'alcatraz'])).code).toBe(0);
    await jngShutdown(h, 'alcatraz');
    expect(await graph(h)).toEqual(['em0 ether lower>em0bridge:link0 upper>em0bridge:link1', 'em0bridge bridge link0>em0:lower link1>em0:upper']);
    expect(await h.ok('ifconfig -l')).toBe('em0 lo0\n');
  });
});

describe('AppJail (jng with -b)', () => {
  // DtxdF/AppJail at f0b7de8b688ce88b8ff9eaa946a9d96a63f8b825: share/appjail/cmd/quick
  // quick_run_jng / quick_set_jng: kldload ng_ether, vnet, vnet.interface = ng<i>_NAME,
  // exec.prestart "jng bridge -b BRIDGE NAME IFACES" (BRIDGE "bridge" unless given),
  // exec.poststop "jng shutdown NAME".
  it('two jails on a secondary bridge em0public hung on em0bridge', async () => {
    const h = host();
    await h.ok('kldload ng_ether');
    await jngBridge(h, 'web', 'em0', 'public');
    await jngBridge(h, 'db', 'em0', 'public');
    // The secondary bridge took em0bridge's first free link (2); jails probe from 2 on em0public.
    expect(await graph(h)).toEqual([
      'em0 ether lower>em0bridge:link0 upper>em0bridge:link1',
      'em0bridge bridge link0>em0:lower link1>em0:upper link2>em0public:link1',
      'em0public bridge link1>em0bridge:link2 link2>ng0_web:ether link3>ng0_db:ether',
      'ng0_db eiface ether>em0public:link3',
      'ng0_web eiface ether>em0public:link2',
    ]);
    await jngShutdown(h, 'web');
    // The next jail reuses the freed link2.
    await jngBridge(h, 'mail', 'em0', 'public');
    expect((await graph(h)).find((l) => l.startsWith('em0public '))).toBe('em0public bridge link1>em0bridge:link2 link2>ng0_mail:ether link3>ng0_db:ether');
  });
});

describe('ngbuddy (rc script)', () => {
  // bellhyve/ngbuddy at 0a4dde867e7c3929ded51b55e74fb01c4b345087: ngbuddy
  // (ngbuddy_init: LNUM from `ngctl list -l | awk -F'.*link| '` max + 1;
  // ngbuddy_public / ngbuddy_private / ngbuddy_addif; link numbers count across
  // all bridges; names read with `ngctl list | cut -wf3`, `show -n BR:linkN | awk $2`).

  /** ngbuddy_init's awk: the largest number after the last "link" on any line of `list -l`, plus one; 0 when none. */
  const lnum = async (h: Host): Promise<number> => {
    let x: number | null = null;
    for (const line of (await h.ok('ngctl list -l')).split('\n')) {
      if (!line.includes('link')) continue;
      const n = Number(/link(\S*)/.exec(line.slice(line.lastIndexOf('link')))![1]);
      if (x === null || n > x) x = n;
    }
    return x === null ? 0 : x + 1;
  };

  async function start(h: Host): Promise<number> {
    await h.ok(['kldload', '-nq', 'ng_ether', 'ng_bridge']);
    let LNUM = await lnum(h);
    expect(LNUM).toBe(0);
    // ngbuddy_public public (ngbuddy_public_if=em0)
    await h.ok(['ngctl', 'msg', 'em0:', 'setpromisc', '1']);
    await h.ok(['ngctl', 'msg', 'em0:', 'setautosrc', '0']);
    await h.ok(['ngctl', 'mkpeer', 'em0:', 'bridge', 'lower', `link${LNUM++}`]);
    await h.ok(['ngctl', 'name', 'em0:lower', 'public']);
    await h.ok(['ngctl', 'connect', 'em0:', 'public:', 'upper', `link${LNUM++}`]);
    expect(await h.sh(['ifconfig', 'em0', 'lro', '-tso4', '-tso6', '-vlanhwfilter', '-vlanhwtso'])).toEqual({ code: 0, stdout: '', stderr: '' });
    // Capabilities em0 does not have (lro, tso) are ignored; VLAN_HWFILTER goes.
    expect((await h.ok('ifconfig em0')).split('\n')[1]).toBe('\toptions=480009b<RXCSUM,TXCSUM,VLAN_MTU,VLAN_HWTAGGING,VLAN_HWCSUM,HWSTATS,MEXTPG>');
    // ngbuddy_private private (ngbuddy_private_if=nghost0)
    await h.ok(['ngctl', 'mkpeer', 'eiface', 'ether', 'ether']);
    const list = (await h.ok('ngctl list')).split('\n');
    const ngeth = list.map((l) => cutW(l, 3)).filter((n) => n.startsWith('ngeth')).sort().at(-1)!;
    expect(ngeth).toBe('ngeth0');
    await h.ok(['ngctl', 'name', `${ngeth}:`, 'nghost0']);
    expect(await h.ok(['ifconfig', ngeth, 'name', 'nghost0', 'up'])).toBe('nghost0\n');
    await h.ok(['ngctl', 'mkpeer', 'nghost0:', 'bridge', 'ether', `link${LNUM++}`]);
    await h.ok(['ngctl', 'name', 'nghost0:ether', 'private']);
    return LNUM;
  }

  /** `service ngbuddy jail IFNAME BRIDGE`: ngbuddy_create_eiface. */
  async function jail(h: Host, ifname: string, bridge: string): Promise<void> {
    const LNUM = await lnum(h);
    if ((await h.sh(['ifconfig', ifname])).code === 0) return;
    await h.ok(['ngctl', 'mkpeer', `${bridge}:`, 'eiface', `link${LNUM}`, 'ether']);
    const ngif = (await h.ok(['ngctl', 'show', '-n', `${bridge}:link${LNUM}`])).split('\n')[0]!.trim().split(/\s+/)[1]!;
    await h.ok(['ngctl', 'name', `${ngif}:`, ifname]);
    await h.ok(['ifconfig', ngif, 'name', ifname]);
  }

  it.each(['12.4-RELEASE', '14.3-RELEASE'])('start, two jails, the columns it cuts on %s', async (release) => {
    const h = host({ release });
    expect(await start(h)).toBe(3);
    await jail(h, 'jail1', 'public');
    await jail(h, 'jail2', 'private');
    expect(await graph(h)).toEqual([
      'em0 ether lower>public:link0 upper>public:link1',
      'jail1 eiface ether>public:link3',
      'jail2 eiface ether>private:link4',
      'nghost0 eiface ether>private:link2',
      'private bridge link2>nghost0:ether link4>jail2:ether',
      'public bridge link0>em0:lower link1>em0:upper link3>jail1:ether',
    ]);
    // ngbuddy_shutdown_bridge: `ngctl list | grep -w IF | cut -wf5` must be the type.
    const row = (await h.ok('ngctl list')).split('\n').find((l) => /(^|\W)nghost0(\W|$)/.test(l))!;
    expect(cutW(row, 5)).toBe('eiface');
    expect(await lnum(h)).toBe(5);
  });

  it('LNUM counts across bridges: link32 is refused on 12.x (EINVAL), taken on 14.x', async () => {
    for (const [release, code] of [['12.4-RELEASE', 71], ['14.3-RELEASE', 0]] as const) {
      const h = host({ release });
      await start(h);
      for (let i = 3; i < 32; i++) await h.ok(['ngctl', 'mkpeer', 'private:', 'eiface', `link${i}`, 'ether']);
      expect(await lnum(h)).toBe(32);
      const r = await h.sh(['ngctl', 'mkpeer', 'public:', 'eiface', 'link32', 'ether']);
      expect([r.code, r.stderr]).toEqual(code === 0 ? [0, ''] : [71, 'ngctl: send msg: Invalid argument\n']);
    }
  });

  it('stop: every name from `ngctl list | awk {print $2}` shut down, errors ignored', async () => {
    const h = host();
    await start(h);
    await jail(h, 'jail1', 'public');
    for (const n of (await h.ok('ngctl list')).split('\n').map((l) => l.trim().split(/\s+/)[1]).filter((x) => x !== undefined)) await h.sh(['ngctl', 'shutdown', `${n}:`]);
    // eifaces and bridges are gone; em0's ng_ether node stays (its shutdown only resets it).
    expect(await graph(h)).toEqual(['em0 ether']);
    expect(await h.ok('ifconfig -l')).toBe('em0 lo0\n');
  });
});

describe('vm-bhyve netgraph switch', () => {
  // churchers/vm-bhyve at 07013f7d258e5f06225e42f4f2c7d6bd26bf8df0: lib/vm-switch-netgraph
  // switch::netgraph::id: num=2; while ngctl msg SW: getstats $num; do num++; done →
  // "netgraph,path=SW:,peerhook=linkN" for bhyve, which connects its own unnamed
  // ng_socket (hook vmlink) to SW:linkN and holds it while the guest runs.

  /** bhyve's netgraph backend: a socket of its own, connected to path:peerhook for the life of the guest. */
  function bhyve(state: SimState, sw: string, peerhook: string, pid: number): () => void {
    const sock = openSocket(state, 0, `bhyve${pid}`, pid);
    sock.name = null; // bhyve makes its socket without a name unless told one
    connect({ state, vnet: 0, here: sock }, '.', `${sw}:`, 'vmlink', peerhook);
    return () => closeSocket(state, 0, sock);
  }

  it.each(['12.4-RELEASE', '14.3-RELEASE'])('guests take the first free link from 2, freed links are reused (%s)', async (release) => {
    const h = host({ release });
    await h.ok('kldload ng_ether');
    // The switch is set up by hand (vm-bhyve asks for it): em0 lower/upper on link0/link1.
    await h.ok(['ngctl', 'mkpeer', 'em0:', 'bridge', 'lower', 'link0']);
    await h.ok(['ngctl', 'name', 'em0:lower', 'sw0']);
    await h.ok(['ngctl', 'connect', 'em0:', 'sw0:', 'upper', 'link1']);
    expect(await probe(h, 'sw0', 2)).toBe(2);
    const vm1 = bhyve(h.state, 'sw0', 'link2', 5001);
    expect(await probe(h, 'sw0', 2)).toBe(3);
    const vm2 = bhyve(h.state, 'sw0', 'link3', 5002);
    const g = await graph(h);
    expect(g.find((l) => l.startsWith('sw0 '))).toBe('sw0 bridge link0>em0:lower link1>em0:upper link2>socket:vmlink link3>socket:vmlink');
    // ngbuddy_vmname names each guest's socket through the path vm-bhyve logged.
    await h.ok(['ngctl', 'name', 'sw0:link2', 'vm1']);
    expect(await h.ok(['ngctl', 'show', '-n', 'vm1:'])).toMatch(/^  Name: vm1\s+Type: socket\s+ID: [0-9a-f]{8}\s+Num hooks: 1\n$/);
    vm1();
    expect(await probe(h, 'sw0', 2)).toBe(2);
    vm2();
    expect(await graph(h)).toEqual(['em0 ether lower>sw0:link0 upper>sw0:link1', 'sw0 bridge link0>em0:lower link1>em0:upper']);
  });

  it('on 12.x the probe ends at link32, which bhyve cannot connect (EINVAL); 14.x goes on', async () => {
    for (const release of ['12.4-RELEASE', '14.3-RELEASE']) {
      const h = host({ release });
      await h.ok(['ngctl', 'mkpeer', 'eiface', 'ether', 'ether']);
      await h.ok(['ngctl', 'mkpeer', 'ngeth0:', 'bridge', 'ether', 'link0']);
      await h.ok(['ngctl', 'name', 'ngeth0:ether', 'sw0']);
      for (let i = 2; i < 32; i++) bhyve(h.state, 'sw0', `link${i}`, 6000 + i);
      // 12.x: getstats 32 is EINVAL (link number ≥ NG_BRIDGE_MAX_LINKS); 13+: ENOTCONN. Both end the probe.
      const r = await h.sh(['ngctl', 'msg', 'sw0:', 'getstats', '32']);
      expect(r.stderr).toBe(release.startsWith('12.') ? 'ngctl: send msg: Invalid argument\n' : 'ngctl: send msg: Socket is not connected\n');
      expect(await probe(h, 'sw0', 2)).toBe(32);
      if (release.startsWith('12.')) expect(() => bhyve(h.state, 'sw0', 'link32', 7000)).toThrow(/EINVAL|Invalid argument/);
      else expect(() => bhyve(h.state, 'sw0', 'link32', 7000)).not.toThrow();
    }
  });
});

describe('jng with ng_bridge uplinks (13+ layout)', () => {
  // The layout the task describes for the newer jng: ng_ether `lower` on `uplink1`,
  // `upper` on `link0`, jails probed from link1. The stored revision of
  // freebsd/freebsd-src share/examples/jails/jng read for this test
  // (c64ccc75870952cebe9a8cb8fe4221b3ab76effc) still uses lower/link0 and upper/link1,
  // so this replays that layout as described, against ng_bridge's rules per release.
  async function jngUplink(h: Host, name: string, iface: string): Promise<Awaited<ReturnType<Host['sh']>>> {
    await h.ok(['ifconfig', iface, 'up']);
    await h.ok(['ngctl', 'msg', `${iface}:`, 'setpromisc', '1']);
    await h.ok(['ngctl', 'msg', `${iface}:`, 'setautosrc', '0']);
    if ((await h.sh(['ngctl', 'info', `${iface}bridge:`])).code !== 0) {
      const r = await h.sh(['ngctl', 'mkpeer', `${iface}:`, 'bridge', 'lower', 'uplink1']);
      if (r.code !== 0) return r;
      await h.ok(['ngctl', 'connect', `${iface}:`, `${iface}:lower`, 'upper', 'link0']);
      await h.ok(['ngctl', 'name', `${iface}:lower`, `${iface}bridge`]);
    }
    const num = await probe(h, `${iface}bridge`, 1);
    await h.ok(['ngctl', 'mkpeer', `${iface}bridge:`, 'eiface', `link${num}`, 'ether']);
    const made = await showName(h, `${iface}bridge:link${num}`);
    await h.ok(['ngctl', 'name', `${iface}bridge:link${num}`, `ng0_${name}`]);
    await h.ok(['ifconfig', made, 'name', `ng0_${name}`]);
    return { code: 0, stdout: '', stderr: '' };
  }

  it('14.x: lower on uplink1, upper on link0, jails from link1', async () => {
    const h = host({ release: '14.3-RELEASE' });
    await h.ok('kldload ng_ether');
    expect((await jngUplink(h, 'web', 'em0')).code).toBe(0);
    expect((await jngUplink(h, 'db', 'em0')).code).toBe(0);
    expect(await graph(h)).toEqual([
      'em0 ether lower>em0bridge:uplink1 upper>em0bridge:link0',
      'em0bridge bridge link0>em0:upper link1>ng0_web:ether link2>ng0_db:ether uplink1>em0:lower',
      'ng0_db eiface ether>em0bridge:link2',
      'ng0_web eiface ether>em0bridge:link1',
    ]);
    // getstats of an uplink: a negative link number (13+ ng_bridge).
    expect((await h.sh(['ngctl', 'msg', 'em0bridge:', 'getstats', '-1'])).code).toBe(0);
  });

  it('12.x: ng_bridge refuses uplink1 (EINVAL), as FreeBSD 12 does: nothing is built', async () => {
    const h = host({ release: '12.4-RELEASE' });
    await h.ok('kldload ng_ether');
    expect(await jngUplink(h, 'web', 'em0')).toEqual({ code: 71, stdout: '', stderr: 'ngctl: send msg: Invalid argument\n' });
    expect(await graph(h)).toEqual(['em0 ether']);
  });
});
