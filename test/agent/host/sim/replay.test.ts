// jng and jib replays (facts §6.1/§6.2): the exact command sequences those
// scripts run, through the executables as real processes under /bin/sh.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { simBinDir } from '../../../../agent/host/sim/bin-dir.js';

const dir = mkdtempSync(join(tmpdir(), 'ngstudio-replay-'));
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
  });
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
  });
});
