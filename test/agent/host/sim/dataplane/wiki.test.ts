// The FreeBSD wiki's netgraph example (bridge br0, eifaces ng_host, ng_test1,
// ng_test2, vnet jails test1 and test2 addressed 10.0.0.1/24 and
// 10.0.0.2/24) built on a state file, then ping, ngctl, arp and netstat run
// as real processes through the emulated executables.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simBinDir } from '../../../../../agent/host/sim/bin-dir.js';
import { runCommand } from '../../../../../agent/host/sim/cmd/index.js';
import { newState } from '../../../../../agent/host/sim/new-state.js';
import { saveState } from '../../../../../agent/host/sim/store.js';

const SLOW = 180_000;
const dir = mkdtempSync(join(tmpdir(), 'ngstudio-wiki-'));
const file = join(dir, 'state.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The wiki's commands, then the addresses, as an admin types them. */
export const WIKI = [
  'ngctl mkpeer eiface ether ether',
  'ngctl mkpeer ngeth0: bridge ether link0',
  'ngctl name ngeth0:ether br0',
  'ngctl msg br0: setpersistent',
  'ngctl name ngeth0: ng_host',
  'ifconfig ngeth0 name ng_host',
  'ngctl mkpeer br0: eiface link1 ether',
  'ngctl name br0:link1 ng_test1',
  'ifconfig ngeth1 name ng_test1',
  'ngctl mkpeer br0: eiface link2 ether',
  'ngctl name br0:link2 ng_test2',
  'ifconfig ngeth2 name ng_test2',
  'ifconfig ng_host up',
  'jail -c name=test1 path=/ vnet persist vnet.interface=ng_test1',
  'jail -c name=test2 path=/ vnet persist vnet.interface=ng_test2',
  'jexec test1 ifconfig ng_test1 inet 10.0.0.1/24',
  'jexec test2 ifconfig ng_test2 inet 10.0.0.2/24',
];

/** Runs a command line as a real process with the executables first on PATH. */
function run(cmd: string): { code: number; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${simBinDir()}:${process.env.PATH}`, NGSTUDIO_SIM_STATE: file };
  delete env.NGSTUDIO_SIM_LOCK_TOKEN;
  delete env.NGSTUDIO_SIM_JAIL;
  const r = spawnSync('/bin/sh', ['-c', cmd], { env, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  const s = newState({ frozenClock: true });
  for (const c of WIKI) {
    const r = await runCommand(s, c.split(' '), { env: {} });
    if (r.code !== 0) throw new Error(`${c}: ${r.stderr}`);
  }
  await saveState(file, s);
});

describe('the wiki example passes traffic', () => {
  it(
    'jexec test1 ping -c 3 10.0.0.2 answers like FreeBSD, the bridge counts and learns, arp and netstat show it',
    () => {
      const p = run('jexec test1 ping -c 3 10.0.0.2');
      expect(p.stderr).toBe('');
      expect(p.code).toBe(0);
      expect(p.stdout).toMatch(
        /^PING 10\.0\.0\.2 \(10\.0\.0\.2\): 56 data bytes\n(64 bytes from 10\.0\.0\.2: icmp_seq=[012] ttl=64 time=0\.0\d\d ms\n){3}\n--- 10\.0\.0\.2 ping statistics ---\n3 packets transmitted, 3 packets received, 0\.0% packet loss\nround-trip min\/avg\/max\/stddev = \d\.\d{3}\/\d\.\d{3}\/\d\.\d{3}\/\d\.\d{3} ms\n$/,
      );
      expect(p.stdout.match(/icmp_seq=(\d)/g)).toEqual(['icmp_seq=0', 'icmp_seq=1', 'icmp_seq=2']);

      // link1 (test1's eiface) received its gratuitous ARP, one ARP request and three echo requests:
      // 42 + 42 + 3 × 98 octets; it sent test2's announcement, the ARP reply and three echo replies.
      const st = run('ngctl msg br0: getstats 1');
      expect(st.code).toBe(0);
      expect(st.stdout).toMatch(/^Rec'd response "getstats" \(4\) from "\[[0-9a-f]+\]:":\nArgs:\t\{ recvOctets=378 recvPackets=5 recvBroadcast=2 xmitOctets=378 xmitPackets=5 xmitBroadcasts=1 \}\n$/);

      const test2mac = run('jexec test2 ifconfig ng_test2 ether').stdout.match(/ether (\S+)/)![1]!;
      const test1mac = run('jexec test1 ifconfig ng_test1 ether').stdout.match(/ether (\S+)/)![1]!;
      const table = run('ngctl msg br0: gettable').stdout;
      expect(table).toContain(`addr=${test2mac} `);
      expect(table).toMatch(new RegExp(`\\{ addr=${test2mac}( age=\\d+)? hook="link2" \\}`));
      expect(table).toMatch(/Args:\t\{ numHosts=2 hosts=\[ /);

      expect(run('jexec test1 arp -an').stdout).toBe(
        `? (10.0.0.2) at ${test2mac} on ng_test1 expires in 1198 seconds [ethernet]\n? (10.0.0.1) at ${test1mac} on ng_test1 permanent [ethernet]\n`,
      );
      const ns = run('jexec test1 netstat -i -b -n -I ng_test1').stdout.split('\n');
      expect(ns[0]).toBe('Name    Mtu Network       Address              Ipkts Ierrs Idrop     Ibytes    Opkts Oerrs     Obytes  Coll');
      expect(ns[1]).toMatch(new RegExp(`^ng_te  1500 <Link#\\d+> +${test1mac} +5 +0 +0 +378 +\\d +\\d +378 +0$`));
      expect(ns[2]).toBe('ng_te     - 10.0.0.0/24   10.0.0.1                 3     -     -        252        3     -        252     -');
    },
    SLOW,
  );

  it(
    'after rmhook br0: link2 the ping finds nobody: 100% loss, exit 2, within its 3 s timeout',
    () => {
      expect(run('ngctl rmhook br0: link2').code).toBe(0);
      const p = run('jexec test1 ping -c 2 -t 3 10.0.0.2');
      expect(p).toEqual({
        code: 2,
        stdout: 'PING 10.0.0.2 (10.0.0.2): 56 data bytes\n\n--- 10.0.0.2 ping statistics ---\n2 packets transmitted, 0 packets received, 100.0% packet loss\n',
        stderr: '',
      });
    },
    SLOW,
  );
});
