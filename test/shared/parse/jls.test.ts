import { describe, expect, it } from 'vitest';
import { jailsFromJls, parseJls, parseJlsJson, parseJlsNamed, parseJlsParams } from '../../../shared/parse/jls.js';
import { fixture } from './fixture.js';

/** Output lines of one command in a multi-command capture (lines after `$ cmd` up to the next prompt). */
function outputOf(name: string, cmd: string): string {
  const lines = fixture(name).split('\n');
  const i = lines.indexOf(`$ ${cmd}`);
  if (i < 0) throw new Error(`${cmd} not in ${name}`);
  const out: string[] = [];
  for (const l of lines.slice(i + 1)) {
    if (l.startsWith('$ ')) break;
    out.push(l);
  }
  return out.join('\n').replace(/\n$/, '') + '\n';
}

describe('parseJls (default, -N, -v)', () => {
  it('reads the Handbook capture', () => {
    const r = parseJls(fixture('jls-handbook.txt', { prompts: true }));
    expect(r.ok && r.value).toEqual([
      { jid: 3, hostname: 'ns.example.org', path: '/home/j/ns', ip4: ['192.168.3.17'] },
      { jid: 2, hostname: 'mail.example.org', path: '/home/j/mail', ip4: ['192.168.3.18'] },
      { jid: 1, hostname: 'www.example.org', path: '/home/j/www', ip4: ['62.123.43.14'] },
    ]);
  });

  it('reads pre-libxo "-" IPs and hostnames with spaces', () => {
    const r = parseJls(fixture('jls-dash-ip-old-checkpkgaudit.txt', { prompts: true }));
    expect(r.ok && r.value).toEqual([
      { jid: 278, hostname: 'hastd: disk1 (primary)', path: '/var/empty', ip4: [] },
      { jid: 281, hostname: 'hastd: disk2 (primary)', path: '/var/empty', ip4: [] },
    ]);
  });

  it('reads an empty IP column (VNET jail), truncated hostnames and paths with spaces', () => {
    const r = parseJls(fixture('handmade/jls-default-vnet.txt'));
    expect(r.ok && r.value).toEqual([
      { jid: 1, hostname: 'web.example.org', path: '/jails/web', ip4: [] },
      { jid: 2, hostname: 'db.example.org', path: '/jails/db', ip4: ['10.0.0.2'] },
      { jid: 3, hostname: 'a-hostname-longer-than-twenty', path: '/jails/long path with spaces', ip4: ['192.168.100.200'] },
    ]);
  });

  it('reads collapsed whitespace (a pasted capture)', () => {
    const r = parseJls('JID IP Address Hostname Path\n 3 192.168.3.17 ns.example.org /home/j/ns\n 4 web /j/web\n');
    expect(r.ok && r.value).toEqual([
      { jid: 3, hostname: 'ns.example.org', path: '/home/j/ns', ip4: ['192.168.3.17'] },
      { jid: 4, hostname: 'web', path: '/j/web', ip4: [] },
    ]);
  });

  it('reads -N output (names, long names push the columns)', () => {
    const r = parseJls(fixture('handmade/jls-N.txt'));
    expect(r.ok && r.value.map((j) => [j.name, j.ip4, j.hostname, j.path])).toEqual([
      ['web', [], 'web.example.org', '/jails/web'],
      ['db', ['10.0.0.2'], 'db.example.org', '/jails/db'],
      ['long', ['192.168.100.200'], 'a-hostname-longer-than-twenty', '/jails/long path with spaces'],
      ['a-jail-name-over-15', [], 'x.example.org', '/jails/x'],
    ]);
  });

  it('reads jls -v of FreeBSD 15.1 (VNET jails: no address lines)', () => {
    const r = parseJls(fixture('jls-v-freebsd15.1-vbotka.txt', { prompts: true, dedent: 3 }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toHaveLength(4);
    expect(r.value[1]).toEqual({ jid: 2, hostname: 'pkg-repo', path: '/zroot/iocage/jails/pkg-repo/root', name: 'ioc-pkg-repo', state: 'ACTIVE', cpusetid: 4, ip4: [], ip6: [] });
  });

  it('reads jls -v with addresses of both families, empty hostname and DYING', () => {
    const r = parseJls(fixture('handmade/jls-v.txt'));
    expect(r.ok && r.value).toEqual([
      { jid: 1, hostname: 'web.example.org', path: '/jails/web', name: 'web', state: 'ACTIVE', cpusetid: 3, ip4: [], ip6: [] },
      { jid: 2, hostname: 'db.example.org', path: '/jails/db', name: 'db', state: 'ACTIVE', cpusetid: 4, ip4: ['10.0.0.2', '10.0.0.3'], ip6: ['fd00::2'] },
      { jid: 5, hostname: '', path: '/jails/dying', name: 'dying', state: 'DYING', cpusetid: 7, ip4: [], ip6: [] },
    ]);
  });

  it('reports a truncated -v record and junk rows with line numbers', () => {
    const text = fixture('handmade/jls-v.txt').split('\n').slice(0, 9).join('\n');
    const r = parseJls(text);
    expect(!r.ok && r.errors.map((e) => e.line)).toEqual([10]);
    const j = parseJls('   JID  IP Address      Hostname                      Path\n     1  10.0.0.1        h                             /p\nnonsense\n');
    expect(!j.ok && j.errors.map((e) => [e.line, e.text])).toEqual([[3, 'nonsense']]);
  });

  it('an empty system prints only the header', () => {
    expect(parseJls('   JID  IP Address      Hostname                      Path\n')).toEqual({ ok: true, value: [], warnings: [] });
  });
});

describe('parseJlsParams (parameter-list mode)', () => {
  it('reads "" as the empty string (jail_reset test)', () => {
    const f = 'jls-param-mode-reset-freebsd-tests.txt';
    expect(parseJlsParams(outputOf(f, 'jls -jj meta'), ['meta'])).toMatchObject({ ok: true, value: [{ params: { meta: '123' } }] });
    const all = fixture(f).split('\n');
    const after = all.slice(all.indexOf('$ jail -m name=j meta= env='));
    const out = after.slice(after.indexOf('$ jls -jj meta') + 1, after.indexOf('$ jls -jj meta') + 2).join('\n') + '\n';
    expect(parseJlsParams(out, ['meta'])).toMatchObject({ ok: true, value: [{ params: { meta: '' } }] });
  });

  it('joins a value containing a newline (keyvalue test) and reads an empty field', () => {
    const f = 'jls-param-mode-keyvalue-freebsd-tests.txt';
    const r = parseJlsParams(outputOf(f, 'jls -jj meta.b meta meta.a'), ['meta.b', 'meta', 'meta.a']);
    expect(r.ok && r.value).toEqual([{ params: { 'meta.b': '3', meta: 'a=2\nb=3', 'meta.a': '2' } }]);
    expect(parseJlsParams(outputOf(f, 'jls -jj meta.c'), ['meta.c'])).toMatchObject({ ok: true, value: [{ params: { 'meta.c': '' } }] });
    expect(parseJlsParams(outputOf(f, 'jls -jj meta.b meta.a'), ['meta.b', 'meta.a'])).toMatchObject({ ok: true, value: [{ params: { 'meta.b': '3', 'meta.a': '2' } }] });
  });

  it('maps well-known parameters and reports too many values and truncation', () => {
    const r = parseJlsParams('3 web /jails/web\n4 db /jails/db\n', ['jid', 'name', 'path']);
    expect(r.ok && r.value.map((j) => [j.jid, j.name, j.path])).toEqual([[3, 'web', '/jails/web'], [4, 'db', '/jails/db']]);
    const bad = parseJlsParams('3 web /jails/a b\n4 db\n', ['jid', 'name', 'path']);
    expect(!bad.ok && bad.errors.map((e) => e.line)).toEqual([1, 2]);
    expect(parseJlsParams('x', []).ok).toBe(false);
  });
});

describe('parseJlsNamed (-n / -s)', () => {
  it('reads name=value, booleans, "" and dotted negations', () => {
    const line = 'devfs_ruleset=5 nodying enforce_statfs=2 env="" host=new ip4=disable jid=7 name=web path=/jails/web persist vnet=new allow.nomount host.hostname=web.example.org ip4.addr=10.0.0.1,10.0.0.2\n';
    const r = parseJlsNamed(line);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const j = r.value[0]!;
    expect(j).toMatchObject({ jid: 7, name: 'web', path: '/jails/web', hostname: 'web.example.org', state: 'ACTIVE', persist: true, vnet: true, ip4: ['10.0.0.1', '10.0.0.2'] });
    expect(j.params).toMatchObject({ dying: false, env: '', 'allow.mount': false, devfs_ruleset: '5', ip4: 'disable' });
  });

  it('reads -s quoting (double quotes, or single quotes around a value with ")', () => {
    const r = parseJlsNamed(`name=a host.hostname="my host" exec.start='/bin/sh -c "x y"' nopersist\n`);
    expect(r.ok && r.value[0]).toMatchObject({ name: 'a', hostname: 'my host', persist: false, params: { 'exec.start': '/bin/sh -c "x y"' } });
  });

  it('refuses an unquoted value with spaces and an open quote, naming the line', () => {
    const r = parseJlsNamed('name=a\nname=b host.hostname=my host!\nname="c\n');
    expect(!r.ok && r.errors.map((e) => e.line)).toEqual([2, 3]);
    expect(!r.ok && r.partial).toEqual([{ name: 'a', params: { name: 'a' } }]);
  });
});

describe('parseJlsJson', () => {
  it('reads the FreeBSD jailmeta test outputs (parameter mode, version 2)', () => {
    const f = 'jls-libxo-json-params-freebsd-tests.txt';
    expect(parseJlsJson(outputOf(f, 'jls -jj --libxo json name meta'))).toEqual({ ok: true, warnings: [], value: [{ name: 'j', params: { meta: 'a b c' } }] });
    expect(parseJlsJson(outputOf(f, 'jls -jj --libxo json env'))).toEqual({ ok: true, warnings: [], value: [{ params: { env: '1 2 3' } }] });
    expect(parseJlsJson(outputOf(f, 'jls -jj --libxo json meta.c meta.d'))).toEqual({ ok: true, warnings: [], value: [{}] });
  });

  it('reads -v JSON with line breaks (kleene)', () => {
    const r = parseJlsJson(fixture('jls-v-libxo-json-kleene.txt'));
    expect(r.ok && r.value).toEqual([{ jid: 83, hostname: '', path: '/zroot/kleene_basejail', name: '83', state: 'ACTIVE', cpusetid: 4, ip4: ['172.17.0.1', '172.17.0.2'], ip6: [] }]);
  });

  it('reads version 1 (libioc) and files the IPv6 address found in ipv4_addrs under ip6, with a warning', () => {
    const lines = fixture('jls-v-libxo-json-libioc-v1.txt').split('\n').filter((l) => l !== '');
    const json = lines.map((l) => l.replace(/^In \[7\]: json\.loads\("""/, '').replace(/^ {6}: /, '')).join('').replace(/"""\)\[.*$/, '');
    const r = parseJlsJson(json);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual([{ jid: 1, hostname: 'irc', path: '/usr/jails/irc', name: 'irc', state: 'ACTIVE', cpusetid: 2, ip4: ['10.0.0.2'], ip6: ['2a03:b0c0:3:d0::3a4d:c002'] }]);
    expect(r.warnings).toHaveLength(1);
  });

  it('reads default-mode JSON, parameter-mode strings and ip4.addr arrays', () => {
    const r = parseJlsJson('{"__version": "2", "jail-information": {"jail": [{"jid":1,"ipv4":"","hostname":"h","path":"/p"},{"jid":"2","name":"b","ip4.addr": ["10.0.0.1"],"persist":true,"vnet":"new"}]}}\n');
    expect(r.ok && r.value).toEqual([
      { jid: 1, ip4: [], hostname: 'h', path: '/p' },
      { jid: 2, name: 'b', ip4: ['10.0.0.1'], persist: true, vnet: true, params: { 'ip4.addr': ['10.0.0.1'], persist: true, vnet: 'new' } },
    ]);
    expect(parseJlsJson('{"__version": "2", "jail-information": {"jail": []}}')).toEqual({ ok: true, value: [], warnings: [] });
  });

  it('reports invalid JSON with its line, a wrong envelope and wrong field types', () => {
    const bad = parseJlsJson('{"__version": "2",\n "jail-information": {"jail": [] }\n "x": 1}\n');
    expect(!bad.ok && bad.errors[0]!.line).toBe(3);
    const cut = parseJlsJson('{"__version": "2",\n "jail-information": {"jail": [\n');
    expect(!cut.ok && cut.errors[0]!.line).toBe(2);
    expect(parseJlsJson('[1,2]').ok).toBe(false);
    expect(parseJlsJson('{"__version": "2"}').ok).toBe(false);
    const t = parseJlsJson('{"__version": "3", "jail-information": {"jail": [{"jid":"x"}, 5]}}');
    expect(!t.ok && t.errors.map((e) => e.message)).toEqual(['jail #1: "jid" is not a number: "x"', 'jail #2: a jail entry is not an object']);
  });
});

describe('jailsFromJls', () => {
  it('builds snapshot jails with defaults for what jls did not show', () => {
    const r = parseJls(fixture('handmade/jls-v.txt'));
    if (!r.ok) throw new Error('fixture must parse');
    const jails = jailsFromJls(r.value, { vnet: true });
    expect(jails[1]).toEqual({ jid: 2, name: 'db', hostname: 'db.example.org', path: '/jails/db', vnet: true, persist: false, state: 'ACTIVE', ip4: ['10.0.0.2', '10.0.0.3'], ip6: ['fd00::2'], interfaces: [] });
    expect(jails[2]!.state).toBe('DYING');
    expect(jailsFromJls([{ name: 'no-jid' }, { jid: 9 }])).toEqual([{ jid: 9, name: '9', hostname: '', path: '', vnet: false, persist: false, state: 'ACTIVE', ip4: [], ip6: [], interfaces: [] }]);
  });
});
