// The jails panel's pure parts (form checks at their fields, argv splitting,
// list merging of definitions and live state, agent errors as row errors) and
// the Jails runes class over a stand-in request function.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkForm, emptyForm, hostInterfaceChoices, mergeJails, opError, splitArgv, words, type JailForm } from '../../../../../ui/src/lib/state/jail-form.js';
import { Jails, HISTORY_MAX, type JailsSource } from '../../../../../ui/src/lib/state/jails.svelte.js';
import { AgentError } from '../../../../../ui/src/lib/state/session.svelte.js';
import type { HostSnapshot, Jail } from '../../../../../shared/model/snapshot.js';
import type { JailDef, JailEntry } from '../../../../../shared/protocol/rpc.js';
import { demoSnapshot } from '../../../demo-snapshot.js';

const form = (over: Partial<JailForm> = {}): JailForm => ({ ...emptyForm(), name: 'lab', ...over });

describe('checkForm', () => {
  it('turns a good vnet form into the definition the agent takes', () => {
    const c = checkForm(form({ interfaces: ['ng_lab'], extraInterfaces: 'ng1_lab, ng2_lab', hostname: 'lab.example', mountDevfs: true, devfsRuleset: '4', allow: ['raw_sockets'], extraAllow: 'allow.mount.zfs' }));
    expect(c.errors).toEqual({});
    expect(c.def).toEqual({
      name: 'lab', path: '/', vnet: true, interfaces: ['ng_lab', 'ng1_lab', 'ng2_lab'], persist: true, ip4: [], ip6: [], exec: {},
      mountDevfs: true, devfsRuleset: 4, hostname: 'lab.example', allow: { raw_sockets: true, 'mount.zfs': true },
    } satisfies JailDef);
  });

  it('keeps exec hooks as one command per line and addresses for non-vnet jails', () => {
    const exec = { ...emptyForm().exec, prestart: 'jng bridge lab em0\n\n  echo hi  \n', poststop: 'jng shutdown lab' };
    const c = checkForm(form({ vnet: false, ip4: '192.0.2.10/24, 192.0.2.11', ip6: '2001:db8::1/64', exec }));
    expect(c.errors).toEqual({});
    expect(c.def?.exec).toEqual({ prestart: ['jng bridge lab em0', 'echo hi'], poststop: ['jng shutdown lab'] });
    expect(c.def?.ip4).toEqual(['192.0.2.10/24', '192.0.2.11']);
    expect(c.def?.interfaces).toEqual([]);
  });

  it('puts each error at its field, in words', () => {
    const c = checkForm(form({ name: '12', path: 'jails/x', hostname: 'a b', interfaces: ['ng lab'], devfsRuleset: 'four', extraAllow: 'nomount' }));
    expect(c.def).toBeNull();
    expect(c.errors.name).toMatch(/number.*JID/);
    expect(c.errors.path).toMatch(/not an absolute path/);
    expect(c.errors.hostname).toMatch(/spaces/);
    expect(c.errors.interfaces).toMatch(/contains a space/);
    expect(c.errors.devfsRuleset).toMatch(/whole number/);
    expect(c.errors.allow).toMatch(/"no" prefix/);
  });

  it('refuses an empty name, a taken name, duplicate interfaces and addresses on a vnet jail', () => {
    expect(checkForm(form({ name: '' })).errors.name).toBe('a jail needs a name');
    expect(checkForm(form({ name: 'web' }), ['web']).errors.name).toMatch(/already exists/);
    expect(checkForm(form({ name: 'a.b' })).errors.name).toMatch(/'\.'/);
    expect(checkForm(form({ interfaces: ['ng_lab'], extraInterfaces: 'ng_lab' })).errors.interfaces).toMatch(/listed twice/);
    expect(checkForm(form({ ip4: '192.0.2.1' })).errors.ip4).toMatch(/non-vnet/);
    expect(checkForm(form({ vnet: false, ip4: '300.1.1.1' })).errors.ip4).toMatch(/not an IPv4 address/);
    expect(checkForm(form({ vnet: false, ip6: 'zz' })).errors.ip6).toMatch(/not an IPv6 address/);
    expect(checkForm(form({ path: '' })).errors.path).toMatch(/empty/);
  });

  it('ignores interfaces ticked before vnet was unticked', () => {
    const c = checkForm(form({ vnet: false, interfaces: ['bad name'] }));
    expect(c.errors).toEqual({});
    expect(c.def?.interfaces).toEqual([]);
  });

  it('never throws and either has errors or a definition, for any text in the fields', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), fc.boolean(), (name, path, ip4, extra, vnet) => {
        const c = checkForm(form({ name, path, ip4, extraInterfaces: extra, vnet }));
        expect(c.def === null).toBe(Object.keys(c.errors).length > 0);
      }),
    );
  });
});

describe('splitArgv', () => {
  it('splits on runs of whitespace, no shell quoting', () => {
    expect(splitArgv('  ifconfig   -a\tng_lab ')).toEqual({ ok: true, argv: ['ifconfig', '-a', 'ng_lab'] });
    expect(splitArgv('echo "a b"')).toEqual({ ok: true, argv: ['echo', '"a', 'b"'] });
  });
  it('says what to do with an empty line', () => {
    const r = splitArgv('   ');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/type a command/);
  });
  it('refuses control characters', () => {
    expect(splitArgv('echo a\0b').ok).toBe(false);
  });
  it('words() splits list fields on commas and spaces', () => {
    expect(words(' a, b ,,c  d')).toEqual(['a', 'b', 'c', 'd']);
  });
});

const def = (name: string, over: Partial<JailDef> = {}): JailDef => ({ name, path: '/', vnet: true, interfaces: [`ng_${name}`], persist: true, ip4: [], ip6: [], exec: {}, mountDevfs: false, allow: {}, ...over });
const entry = (name: string, state: JailEntry['state'] = 'stopped', jid: number | null = null): JailEntry => ({ name, def: def(name), file: `/d/jail.conf.d/${name}.conf`, state, jid });
const liveJail = (name: string, jid: number, over: Partial<Jail> = {}): Jail => ({ jid, name, hostname: name, path: '/', vnet: true, persist: true, state: 'ACTIVE', ip4: [], ip6: [], interfaces: [`ng_${name}`], ...over });
const snap = (jails: Jail[]): HostSnapshot => ({ ...demoSnapshot(), jails });

describe('mergeJails', () => {
  it('takes the live state from the snapshot, which is fresher than the list', () => {
    const rows = mergeJails([entry('lab', 'stopped'), entry('old', 'running', 3)], snap([liveJail('lab', 7), liveJail('web', 2, { state: 'DYING', path: '/jails/web' })]));
    expect(rows.map((r) => [r.name, r.state, r.jid, r.def !== null])).toEqual([
      ['lab', 'running', 7, true],
      ['old', 'stopped', null, true],
      ['web', 'dying', 2, false],
    ]);
    expect(rows.find((r) => r.name === 'web')?.path).toBe('/jails/web');
  });

  it('uses the list alone before any snapshot, and is empty with neither', () => {
    expect(mergeJails([entry('lab', 'running', 4)], null).map((r) => [r.state, r.jid])).toEqual([['running', 4]]);
    expect(mergeJails(null, null)).toEqual([]);
  });

  it('shows the interfaces in the vnet when running, the defined ones when stopped, and keeps a file problem', () => {
    const e: JailEntry = { ...entry('lab'), problem: 'line 2: bad' };
    expect(mergeJails([e], snap([]))[0]).toMatchObject({ interfaces: ['ng_lab'], problem: 'line 2: bad', state: 'stopped' });
    expect(mergeJails([e], snap([liveJail('lab', 1, { interfaces: ['ng_lab', 'e0b_lab'] })]))[0]?.interfaces).toEqual(['ng_lab', 'e0b_lab']);
  });
});

describe('hostInterfaceChoices', () => {
  it('lists host interfaces, not loopbacks and not those inside jails', () => {
    const s = demoSnapshot();
    const c = hostInterfaceChoices(s);
    expect(c).toEqual([...c].sort());
    for (const i of s.interfaces) expect(c.includes(i.name)).toBe(i.jail === null && i.kind !== 'loopback');
    expect(hostInterfaceChoices(null)).toEqual([]);
  });
});

describe('opError', () => {
  it('reads a host error: command, exit status, stderr', () => {
    const e = new AgentError({ code: 'host-error', message: 'jail -f F -c lab failed with exit code 1: jail: lab: no such interface', details: { command: ['jail', '-f', 'F', '-c', 'lab'], exitCode: 1, stderr: 'ifconfig: ng_lab: no such interface\n', stdout: '' } });
    expect(opError(e)).toEqual({ message: e.message, command: 'jail -f F -c lab', exitCode: 1, stderr: 'ifconfig: ng_lab: no such interface\n' });
  });
  it('reads problems, and copes with anything thrown', () => {
    expect(opError(new AgentError({ code: 'bad-params', message: 'not valid', details: { problems: ['path must be absolute'] } }))).toEqual({ message: 'not valid', problems: ['path must be absolute'] });
    expect(opError('boom')).toEqual({ message: 'boom' });
    expect(opError(new AgentError({ code: 'internal', message: 'm', details: { command: [1, 2] } }))).toEqual({ message: 'm' });
  });
});

/** A stand-in agent: answers jails.* from a small in-memory table. */
function fakeSource(): JailsSource & { calls: string[]; fail: Map<string, Error> } {
  const stored = new Map<string, JailDef>();
  const calls: string[] = [];
  const fail = new Map<string, Error>();
  const answer = (method: string, params: Record<string, unknown>): unknown => {
    const f = fail.get(method);
    if (f) throw f;
    switch (method) {
      case 'jails.list': return { jails: [...stored.values()].map((d) => ({ name: d.name, def: d, file: `/d/${d.name}.conf`, state: 'stopped', jid: null })) };
      case 'jails.create': stored.set((params.def as JailDef).name, params.def as JailDef); return { name: (params.def as JailDef).name, file: 'f', started: params.start === true };
      case 'jails.remove': stored.delete(params.name as string); return { name: params.name, stopped: false, removed: true };
      case 'jails.exec': return { stdout: `ran ${(params.argv as string[]).join(' ')}\n`, stderr: '', code: 0, truncated: false };
      default: return { name: params.name, command: [], stdout: '', stderr: '' };
    }
  };
  return {
    snapshot: null,
    calls,
    fail,
    request: (async (method: string, params: Record<string, unknown>) => {
      calls.push(method);
      return answer(method, params);
    }) as JailsSource['request'],
  };
}

describe('Jails', () => {
  it('creates, lists and removes, re-reading the list after each change', async () => {
    const src = fakeSource();
    const j = new Jails(src);
    expect(await j.create(def('lab'), true)).toBeNull();
    expect(j.rows.map((r) => r.name)).toEqual(['lab']);
    expect(await j.run('lab', 'remove')).toBe(true);
    expect(j.rows).toEqual([]);
    expect(src.calls).toEqual(['jails.create', 'jails.list', 'jails.remove', 'jails.list']);
  });

  it('keeps a failure at the jail with its command and stderr, and clears it on the next try', async () => {
    const src = fakeSource();
    const j = new Jails(src);
    src.fail.set('jails.start', new AgentError({ code: 'host-error', message: 'start failed', details: { command: ['jail', '-c', 'lab'], exitCode: 1, stderr: 'boom\n', stdout: '' } }));
    expect(await j.run('lab', 'start')).toBe(false);
    expect(j.errors.lab).toMatchObject({ op: 'start', command: 'jail -c lab', stderr: 'boom\n', exitCode: 1 });
    expect(j.busy.lab).toBeUndefined();
    src.fail.clear();
    expect(await j.run('lab', 'start')).toBe(true);
    expect(j.errors.lab).toBeUndefined();
  });

  it('refuses a second operation on a busy jail without asking the agent', async () => {
    const src = fakeSource();
    const j = new Jails(src);
    const first = j.run('lab', 'stop');
    expect(j.busy.lab).toBe('stop');
    expect(await j.run('lab', 'start')).toBe(false);
    await first;
    expect(src.calls.filter((c) => c !== 'jails.list')).toEqual(['jails.stop']);
  });

  it('keeps the console history per jail, capped, with request failures as runs', async () => {
    const src = fakeSource();
    const j = new Jails(src);
    const r = await j.exec('lab', ['ifconfig']);
    expect(r).toEqual({ argv: ['ifconfig'], stdout: 'ran ifconfig\n', stderr: '', code: 0, truncated: false });
    src.fail.set('jails.exec', new Error('cannot send jails.exec: not connected'));
    expect((await j.exec('lab', ['ls'])).error).toMatch(/not connected/);
    src.fail.clear();
    for (let i = 0; i < HISTORY_MAX; i++) await j.exec('lab', ['echo', String(i)]);
    expect(j.runs.lab).toHaveLength(HISTORY_MAX);
    expect(j.runs.lab?.at(-1)?.argv).toEqual(['echo', String(HISTORY_MAX - 1)]);
    expect(j.runs.web).toBeUndefined();
  });

  it('says why the list could not be read', async () => {
    const src = fakeSource();
    src.fail.set('jails.list', new AgentError({ code: 'internal', message: 'no data folder' }));
    const j = new Jails(src);
    await j.refresh();
    expect(j.listError).toBe('no data folder');
  });
});
