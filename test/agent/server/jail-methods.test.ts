// The jail lifecycle over a real WebSocket against a real agent on a sim
// state file: create a vnet jail on a new eiface of an existing bridge, start
// it, jexec ifconfig inside, stop it (the eiface is back on the host), remove
// it (definition gone); host errors carry the command's facts; bad names and
// bad definitions never reach the host; one operation per jail at a time.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostSnapshot } from '../../../shared/model/snapshot.js';
import type { JailEntry } from '../../../shared/protocol/rpc.js';
import { fixtureState } from '../engine/sim-fixture.js';
import { startStoreAgent, resultOf as result, errorOf as error } from './store-agent.js';

/** An agent over the fixture host (bridge br0, jail web) with a data folder. */
const start = () => startStoreAgent(fixtureState());

describe('jails.* over WebSocket (sim backend on a state file)', () => {
  it('create → start → exec ifconfig → stop (eiface home) → remove', async () => {
    const t = await start();
    const c = await t.client();
    // A new eiface on the existing bridge, made the way an admin would.
    expect((await t.sh(['ngctl', 'mkpeer', 'br0:', 'eiface', 'link3', 'ether'])).code).toBe(0);
    const def = { name: 'test1', path: '/', hostname: 'test1.example', vnet: true, interfaces: ['ngeth1'], exec: { poststop: ['/usr/bin/true'] } };
    const made = result<{ name: string; file: string; started: boolean }>(await c.request(1, 'jails.create', { def, start: true }));
    expect(made).toEqual({ name: 'test1', file: join(t.dataDir, 'jail.conf.d', 'test1.conf'), started: true });
    const conf = readFileSync(made.file, 'utf8');
    expect(conf).toContain('test1 {');
    expect(conf).toContain('vnet.interface = ngeth1;');

    const snap1 = result<HostSnapshot>(await c.request(2, 'snapshot'));
    expect(snap1.jails.find((j) => j.name === 'test1')).toMatchObject({ vnet: true, hostname: 'test1.example', state: 'ACTIVE', interfaces: ['lo0', 'ngeth1'] });
    expect(snap1.interfaces.find((i) => i.name === 'ngeth1')?.jail).toBe('test1');

    const ex = result<{ stdout: string; code: number }>(await c.request(3, 'jails.exec', { name: 'test1', argv: ['ifconfig'] }));
    expect(ex.code).toBe(0);
    expect(ex.stdout).toMatch(/^ngeth1: flags=/m);
    expect(ex.stdout).not.toMatch(/^em0:/m);

    const listed = result<{ jails: JailEntry[] }>(await c.request(4, 'jails.list')).jails;
    expect(listed.map((j) => [j.name, j.state, j.def !== null])).toEqual([['test1', 'running', true], ['web', 'running', false]]);

    result(await c.request(5, 'jails.stop', { name: 'test1' }));
    // The stop's patch brings the eiface home; the next snapshot agrees.
    const snap2 = result<HostSnapshot>(await c.request(6, 'snapshot'));
    expect(snap2.jails.map((j) => j.name)).toEqual(['web']);
    expect(snap2.interfaces.find((i) => i.name === 'ngeth1')?.jail).toBeNull();
    const stopped = result<{ jails: JailEntry[] }>(await c.request(7, 'jails.list')).jails;
    expect(stopped.find((j) => j.name === 'test1')).toMatchObject({ state: 'stopped', jid: null });

    // restart from stopped is -rc: jail(8) creates it (nothing to remove).
    result(await c.request(8, 'jails.restart', { name: 'test1' }));
    expect(result<HostSnapshot>(await c.request(9, 'snapshot')).jails.map((j) => j.name).sort()).toEqual(['test1', 'web']);

    const rm = result<{ stopped: boolean; removed: boolean }>(await c.request(10, 'jails.remove', { name: 'test1' }));
    expect(rm).toEqual({ name: 'test1', stopped: true, removed: true });
    expect(existsSync(made.file)).toBe(false);
    const snap3 = result<HostSnapshot>(await c.request(11, 'snapshot'));
    expect(snap3.jails.map((j) => j.name)).toEqual(['web']);
    expect(snap3.interfaces.find((i) => i.name === 'ngeth1')?.jail).toBeNull();
  });

  it('a patch frame shows the eiface back on the host after a stop', async () => {
    const t = await start();
    const c = await t.client();
    await t.sh(['ngctl', 'mkpeer', 'br0:', 'eiface', 'link3', 'ether']);
    result(await c.request(1, 'jails.create', { def: { name: 'p1', path: '/', vnet: true, interfaces: ['ngeth1'] }, start: true }));
    result(await c.request(2, 'jails.stop', { name: 'p1' }));
    const patch = await c.next((f) => f.type === 'patch' && JSON.stringify(f.patch).includes('"p1"') && /"jail":null/.test(JSON.stringify(f.patch)));
    expect(patch.type).toBe('patch');
  });

  it('a failed start is a host-error with the command, exit code and stderr; nothing is left running', async () => {
    const t = await start();
    const c = await t.client();
    result(await c.request(1, 'jails.create', { def: { name: 'bad1', path: '/', vnet: true, interfaces: ['nosuch0'] } }));
    const e = error(await c.request(2, 'jails.start', { name: 'bad1' }));
    expect(e.code).toBe('host-error');
    const d = e.details as { command: string[]; exitCode: number; stderr: string };
    expect(d.command).toEqual(['jail', '-f', join(t.dataDir, 'jail.conf.d', 'bad1.conf'), '-c', 'bad1']);
    expect(d.exitCode).toBe(1);
    expect(d.stderr).toContain('nosuch0');
    expect(result<HostSnapshot>(await c.request(3, 'snapshot')).jails.map((j) => j.name)).toEqual(['web']);
  });

  it('bad names and bad definitions are refused before any command runs', async () => {
    const t = await start();
    const c = await t.client();
    const before = t.runs();
    for (const [i, name] of ['a.b', '123', 'x y', '../etc', ''].entries()) {
      for (const m of ['jails.start', 'jails.stop', 'jails.restart', 'jails.remove']) expect(error(await c.request(`${m}${i}`, m, { name })).code).toBe('bad-params');
      expect(error(await c.request(`ex${i}`, 'jails.exec', { name, argv: ['ifconfig'] })).code).toBe('bad-params');
      expect(error(await c.request(`cr${i}`, 'jails.create', { def: { name, path: '/' }, start: true })).code).toBe('bad-params');
    }
    const bad = [
      { name: 'ok1', path: 'relative' },
      { name: 'ok1', path: '/', ip4: ['10.0.0.1'], vnet: true },
      { name: 'ok1', path: '/', interfaces: ['ngeth1'] },
      { name: 'ok1', path: '/', vnet: true, interfaces: ['bad name'] },
      { name: 'ok1', path: '/', exec: { start: ['sleep 1\nrm -rf /'] } },
      { name: 'ok1', path: '/', exec: { bogus: ['x'] } },
      { name: 'ok1', path: '/', allow: { nomount: true } },
      { name: 'ok1', path: '/', color: 'red' },
    ];
    for (const [i, def] of bad.entries()) expect(error(await c.request(`bad${i}`, 'jails.create', { def })).code).toBe('bad-params');
    for (const argv of [[], ['ifconfig\n'], ['a\0b'], 'ifconfig', [1]]) expect(error(await c.request(`argv${JSON.stringify(argv)}`, 'jails.exec', { name: 'web', argv })).code).toBe('bad-params');
    expect(t.runs()).toBe(before);
    expect(existsSync(join(t.dataDir, 'jail.conf.d', 'ok1.conf'))).toBe(false);
  });

  it('unknown definitions, duplicates and busy jails', async () => {
    const t = await start();
    const c = await t.client();
    expect(error(await c.request(1, 'jails.start', { name: 'nope' })).message).toContain('no jail definition named "nope"');
    result(await c.request(2, 'jails.create', { def: { name: 'dup', path: '/' } }));
    expect(error(await c.request(3, 'jails.create', { def: { name: 'dup', path: '/' } })).message).toContain('already exists');
    // Two starts sent together: one runs, the other is refused busy.
    c.ws.send(JSON.stringify({ id: 'a', method: 'jails.start', params: { name: 'dup' } }));
    c.ws.send(JSON.stringify({ id: 'b', method: 'jails.start', params: { name: 'dup' } }));
    const fa = await c.next((f) => (f.type === 'result' || f.type === 'error') && f.id === 'a');
    const fb = await c.next((f) => (f.type === 'result' || f.type === 'error') && f.id === 'b');
    expect([fa.type, fb.type].sort()).toEqual(['error', 'result']);
    expect(error(fa.type === 'error' ? fa : fb).code).toBe('busy');
    // A jail running without a definition can still be removed (plain jail -r).
    const rm = result<{ stopped: boolean; removed: boolean }>(await c.request(4, 'jails.remove', { name: 'web' }));
    expect(rm).toEqual({ name: 'web', stopped: true, removed: false });
    expect(error(await c.request(5, 'jails.remove', { name: 'web' })).message).toContain('no jail named "web"');
  });

  it('exec output is returned with the exit status; a failing command is a result, not an error', async () => {
    const t = await start();
    const c = await t.client();
    const r = result<{ stdout: string; stderr: string; code: number }>(await c.request(1, 'jails.exec', { name: 'web', argv: ['ifconfig', 'nosuch0'] }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nosuch0');
    const gone = result<{ stderr: string; code: number }>(await c.request(2, 'jails.exec', { name: 'ghost', argv: ['ifconfig'] }));
    expect(gone).toMatchObject({ code: 1, stderr: 'jexec: jail "ghost" not found\n' });
  });
});
