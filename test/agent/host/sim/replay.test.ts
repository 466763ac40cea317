// jng and jib replays (facts §6.1/§6.2): the exact command sequences those
// scripts run, through the executables as real processes under /bin/sh.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { simBinDir } from '../../../../agent/host/sim/bin-dir.js';

const dir = mkdtempSync(join(tmpdir(), 'ngstudio-replay-'));
/** Each test starts dozens of node processes; on a loaded 2-core machine that takes a while. */
const SLOW = 180_000;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a shell script with the executables first on PATH against state file `file`. */
function sh(file: string, script: string): { code: number; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${simBinDir()}:${process.env.PATH}`, NGSTUDIO_SIM_STATE: join(dir, file) };
  delete env.NGSTUDIO_SIM_LOCK_TOKEN;
  const r = spawnSync('/bin/sh', ['-c', script], { env, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

// jng bridge foo em0 (i=0): the command order of share/examples/jails/jng.
const JNG_BRIDGE = `set -e
iface=em0; name=foo; eiface=ng0_foo
ngctl msg "$eiface:" getifname >/dev/null 2>&1 && exit 3
ifconfig $iface up
ngctl msg $iface: setpromisc 1
ngctl msg $iface: setautosrc 0
if ! ngctl info \${iface}bridge: >/dev/null 2>&1; then
  ngctl mkpeer $iface: bridge lower link0
  ngctl connect $iface: $iface:lower upper link1
  ngctl name $iface:lower \${iface}bridge
fi
num=2
while ngctl msg "\${iface}bridge:" getstats $num >/dev/null 2>&1; do num=$(( $num + 1 )); done
ngctl mkpeer "\${iface}bridge:" eiface link$num ether
new=$( set -- \`ngctl show -n "\${iface}bridge:link$num"\` && echo $2 )
ngctl name "\${iface}bridge:link$num" $eiface
ifconfig $new name $eiface
ifconfig $eiface up
ifconfig $eiface ether 02:00:de:ad:be:ef
`;

describe('jng replay', () => {
  it('bridge foo em0, show, shutdown foo', () => {
    expect(sh('jng.json', 'kldload ng_ether').code).toBe(0);
    const b = sh('jng.json', JNG_BRIDGE);
    expect(b).toEqual({ code: 0, stdout: 'ng0_foo\n', stderr: '' });
    const bridge = sh('jng.json', 'ngctl show em0bridge:').stdout;
    expect(bridge).toMatch(/^  Name: em0bridge\s+Type: bridge\s+ID: [0-9a-f]{8}\s+Num hooks: 3\n/);
    expect(bridge).toMatch(/\n  link2\s+ng0_foo\s+eiface\s+[0-9a-f]{8}\s+ether\s+\n/);
    expect(bridge).toMatch(/\n  link1\s+em0\s+ether\s+[0-9a-f]{8}\s+upper\s+\n/);
    expect(bridge).toMatch(/\n  link0\s+em0\s+ether\s+[0-9a-f]{8}\s+lower\s+\n/);
    expect(sh('jng.json', 'ifconfig ng0_foo').stdout).toMatch(/^ng0_foo: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP>[^]*\tether 02:00:de:ad:be:ef\n/);
    // jng show: bridges from `ngctl ls`, their ng<N>_ peers with the prefix stripped.
    const show = sh('jng.json', `for b in $(ngctl ls | awk '$4=="bridge",$0=$2'); do ngctl show $b: | awk 'NR>3 && $2 ~ /^ng[0-9]+_/{sub(/^ng[0-9]+_/, "", $2); print $2}'; done | sort -u`);
    expect(show).toEqual({ code: 0, stdout: 'foo\n', stderr: '' });
    // jng again for the same name is skipped (getifname succeeds).
    expect(sh('jng.json', JNG_BRIDGE).code).toBe(3);
    const down = sh('jng.json', `for e in $(ngctl ls | awk '$4 == "eiface" && $2 ~ /^ng[0-9]+_foo$/ {print $2}'); do ngctl shutdown $e:; done`);
    expect(down).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(sh('jng.json', 'ifconfig -l').stdout).toBe('em0 lo0\n');
    expect(sh('jng.json', 'ngctl show em0bridge:').stdout).toMatch(/Num hooks: 2\n/);
  }, SLOW);
});

// jib addm foo em0 (i=0): the command order of share/examples/jails/jib.
const JIB_ADDM = `set -e
iface=em0; name=foo; i=0; bridge=bridge
ifconfig "e\${i}a_$name" >/dev/null 2>&1 && exit 3
ifconfig $iface up
if ! ifconfig "$iface$bridge" >/dev/null 2>&1; then
  new=$( ifconfig bridge create )
  ifconfig $new addm $iface
  ifconfig $new name "$iface$bridge" > /dev/null
  ifconfig "$iface$bridge" up
fi
new=$( ifconfig epair create )
ifconfig "$iface$bridge" addm $new
ifconfig $new name "e\${i}a_$name" > /dev/null
ifconfig \${new%a}b name "e\${i}b_$name" > /dev/null
ifconfig "e\${i}a_$name" up
ifconfig "e\${i}b_$name" up
`;

describe('jib replay', () => {
  it('addm foo em0, jail with e0b_foo, show, destroy foo', () => {
    expect(sh('jib.json', JIB_ADDM)).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(sh('jib.json', 'ifconfig -l').stdout).toBe('em0 lo0 em0bridge e0a_foo e0b_foo\n');
    expect(sh('jib.json', 'jail -c name=foo vnet persist vnet.interface=e0b_foo').code).toBe(0);
    expect(sh('jib.json', 'jexec foo ifconfig -l').stdout).toBe('lo0 e0b_foo\n');
    // jib show: bridges (groups: bridge) and their members with ^e[0-9]+a_ stripped.
    const show = sh('jib.json', `ifconfig | awk '/^[^:[:space:]]+:/{i=$1} /groups:.*bridge/{b[i]=1} /member:/{print i, $2}' | awk '{sub(/^e[0-9]+a_/, "", $2); print}'`);
    expect(show.stdout).toBe('em0bridge: foo\nem0bridge: em0\n');
    expect(sh('jib.json', 'jail -r foo').code).toBe(0);
    expect(sh('jib.json', 'ifconfig -l').stdout).toBe('em0 lo0 em0bridge e0a_foo e0b_foo\n');
    expect(sh('jib.json', 'ifconfig e0a_foo destroy')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(sh('jib.json', 'ifconfig -l').stdout).toBe('em0 lo0 em0bridge\n');
    expect(sh('jib.json', 'ifconfig em0bridge').stdout).toContain('\tmember: em0 flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>\n');
  }, SLOW);
});

// ---------------------------------------------------------------------------
// Found by running the real jng/jib (releng/12.1 revision) unmodified
// against the executables: the steps below are where the emulator differed.

/** BSD `sum` checksum (FreeBSD sum(1), cksum -o 1): jng/jib hash the jail name with it. */
function bsdSum(s: string): number {
  let ck = 0;
  for (const c of Buffer.from(s)) ck = (((ck >> 1) + ((ck & 1) << 15)) + c) & 0xffff;
  return ck;
}

/** A state file with the given NICs, created before any command runs. */
async function stateWith(file: string, nics: { name: string; mac: string }[]): Promise<void> {
  const { newState } = await import('../../../../agent/host/sim/new-state.js');
  const { saveState } = await import('../../../../agent/host/sim/store.js');
  await saveState(join(dir, file), newState({ nics }));
}

/**
 * jng bridge NAME IFACE (index i) as the 12.1 script runs it, including
 * step 6: the parent's MAC read with `ifconfig IFACE ether | awk` and the
 * derived `0P:SS:SS:II:II:II` set on the new interface.
 */
function jngBridge(iface: string, name: string, i: number): string {
  const ss = bsdSum(name);
  const hi = (ss >> 8).toString(16).padStart(2, '0');
  const lo = (ss & 255).toString(16).padStart(2, '0');
  return `set -e
iface=${iface}; eiface=ng${i}_${name}
ngctl msg "$eiface:" getifname >/dev/null 2>&1 && exit 3
ifconfig $iface up
ngctl msg $iface: setpromisc 1
ngctl msg $iface: setautosrc 0
if ! ngctl info \${iface}bridge: >/dev/null 2>&1; then
  ngctl mkpeer $iface: bridge lower link0
  ngctl connect $iface: $iface:lower upper link1
  ngctl name $iface:lower \${iface}bridge
fi
num=2
while ngctl msg "\${iface}bridge:" getstats $num >/dev/null 2>&1; do num=$(( $num + 1 )); done
ngctl mkpeer "\${iface}bridge:" eiface link$num ether
new=$( set -- \`ngctl show -n "\${iface}bridge:link$num"\` && echo $2 )
ngctl name "\${iface}bridge:link$num" $eiface
ifconfig $new name $eiface
ifconfig $eiface up
devid=$( ifconfig $iface ether | awk '/ether/,$0=$2' )
ifconfig $eiface ether 02:${hi}:${lo}:\${devid#??:??:??:}
`;
}

describe('jng/jib as the real scripts run them', () => {
  it('ifconfig IF ether shows only the head and the link-level address', () => {
    expect(sh('af.json', 'ifconfig em0 ether')).toEqual({
      code: 0,
      stdout: 'em0: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500\n' +
        '\toptions=481009b<RXCSUM,TXCSUM,VLAN_MTU,VLAN_HWTAGGING,VLAN_HWCSUM,VLAN_HWFILTER,HWSTATS,MEXTPG>\n' +
        '\tether 00:0c:29:4f:8e:35\n',
      stderr: '',
    });
    // jng/jib's derive_mac idiom reads exactly the MAC.
    expect(sh('af.json', `ifconfig em0 ether | awk '/ether/,$0=$2'`).stdout).toBe('00:0c:29:4f:8e:35\n');
    // No Ethernet address: nothing, success; a missing interface is still an error.
    expect(sh('af.json', 'ifconfig lo0 ether')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(sh('af.json', 'ifconfig em9 ether')).toEqual({ code: 1, stdout: '', stderr: 'ifconfig: interface em9 does not exist\n' });
    // Listing with the family: only Ethernet interfaces, each in the short form.
    expect(sh('af.json', 'ifconfig -a ether').stdout).toBe(sh('af.json', 'ifconfig em0 ether').stdout);
  }, SLOW);

  it('jng bridge baz em0 em1 derives each MAC from its parent, show/stats/shutdown', async () => {
    await stateWith('jng2.json', [{ name: 'em0', mac: '00:0c:29:4f:8e:35' }, { name: 'em1', mac: '00:0c:29:4f:8e:3f' }]);
    expect(sh('jng2.json', 'kldload ng_ether').code).toBe(0);
    expect(sh('jng2.json', jngBridge('em0', 'baz', 0))).toEqual({ code: 0, stdout: 'ng0_baz\n', stderr: '' });
    expect(sh('jng2.json', jngBridge('em1', 'baz', 1))).toEqual({ code: 0, stdout: 'ng1_baz\n', stderr: '' });
    const ss = bsdSum('baz').toString(16).padStart(4, '0');
    const ssMac = `${ss.slice(0, 2)}:${ss.slice(2)}`;
    expect(sh('jng2.json', `ifconfig ng0_baz ether | awk '/ether/,$0=$2'`).stdout).toBe(`02:${ssMac}:4f:8e:35\n`);
    expect(sh('jng2.json', `ifconfig ng1_baz ether | awk '/ether/,$0=$2'`).stdout).toBe(`02:${ssMac}:4f:8e:3f\n`);
    // jng show NAME: eiface rows of `ngctl ls` named ng<N>_NAME.
    const show = sh('jng2.json', `ngctl ls | awk '$4 == "eiface" && $2 ~ /^ng[0-9]+_baz$/ {print $2}' | sort`);
    expect(show.stdout).toBe('ng0_baz\nng1_baz\n');
    // jng stats: the bridge link the eiface hangs on answers getstats (all zero: ng_parse omits zero fields).
    const link = sh('jng2.json', `ngctl show ng1_baz: | awk '$3 == "bridge" && $5 ~ /^link/ {print $2, substr($5, 5)}'`).stdout;
    expect(link).toBe('em1bridge 2\n');
    expect(sh('jng2.json', 'ngctl msg em1bridge: getstats 2').stdout).toMatch(/^Rec'd response "getstats" \(4\) from "\[[0-9a-f]+\]:":\nArgs:\t\{\}\n$/);
    // A second bridge for the same name skips both (ng<i>_baz exists).
    expect(sh('jng2.json', jngBridge('em0', 'baz', 0)).code).toBe(3);
    expect(sh('jng2.json', 'for e in ng0_baz ng1_baz; do ngctl shutdown $e:; done')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(sh('jng2.json', 'ifconfig -l').stdout).toBe('em0 em1 lo0\n');
  }, SLOW);

  it('jng bridge web em0 then a vnet jail with vnet.interface=ng0_web, removal, shutdown', () => {
    expect(sh('web.json', 'kldload ng_ether').code).toBe(0);
    expect(sh('web.json', jngBridge('em0', 'web', 0)).code).toBe(0);
    expect(sh('web.json', 'jail -c name=web path=/ vnet persist vnet.interface=ng0_web')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(sh('web.json', 'jexec web ifconfig -l').stdout).toBe('lo0 ng0_web\n');
    expect(sh('web.json', 'jexec web ifconfig ng0_web ether').stdout).toContain(`\tether 02:${bsdSum('web').toString(16).padStart(4, '0').replace(/^(..)/, '$1:')}:4f:8e:35\n`);
    expect(sh('web.json', 'ifconfig -l').stdout).toBe('em0 lo0\n');
    // The eiface node stays in the host's netgraph while its ifnet is in the jail.
    expect(sh('web.json', `ngctl ls | awk '$4 == "eiface" {print $2}'`).stdout).toBe('ng0_web\n');
    expect(sh('web.json', 'jail -r web')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(sh('web.json', 'ifconfig -l').stdout).toBe('em0 lo0 ng0_web\n');
    expect(sh('web.json', 'ngctl shutdown ng0_web:')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(sh('web.json', 'ifconfig -l').stdout).toBe('em0 lo0\n');
  }, SLOW);

  it("jib's MAC step: the a side takes 02:SS:SS:…, the 12.1 script's seven-byte b side is refused by the kernel", () => {
    expect(sh('jibmac.json', JIB_ADDM).code).toBe(0);
    const devid = sh('jibmac.json', `ifconfig em0 ether | awk '/ether/,$0=$2'`).stdout.trim();
    expect(devid).toBe('00:0c:29:4f:8e:35');
    expect(sh('jibmac.json', 'ifconfig e0a_foo ether 02:00:c0:4f:8e:35')).toEqual({ code: 0, stdout: '', stderr: '' });
    // derive_mac -2 in 12.1 builds the b side from the already-prefixed a side: 0e2:00:c0:….
    // link_addr() packs it into 7 bytes; if_setlladdr refuses a length change.
    expect(sh('jibmac.json', 'ifconfig e0b_foo ether 0e2:00:c0:4f:8e:35')).toEqual({ code: 1, stdout: '', stderr: 'ifconfig: ioctl (SIOCAIFADDR): Invalid argument\n' });
    expect(sh('jibmac.json', 'ifconfig e0a_foo ether').stdout).toContain('\tether 02:00:c0:4f:8e:35\n');
    expect(sh('jibmac.json', 'ifconfig e0b_foo ether').stdout).toMatch(/\tether 02:[0-9a-f:]+:0b\n$/);
  }, SLOW);

  it('a reader that went away ends the command like SIGPIPE (status 141), without a stack trace', () => {
    const fifo = join(dir, 'sync');
    // The reader closes its stdin, then releases the writer: EPIPE is certain.
    const r = sh('pipe.json', `mkfifo ${fifo}; { read x < ${fifo}; ngctl list; echo "rc=$?" >&2; } | { exec 0<&-; echo go > ${fifo}; }`);
    expect(r.stderr).toBe('rc=141\n');
  }, SLOW);
});
