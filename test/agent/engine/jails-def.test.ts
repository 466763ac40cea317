// Jail definitions: checked (names, vnet vs ip rules, hooks) and written as a
// jail.conf block that reads back to the same definition.
import { describe, expect, it } from 'vitest';
import { checkJailDef, defFromConf, defFromDesignJail, defToConf } from '../../../agent/engine/jails/def.js';

describe('jail definitions', () => {
  it('round-trips through jail.conf text, hooks and allow.* included', () => {
    const c = checkJailDef({
      name: 'web-1', path: '/jails/web 1', hostname: 'web1.example', vnet: true, interfaces: ['ngeth1', 'e0b_web'], persist: false,
      exec: { start: ['/bin/sh /etc/rc'], poststop: ['jng shutdown web', 'echo "$JNAME" done'] }, mountDevfs: true, devfsRuleset: 5, allow: { raw_sockets: true, mount: false },
    });
    if (!c.ok) throw new Error(c.problems.join('; '));
    const text = defToConf(c.def);
    expect(text).toContain('vnet.interface = ngeth1, e0b_web;');
    expect(text).toContain('exec.poststop += "echo \\"\\$JNAME\\" done";');
    expect(text).toContain('allow.nomount;');
    const back = defFromConf(text, 'web-1.conf');
    expect(back).toEqual({ ok: true, def: c.def });
  });

  it('defaults: persist on, no vnet, nothing mounted', () => {
    expect(checkJailDef({ name: 'a', path: '/' })).toEqual({ ok: true, def: { name: 'a', path: '/', vnet: false, interfaces: [], persist: true, ip4: [], ip6: [], exec: {}, mountDevfs: false, allow: {} } });
  });

  it('refuses what would be wrong on the host, naming the field', () => {
    const bad = (v: unknown): string[] => {
      const c = checkJailDef(v);
      return c.ok ? [] : c.problems;
    };
    expect(bad({ name: 'a.b', path: '/' })[0]).toContain("contains '.'");
    expect(bad({ name: 'a', path: '/', ip4: ['10.0.0.300'] })[0]).toContain('ip4');
    expect(bad({ name: 'a', path: '/', vnet: true, ip6: ['fe80::1'] })[0]).toContain('non-vnet');
    expect(bad({ name: 'a', path: '/', devfsRuleset: -1 })[0]).toContain('devfsRuleset');
    expect(bad(null)).toEqual(['a jail definition must be a JSON object']);
    expect(checkJailDef({ name: 'a', path: '/', ip4: ['em0|192.0.2.1/24'], ip6: ['2001:db8::1/64'] }).ok).toBe(true);
  });

  it('a design jail becomes a persistent definition', () => {
    const c = defFromDesignJail({ name: 'j1', path: '/j', vnet: true, interfaces: ['ngeth0'], hostname: 'j1' });
    expect(c).toMatchObject({ ok: true, def: { name: 'j1', vnet: true, interfaces: ['ngeth0'], persist: true, hostname: 'j1' } });
  });

  it('an unreadable file is a problem with its name, not a crash', () => {
    expect(defFromConf('web {', 'x.conf')).toMatchObject({ ok: false });
    expect(defFromConf('', 'x.conf')).toEqual({ ok: false, problems: ['x.conf: no jail block'] });
  });
});
