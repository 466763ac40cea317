// printJailConf: canonical text, refusals with clear reasons, and the round trip
// parseJailConf(printJailConf(x)) == x for random valid jails.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { printJailConf } from '../../../shared/export/jailconf-print.js';
import type { PrintableJail } from '../../../shared/export/jailconf-print.js';
import { equalOpts, parseJailConf } from '../../../shared/parse/jailconf.js';
import type { JailConfParam } from '../../../shared/parse/jailconf.js';
import { validateJailName } from '../../../shared/model/names.js';
import { fixture } from '../parse/fixture.js';

function reparse(text: string): PrintableJail[] {
  const r = parseJailConf(text);
  if (!r.ok) throw new Error(`printed text does not parse: ${JSON.stringify(r.errors)}\n${text}`);
  return r.value.jails.map((j) => ({ name: j.name, params: j.params }));
}

describe('printJailConf', () => {
  it('prints canonical text: bare tokens when safe, quotes otherwise, booleans, lists and exec lists', () => {
    const text = printJailConf([
      {
        name: 'web1',
        params: [
          { name: 'name', values: ['web1'] },
          { name: 'path', values: ['/jails/web1'] },
          { name: 'host.hostname', values: ['web1.example.org'] },
          { name: 'vnet', values: [], bool: true },
          { name: 'persist', values: [], bool: false },
          { name: 'allow.mount', values: [], bool: false },
          { name: 'vnet.interface', values: ['ng0_web1', 'ng1_web1'] },
          { name: 'exec.prestart', values: ['jng bridge web1 em0', 'echo "$HOME" \\o/'] },
          { name: 'exec.start', values: ['/bin/sh /etc/rc'] },
          { name: 'exec.stop', values: [''] },
          { name: 'osrelease', values: ['14.3-RELEASE'] },
          { name: 'mount.fstab', values: ['/usr//local/*'] },
          { name: 'x', values: ['tab\there\nnew\x01line'] },
        ],
      },
      { name: 'db', params: [{ name: 'ip4.addr', values: ['10.0.0.2'] }] },
    ]);
    expect(text).toBe(
      [
        'web1 {',
        '\tpath = /jails/web1;',
        '\thost.hostname = web1.example.org;',
        '\tvnet;',
        '\tnopersist;',
        '\tallow.nomount;',
        '\tvnet.interface = ng0_web1, ng1_web1;',
        '\texec.prestart = "jng bridge web1 em0";',
        '\texec.prestart += "echo \\"\\$HOME\\" \\\\o/";',
        '\texec.start = "/bin/sh /etc/rc";',
        '\texec.stop = "";',
        '\tosrelease = 14.3-RELEASE;',
        '\tmount.fstab = "/usr//local/*";',
        '\tx = "tab\\there\\nnew\\001line";',
        '}',
        '',
        'db {',
        '\tip4.addr = 10.0.0.2;',
        '}',
        '',
      ].join('\n'),
    );
    expect(reparse(text)[0]!.params.find((p) => p.name === 'exec.prestart')!.values).toEqual(['jng bridge web1 em0', 'echo "$HOME" \\o/']);
  });

  it('reprints the real ngbuddy jail to the same parameters', () => {
    const r = parseJailConf(fixture('jail-conf-ngbuddy-subnetspider.txt'));
    if (!r.ok) throw new Error('fixture does not parse');
    const jails = r.value.jails.map((j) => ({ name: j.name, params: j.params }));
    expect(reparse(printJailConf(jails))).toEqual(jails);
  });

  it('refuses what it cannot write faithfully, naming the jail and parameter', () => {
    const bad = (params: JailConfParam[], name = 'j') => () => printJailConf([{ name, params }]);
    expect(bad([{ name: 'a', values: ['x\0y'] }])).toThrow('jail "j", parameter "a", value: contains a NUL character');
    expect(bad([{ name: 'persist', values: [], bool: true }, { name: 'nopersist', values: [], bool: false }])).toThrow('jail "j": parameter "nopersist" is given twice');
    expect(bad([], '*')).toThrow("a '*' component would make it a wildcard block");
    expect(bad([{ name: 'name', values: ['other'] }])).toThrow('jail "j", parameter "name": differs from the jail name');
    expect(bad([{ name: 'a', values: [] }])).toThrow('has neither values nor a boolean');
    expect(bad([{ name: 'nodes', values: [], bool: true }])).toThrow('starts with "no"');
    expect(bad([{ name: 'a', values: ['1'], bool: true }])).toThrow('a boolean cannot also have values');
    expect(() => printJailConf('x' as unknown as PrintableJail[])).toThrow('expected an array of jails');
    expect(() => printJailConf([{ name: 'j' } as unknown as PrintableJail])).toThrow('jail #1: expected { name, params[] }');
  });

  it('prints nothing for no jails', () => {
    expect(printJailConf([])).toBe('');
  });
});

// `-1` passes validateJailName but jail.conf (strtol) and jail_getid (strtoul) read it as a JID, so it gets `jid`, not `name`.
const jailName = fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/).filter((n) => validateJailName(n) === null && !/^[+-]?\d+$/.test(n));
const component = fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/);
const paramName = fc.oneof(
  fc.constantFrom('path', 'host.hostname', 'vnet.interface', 'ip4.addr', 'securelevel', 'exec.start', 'exec.prestart', 'exec.poststop', 'allow.mount', 'persist', 'vnet'),
  fc.array(component, { minLength: 1, maxLength: 3 }).map((cs) => cs.join('.')),
).filter((n) => n !== 'name' && n !== 'jid' && !n.split('.').at(-1)!.startsWith('no'));
const tricky = fc.constantFrom('a', 'Z', '0', ' ', '"', "'", '$', '\\', '\n', '\t', '\r', '/', '*', '#', ';', '{', '}', ',', '=', '+', 'é', '\x01', '\x7f', '.', 'x', '{x}', '$name', '//', '/*', '😀');
const value = fc.oneof(fc.string({ unit: tricky, maxLength: 12 }), fc.string({ maxLength: 12 }), fc.stringMatching(/^\/[a-z0-9/._-]{0,15}$/));
const param: fc.Arbitrary<JailConfParam> = fc.oneof(
  fc.record({ name: paramName, values: fc.array(value, { minLength: 1, maxLength: 4 }) }),
  fc.record({ name: paramName, values: fc.constant([] as string[]), bool: fc.boolean() }),
);
const params = fc.uniqueArray(param, { maxLength: 8, comparator: (a, b) => equalOpts(a.name, b.name) });
const jails = fc.uniqueArray(fc.record({ name: jailName, params }), { maxLength: 4, selector: (j) => j.name });

describe('round trip', () => {
  it('parseJailConf(printJailConf(x)) gives back x (with the implicit name first)', () => {
    fc.assert(
      fc.property(jails, (xs) => {
        const back = reparse(printJailConf(xs));
        expect(back).toEqual(xs.map((j) => ({ name: j.name, params: [{ name: 'name', values: [j.name] }, ...j.params] })));
      }),
      { numRuns: 300 },
    );
  });

  it('is stable: printing the reparsed jails gives the same text', () => {
    fc.assert(fc.property(jails, (xs) => {
      const text = printJailConf(xs);
      expect(printJailConf(reparse(text))).toBe(text);
    }), { numRuns: 100 });
  });
});
