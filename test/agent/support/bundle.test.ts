// The support bundle's files: short names per command, a `# source:` first
// line over the exact stdout (so a file is a fixture as it is), stderr and
// stdin beside it, an index, and nothing from the environment.
import { describe, expect, it } from 'vitest';
import { bundleEntries, commandSlug, BUNDLE_DIR } from '../../../agent/support/bundle.js';
import type { CommandRecord } from '../../../agent/host/freebsd/exec.js';

const rec = (argv: string[], o: Partial<CommandRecord> = {}): CommandRecord => ({ argv, stdout: '', stderr: '', code: 0, startedAt: '2025-01-02T03:04:05.000Z', ms: 7, ...o });

describe('commandSlug', () => {
  it('drops jexec JAIL (nested too) and ngctl socket names, keeps the words', () => {
    expect(commandSlug(['jexec', 'ngstudio_selftest_1', 'ngctl', '-n', 'ngstudio1_0', 'list', '-l'])).toBe('ngctl-list-l');
    expect(commandSlug(['jexec', 'j', 'jexec', '6', 'ifconfig'])).toBe('ifconfig');
    expect(commandSlug(['ngctl', 'shutdown', '[2f]:'])).toBe('ngctl-shutdown-2f');
    expect(commandSlug(['kldstat', '-q', '-m', 'ng_socket'])).toBe('kldstat-q-m-ng-socket');
    expect(commandSlug(['jls', '-d', '--libxo', 'json', 'jid', 'name', 'host.hostname', 'path', 'vnet', 'persist'])).toMatch(/^jls-d-libxo-json-jid-name-host-hostname-path-vne?$/);
    expect(commandSlug(['jexec', 'j', '::'])).toBe('command');
  });
});

describe('bundleEntries', () => {
  const entries = bundleEntries({
    records: [
      rec(['jexec', 'st', 'ngctl', '-n', 's0', 'list', '-l'], { stdout: 'There are 1 total nodes:\n  Name: s0 …\n' }),
      rec(['jexec', 'st', 'ngctl', '-f', '-'], { stdin: 'mkpeer . bridge a link0\n', stderr: 'ngctl: send msg: File exists\n', code: 71 }),
      rec(['freebsd-version'], { code: null, reason: 'Command not found: freebsd-version' }),
    ],
    report: ['ok   a: b', 'selftest: done'],
    doctor: ['ok    root: running as root'],
    versions: [{ argv: ['uname', '-a'], text: 'FreeBSD h 14.3-RELEASE amd64\n', code: 0 }],
    ngstudioVersion: '0.1.0',
    date: new Date('2025-01-02T03:04:05Z'),
    host: 'h',
  });
  const file = (n: string): string => {
    const e = entries.find((x) => x.name === `${BUNDLE_DIR}/${n}`);
    if (!e) throw new Error(`no ${n} in ${entries.map((x) => x.name).join(', ')}`);
    return e.data as string;
  };

  it('keeps each stdout exactly under one # source: line naming host, date, command and exit status', () => {
    const out = file('commands/cmd-001-ngctl-list-l.txt');
    const [first, ...rest] = out.split('\n');
    expect(first).toMatch(/^# source: ngstudio doctor --selftest bundle, h \(\S+ \S+\), 2025-01-02T03:04:05\.000Z: stdout of `jexec st ngctl -n s0 list -l` \(exit 0\)$/);
    expect(rest.join('\n')).toBe('There are 1 total nodes:\n  Name: s0 …\n');
    expect(file('commands/cmd-002-ngctl-f.stdin.txt')).toMatch(/: stdin of `jexec st ngctl -f -` \(exit 71\)\nmkpeer \. bridge a link0\n$/);
    expect(file('commands/cmd-002-ngctl-f.stderr.txt')).toMatch(/\nngctl: send msg: File exists\n$/);
    expect(file('commands/cmd-003-freebsd-version.txt')).toMatch(/\(exit none: Command not found: freebsd-version\)\n$/);
    expect(entries.some((e) => e.name.endsWith('cmd-001-ngctl-list-l.stderr.txt'))).toBe(false);
  });

  it('indexes the commands and holds the report, versions and doctor lines', () => {
    expect(file('commands/index.txt')).toBe([
      'commands/cmd-001-ngctl-list-l.txt\texit 0\t7 ms\t2025-01-02T03:04:05.000Z\tjexec st ngctl -n s0 list -l',
      'commands/cmd-002-ngctl-f.txt\texit 71\t7 ms\t2025-01-02T03:04:05.000Z\tjexec st ngctl -f -',
      'commands/cmd-003-freebsd-version.txt\texit -\t7 ms\t2025-01-02T03:04:05.000Z\tfreebsd-version',
      '',
    ].join('\n'));
    expect(file('report.txt')).toBe('ok   a: b\nselftest: done\n');
    expect(file('doctor.txt')).toBe('ok    root: running as root\n');
    expect(file('versions.txt')).toMatch(/^ngstudio 0\.1\.0\nnode v\d+\S* \(\w+ \w+\)\nos .*\n\n\$ uname -a\nFreeBSD h 14\.3-RELEASE amd64\n\(exit 0\)\n$/);
    expect(file('README.txt')).toContain('cmd-NNN-WORDS.txt');
  });
});
