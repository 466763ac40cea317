// virtual.lan and virtual.chain (freebsd/freebsd-src share/examples/netgraph)
// replayed as shell scripts under /bin/sh with the executables first on
// PATH: the scripts' commands in their order, with their pipelines
// (`ngctl l | grep ngeth | tail -n 1 | awk '{print $2}'`, `od -An -N2 -i
// /dev/random` for the MAC bytes, which Debian's od reads alike) and their
// temp file, here in a temporary folder instead of /var/tmp. The in-memory
// replays of both releases are in replay-netgraph-examples.test.ts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { simBinDir } from '../../../../agent/host/sim/bin-dir.js';
import { graphLines } from './manager-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ngstudio-examples-'));
/** Each replay starts a few dozen node processes; on a loaded 2-core machine that takes a while. */
const SLOW = 300_000;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a shell script with the executables first on PATH against state file `file`; $TMPF is the script's temp file. */
function sh(file: string, script: string): { code: number; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${simBinDir()}:${process.env.PATH}`, NGSTUDIO_SIM_STATE: join(dir, file), TMPF: join(dir, `${file}.tmp`) };
  delete env.NGSTUDIO_SIM_LOCK_TOKEN;
  delete env.NGSTUDIO_SIM_JAIL;
  const r = spawnSync('/bin/sh', ['-c', script], { env, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The modules all three scripts load: `kldstat -v | grep -qw KLD || kldload KLD`. */
const KLDS = `for k in ng_ether ng_bridge ng_eiface; do kldstat -v | grep -qw $k || kldload $k || exit 1; done
`;

/** A new eiface from ngctl's socket, found as the scripts find it, moved into jail $1 and given MAC and address $2. */
const IFACE = `iface() {
  ngctl mkpeer eiface ether ether
  E=$(ngctl l | grep ngeth | tail -n 1 | awk '{print $2}')
  echo "interface $E" >> "$TMPF"
  ifconfig $E vnet $1
  jexec $1 ifconfig lo0 localhost
  M=$(for i in 4 5 6; do od -An -N2 -i /dev/random | sed -e 's/ //g' | awk '{ print $1 % 256 }'; done)
  jexec $1 ifconfig $E link $(printf 00:1d:92:%02x:%02x:%02x $M)
  jexec $1 ifconfig $E inet $2
}
`;

/** virtual_lan_start on em0 for the topology in $1 (`name|ip/len …`). */
const LAN_START = `${KLDS}${IFACE}
ngctl info em0: >/dev/null 2>&1 || exit 1
ifconfig em0 up || exit 1
B=bridge$(ngctl l | grep bridge | wc -l | sed -e 's/ //g')
ngctl mkpeer em0: bridge lower link0 || exit 1
ngctl name em0:lower $B || exit 1
ngctl connect em0: $B: upper link1 || exit 1
echo "bridge $B" > "$TMPF"
L=2
for n in $1; do
  N=$(echo $n | awk -F'|' '{print $1}')
  jail -c vnet name=$N host.hostname=$N path=/usr/jails/node persist
  echo "node $N" >> "$TMPF"
  iface $N $(echo $n | awk -F'|' '{print $2}')
  ngctl connect $E: $B: ether link$L || exit 1
  L=$(expr $L + 1)
done
`;

/** virtual_lan_stop and virtual_chain_stop: by the temp file, bridges, then interfaces, then jails; the file goes. */
const STOP = `for b in $(grep bridge "$TMPF" | awk '{print $2}'); do ngctl shutdown $b: >/dev/null 2>&1; done
for i in $(grep interface "$TMPF" | awk '{print $2}'); do ngctl shutdown $i: >/dev/null 2>&1; done
for n in $(grep node "$TMPF" | awk '{print $2}'); do jail -r $n; done
rm "$TMPF"
`;

/** virtual_chain_start for the links in $1 (`a|ip<->b|ip …`), then the script's three default routes (their failures do not stop it). */
const CHAIN_START = `${KLDS}${IFACE}
peer() {
  if ! grep -q $1 "$TMPF"; then
    jail -c vnet name=$1 host.hostname=$1 path=/usr/jails/router persist
    jexec $1 sysctl -w net.inet.ip.forwarding=1
    jexec $1 sysctl -w net.inet6.ip6.forwarding=1
    echo "node $1" >> "$TMPF"
  fi
}
for c in $1; do
  A=$(echo $c | awk -F'<->' '{print $1}'); Z=$(echo $c | awk -F'<->' '{print $2}')
  peer \${A%%|*}; peer \${Z%%|*}
  iface \${A%%|*} \${A#*|}; EA=$E
  iface \${Z%%|*} \${Z#*|}; EZ=$E
  ngctl connect $EA: $EZ: ether ether || exit 1
done
for r in "jexec n1 route add -inet default 10.0.2.2" "jexec n3 route add -inet default 10.0.2.5" "jexec n4 route add -inet default 10.0.2.9"; do ret=$($r); done
true
`;

const EMPTY_JLS = '   JID  IP Address      Hostname                      Path\n';

describe('virtual.lan through the executables', () => {
  it('start "c1|10.0.2.20/24 c2|10.0.2.21/24" prints no error, c1 pings c2 over the bridge, stop leaves no eiface, bridge or jail', () => {
    const start = sh('lan.json', `set -- 'c1|10.0.2.20/24 c2|10.0.2.21/24'\n${LAN_START}`);
    expect(start).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(sh('lan.json', 'cat "$TMPF"').stdout).toBe('bridge bridge0\nnode c1\ninterface ngeth0\nnode c2\ninterface ngeth1\n');
    expect(graphLines(sh('lan.json', 'ngctl list -l').stdout)).toEqual([
      'bridge0 bridge link0>em0:lower link1>em0:upper link2>ngeth0:ether link3>ngeth1:ether',
      'em0 ether lower>bridge0:link0 upper>bridge0:link1',
      'ngeth0 eiface ether>bridge0:link2',
      'ngeth1 eiface ether>bridge0:link3',
    ]);
    expect(sh('lan.json', 'jexec c2 ifconfig ngeth1').stdout).toMatch(/\tether 00:1d:92:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}\n\tinet 10\.0\.2\.21 netmask 0xffffff00 broadcast 10\.0\.2\.255\n/);
    const ping = sh('lan.json', 'jexec c1 ping -c 2 10.0.2.21');
    expect(ping.code).toBe(0);
    expect(ping.stderr).toBe('');
    expect(ping.stdout).toMatch(/^PING 10\.0\.2\.21 \(10\.0\.2\.21\): 56 data bytes\n64 bytes from 10\.0\.2\.21: icmp_seq=0 ttl=64 time=[0-9.]+ ms\n64 bytes from 10\.0\.2\.21: icmp_seq=1 ttl=64 time=[0-9.]+ ms\n\n--- 10\.0\.2\.21 ping statistics ---\n2 packets transmitted, 2 packets received, 0\.0% packet loss\n/);
    // The bridge carried it: link2 (c1) sent the request and ARP in, link3 (c2) the reply.
    expect(sh('lan.json', 'ngctl msg bridge0: getstats 3').stdout).toMatch(/recvPackets=[1-9]/);
    expect(sh('lan.json', STOP)).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(sh('lan.json', 'ngctl list').stdout).toMatch(/^There are 2 total nodes:\n(  Name: (em0 +Type: ether|ngctl\d+ +Type: socket) .*\n){2}$/);
    expect(sh('lan.json', 'ifconfig -l').stdout).toBe('em0 lo0\n');
    expect(sh('lan.json', 'jls').stdout).toBe(EMPTY_JLS);
  }, SLOW);
});

describe('virtual.chain through the executables', () => {
  it('start "n1|10.0.2.1/30<->n2|10.0.2.2/30 n2|10.0.2.5/30<->n3|10.0.2.6/30": sysctl and route run in the jails, n1 pings n3 through n2, stop leaves nothing', () => {
    const start = sh('chain.json', `set -- 'n1|10.0.2.1/30<->n2|10.0.2.2/30 n2|10.0.2.5/30<->n3|10.0.2.6/30'\n${CHAIN_START}`);
    expect(start.code).toBe(0);
    expect(start.stdout).toBe('net.inet.ip.forwarding: 0 -> 1\nnet.inet6.ip6.forwarding: 0 -> 1\n'.repeat(3));
    // The first peer is looked up in a temp file not made yet (the script's own slip); the third of
    // the script's routes names n4, which this topology does not have.
    expect(start.stderr).toBe(`grep: ${join(dir, 'chain.json.tmp')}: No such file or directory\njexec: jail "n4" not found\n`);
    expect(graphLines(sh('chain.json', 'ngctl list -l').stdout)).toEqual(['em0 ether', 'ngeth0 eiface ether>ngeth1:ether', 'ngeth1 eiface ether>ngeth0:ether', 'ngeth2 eiface ether>ngeth3:ether', 'ngeth3 eiface ether>ngeth2:ether']);
    const ping = sh('chain.json', 'jexec n1 ping -c 2 10.0.2.6');
    expect(ping.code).toBe(0);
    expect(ping.stdout).toContain('64 bytes from 10.0.2.6: icmp_seq=1 ttl=63 ');
    expect(ping.stdout).toContain('2 packets transmitted, 2 packets received, 0.0% packet loss\n');
    expect(sh('chain.json', STOP)).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(sh('chain.json', 'ifconfig -l; jls').stdout).toBe(`em0 lo0\n${EMPTY_JLS}`);
  }, SLOW);
});
