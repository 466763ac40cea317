// The emulated ngctl: facts §1.5 errors and exit codes, command matching,
// options, scripts, and the node-type semantics seen through ngctl.
import { describe, expect, it } from 'vitest';
import { newState } from '../../../../../agent/host/sim/new-state.js';
import { ifAttachNic, ifRename } from '../../../../../agent/host/sim/ifnet.js';
import { kldload } from '../../../../../agent/host/sim/modules.js';
import type { SimState } from '../../../../../agent/host/sim/state.js';
import { ng } from './ngctl-helpers.js';

const SEND = 'ngctl: send msg: ';

/** A host with a persistent bridge br0 (link0 ↔ eiface ngeth0). */
async function withBridge(release?: string): Promise<SimState> {
  const s = newState(release ? { release } : {});
  await ng(s, ['mkpeer', 'eiface', 'ether', 'ether']);
  await ng(s, ['mkpeer', 'ngeth0:', 'bridge', 'ether', 'link0']);
  await ng(s, ['name', 'ngeth0:ether', 'br0']);
  return s;
}

const names = (s: SimState, vnet = '0'): (string | null)[] => s.vnets[vnet]!.nodes.map((n) => n.name);

describe('facts §1.5: errors, one per row', () => {
  it.each<[string, string[], string]>([
    ['absolute node not found', ['show', 'nosuch:'], `${SEND}No such file or directory\n`],
    ['relative hook path not connected', ['show', 'br0'], `${SEND}No such file or directory\n`],
    ['malformed path: dot in node name', ['show', 'a.b:'], `${SEND}Invalid argument\n`],
    ['malformed path: double dot', ['show', 'br0:link0..x'], `${SEND}Invalid argument\n`],
    ['malformed path: empty node', ['show', ':link0'], `${SEND}Invalid argument\n`],
    ['name already in use', ['name', 'br0:', 'ngeth0'], `${SEND}Address already in use\n`],
    ['name contains a dot', ['name', 'br0:', 'a.b'], `${SEND}Invalid argument\n`],
    ['name looks like an ID', ['name', 'br0:', '[12]'], `${SEND}Invalid argument\n`],
    ['hook already exists', ['connect', 'br0:', 'ngeth0:', 'link0', 'x'], `${SEND}File exists\n`],
    ['mkpeer of an unknown type', ['mkpeer', 'br0:', 'nosuchtype', 'link5', 'x'], `${SEND}No such file or directory\n`],
    ['bridge refuses a hook name', ['mkpeer', 'br0:', 'eiface', 'link01', 'ether'], `${SEND}Invalid argument\n`],
    ['eiface hook other than ether', ['mkpeer', 'br0:', 'eiface', 'link5', 'foo'], `${SEND}Protocol family not supported\n`],
    ['bridge connected to itself', ['connect', 'br0:', 'br0:', 'link7', 'link8'], `${SEND}Too many levels of symbolic links\n`],
    ['unknown msg command', ['msg', 'br0:', 'frobnicate'], `${SEND}Function not implemented\n`],
    ['msg args that do not parse', ['msg', 'br0:', 'setconfig', '{', 'debugLevel=x', '}'], `${SEND}Invalid argument\n`],
    ['getstats of an unconnected link', ['msg', 'br0:', 'getstats', '3'], `${SEND}Socket is not connected\n`],
    ['shutdown of a missing node', ['shutdown', 'nosuch:'], 'ngctl: shutdown: No such file or directory\n'],
  ])('%s', async (_what, argv, stderr) => {
    const s = await withBridge();
    const r = await ng(s, argv);
    expect(r).toEqual({ stdout: '', stderr, code: 71 });
  });

  it('rmhook of a missing hook succeeds silently', async () => {
    const s = await withBridge();
    expect(await ng(s, ['rmhook', 'br0:', 'link9'])).toEqual({ stdout: '', stderr: '', code: 0 });
  });

  it('a failed mkpeer still burns the new node ID and frees the ngeth unit', async () => {
    const s = await withBridge();
    const before = s.vnets['0']!.nextNodeId;
    await ng(s, ['mkpeer', 'br0:', 'eiface', 'link5', 'foo']);
    expect(s.vnets['0']!.nextNodeId).toBe(before + 2); // socket + the refused eiface
    expect(s.ifnets.filter((i) => i.kind === 'eiface').map((i) => i.name)).toEqual(['ngeth0']);
  });
});

describe('command matching and usage', () => {
  it('accepts prefixes and aliases case-insensitively', async () => {
    const s = await withBridge();
    expect((await ng(s, ['L'])).stdout).toMatch(/^There are 3 total nodes:\n/);
    expect((await ng(s, ['info', 'br0:'])).stdout).toMatch(/^ {2}Name: br0 /);
    expect((await ng(s, ['kill', 'br0:'])).code).toBe(0);
    expect(names(s)).not.toContain('br0');
  });

  it.each([
    ['sh', '"sh": ambiguous command'],
    ['c', '"c": ambiguous command'],
    ['frob', '"frob": unknown command'],
  ])('%s → %s, exit 71', async (cmd, msg) => {
    const r = await ng(newState(), [cmd, 'x']);
    expect(r).toEqual({ stdout: '', stderr: `ngctl: ${msg}\n`, code: 71 });
  });

  it.each<[string[], string]>([
    [['mkpeer', 'a'], 'mkpeer [path] <type> <hook> <peerhook>'],
    [['show'], 'show [-n] <path>'],
    [['list', '-x'], 'list [-ln]'],
    [['types', 'x'], 'types'],
    [['name', 'x:'], 'name <path> <name>'],
  ])('usage error %j → exit 64', async (argv, usage) => {
    const r = await ng(newState(), argv);
    expect(r.code).toBe(64);
    expect(r.stderr.endsWith(`ngctl: usage: ${usage}\n`)).toBe(true);
  });

  it('no command and no -f: usage, exit 64', async () => {
    const r = await ng(newState(), []);
    expect(r).toEqual({ stdout: '', stderr: 'ngctl: no command specified\nngctl: usage: ngctl [-d] [-f file] [-n name] [command ...]\n', code: 64 });
  });

  it('status/config of a node without text status', async () => {
    const s = await withBridge();
    expect(await ng(s, ['status', 'br0:'])).toEqual({ stdout: 'No status available for "br0:"\n', stderr: '', code: 0 });
    expect(await ng(s, ['config', 'br0:'])).toEqual({ stdout: 'No config available for "br0:"\n', stderr: '', code: 0 });
  });

  it('help lists the commands in ngctl order', async () => {
    const r = await ng(newState(), ['help']);
    expect(r.stdout.split('\n')[1]).toBe('  config     get or set configuration of node at <path>');
    expect(r.stdout.split('\n').slice(1, -1).map((l) => l.trim().split(' ')[0])).toEqual(['config', 'connect', 'debug', 'dot', 'help', 'list', 'mkpeer', 'msg', 'name', 'read', 'rmhook', 'show', 'shutdown', 'status', 'types', 'write', 'quit']);
  });
});

describe('options', () => {
  it('-f with a missing file → exit 66', async () => {
    const r = await ng(newState(), ['-f', 'nope.ngctl']);
    expect(r).toEqual({ stdout: '', stderr: 'ngctl: nope.ngctl: No such file or directory\n', code: 66 });
  });

  it('-n names the socket node; a taken name cannot create the node', async () => {
    const s = await withBridge();
    expect((await ng(s, ['-n', 'me', 'list'])).stdout).toContain('  Name: me              Type: socket ');
    expect(await ng(s, ['-n', 'br0', 'list'])).toEqual({ stdout: '', stderr: "ngctl: can't create node: Address already in use\n", code: 71 });
  });

  it('-j is a 15.x option: illegal before, jail lookup after', async () => {
    expect((await ng(newState(), ['-j', 'foo', 'list'])).code).toBe(64);
    const r = await ng(newState({ release: '15.0-RELEASE' }), ['-j', 'foo', 'list']);
    expect(r).toEqual({ stdout: '', stderr: 'ngctl: jail "foo" not found\n', code: 68 });
  });
});

describe('scripts (-f, read)', () => {
  it('runs lines, skips column-1 comments and blank lines', async () => {
    const s = newState();
    const script = '# build\n\nmkpeer eiface ether ether\n\tname ngeth0: e0\nlist\n';
    const r = await ng(s, ['-f', '-'], { stdin: script, pid: 77 });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Name: e0 ');
  });

  it('a leading blank before # is a command "#"', async () => {
    const r = await ng(newState(), ['-f', 'x'], { files: { x: 'list\n   # comment\n' } });
    expect(r.code).toBe(71);
    expect(r.stderr).toBe('ngctl: "#": unknown command\nngctl: line 2: error in file\n');
  });

  it('stops at the first error with its code', async () => {
    const s = newState();
    const r = await ng(s, ['-f', 'x'], { files: { x: 'mkpeer eiface ether ether\nshow\nmkpeer eiface ether ether\n' } });
    expect(r).toEqual({ stdout: '', stderr: 'ngctl: usage: show [-n] <path>\nngctl: line 2: error in file\n', code: 64 });
    expect(s.ifnets.filter((i) => i.kind === 'eiface')).toHaveLength(1);
  });

  it('quit prints the error line but exits 0', async () => {
    const r = await ng(newState(), ['-f', 'x'], { files: { x: 'types\nquit\ntypes\n' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('ngctl: line 2: error in file\n');
    expect(r.stdout.match(/There are/g)).toHaveLength(1);
  });

  it('read nests, and a missing file is an error', async () => {
    const files = { a: 'read b\n', b: 'mkpeer eiface ether ether\n' };
    const s = newState();
    expect((await ng(s, ['read', 'a'], { files })).code).toBe(0);
    expect(names(s)).toEqual(['ngeth0']);
    expect(await ng(s, ['read', 'zz'], { files })).toEqual({ stdout: '', stderr: 'ngctl: zz: No such file or directory\n', code: 71 });
  });
});

describe('node-type semantics', () => {
  it('a one-shot mkpeer . bridge vanishes with the socket', async () => {
    const s = newState();
    expect((await ng(s, ['mkpeer', '.', 'bridge', 'x', 'link0'])).code).toBe(0);
    expect(s.vnets['0']!.nodes).toEqual([]);
    expect(s.vnets['0']!.nextNodeId).toBe(3);
  });

  it('setpersistent makes a bridge survive losing its last hook', async () => {
    const s = newState();
    const r = await ng(s, ['-f', '-'], { stdin: 'mkpeer . bridge x link0\nname x b\nmsg b: setpersistent\n' });
    expect(r).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(s.vnets['0']!.nodes.map((n) => [n.name, n.type, n.hooks.length])).toEqual([['b', 'bridge', 0]]);
  });

  it('a bridge dies when its last link is removed; the eiface stays (link down)', async () => {
    const s = await withBridge();
    expect((await ng(s, ['rmhook', 'br0:', 'link0'])).code).toBe(0);
    expect(names(s)).toEqual(['ngeth0']);
    expect(s.ifnets.find((i) => i.name === 'ngeth0')!.linkUp).toBe(false);
  });

  it('eiface units: lowest free, reused after shutdown', async () => {
    const s = newState();
    for (let i = 0; i < 3; i++) await ng(s, ['mkpeer', 'eiface', 'ether', 'ether']);
    expect((await ng(s, ['shutdown', 'ngeth1:'])).code).toBe(0);
    expect(s.ifnets.map((i) => i.name)).not.toContain('ngeth1');
    await ng(s, ['mkpeer', 'eiface', 'ether', 'ether']);
    expect(names(s).sort()).toEqual(['ngeth0', 'ngeth1', 'ngeth2']);
    // sockets 1,3,5,7,8 and eifaces 2,4,6: the new ngeth1 is node 9.
    expect(s.vnets['0']!.nodes.find((n) => n.name === 'ngeth1')!.id).toBe(9);
  });

  it('12.x bridges take link0..31 only and list -l has no blank lines', async () => {
    const s = await withBridge('12.2-RELEASE');
    expect((await ng(s, ['mkpeer', 'br0:', 'eiface', 'link32', 'ether'])).stderr).toBe(`${SEND}Invalid argument\n`);
    expect((await ng(s, ['mkpeer', 'br0:', 'eiface', 'uplink1', 'ether'])).code).toBe(71);
    expect((await ng(s, ['mkpeer', 'br0:', 'eiface', 'link31', 'ether'])).code).toBe(0);
    expect((await ng(s, ['list', '-l'])).stdout).not.toMatch(/\n\n/);
  });

  it('14.x bridges take uplinkN (N ≥ 1) but not uplink0', async () => {
    const s = await withBridge();
    expect((await ng(s, ['mkpeer', 'br0:', 'eiface', 'uplink0', 'ether'])).code).toBe(71);
    expect((await ng(s, ['mkpeer', 'br0:', 'eiface', 'uplink1', 'ether'])).code).toBe(0);
    expect((await ng(s, ['mkpeer', 'br0:', 'eiface', 'link100', 'ether'])).code).toBe(0);
  });

  it('bridge messages: getconfig, getstats of a connected link', async () => {
    const s = await withBridge();
    const cfg = await ng(s, ['msg', 'br0:', 'getconfig']);
    expect(cfg.stdout).toBe('Rec\'d response "getconfig" (2) from "[4]:":\nArgs:\t{ debugLevel=1 loopTimeout=60 maxStaleness=900 minStableAge=1 }\n');
    const st = await ng(s, ['msg', 'br0:', 'getstats', '0']);
    expect(st.stdout).toBe('Rec\'d response "getstats" (4) from "[4]:":\nArgs:\t{}\n');
    expect((await ng(s, ['msg', 'br0:', 'setconfig', '{', 'debugLevel=2', '}'])).code).toBe(0);
    expect((await ng(s, ['msg', 'br0:', 'getconfig'])).stdout).toContain('Args:\t{ debugLevel=2 }\n');
  });

  it('ether nodes appear only after kldload ng_ether, with sanitized names', async () => {
    const s = newState();
    // A name with a dot, as a vlan interface has (bge0.42).
    ifRename(s, ifAttachNic(s, 'bge0', '00:11:22:33:44:55'), 'bge0.42');
    expect((await ng(s, ['msg', 'em0:', 'getifname'])).stderr).toBe(`${SEND}No such file or directory\n`);
    kldload(s, 'ng_ether');
    expect(names(s).sort()).toEqual(['bge0_42', 'em0']);
    const r = await ng(s, ['msg', 'bge0_42:', 'getifname']);
    expect(r.stdout).toMatch(/^Rec'd response "getifname" \(1\) from "\[\d+\]:":\nArgs:\t"bge0\.42"\n$/);
    // Renaming the interface renames its ether node.
    ifRename(s, s.ifnets.find((i) => i.name === 'bge0.42')!, 'bge0:1');
    expect(names(s).sort()).toEqual(['bge0_1', 'em0']);
    expect((await ng(s, ['mkpeer', 'em0:', 'ether', 'lower', 'x'])).stderr).toBe(`${SEND}Operation not supported\n`);
    // Shutdown only disconnects an ether node.
    await ng(s, ['mkpeer', 'em0:', 'bridge', 'lower', 'link0']);
    await ng(s, ['msg', 'em0:lower', 'setpersistent']);
    expect((await ng(s, ['shutdown', 'em0:'])).code).toBe(0);
    expect(names(s)).toContain('em0');
  });

  it('a non-vnet jail cannot create a netgraph socket', async () => {
    const r = await ng(newState(), ['list'], { jid: 3, vnet: 0 });
    expect(r).toEqual({ stdout: '', stderr: "ngctl: can't create node: Operation not permitted\n", code: 71 });
  });
});
