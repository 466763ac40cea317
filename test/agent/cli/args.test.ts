import { describe, expect, it } from 'vitest';
import { parseListen, parse, intOption, UsageError } from '../../../agent/cli/args.js';
import { splitSimArgs } from '../../../agent/cli/sim.js';
import { main } from '../../../agent/cli.js';

/** Runs main() in-process and captures its lines. */
async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('parseListen', () => {
  it('takes HOST:PORT and [IPV6]:PORT, port 0 included', () => {
    expect(parseListen('127.0.0.1:7878')).toEqual({ host: '127.0.0.1', port: 7878 });
    expect(parseListen('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(parseListen('localhost:80')).toEqual({ host: 'localhost', port: 80 });
  });
  it.each(['7878', '127.0.0.1', '127.0.0.1:70000', '::1:80', 'a b:1', ':80', '127.0.0.1:-1'])('refuses %s', (v) => {
    expect(() => parseListen(v)).toThrow(UsageError);
  });
});

describe('parse / intOption', () => {
  it('turns parseArgs errors into one line', () => {
    expect(() => parse('serve', ['--nope'], {})).toThrow(/^serve: Unknown option '--nope'$/);
    expect(() => parse('serve', ['--poll'], { poll: { type: 'string' } })).toThrow(UsageError);
    expect(() => intOption('serve', 'poll', '5x', 10, 100, 50)).toThrow("serve: --poll must be an integer from 10 to 100 (got \"5x\")");
  });
});

describe('splitSimArgs', () => {
  it('keeps everything from COMMAND on for the emulated command', () => {
    expect(splitSimArgs(['--state', 'f.json', 'ngctl', '--state', 'x'])).toEqual({ stateFile: 'f.json', binDir: false, command: ['ngctl', '--state', 'x'] });
    expect(splitSimArgs(['--state=f', 'jls', '-v'])).toEqual({ stateFile: 'f', binDir: false, command: ['jls', '-v'] });
    expect(splitSimArgs(['ifconfig', '-a'])).toEqual({ binDir: false, command: ['ifconfig', '-a'] });
    expect(splitSimArgs(['--bin-dir'])).toEqual({ binDir: true, command: [] });
    expect(splitSimArgs(['--release', '12.4-RELEASE', '--state', 'f', 'kldstat'])).toEqual({ stateFile: 'f', release: '12.4-RELEASE', binDir: false, command: ['kldstat'] });
    expect(splitSimArgs(['--release=15.0-RELEASE-p1', 'jls'])).toEqual({ release: '15.0-RELEASE-p1', binDir: false, command: ['jls'] });
    expect(splitSimArgs(['--wire', '/tmp/lan', '--state', 'f', 'ping', '-c', '1', 'x'])).toEqual({ stateFile: 'f', wire: '/tmp/lan', binDir: false, command: ['ping', '-c', '1', 'x'] });
    expect(splitSimArgs(['--sim-wire=w', 'route', 'add', 'default', '1.2.3.4'])).toEqual({ wire: 'w', binDir: false, command: ['route', 'add', 'default', '1.2.3.4'] });
  });
  it.each([[[]], [['--state']], [['--state', 'f']], [['-x', 'ngctl']], [['--bin-dir', 'x']], [['--release', 'ngctl']], [['--release', '11.4-RELEASE', 'ngctl']], [['--release=', 'jls']], [['--wire']], [['--wire=', 'jls']]])('refuses %j', (argv) => {
    expect(() => splitSimArgs(argv)).toThrow(UsageError);
  });
});

describe('main: bad usage exits 2 with one line, before starting anything', () => {
  it.each([
    [['serve', '--listen', 'nope']],
    [['serve', '--listen', '0.0.0.0:0']],
    [['serve', '--listen', '0.0.0.0:0', '--token', 'short-but-valid-token']],
    [['serve', '--token', 'has space in it!!']],
    [['serve', '--poll', '1']],
    [['serve', '--backend', 'linux']],
    [['serve', 'extra']],
    [['serve', '--idle-poll', '5']],
    [['serve', '--backend', 'sim', '--devd-socket', '/tmp/devd.pipe']],
    [['serve', '--backend', 'freebsd', '--devd-socket', '']],
    [['sim', '--state', '/tmp/x.json', 'devd']],
    [['sim', '--state', '/tmp/x.json', 'devd', '--socket', '/tmp/x.pipe', '--bogus']],
    [['snapshot', '--format', 'xml']],
    [['snapshot', '--bogus']],
    [['sim']],
    [['frobnicate']],
  ])('%j', async (argv) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/^ngstudio: \S/);
    expect(r.out).toEqual([]);
  });

  it('refuses options of the other backend with exit 2', async () => {
    const a = await run(['snapshot', '--backend', 'freebsd', '--sim-state', '/tmp/x.json']);
    expect(a.code).toBe(2);
    expect(a.err).toEqual(['ngstudio: snapshot: --sim-state and --demo are for the emulated host (--backend sim), not --backend freebsd']);
    const b = await run(['snapshot', '--backend', 'sim', '--bin-dir', '/tmp']);
    expect(b.code).toBe(2);
    expect(b.err).toEqual(['ngstudio: snapshot: --bin-dir names the commands of --backend freebsd; the sim backend runs none']);
  });

  it('prints help and version', async () => {
    expect((await run(['help'])).out[0]).toMatch(/^ngstudio — netgraph/);
    expect((await run(['--version'])).out).toEqual([expect.stringMatching(/^ngstudio \d+\.\d+\.\d+$/)]);
  });
});
