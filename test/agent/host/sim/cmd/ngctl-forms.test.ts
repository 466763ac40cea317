// ngctl's less common forms that jail managers and FreeBSD's examples use,
// checked against ngctl's command table and MatchCommand (facts §1.2),
// the script reader (§1.3), the formats (§1.4) and errors (§1.5).
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../../../../agent/host/sim/cmd/index.js';
import { host } from '../helpers.js';
import { graphLines } from '../manager-helpers.js';

type Host = ReturnType<typeof host>;

/** em0 into bridge br0 on link0/link1, eiface ngeth0 on link2 (jng's layout). */
async function bridged(release?: string): Promise<Host> {
  const h = host(release === undefined ? {} : { release });
  await h.ok('kldload ng_ether');
  await h.ok('ngctl mkpeer em0: bridge lower link0');
  await h.ok('ngctl name em0:lower br0');
  await h.ok('ngctl connect em0: br0: upper link1');
  await h.ok('ngctl mkpeer br0: eiface link2 ether');
  return h;
}

const script = (h: Host, text: string) => runCommand(h.state, ['ngctl', '-f', '-'], { env: {}, readStdin: async () => text });

describe('command names: aliases and prefixes (MatchCommand)', () => {
  it('kill and rmnode are shutdown; shut is an unambiguous prefix of shutdown', async () => {
    for (const word of ['kill', 'rmnode', 'shut']) {
      const h = await bridged();
      expect(await h.sh(['ngctl', word, 'ngeth0:'])).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(await h.ok('ifconfig -l')).toBe('em0 lo0\n');
      // Errors keep shutdown's own prefix, whatever word named it.
      expect(await h.sh(['ngctl', word, 'ngeth0:'])).toEqual({ code: 71, stdout: '', stderr: 'ngctl: shutdown: No such file or directory\n' });
    }
  });

  it('sh and c are ambiguous, l is list, info is show, nonsense is unknown', async () => {
    const h = await bridged();
    expect(await h.sh('ngctl sh br0:')).toEqual({ code: 71, stdout: '', stderr: 'ngctl: "sh": ambiguous command\n' });
    expect(await h.sh('ngctl c br0:')).toEqual({ code: 71, stdout: '', stderr: 'ngctl: "c": ambiguous command\n' });
    expect(await h.sh('ngctl frob br0:')).toEqual({ code: 71, stdout: '', stderr: 'ngctl: "frob": unknown command\n' });
    // `l` and `LIST` are list (case-insensitive prefixes); only the socket name and ID differ between runs.
    const strip = (s: string) => s.replace(/ngctl\d+\s+Type: socket\s+ID: [0-9a-f]{8}/, 'SOCKET');
    const list = strip(await h.ok('ngctl list'));
    expect(strip(await h.ok('ngctl l'))).toBe(list);
    expect(strip(await h.ok('ngctl LIST'))).toBe(list);
    expect(await h.ok('ngctl info br0:')).toBe(await h.ok('ngctl show br0:'));
    expect(await h.ok('ngctl inquire -n br0:')).toMatch(/^  Name: br0 +Type: bridge +ID: [0-9a-f]{8} +Num hooks: 3\n$/);
    // jng's existence check: info of a missing node fails with 71 (iocage hard-codes it).
    expect(await h.sh('ngctl info nope:')).toEqual({ code: 71, stdout: '', stderr: 'ngctl: send msg: No such file or directory\n' });
  });

  it('join is connect and disconnect is rmhook (a missing hook is no error)', async () => {
    const h = await bridged();
    expect(await h.sh('ngctl disconnect br0: link2')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await h.sh('ngctl disconnect br0: link2')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await h.sh('ngctl join br0: ngeth0: link5 ether')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(graphLines(await h.ok('ngctl list -l'))).toEqual([
      'br0 bridge link0>em0:lower link1>em0:upper link5>ngeth0:ether',
      'em0 ether lower>br0:link0 upper>br0:link1',
      'ngeth0 eiface ether>br0:link5',
    ]);
    expect(await h.sh('ngctl join br0:')).toEqual({ code: 64, stdout: '', stderr: 'ngctl: usage: connect [path] <relpath> <hook> <peerhook>\n' });
  });
});

describe('paths through hooks', () => {
  it('msg to NODE:HOOK goes to the node at the far end of the hook', async () => {
    const h = await bridged();
    expect(await h.ok('ngctl msg br0:link2 getifname')).toMatch(/^Rec'd response "getifname" \(1\) from "\[[0-9a-f]+\]:":\nArgs:\t"ngeth0"\n$/);
    expect(await h.ok('ngctl msg em0:lower getstats 2')).toMatch(/^Rec'd response "getstats" \(4\) from "\[[0-9a-f]+\]:":\n/);
    // A hook that is not there: ENOENT, as for a missing node.
    expect(await h.sh('ngctl msg br0:link9 getifname')).toEqual({ code: 71, stdout: '', stderr: 'ngctl: send msg: No such file or directory\n' });
    // name and shutdown through a hook path (jng: `ngctl name BR:linkN NAME`).
    expect(await h.sh('ngctl name br0:link2 web')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await h.sh('ngctl shutdown em0:lower')).toEqual({ code: 0, stdout: '', stderr: '' });
    // The bridge is gone; em0 is left with no hooks, the eiface (never dies with its hook) stays.
    expect(graphLines(await h.ok('ngctl list -l'))).toEqual(['em0 ether', 'web eiface']);
  });
});

describe('ngctl -f - (here-documents)', () => {
  it('comments in column 1 and blank lines are skipped; commands run in order in one session', async () => {
    const h = await bridged();
    const r = await script(h, '# make a hub\n\nmkpeer br0: hub link3 in\n\n# and name it\nname br0:link3 hub0\n  \nmsg hub0: setpersistent\n');
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(graphLines(await h.ok('ngctl list -l'))).toContain('hub0 hub in>br0:link3');
  });

  it('a # after blanks is a command; the first failing line stops the script with its line number', async () => {
    const h = await bridged();
    const r = await script(h, 'mkpeer br0: hub link3 in\n   # not a comment\nname br0:link3 hub0\n');
    expect(r).toEqual({ code: 71, stdout: '', stderr: 'ngctl: "#": unknown command\nngctl: line 2: error in file\n' });
    expect(await h.sh('ngctl info hub0:')).toMatchObject({ code: 71 });
    // A trailing comment is more arguments: name takes exactly two.
    const t = await script(h, 'name br0:link2 web # the jail\n');
    expect(t).toEqual({ code: 64, stdout: '', stderr: 'ngctl: usage: name <path> <name>\nngctl: line 1: error in file\n' });
    // quit stops the script with that line's error, and exits 0.
    expect(await script(h, 'quit\nname br0:link2 web\n')).toEqual({ code: 0, stdout: '', stderr: 'ngctl: line 1: error in file\n' });
    expect(await h.sh('ngctl info web:')).toMatchObject({ code: 71 });
  });
});

describe('ngctl -d', () => {
  it('raises the debug level by one per -d; at level 1 output is unchanged', async () => {
    const h = await bridged();
    expect(await h.ok('ngctl -d debug')).toBe('Current debug level is 1\n');
    expect(await h.ok('ngctl -dd debug')).toBe('Current debug level is 2\n');
    expect(await h.ok('ngctl -d show br0:')).toBe(await h.ok('ngctl show br0:'));
  });
});

describe('list -l layout by release (facts §1.4)', () => {
  it('12.x prints show blocks back to back, 13+ with a blank line between', async () => {
    const old = await (await bridged('12.4-RELEASE')).ok('ngctl list -l');
    const now = await (await bridged('13.2-RELEASE')).ok('ngctl list -l');
    expect(old).not.toMatch(/\n\n/);
    expect(now).toMatch(/ \n\n  Name: /);
    expect(graphLines(old)).toEqual(graphLines(now));
  });
});
