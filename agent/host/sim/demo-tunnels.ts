// The several-host demo (`serve --demo-hosts N`): each host seeded with the
// demo, then told apart and joined. Every host's em0 is plugged into one
// shared wire (dataplane/wire.ts), so frames cross hosts. Host n's em0 gets 192.0.2.n/24 (the
// address its tunnels use); hosts 2..N get their own MACs on the demo's
// eifaces (every seeded host would otherwise have the same ones) and their
// jails their own addresses in the demo's 10.0.0.0/24 (test1 10.0.0.n1,
// test2 10.0.0.n2); and host 1's bridge br0 is joined to each other host's
// br0 by a udp tunnel `tunN`: an ng_ksocket on link(N+1) of host 1's br0 and
// on link3 of host N's, bound to its own em0 address and connected to the
// other's on port 5000+N — what `ngstudio apply` builds for a tunnel in a
// design, done here with the same emulated commands.
import type { SimState } from './state.js';
import { runCommand } from './cmd/index.js';
import { withState } from './store.js';
import { wireJoin, wireRegister } from './dataplane/wire.js';

/** The demo address of host n's em0. */
export const demoHostAddress = (n: number): string => `192.0.2.${n}`;

const w = (s: string): string[] => s.split(' ');

/** The commands that tell host n (≥ 2) apart from host 1. */
function apart(n: number): string[][] {
  const hex = (k: number): string => k.toString(16).padStart(2, '0');
  const mac = (k: number): string => `02:00:00:00:${hex(n)}:${hex(k)}`;
  return [
    w(`ifconfig ng_host ether ${mac(1)}`),
    w(`jexec web ifconfig ng0_web ether ${mac(4)}`),
    w(`jexec test1 ifconfig ng_test1 ether ${mac(2)}`),
    w(`jexec test2 ifconfig ng_test2 ether ${mac(3)}`),
    w(`jexec test1 ifconfig ng_test1 inet 10.0.0.${n}1/24`),
    w(`jexec test2 ifconfig ng_test2 inet 10.0.0.${n}2/24`),
  ];
}

/** One end of tunnel `tunN` between host 1 and host N, on `hook` of br0. */
function tunnelEnd(n: number, hook: string, me: number, them: number): string[][] {
  const port = 5000 + n;
  return [
    w(`ngctl mkpeer br0: ksocket ${hook} inet/dgram/udp`),
    w(`ngctl name br0:${hook} tun${n}`),
    w(`ngctl msg tun${n}: bind inet/${demoHostAddress(me)}:${port}`),
    w(`ngctl msg tun${n}: connect inet/${demoHostAddress(them)}:${port}`),
  ];
}

/** The commands for host n (1-based) of `count` demo hosts. */
export function demoLinkCommands(n: number, count: number): string[][] {
  const out: string[][] = [w(`ifconfig em0 inet ${demoHostAddress(n)}/24`)];
  if (n === 1) for (let k = 2; k <= count; k++) out.push(...tunnelEnd(k, `link${k + 1}`, 1, k));
  else out.push(...apart(n), ...tunnelEnd(n, 'link3', n, 1));
  return out;
}

async function run(state: SimState, cmds: string[][]): Promise<void> {
  for (const argv of cmds) {
    const r = await runCommand(state, argv, { env: {} });
    if (r.code !== 0) throw new Error(`demo: '${argv.join(' ')}' failed (exit ${r.code}): ${r.stderr.trim()}`);
  }
}

/** Puts the seeded demo hosts (state files, host 1 first) on the wire in `wireDir`, tells them apart and joins them with tunnels. */
export async function linkDemoHosts(files: string[], wireDir: string): Promise<void> {
  for (const [i, file] of files.entries()) {
    await withState(file, (s) => {
      wireJoin(s, wireDir);
      wireRegister(file, s);
      return run(s, demoLinkCommands(i + 1, files.length));
    });
  }
}
