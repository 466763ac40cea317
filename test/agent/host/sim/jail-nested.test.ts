// Hierarchical jails on the emulated host, as FreeBSD's jail_basic_test
// "nested" case runs them (its exact stderr is the fixture), plus what
// kern_jail.c says about names, visibility, and removal of descendants.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { host } from './helpers.js';

const FIXTURE = readFileSync(fileURLToPath(new URL('../../../fixtures/jail-errors-freebsd-tests.txt', import.meta.url)), 'utf8');

/** The stderr FreeBSD's test asserts after a `$ command` line of the fixture. */
function expected(command: string): string {
  const lines = FIXTURE.split('\n');
  const at = lines.indexOf(`$ ${command}`);
  if (at < 0) throw new Error(`fixture has no '$ ${command}'`);
  return `${lines[at + 1]}\n`;
}

describe('nested jails (jail_basic_test "nested", kern_jail.c)', () => {
  it('children.max=1 allows one child; a second is "prison limit exceeded"; children.max 0 refuses with EPERM', async () => {
    const h = host();
    await h.ok('jail -c name=basejail persist ip4.addr=192.0.1.1 children.max=1');
    expect(await h.sh('jexec basejail jail -c name=nestedjail persist ip4.addr=192.0.1.1')).toEqual({ stdout: '', stderr: '', code: 0 });
    const second = await h.sh('jexec basejail jail -c name=secondnestedjail persist ip4.addr=192.0.1.1');
    expect(second).toEqual({ stdout: '', stderr: expected('jexec basejail jail -c name=secondnestedjail persist ip4.addr=192.0.1.1'), code: 1 });
    expect(second.stderr).toBe('jail: prison limit exceeded\n');
    await h.ok('jail -c name=basejail_nochild persist ip4.addr=192.0.1.1');
    const refused = await h.sh('jexec basejail_nochild jail -c name=nestedjail persist ip4.addr=192.0.1.1');
    expect(refused).toEqual({ stdout: '', stderr: expected('jexec basejail_nochild jail -c name=nestedjail persist ip4.addr=192.0.1.1'), code: 1 });
    expect(h.state.jails.map((j) => j.name)).toEqual(['basejail', 'basejail.nestedjail', 'basejail_nochild']);
  });

  it('names are full from the host and relative inside; the parent parameter is 0 for a direct child', async () => {
    const h = host();
    await h.ok('jail -c name=top path=/ vnet persist children.max=2');
    await h.ok('jexec top jail -c name=mid path=/ persist children.max=1');
    await h.ok('jexec top jexec mid jail -c name=leaf path=/ persist');
    expect(await h.ok('jls name parent children.cur children.max')).toBe('top 0 2 2\ntop.mid 1 1 1\ntop.mid.leaf 2 0 0\n');
    expect(await h.ok('jexec top jls name parent children.cur')).toBe('mid 0 1\nmid.leaf 2 0\n');
    expect(await h.ok('jexec top jexec mid jls name parent')).toBe('leaf 0\n');
    // By JID or relative name from where one stands; the full name only from the host.
    expect((await h.sh('jexec top jexec top.mid jls')).stderr).toBe('jexec: jail "top.mid" not found\n');
    expect(await h.ok('jexec top jexec 2 jls name')).toBe('leaf\n');
    expect(await h.ok('jexec top.mid.leaf jls')).toBe('   JID  IP Address      Hostname                      Path\n');
    // A jail inside cannot see or enter its parent or its siblings.
    expect((await h.sh('jexec top jexec top jls')).stderr).toBe('jexec: jail "top" not found\n');
    expect((await h.sh('jexec top jls -j 1')).stderr).toBe('jls: jail 1 not found\n');
    // From the host a dotted name makes a child of the named parent; kern_jail_set checks children.max
    // from the caller up (here the host), so top's own limit does not stop it.
    expect((await h.sh('jail -c name=top.other path=/ persist')).code).toBe(0);
    expect((await h.sh('jail -c name=nope.x path=/ persist')).stderr).toBe('jail: jail "nope" not found\n');
  });

  it('a child inherits the vnet of a non-vnet parent chain and its netgraph rights follow its own vnet flag', async () => {
    const h = host();
    await h.ok('jail -c name=v path=/ vnet persist children.max=2');
    await h.ok('jexec v jail -c name=plain path=/ persist');
    await h.ok('jexec v jail -c name=own path=/ vnet persist');
    expect(await h.ok('jexec v jexec plain ifconfig -l')).toBe('lo0\n');
    expect((await h.sh('jexec v jexec plain ngctl list')).code).toBe(71);
    expect(await h.ok('jexec v jexec own ngctl list')).toMatch(/^There are 1 total nodes:/);
  });

  it('removing a jail removes its descendants; interfaces go home: to the parent vnet, or destroyed with it', async () => {
    const h = host();
    await h.ok('jail -c name=p path=/ vnet persist children.max=1');
    expect(await h.ok('jexec p ifconfig epair create')).toBe('epair0a\n');
    await h.ok('jexec p jail -c name=c path=/ vnet persist vnet.interface=epair0b');
    expect(await h.ok('jexec p jexec c ifconfig -l')).toBe('lo0 epair0b\n');
    await h.ok('jexec p jail -r c');
    expect(await h.ok('jexec p ifconfig -l')).toBe('lo0 epair0a epair0b\n');
    await h.ok('jexec p jail -c name=c path=/ vnet persist vnet.interface=epair0b');
    const hostIfs = await h.ok('ifconfig -l');
    await h.ok('jail -r p');
    expect(h.state.jails).toEqual([]);
    expect(await h.ok('ifconfig -l')).toBe(hostIfs);
    expect(Object.keys(h.state.vnets)).toEqual(['0']);
  });

  it('jail -r * inside a jail removes only the jails below it', async () => {
    const h = host();
    await h.ok('jail -c name=a path=/ persist children.max=1');
    await h.ok('jail -c name=b path=/ persist');
    await h.ok('jexec a jail -c name=k path=/ persist');
    expect(await h.ok('jexec a jail -r *')).toBe('k: removed\n');
    expect(h.state.jails.map((j) => j.name)).toEqual(['a', 'b']);
  });
});
