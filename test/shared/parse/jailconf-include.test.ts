// `.include` (FreeBSD 14.0+) through an in-memory file reader: the /etc/jail.conf.d
// layout rc.d/jail uses, glob semantics, cycles, and errors inside included files.
import { describe, expect, it } from 'vitest';
import { jailConfParams, parseJailConf } from '../../../shared/parse/jailconf.js';
import type { IncludeResolver } from '../../../shared/parse/jailconf.js';

/** glob(3) over a map of files: `*` and `?` within one path component, `[…]` classes; sorted like glob. */
function memfs(files: Record<string, string>): IncludeResolver {
  return (pattern) => {
    const re = new RegExp(`^${pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
    return Object.keys(files).filter((p) => re.test(p)).sort().map((path) => ({ path, text: files[path]! }));
  };
}

const ETC = {
  '/etc/jail.conf.d/alpha.conf': 'alpha {\n  vnet;\n  vnet.interface = ng0_alpha;\n  exec.prestart += "jng bridge alpha em0";\n}\n',
  '/etc/jail.conf.d/beta.conf': 'beta {\n  host.hostname = "beta.$domain";\n}\n',
  '/etc/jail.conf.d/notes.txt': 'this is not jail.conf',
};

describe('.include', () => {
  it('reads the /etc/jail.conf.d/*.conf layout in glob order, with defaults from the main file', () => {
    const main = 'path = "/jails/$name";\n$domain = example.org;\nexec.clean;\n\n.include "/etc/jail.conf.d/*.conf";\n';
    const r = parseJailConf(main, { include: memfs(ETC) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.jails.map((j) => [j.name, j.file, j.line])).toEqual([
      ['alpha', '/etc/jail.conf.d/alpha.conf', 1],
      ['beta', '/etc/jail.conf.d/beta.conf', 1],
    ]);
    expect(jailConfParams(r.value, 'alpha')).toEqual({
      name: 'alpha', path: '/jails/alpha', 'exec.clean': true, vnet: true, 'vnet.interface': 'ng0_alpha', 'exec.prestart': ['jng bridge alpha em0'],
    });
    expect(jailConfParams(r.value, 'beta')).toMatchObject({ 'host.hostname': 'beta.example.org', path: '/jails/beta' });
  });

  it('places included statements where the directive is: later main-file settings override them', () => {
    const r = parseJailConf('.include "/etc/jail.conf.d/alpha.conf";\nvnet.interface = overridden;\n', { include: memfs(ETC) });
    expect(r.ok && jailConfParams(r.value, 'alpha')?.['vnet.interface']).toBe('overridden');
  });

  it('skips a wildcard pattern that matches nothing, but a missing plain file is an error', () => {
    const fs = memfs(ETC);
    expect(parseJailConf('.include "/usr/local/etc/jail[.]conf";\n.include "/nowhere/*.conf";', { include: fs }).ok).toBe(true);
    const r = parseJailConf('\n.include "/etc/missing.conf";', { include: fs });
    expect(!r.ok && r.errors.map((e) => [e.line, e.message])).toEqual([[2, '.include "/etc/missing.conf": no such file']]);
  });

  it('names the included file and its line, at the line of the .include', () => {
    const fs = memfs({ '/etc/jail.conf.d/bad.conf': 'bad {\n  path = /x\n}\n' });
    const r = parseJailConf('# main\n.include "/etc/jail.conf.d/*.conf";\n', { include: fs });
    expect(!r.ok && r.errors.map((e) => [e.line, e.message])).toEqual([
      [2, "/etc/jail.conf.d/bad.conf line 3: expected ';' after value of \"path\", got '}'"],
    ]);
  });

  it('stops include cycles', () => {
    const fs = memfs({ '/a.conf': 'a { }\n.include "/b.conf";\n', '/b.conf': '.include "/a.conf";\nb { }\n' });
    const r = parseJailConf('.include "/a.conf";', { include: fs, file: '/etc/jail.conf' });
    expect(!r.ok && r.errors.map((e) => e.message)).toEqual(['/b.conf line 1: include cycle: /etc/jail.conf -> /a.conf -> /b.conf -> /a.conf']);
    expect(!r.ok && r.partial?.jails.map((j) => j.name)).toEqual(['a', 'b']);
    const self = parseJailConf('.include "/etc/jail.conf";', { include: memfs({ '/etc/jail.conf': 'x' }), file: '/etc/jail.conf' });
    expect(!self.ok && self.errors[0]!.message).toBe('include cycle: /etc/jail.conf -> /etc/jail.conf');
  });

  it('reports a resolver that throws or returns junk, instead of throwing', () => {
    const boom = parseJailConf('.include "/x";', { include: () => { throw new Error('permission denied'); } });
    expect(!boom.ok && boom.errors[0]!.message).toBe('.include "/x": permission denied');
    const junk = parseJailConf('.include "/x";', { include: (() => [{ path: 1 }]) as unknown as IncludeResolver });
    expect(!junk.ok && junk.errors[0]!.message).toMatch(/returned something other than/);
  });

  it('without a reader, warns that the include was not followed', () => {
    const r = parseJailConf('.include "/etc/jail.conf.d/*.conf";\nj { }');
    expect(r.ok && r.warnings.map((w) => w.message)).toEqual(['.include "/etc/jail.conf.d/*.conf" not followed: no file reader was given']);
  });

  it('rejects variables in the file name, "=" forms and includes inside a block', () => {
    const fs = memfs(ETC);
    expect(parseJailConf('$d = /etc;\n.include "$d/jail.conf";', { include: fs })).toMatchObject({ ok: false, errors: [{ line: 2, message: "variables are not allowed in an '.include' file name" }] });
    expect(parseJailConf('.include = "/etc/x.conf";', { include: fs })).toMatchObject({ ok: false, errors: [{ message: `'.include' takes a file name without '=' or '+=': .include "file";` }] });
    expect(parseJailConf('j {\n .include "/etc/x.conf";\n}', { include: fs })).toMatchObject({ ok: false, errors: [{ line: 2, message: "'.include' is only allowed outside jail blocks" }] });
  });
});
