// FreeBSD's share/examples/netgraph/udp.tunnel (freebsd/freebsd-src, the
// 2012 revision `$FreeBSD: src/share/examples/netgraph/udp.tunnel,v
// 1.2.32.1.8.1`), replayed command by command on two emulated hosts on one
// wire: an ng_iface ng0 whose inet hook is a UDP ksocket bound to the
// host's outside address and connected to the other host's, ng0 addressed
// point-to-point, and a route to the far inside network through it. The
// script sets up one side; the other side runs it with its variables
// swapped, as its header says to. The outside addresses 1.1.1.1 and
// 2.2.2.2 share em0's prefix (a /6) so the wire joins them directly.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { simBinDir } from '../../../../../agent/host/sim/bin-dir.js';
import type { HostSnapshot } from '../../../../../shared/model/snapshot.js';
import { comparablePair } from '../../freebsd/sim-compare.js';
import { scratch, type WireHost } from './wire-helpers.js';

const ROOT = join(import.meta.dirname, '../../../../..');

/** `ngstudio snapshot` of the host in `state` as a process, read by the sim backend or through the emulated commands. */
function snapshot(state: string, backend: 'sim' | 'freebsd'): HostSnapshot {
  const args = backend === 'sim' ? ['--sim-state', state] : ['--bin-dir', simBinDir()];
  const r = spawnSync(process.execPath, ['bin/ngstudio.mjs', 'snapshot', '--backend', backend, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NGSTUDIO_SIM_STATE: state } });
  if (r.status !== 0) throw new Error(`snapshot --backend ${backend}: ${r.stderr}`);
  return JSON.parse(r.stdout) as HostSnapshot;
}

interface Vars {
  LOC_INTERIOR_IP: string;
  LOC_EXTERIOR_IP: string;
  REM_INTERIOR_IP: string;
  REM_EXTERIOR_IP: string;
  REM_INSIDE_NET: string;
  UDP_TUNNEL_PORT: string;
}

const SIDE_A: Vars = { LOC_INTERIOR_IP: '192.168.1.1', LOC_EXTERIOR_IP: '1.1.1.1', REM_INTERIOR_IP: '192.168.2.1', REM_EXTERIOR_IP: '2.2.2.2', REM_INSIDE_NET: '192.168.2.0', UDP_TUNNEL_PORT: '4028' };
const SIDE_B: Vars = { LOC_INTERIOR_IP: '192.168.2.1', LOC_EXTERIOR_IP: '2.2.2.2', REM_INTERIOR_IP: '192.168.1.1', REM_EXTERIOR_IP: '1.1.1.1', REM_INSIDE_NET: '192.168.1.0', UDP_TUNNEL_PORT: '4028' };

/** The script's commands in order, with their status and output (what `sh` would see), stopping at nothing (the script has no `set -e`). */
async function udpTunnel(h: WireHost, v: Vars): Promise<{ cmd: string; code: number; stdout: string; stderr: string }[]> {
  const ran: { cmd: string; code: number; stdout: string; stderr: string }[] = [];
  const run = async (cmd: string): Promise<number> => {
    const r = await h.sh(cmd);
    ran.push({ cmd, ...r });
    return r.code;
  };
  if ((await run('ifconfig ng0')) === 0) {
    await run('ifconfig ng0 inet down delete');
    await run('ngctl shutdown ng0:');
  } else await run('ngctl mkpeer iface dummy inet');
  await run('ngctl mkpeer ng0: ksocket inet inet/dgram/udp');
  await run(`ngctl msg ng0:inet bind inet/${v.LOC_EXTERIOR_IP}:${v.UDP_TUNNEL_PORT}`);
  await run(`ngctl msg ng0:inet connect inet/${v.REM_EXTERIOR_IP}:${v.UDP_TUNNEL_PORT}`);
  await run(`ifconfig ng0 ${v.LOC_INTERIOR_IP} ${v.REM_INTERIOR_IP}`);
  await run(`route add ${v.REM_INSIDE_NET} ${v.REM_INTERIOR_IP}`);
  return ran;
}

let s: ReturnType<typeof scratch>;
afterEach(() => s.done());

async function bothSides(): Promise<[WireHost, WireHost]> {
  s = scratch();
  const a = s.host('a', 'wan');
  const b = s.host('b', 'wan');
  await a.ok('ifconfig em0 inet 1.1.1.1/6');
  await b.ok('ifconfig em0 inet 2.2.2.2/6');
  return [a, b];
}

describe('share/examples/netgraph/udp.tunnel', () => {
  it('builds ng0 → ksocket on both hosts, every command succeeding, and the graph is what FreeBSD builds', async () => {
    const [a, b] = await bothSides();
    const ranA = await udpTunnel(a, SIDE_A);
    const ranB = await udpTunnel(b, SIDE_B);
    // `ifconfig ng0` fails (no ng0 yet), so the script takes its else branch; everything after succeeds.
    expect(ranA.map((r) => [r.cmd, r.code])).toEqual([
      ['ifconfig ng0', 1],
      ['ngctl mkpeer iface dummy inet', 0],
      ['ngctl mkpeer ng0: ksocket inet inet/dgram/udp', 0],
      ['ngctl msg ng0:inet bind inet/1.1.1.1:4028', 0],
      ['ngctl msg ng0:inet connect inet/2.2.2.2:4028', 0],
      ['ifconfig ng0 192.168.1.1 192.168.2.1', 0],
      ['route add 192.168.2.0 192.168.2.1', 0],
    ]);
    expect(ranA[0]!.stderr).toBe('ifconfig: interface ng0 does not exist\n');
    expect(ranA.at(-1)!.stdout).toBe('add net 192.168.2.0: gateway 192.168.2.1\n');
    expect(ranB.map((r) => r.code)).toEqual([1, 0, 0, 0, 0, 0, 0]);
    expect(ranB.at(-1)!.stdout).toBe('add net 192.168.1.0: gateway 192.168.1.1\n');

    // Node for node, hook for hook: ngctl's socket from `mkpeer iface dummy inet` went with ngctl,
    // leaving ng0 (iface persists without hooks), then the ksocket on ng0's inet hook.
    const nodes = (await a.ok('ngctl list -l')).split('\n\n').map((block) => block.replace(/Name: ngctl\d+ +/, 'Name: ngctlPID '));
    expect(nodes).toEqual([
      'There are 3 total nodes:\n' +
        '  Name: ng0             Type: iface           ID: 00000002   Num hooks: 1\n' +
        '  Local hook      Peer name       Peer type    Peer ID         Peer hook      \n' +
        '  ----------      ---------       ---------    -------         ---------      \n' +
        '  inet            <unnamed>       ksocket      00000004        inet/dgram/udp ',
      '  Name: <unnamed>       Type: ksocket         ID: 00000004   Num hooks: 1\n' +
        '  Local hook      Peer name       Peer type    Peer ID         Peer hook      \n' +
        '  ----------      ---------       ---------    -------         ---------      \n' +
        '  inet/dgram/udp  ng0             iface        00000002        inet           ',
      '  Name: ngctlPID Type: socket          ID: 00000007   Num hooks: 0\n',
    ]);
    expect(await a.ok('ngctl msg ng0:inet getname')).toBe('Rec\'d response "getname" (5) from "[4]:":\nArgs:\tinet/1.1.1.1:4028\n');
    expect(await b.ok('ngctl msg ng0:inet getpeername')).toBe('Rec\'d response "getpeername" (6) from "[4]:":\nArgs:\tinet/1.1.1.1:4028\n');
    expect(await a.ok('ifconfig ng0')).toBe(
      'ng0: flags=88d1<UP,POINTOPOINT,RUNNING,NOARP,SIMPLEX,MULTICAST> metric 0 mtu 1500\n' +
        '\toptions=0\n' +
        '\tinet 192.168.1.1 --> 192.168.2.1 netmask 0xffffffff\n' +
        '\tnd6 options=29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>\n',
    );
  });

  it('is observed alike by the sim backend and through the emulated commands: ng0, the ksocket, their hooks and addresses', async () => {
    const [a] = await bothSides();
    await udpTunnel(a, SIDE_A);
    const [viaCommands, viaSim] = comparablePair(snapshot(a.file, 'freebsd'), snapshot(a.file, 'sim'));
    expect(viaCommands.netgraph).toEqual(viaSim.netgraph);
    expect(viaCommands.interfaces).toEqual(viaSim.interfaces);
    expect(viaSim.netgraph.nodes.map((n) => [n.name, n.type, n.hooks.map((h) => `${h.hook}→${h.peerHook}`)])).toEqual([
      ['ng0', 'iface', ['inet→inet/dgram/udp']],
      [null, 'ksocket', ['inet/dgram/udp→inet']],
    ]);
    expect(viaSim.interfaces.find((i) => i.name === 'ng0')).toMatchObject({ kind: 'iface' });
  }, 120_000);

  it('carries a ping across ng0’s point-to-point addresses, and to the far inside network by the route', async () => {
    const [a, b] = await bothSides();
    await udpTunnel(a, SIDE_A);
    await udpTunnel(b, SIDE_B);
    const r = await a.sh('ping -c 3 192.168.2.1');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('3 packets transmitted, 3 packets received, 0.0% packet loss');
    // Each echo went out of ng0's inet hook as a datagram: counted on ng0 and on em0 (ARP for 2.2.2.2 too).
    const ng0 = (await a.state()).ifnets.find((i) => i.name === 'ng0')!;
    expect(ng0.stats?.opackets).toBe(3);
    expect(ng0.stats?.ipackets).toBe(3);
    // An address of the far inside network (on b's lo0) is reached through `route add`'s gateway, ng0's other end.
    await b.ok('ifconfig lo0 inet 192.168.2.7/32 alias');
    expect((await a.sh('ping -c 1 192.168.2.7')).code).toBe(0);
    expect((await b.sh('ping -c 1 -S 192.168.2.7 192.168.1.1')).code).toBe(0);
  });

  it('run a second time it fails, as on FreeBSD: shutting ng0: down destroys ng0, so the rest finds no ng0', async () => {
    const [a, b] = await bothSides();
    await udpTunnel(a, SIDE_A);
    await udpTunnel(b, SIDE_B);
    const again = await udpTunnel(a, SIDE_A);
    // The script's comment says interfaces cannot be removed; today ng_iface's shutdown detaches ng0.
    expect(again.map((r) => [r.cmd, r.code, r.stderr])).toEqual([
      ['ifconfig ng0', 0, ''],
      ['ifconfig ng0 inet down delete', 0, ''],
      ['ngctl shutdown ng0:', 0, ''],
      ['ngctl mkpeer ng0: ksocket inet inet/dgram/udp', 71, 'ngctl: send msg: No such file or directory\n'],
      ['ngctl msg ng0:inet bind inet/1.1.1.1:4028', 71, 'ngctl: send msg: No such file or directory\n'],
      ['ngctl msg ng0:inet connect inet/2.2.2.2:4028', 71, 'ngctl: send msg: No such file or directory\n'],
      ['ifconfig ng0 192.168.1.1 192.168.2.1', 1, 'ifconfig: interface ng0 does not exist\n'],
      ['route add 192.168.2.0 192.168.2.1', 1, ''],
    ]);
    // ng0 went, and the route through it with it; the gateway is on no connected prefix now.
    expect(again.at(-1)!.stdout).toBe('add net 192.168.2.0: gateway 192.168.2.1: Network is unreachable\n');
    expect((await a.ok('ngctl list')).match(/Type: (iface|ksocket)/g)).toBeNull();
    expect((await a.sh('ping -c 1 192.168.2.1')).code).toBe(2);
  });
});
