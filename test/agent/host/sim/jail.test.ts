import { describe, expect, it } from 'vitest';
import { host } from './helpers.js';

describe('jail -c/-m/-r (facts §5.1)', () => {
  it('prints nothing for command-line jails; errors name the jail; exit 1', async () => {
    const h = host();
    expect(await h.sh('jail -c name=foo path=/ persist')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(await h.sh('jail -c name=foo path=/ persist')).toEqual({ stdout: '', stderr: 'jail: "foo" already exists\n', code: 1 });
    expect(await h.sh('jail -r bar')).toEqual({ stdout: '', stderr: 'jail: "bar" not found\n', code: 1 });
    expect(await h.sh('jail -m name=bar persist')).toEqual({ stdout: '', stderr: 'jail: "bar" not found\n', code: 1 });
    expect(await h.sh('jail -r foo')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(h.state.jails).toEqual([]);
  });

  it('prints "removed" notes only for several targets or -v; -i prints the jid', async () => {
    const h = host();
    expect(await h.ok('jail -i -c name=a persist')).toBe('1\n');
    await h.ok('jail -c name=b persist');
    await h.ok('jail -c name=c persist');
    expect(await h.ok('jail -r a b')).toBe('a: removed\nb: removed\n');
    expect(await h.ok('jail -v -r c')).toBe('c: removed\n');
  });

  it('a jail with neither persist nor a command dies at once (clear_persist)', async () => {
    const h = host();
    expect(await h.sh('jail -c name=gone path=/')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(h.state.jails).toEqual([]);
    expect(h.state.nextJid).toBe(2);
  });

  it('rejects unknown parameters, numeric names and vnet changes; a missing jail.conf is an error', async () => {
    const h = host();
    expect((await h.sh('jail -c name=x persist bogus=1')).stderr).toBe('jail: unknown parameter: bogus\n');
    expect((await h.sh('jail -c name=42 persist')).stderr).toBe('jail: name cannot be numeric (unless it is the jid)\n');
    await h.ok('jail -c name=x persist');
    expect((await h.sh('jail -m name=x vnet')).stderr).toBe('jail: vnet cannot be changed after creation\n');
    const f = await h.sh('jail -f /etc/jail.conf -c x');
    expect(f.code).toBe(1);
    // jail.conf reading lives in cmd/jail-conf.ts (test/agent/host/sim/jail-conf.test.ts); err(1, "%s", cfname) here.
    expect(f.stderr).toBe('jail: /etc/jail.conf: No such file or directory\n');
    expect((await h.sh('jail')).stderr).toMatch(/^usage: jail /);
  });

  it('runs exec.* hooks in order with JID/JNAME/JPATH, start/stop inside the jail', async () => {
    const h = host();
    const calls: string[] = [];
    // Hooks that are emulated commands run in process; record where they ran via ifconfig -l.
    await h.ok(['jail', '-c', 'name=h', 'path=/jails/h', 'vnet', 'persist', 'exec.prestart=ifconfig lo create', 'exec.start=ifconfig lo create', 'exec.poststart=kldload -n if_bridge']);
    calls.push(await h.ok('ifconfig -l'), await h.ok('jexec h ifconfig -l'));
    expect(calls).toEqual(['em0 lo0 lo1\n', 'lo0 lo1\n']);
    expect(h.state.modules.map((m) => m.name)).toContain('if_bridge');
  });

  it('a failing hook removes the jail and reports `<command>: failed`', async () => {
    const h = host();
    const r = await h.sh(['jail', '-c', 'name=f', 'persist', 'vnet', 'vnet.interface=nope0']);
    expect(r).toEqual({ stdout: '', stderr: 'ifconfig: interface nope0 does not exist\njail: /sbin/ifconfig nope0 vnet 1: failed\n', code: 1 });
    expect(h.state.jails).toEqual([]);
  });

  it('remove returns moved-in interfaces home and destroys the ones created inside', async () => {
    const h = host();
    await h.ok('ifconfig epair create');
    await h.ok('ngctl mkpeer eiface ether ether');
    await h.ok('jail -c name=v vnet persist vnet.interface=epair0b,ngeth0');
    expect(await h.ok('jexec v ifconfig -l')).toBe('lo0 epair0b ngeth0\n');
    await h.ok('jexec v ifconfig epair create');
    await h.ok('jexec v ifconfig epair0b name inner');
    expect(await h.ok('ifconfig -l')).toBe('em0 lo0 epair0a\n');
    await h.ok('jail -r v');
    expect(await h.ok('ifconfig -l')).toBe('em0 lo0 epair0a inner ngeth0\n');
    expect(Object.keys(h.state.vnets)).toEqual(['0']);
  });

  it('-rc restarts a jail', async () => {
    const h = host();
    await h.ok('jail -c name=r persist');
    expect(await h.sh('jail -rc name=r persist')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(h.state.jails.map((j) => [j.name, j.jid])).toEqual([['r', 2]]);
  });
});

describe('jls (facts §5.3)', () => {
  async function two(): Promise<ReturnType<typeof host>> {
    const h = host();
    await h.ok('jail -c name=web path=/jails/web host.hostname=web.example.org persist ip4.addr=192.168.3.17,10.0.0.2');
    await h.ok('jail -c name=vj path=/jails/vj host.hostname=vj vnet persist');
    return h;
  }

  it('default, -N and -v layouts', async () => {
    const h = await two();
    expect(await h.ok('jls')).toBe(
      '   JID  IP Address      Hostname                      Path\n' +
        '     1  192.168.3.17    web.example.org               /jails/web\n' +
        '     2                  vj                            /jails/vj\n',
    );
    expect(await h.ok('jls -N')).toBe(
      ' JID             IP Address      Hostname                      Path\n' +
        ' web             192.168.3.17    web.example.org               /jails/web\n' +
        ' vj                              vj                            /jails/vj\n',
    );
    expect(await h.ok('jls -v -j web')).toBe(
      '   JID  Hostname                      Path\n        Name                          State\n        CPUSetID\n        IP Address(es)\n' +
        '     1  web.example.org               /jails/web\n        web                           ACTIVE\n        3\n        192.168.3.17\n        10.0.0.2\n',
    );
  });

  it('parameter lists, -n, -h, -q and empty strings', async () => {
    const h = await two();
    await h.ok(['jail', '-m', 'name=vj', 'meta=a b c']);
    expect(await h.ok('jls -j vj jid name path')).toBe('2 vj /jails/vj\n');
    expect(await h.ok('jls -j vj -n name persist vnet dying')).toBe('name=vj persist vnet=new nodying\n');
    expect(await h.ok('jls -j vj -h name meta')).toBe('name meta\nvj a b c\n');
    expect(await h.ok('jls -j vj -q meta')).toBe('"a b c"\n');
    expect(await h.ok('jls -j vj env')).toBe('""\n');
    expect(await h.ok('jls -j web ip4.addr')).toBe('192.168.3.17,10.0.0.2\n');
  });

  it('--libxo json in each mode (envelope version 2, libxo spacing)', async () => {
    const h = await two();
    await h.ok(['jail', '-m', 'name=vj', 'meta=a b c']);
    expect(await h.ok('jls -j vj --libxo json name meta')).toBe('{"__version": "2", "jail-information": {"jail": [{"name":"vj","meta":"a b c"}]}}\n');
    expect(await h.ok('jls -j vj --libxo=json jid')).toBe('{"__version": "2", "jail-information": {"jail": [{"jid":"2"}]}}\n');
    expect(await h.ok('jls -v -j web --libxo json')).toBe(
      '{"__version": "2", "jail-information": {"jail": [{"jid":1,"hostname":"web.example.org","path":"/jails/web","name":"web","state":"ACTIVE","cpusetid":3, "ipv4_addrs": ["192.168.3.17","10.0.0.2"], "ipv6_addrs": []}]}}\n',
    );
    expect(await h.ok('jls --libxo json')).toBe(
      '{"__version": "2", "jail-information": {"jail": [{"jid":1,"ipv4":"192.168.3.17","hostname":"web.example.org","path":"/jails/web"}, {"jid":2,"ipv4":"","hostname":"vj","path":"/jails/vj"}]}}\n',
    );
    const empty = host();
    expect(await empty.ok('jls --libxo json')).toBe('{"__version": "2", "jail-information": {"jail": []}}\n');
    expect(await empty.ok('jls')).toBe('   JID  IP Address      Hostname                      Path\n');
  });

  it('errors', async () => {
    const h = await two();
    expect(await h.sh('jls -j nope')).toEqual({ stdout: '', stderr: 'jls: jail "nope" not found\n', code: 1 });
    expect(await h.sh('jls -j 99')).toEqual({ stdout: '', stderr: 'jls: jail 99 not found\n', code: 1 });
    expect((await h.sh('jls bogus')).stderr).toBe('jls: unknown parameter: bogus\n');
  });
});

describe('jexec (facts §5.4)', () => {
  it('missing jail by name and jid, exit 1', async () => {
    const h = host();
    expect(await h.sh('jexec pkg-repo hostname')).toEqual({ stdout: '', stderr: 'jexec: jail "pkg-repo" not found\n', code: 1 });
    expect(await h.sh('jexec 7 hostname')).toEqual({ stdout: '', stderr: 'jexec: jail 7 not found\n', code: 1 });
  });

  it('runs emulated commands in the jail: vnet jails see only their interfaces, others the host', async () => {
    const h = host();
    await h.ok('jail -c name=v vnet persist');
    await h.ok('jail -c name=p persist');
    expect(await h.ok('jexec v ifconfig -l')).toBe('lo0\n');
    expect(await h.ok('jexec p ifconfig -l')).toBe('em0 lo0\n');
    expect(await h.ok('jexec 1 ifconfig lo0')).toMatch(/^lo0: flags=8008<LOOPBACK,MULTICAST> metric 0 mtu 16384\n/);
  });

  it('without a process runner, other programs fail like execvp', async () => {
    const h = host();
    await h.ok('jail -c name=v vnet persist');
    expect(await h.sh('jexec v /nonexistent/prog')).toEqual({ stdout: '', stderr: '/nonexistent/prog: not found\n', code: 127 });
  });
});

describe('kldload / kldstat', () => {
  it('loads once; a second load fails unless -n', async () => {
    const h = host();
    expect(await h.sh('kldload ng_ether')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(await h.sh('kldload ng_ether')).toEqual({ stdout: '', stderr: "kldload: can't load ng_ether: module already loaded or in kernel\n", code: 1 });
    expect(await h.sh('kldload -n ng_ether')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(await h.sh('kldload nosuch')).toEqual({ stdout: '', stderr: "kldload: can't load nosuch: No such file or directory\n", code: 1 });
    expect((await h.sh('kldload')).stderr).toBe('usage: kldload [-nqv] file ...\n');
  });

  it("prints kldstat's table", async () => {
    const h = host();
    await h.ok('kldload ng_bridge');
    const out = await h.ok('kldstat');
    expect(out.split('\n')[0]).toBe('Id Refs Address                Size Name');
    expect(out).toMatch(/^ 1    3 0xffffffff80200000  1f3e2d0 kernel\n 2    2 0xffffffff82100000 [ 0-9a-f]{8} netgraph\.ko\n 3    1 0xffffffff821[0-9a-f]{5} [ 0-9a-f]{8} ng_bridge\.ko\n$/m);
    expect(await h.ok('kldstat -m ng_bridge')).toBe('Id  Refs Name\n  3    1 ng_bridge\n');
    expect(await h.sh('kldstat -q -m if_bridge')).toEqual({ stdout: '', stderr: '', code: 1 });
  });
});

describe('dispatcher', () => {
  it('unknown commands exit 127', async () => {
    const h = host();
    expect(await h.sh('frob x')).toEqual({ stdout: '', stderr: 'frob: not found\n', code: 127 });
  });
});
