// parseJailConf against the real ngbuddy capture, the jng/jib examples, FreeBSD's
// merge order (config.c), variables, quoting/escapes, comments and error reporting.
import { describe, expect, it } from 'vitest';
import { jailConfParams, jailParams, parseJailConf } from '../../../shared/parse/jailconf.js';
import type { JailConf } from '../../../shared/parse/jailconf.js';
import type { Parsed } from '../../../shared/parse/result.js';
import { fixture, rawFixture } from './fixture.js';

function ok(r: Parsed<JailConf>): JailConf {
  if (!r.ok) throw new Error(`expected success, got ${JSON.stringify(r.errors)}`);
  return r.value;
}

function params(text: string, jail: string): Record<string, string | string[] | boolean> {
  const p = jailConfParams(ok(parseJailConf(text)), jail);
  if (!p) throw new Error(`no jail ${jail}`);
  return p;
}

function errors(text: string): { line: number; message: string }[] {
  const r = parseJailConf(text);
  if (r.ok) throw new Error('expected errors');
  return r.errors.map(({ line, message }) => ({ line, message }));
}

describe('the real ngbuddy jail.conf (FreeBSD 14.3)', () => {
  const expected = {
    name: 'jail05',
    enforce_statfs: '2',
    devfs_ruleset: '13',
    'exec.clean': true,
    'exec.consolelog': '/var/log/bastille/jail05_console.log',
    'exec.prestart': ['service ngbuddy jail jail05 public'],
    'exec.start': ['/bin/sh /etc/rc'],
    'exec.stop': ['/bin/sh /etc/rc.shutdown'],
    'exec.prestop': ['service ngbuddy unjail jail05 jail05'],
    'host.hostname': 'jail05',
    'mount.devfs': true,
    'mount.fstab': '/usr/local/bastille/jails/jail05/fstab',
    path: '/usr/local/bastille/jails/jail05/root',
    securelevel: '2',
    osrelease: '14.3-RELEASE',
    vnet: true,
    'vnet.interface': 'jail05',
  };

  it('resolves every parameter, expanding $if_name, $bridge and $name, and drops the pure variables', () => {
    const conf = ok(parseJailConf(fixture('jail-conf-ngbuddy-subnetspider.txt')));
    expect(conf.jails.map((j) => j.name)).toEqual(['jail05']);
    expect(conf.jails[0]!.line).toBe(1);
    expect(jailParams(conf.jails[0]!)).toEqual(expected);
    expect(Object.keys(jailParams(conf.jails[0]!))).toEqual(Object.keys(expected));
  });

  it('parses as-is too: its "# source:" line is a jail.conf comment', () => {
    const conf = ok(parseJailConf(rawFixture('jail-conf-ngbuddy-subnetspider.txt')));
    expect(conf.jails[0]!.line).toBe(2);
    expect(jailParams(conf.jails[0]!)).toEqual(expected);
  });
});

describe('jng / jib header examples (share/examples/jails)', () => {
  it('reads vnet, the interface list and the exec hooks', () => {
    const text = `xxx {\n\tvnet;\n\tvnet.interface = ng0_xxx, ng1_xxx;\n\texec.prestart += "jng bridge xxx em0";\n\texec.poststop += "jng shutdown xxx";\n}\n`;
    expect(params(text, 'xxx')).toEqual({
      name: 'xxx',
      vnet: true,
      'vnet.interface': ['ng0_xxx', 'ng1_xxx'],
      'exec.prestart': ['jng bridge xxx em0'],
      'exec.poststop': ['jng shutdown xxx'],
    });
  });

  it('runs += after the defaults set above, in order', () => {
    const text = [
      'exec.prestart = "logger starting $name";',
      'vnet;',
      'xxx {',
      '  vnet.interface = e0b_xxx, e1b_xxx;',
      '  exec.prestart += "jib addm xxx em0 em1";',
      '  exec.prestart += "echo two";',
      '  exec.poststop += "jib destroy xxx";',
      '}',
    ].join('\n');
    const p = params(text, 'xxx');
    expect(p['exec.prestart']).toEqual(['logger starting xxx', 'jib addm xxx em0 em1', 'echo two']);
    expect(p['exec.poststop']).toEqual(['jib destroy xxx']);
    expect(p.vnet).toBe(true);
  });
});

describe('merge order (config.c load_config)', () => {
  it('a wildcard above a jail gives defaults the jail overrides; one below always wins', () => {
    const text = `* { a = top; b = top; }\nj { a = own; b = own; c = own; }\n* { c = bottom; }\nk { }\n`;
    expect(params(text, 'j')).toEqual({ name: 'j', a: 'own', b: 'own', c: 'bottom' });
    expect(params(text, 'k')).toEqual({ name: 'k', a: 'top', b: 'top', c: 'bottom' });
  });

  it('top-level parameters are wildcard parameters at their place in the file', () => {
    const text = `path = "/var/jail/$name";\nfoo { path = /; host.hostname = foo.com; }\nbar { }\nsecurelevel = 3;\n`;
    expect(params(text, 'foo')).toEqual({ name: 'foo', path: '/', 'host.hostname': 'foo.com', securelevel: '3' });
    expect(params(text, 'bar')).toEqual({ name: 'bar', path: '/var/jail/bar', securelevel: '3' });
  });

  it('applies "foo.*" only to foo\'s children, and `*` components match one level', () => {
    const text = `"foo.*" { x = kid; }\n"*.b" { y = b; }\nfoo { }\nfoo.bar { }\nfoo.bar.baz { }\nq.b { }\n`;
    expect(params(text, 'foo')).toEqual({ name: 'foo' });
    expect(params(text, 'foo.bar')).toEqual({ name: 'foo.bar', x: 'kid' });
    expect(params(text, 'foo.bar.baz')).toEqual({ name: 'foo.bar.baz', x: 'kid' });
    expect(params(text, 'q.b')).toEqual({ name: 'q.b', y: 'b' });
  });

  it('rejects an unquoted foo.* block name, as jail(8) does (`*` is a token of its own)', () => {
    expect(errors('foo.* { x = 1; }')).toEqual([{ line: 1, message: 'jail name "foo.*" must be a single token; quote it: "foo.*"' }]);
  });

  it('later definitions replace earlier ones; `+=` appends; a list replaces a list', () => {
    const text = `j {\n ip4.addr = 10.1.1.1, 10.1.1.2;\n ip4.addr = 10.1.1.3;\n ip4.addr += 10.1.1.4;\n ip6.addr += ::1;\n}\n`;
    expect(params(text, 'j')).toMatchObject({ 'ip4.addr': ['10.1.1.3', '10.1.1.4'], 'ip6.addr': '::1' });
  });

  it('a numeric jail name sets jid, not name', () => {
    expect(params('5 { persist; }', '5')).toEqual({ jid: '5', persist: true });
    expect(params('"-1" { }', '-1')).toEqual({ jid: '-1' });
    expect(params('0 { }', '0')).toEqual({ name: '0' });
  });

  it('refuses to redefine name, like jail(8)', () => {
    expect(errors('j { name = other; }')[0]!.message).toBe('jail "j": cannot redefine parameter "name"');
  });

  it('warns when a jail is defined twice', () => {
    const r = parseJailConf('a { x = 1; }\na { x = 2; }\n');
    expect(r.ok && r.warnings.map((w) => [w.line, w.message])).toEqual([[2, 'jail "a" is defined again (first at line 1)']]);
  });
});

describe('booleans', () => {
  it('reads the valueless forms, the no- prefix on the last component, and true/false strings', () => {
    const text = `j {\n persist;\n allow.nomount;\n mount.nodevfs;\n allow.raw_sockets = "true";\n allow.sysvipc = false;\n}\n`;
    expect(params(text, 'j')).toEqual({
      name: 'j', persist: true, 'allow.mount': false, 'mount.devfs': false, 'allow.raw_sockets': 'true', 'allow.sysvipc': 'false',
    });
  });

  it('persist and nopersist are one parameter: the later wins', () => {
    expect(params('persist;\nj { nopersist; }', 'j').persist).toBe(false);
    expect(params('j { nopersist; }\npersist;', 'j').persist).toBe(true);
    expect(params('j { persist; persist = 0; }', 'j')).toEqual({ name: 'j', persist: '0' });
  });
});

describe('variables', () => {
  it('expands $var and ${param} in bare tokens and double quotes, not in single quotes', () => {
    const text = `$root = /jails;\nj {\n host.hostname = j.example.org;\n path = $root/$name;\n a = "\${host.hostname}:$root";\n b = '$root';\n c = "\\$root";\n d = "cost: $";\n}\n`;
    expect(params(text, 'j')).toEqual({
      name: 'j', 'host.hostname': 'j.example.org', path: '/jails/j', a: 'j.example.org:/jails', b: '$root', c: '$root', d: 'cost: $',
    });
  });

  it('resolves variables per jail, from wildcard sections, using final values', () => {
    const text = `path = "/var/jail/$dir";\n$dir = default;\na { $dir = special; }\nb { }\n`;
    expect(params(text, 'a').path).toBe('/var/jail/special');
    expect(params(text, 'b').path).toBe('/var/jail/default');
  });

  it('expands chains of variables', () => {
    expect(params('j { $a = "$b-x"; $b = "$c-y"; $c = z; p = $a; }', 'j').p).toBe('z-y-x');
  });

  it('a list variable standing alone becomes several values; inline it is an error', () => {
    expect(params('j { $ifs = ng0_j, ng1_j; vnet.interface = $ifs; }', 'j')['vnet.interface']).toEqual(['ng0_j', 'ng1_j']);
    expect(errors('j { $ifs = a, b; x = "if:$ifs"; }')[0]!.message).toBe('jail "j": x: list "ifs" cannot be substituted inline');
  });

  it('an undefined variable is an error naming it, at the line that used it', () => {
    expect(errors('j {\n  path = /a;\n  exec.start = "run $bridge";\n}')).toEqual([
      { line: 3, message: 'jail "j": exec.start: variable "bridge" not found' },
    ]);
  });

  it('a boolean has no value to substitute', () => {
    expect(errors('j { persist; x = $persist; }')[0]!.message).toBe('jail "j": x: variable "persist" not found');
  });

  it('detects loops', () => {
    expect(errors('j { $a = $b; $b = $a; x = $a; }')[0]!.message).toMatch(/variable loop/);
  });

  it('refuses a variable named like a parameter', () => {
    expect(errors('j { path = /; $path = x; }')[0]!.message).toBe('jail "j": variable "$path" cannot have the same name as a parameter');
    expect(errors('j { $vnet = x; }')[0]!.message).toBe('jail "j": variable "$vnet" cannot have the same name as a parameter');
  });
});

describe('strings, escapes and comments', () => {
  it('processes C escapes in both quote styles and glues adjacent pieces', () => {
    const text = `j {\n a = "tab\\there\\nnl";\n b = 'q\\'s';\n c = "\\101\\x42\\x4";\n d = foo"bar"'baz';\n e = "";\n f = '';\n}\n`;
    expect(params(text, 'j')).toMatchObject({ a: 'tab\there\nnl', b: "q's", c: 'AB\x04', d: 'foobarbaz', e: '', f: '' });
  });

  it('continues strings and tokens over backslash-newline, and keeps raw newlines inside quotes', () => {
    const text = `j {\n a = "one \\\ntwo";\n b = abc\\\ndef;\n c = "line1\nline2";\n d = 1;\n}\n`;
    expect(params(text, 'j')).toMatchObject({ a: 'one two', b: 'abcdef', c: 'line1\nline2', d: '1' });
  });

  it('accepts all three comment styles wherever a blank is allowed', () => {
    const text = `# shell\n// c++\n/* c\n * multi-line */ j /* here */ { # after\n a = 1; // trailing\n b /* x */ = /* y */ 2;\n}\n`;
    expect(params(text, 'j')).toEqual({ name: 'j', a: '1', b: '2' });
  });

  it('like jail(8), `#` and `//` start comments even inside an unquoted token', () => {
    const r = parseJailConf('j { path = /usr//local; }');
    expect(!r.ok && r.errors[0]!.message).toBe("expected ';' after value of \"path\", got the end of the file");
    expect(params('j { path = "/usr//local#x"; }', 'j').path).toBe('/usr//local#x');
  });

  it('takes `name value` without "=" (as jail(8) does)', () => {
    expect(params('j { allow.mount true; }', 'j')['allow.mount']).toBe('true');
  });
});

describe('errors name the line and what is wrong', () => {
  it('a missing semicolon', () => {
    const text = 'j {\n  vnet;\n  persist;\n  host.hostname = j;\n  securelevel = 2;\n  devfs_ruleset = 4;\n  path = "/jails/j"\n  exec.start = "/bin/sh /etc/rc";\n}\n';
    expect(errors(text)[0]).toEqual({ line: 8, message: "expected ';' after value of \"path\", got \"exec.start\"" });
  });

  it('before a closing brace', () => {
    expect(errors('j {\n  path = /x\n}')).toEqual([{ line: 3, message: "expected ';' after value of \"path\", got '}'" }]);
  });

  it('unterminated string, comment, variable', () => {
    expect(errors('j {\n a = "open;\n}')[0]).toEqual({ line: 2, message: 'unterminated string: missing closing quote' });
    expect(errors('j { }\n/* never closed')[0]).toEqual({ line: 2, message: "unterminated comment: '/*' without '*/'" });
    expect(errors('j {\n a = ${x;\n}')[0]).toEqual({ line: 2, message: "unterminated variable: '${' without '}'" });
    // Like jaillex.l, a braced name runs to the next '}' on the same line, blanks and ';' included.
    expect(errors('j { a = ${x; }')[0]!.message).toBe("expected ';' after value of \"a\", got the end of the file");
  });

  it('a missing closing brace and nested blocks', () => {
    expect(errors('j {\n a = 1;\n')).toEqual([{ line: 3, message: 'missing \'}\' to close jail "j" opened at line 1' }]);
    expect(errors('a {\n x = 1;\nb {\n y = 2;\n}\n')[0]).toEqual({ line: 3, message: 'jail blocks cannot be nested: is a \'}\' missing before "b"?' });
  });

  it('missing values and stray characters', () => {
    expect(errors('j { a = ; }')[0]!.message).toBe("expected a value after '=' for \"a\", got ';'");
    expect(errors('j { a = 1, ; }')[0]!.message).toBe("expected a value after ',' in \"a\", got ';'");
    expect(errors('j { a = é; }')[0]!.message).toBe("expected a value after '=' for \"a\", got 'é'");
    expect(errors('j { a = x\x01; }')[0]!.message).toBe("expected ';' after value of \"a\", got a control character (0x01)");
    expect(errors('}')[0]!.message).toBe("unexpected '}' outside a jail block");
  });

  it('recovers after an error and reports later ones too', () => {
    const e = errors('j {\n a = = 1;\n b = 2;\n c 3 4;\n}\n');
    expect(e.map((x) => x.line)).toEqual([2, 4]);
  });

  it('keeps the jails it could read in partial', () => {
    const r = parseJailConf('a { x = 1; }\nb { y = ; }\n');
    expect(!r.ok && r.partial?.jails.map((j) => j.name)).toEqual(['a', 'b']);
  });
});
