// The emulated jail(8) reading a jail.conf: blocks, `*`, variables, `+=`,
// exec.* hooks (run in-process here when they need no shell; through
// /bin/sh in test/agent/exports-run.test.ts), created/removed notes.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { host } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ngstudio-jailconf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function conf(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

const NG = conf('ng.conf', `# netgraph jails, jng style
$br = "lan0";
* { path = "/jails/$name"; persist; }
web {
  host.hostname = web.example.org;
  vnet;
  vnet.interface = ngeth0;
  exec.prestart = "ngctl mkpeer eiface ether ether";
  exec.poststop += "ngctl shutdown ngeth0:";
}
db { ip4.addr = 192.0.2.5, 192.0.2.6; }
`);

describe('jail -f FILE', () => {
  it('creates a jail from its block (wildcard and variables applied), runs exec.prestart, moves vnet.interface in', async () => {
    const h = host();
    const r = await h.sh(['jail', '-f', NG, '-c', 'web']);
    expect(r).toEqual({ stdout: 'web: created\n', stderr: '', code: 0 });
    const j = h.state.jails.find((x) => x.name === 'web')!;
    expect(j).toMatchObject({ path: '/jails/web', hostname: 'web.example.org', vnet: true, persist: true });
    expect(h.state.ifnets.find((i) => i.name === 'ngeth0')?.vnet).toBe(j.jid);
  });

  it('-r runs exec.poststop and prints removed; -c with no name creates every jail', async () => {
    const h = host();
    expect((await h.sh(['jail', '-f', NG, '-c'])).stdout).toBe('web: created\ndb: created\n');
    expect(h.state.jails.find((x) => x.name === 'db')?.ip4).toEqual(['192.0.2.5', '192.0.2.6']);
    const r = await h.sh(['jail', '-f', NG, '-r', 'web']);
    expect(r).toEqual({ stdout: 'web: removed\n', stderr: '', code: 0 });
    expect(h.state.ifnets.some((i) => i.name === 'ngeth0')).toBe(false);
    expect(h.state.vnets['0']!.nodes.some((n) => n.name === 'ngeth0')).toBe(false);
  });

  it('errors: unknown jail, jail already there, missing file, syntax error', async () => {
    const h = host();
    expect(await h.sh(['jail', '-f', NG, '-c', 'nosuch'])).toEqual({ stdout: '', stderr: 'jail: "nosuch" not found\n', code: 1 });
    await h.ok(['jail', '-f', NG, '-c', 'db']);
    expect(await h.sh(['jail', '-f', NG, '-c', 'db'])).toEqual({ stdout: '', stderr: 'jail: "db" already exists\n', code: 1 });
    expect(await h.sh(['jail', '-f', join(dir, 'none.conf'), '-c', 'x'])).toEqual({ stdout: '', stderr: `jail: ${join(dir, 'none.conf')}: No such file or directory\n`, code: 1 });
    const bad = await h.sh(['jail', '-f', conf('bad.conf', 'x { path = /x\n'), '-c', 'x']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^jail: .*bad\.conf line \d+: /);
  });

  it('a failing exec.prestart stops the creation and names the command', async () => {
    const h = host();
    const f = conf('fail.conf', 'x { path = /; persist; exec.prestart = "ngctl shutdown nosuch:"; }\n');
    const r = await h.sh(['jail', '-f', f, '-c', 'x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('ngctl: shutdown: No such file or directory\njail: x: ngctl shutdown nosuch:: failed\n');
    expect(h.state.jails).toEqual([]);
  });

  it('follows .include of a jail.conf.d glob', async () => {
    mkdirSync(join(dir, 'jail.conf.d'), { recursive: true });
    writeFileSync(join(dir, 'jail.conf.d', 'a.conf'), 'a { path = /a; persist; }\n');
    writeFileSync(join(dir, 'jail.conf.d', 'b.conf'), 'b { path = /b; persist; }\n');
    const h = host();
    const r = await h.sh(['jail', '-f', conf('inc.conf', `.include "${join(dir, 'jail.conf.d')}/*.conf";\n`), '-c', '*']);
    expect(r).toEqual({ stdout: 'a: created\nb: created\n', stderr: '', code: 0 });
  });
});
