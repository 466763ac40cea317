// Every export is checked by running it on the emulated FreeBSD host and
// observing the result: the ngctl script through the emulated `ngctl -f`, the
// sh script with the real /bin/sh and the emulated executables first on PATH,
// the jail.conf through the emulated `jail -f FILE -c NAME` (its exec.* hooks
// run by /bin/sh for real), the dot through shared/parse. In each case the
// observed host, as a design, must equal the exported design in its scope.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { designArb } from '../property/plan-arbitraries.js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Design } from '../../shared/design/types.js';
import { designFromSnapshot } from '../../shared/design/from-snapshot.js';
import { exportDesign } from '../../shared/export/index.js';
import { neededModules } from '../../shared/export/modules.js';
import { parseNgctlDot, nodesFromDot } from '../../shared/parse/ngctl.js';
import { designFromNodes } from '../../shared/import/netgraph.js';
import { runCommand } from '../../agent/host/sim/cmd/index.js';
import { newState } from '../../agent/host/sim/new-state.js';
import { simSnapshot } from '../../agent/host/sim/snapshot.js';
import { loadState, saveState } from '../../agent/host/sim/store.js';
import { simBinDir } from '../../agent/host/sim/bin-dir.js';
import { wiki } from '../shared/plan/helpers.js';
import { seedDemo } from '../../agent/host/sim/demo.js';
import { targetHost } from '../../shared/export/target.js';

const sort = <T>(xs: T[]): T[] => [...xs].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

/** The netgraph a design says: node names and types, links as unordered pairs. */
function netgraph(d: Design): unknown {
  return {
    nodes: sort(d.nodes.map((n) => `${n.name}/${n.type}`)),
    links: sort(d.links.map((l) => sort([`${l.a.node}:${l.a.hook}`, `${l.b.node}:${l.b.hook}`]).join(' '))),
  };
}

/** Everything observable a design says (the MACs only where it asks for one). */
function whole(d: Design): unknown {
  return {
    netgraph: netgraph(d),
    ifnames: sort(d.nodes.filter((n) => n.type === 'eiface').map((n) => `${n.name}=${n.ifname}${n.mac ? `@${n.mac}` : ''}`)),
    epairs: sort(d.epairs.map((e) => `${e.a.name}+${e.b.name}`)),
    bridges: sort(d.bridges.map((b) => `${b.name}:${sort(b.members).join(',')}`)),
    jails: sort(d.jails.map((j) => ({ name: j.name, path: j.path, vnet: j.vnet, hostname: j.hostname, interfaces: sort(j.interfaces) }))),
  };
}

/** The observed design with what the wanted one leaves open dropped: MACs it does not set, hostnames it does not give (a jail then inherits the host's). */
function observed(d: Design, wanted: Design): Design {
  const macs = new Set(wanted.nodes.filter((n) => n.mac).map((n) => n.name));
  const named = new Set(wanted.jails.filter((j) => j.hostname !== undefined).map((j) => j.name));
  return {
    ...d,
    nodes: d.nodes.map((n) => (macs.has(n.name) ? n : { ...n, mac: undefined })) as Design['nodes'],
    jails: d.jails.map((j) => (named.has(j.name) ? j : { ...j, hostname: undefined })) as Design['jails'],
  };
}

function text(d: Design, format: string): string {
  const r = exportDesign(d, format);
  if (!r.ok) throw new Error(`export ${format} failed: ${r.errors.join('; ')}`);
  return r.text;
}

/** The wiki example plus an uplink NIC (ng_ether) and an epair for a third jail. */
const uplinked: Design = {
  ...wiki,
  nodes: [...wiki.nodes, { name: 'em0', type: 'ether' }],
  links: [...wiki.links, { a: { node: 'br0', hook: 'link3' }, b: { node: 'em0', hook: 'lower' } }],
};
const withEpair: Design = {
  ...wiki,
  nodes: wiki.nodes.map((n) => (n.name === 'ng_test1' ? { ...n, mac: '02:aa:bb:cc:dd:01' } : n)),
  epairs: [{ a: { name: 'e0a_web' }, b: { name: 'e0b_web' } }],
  bridges: [{ name: 'webbridge', members: ['e0a_web'] }],
  jails: [...wiki.jails, { name: 'web', path: '/jails/web', hostname: 'web.example.org', vnet: true, interfaces: ['e0b_web'] }],
};
/** A standalone eiface, a hub and a persistent bridge: groups rooted at ngctl's own socket node. */
const islands: Design = {
  format: 1,
  nodes: [
    { name: 'lonely', type: 'eiface', ifname: 'lonely0' },
    { name: 'hub0', type: 'hub' },
    { name: 'a1', type: 'eiface', ifname: 'a1' },
    { name: 'a2', type: 'eiface', ifname: 'a2' },
    { name: 'spare', type: 'bridge', persistent: true },
  ],
  links: [
    { a: { node: 'hub0', hook: 'x' }, b: { node: 'a1', hook: 'ether' } },
    { a: { node: 'hub0', hook: 'y' }, b: { node: 'a2', hook: 'ether' } },
  ],
  epairs: [],
  bridges: [],
  jails: [],
};

/** The emulated demo host as a design: jng (em0bridge, ng0_web), jib-style epair + if_bridge (db), the wiki bridge. */
async function demoDesign(): Promise<Design> {
  const s = newState();
  await seedDemo(s);
  return designFromSnapshot(simSnapshot(s));
}
const demo = await demoDesign();

/** A fresh emulated host with the NICs the design expects (em0, em1 … with made-up MACs). */
function freshFor(d: Design): ReturnType<typeof newState> {
  const nics = targetHost(d).interfaces.map((i, k) => ({ name: i.name, mac: `00:0c:29:00:00:${(k + 1).toString(16).padStart(2, '0')}` }));
  return newState(nics.length > 0 ? { nics } : {});
}

describe('the ngctl export, run through the emulated ngctl -f', () => {
  for (const [name, d] of [['wiki', wiki], ['uplinked', uplinked], ['islands', islands], ['demo', demo]] as const) {
    it(`builds the netgraph of ${name} on a fresh host`, async () => {
      const state = freshFor(d);
      const k = await runCommand(state, ['kldload', '-n', ...neededModules(d)], { env: {} });
      expect(k.stderr).toBe('');
      const r = await runCommand(state, ['ngctl', '-f', '-'], { env: {}, readStdin: async () => text(d, 'ngctl') });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(netgraph(designFromSnapshot(simSnapshot(state)))).toEqual(netgraph(d));
    });
  }
});

describe('the ngctl and dot exports of random valid designs', () => {
  it('build and read back exactly the design\'s netgraph', async () => {
    await fc.assert(fc.asyncProperty(designArb, async (d) => {
      const state = freshFor(d);
      await runCommand(state, ['kldload', '-n', ...neededModules(d)], { env: {} });
      const r = await runCommand(state, ['ngctl', '-f', '-'], { env: {}, readStdin: async () => text(d, 'ngctl') });
      expect(r.stderr).toBe('');
      expect(netgraph(designFromSnapshot(simSnapshot(state)))).toEqual(netgraph(d));
      const p = parseNgctlDot(text(d, 'dot'));
      expect(p.ok && netgraph(designFromNodes(nodesFromDot(p.value)))).toEqual(netgraph(d));
    }), { numRuns: 60 });
  });
});

/** Runs a program for real with the emulated commands first on PATH over a fresh state file. */
function realHost(): { dir: string; file: string; run: (argv: string[]) => { code: number; stdout: string; stderr: string }; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ngstudio-exports-'));
  const file = join(dir, 'state.json');
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${simBinDir()}${delimiter}${process.env.PATH ?? '/usr/bin:/bin'}`, NGSTUDIO_SIM_STATE: file };
  delete env.NGSTUDIO_SIM_JAIL;
  return {
    dir,
    file,
    run: (argv) => {
      const r = spawnSync(argv[0]!, argv.slice(1), { env, encoding: 'utf8', cwd: dir });
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
    done: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function observe(file: string): Promise<Design> {
  const s = await loadState(file);
  if (!s) throw new Error('no state file');
  return designFromSnapshot(simSnapshot(s));
}

describe('the sh export, run by /bin/sh with the emulated executables on PATH', () => {
  // Real processes are slow (one node per command): the two richest designs cover wiki and uplinked too.
  for (const [name, d] of [['withEpair', withEpair], ['demo', demo]] as const) {
    it(`builds all of ${name}: netgraph, interface names, epairs, if_bridges, jails`, async () => {
      const h = realHost();
      try {
        await saveState(h.file, freshFor(d));
        writeFileSync(join(h.dir, 'build.sh'), text(d, 'sh'));
        const r = h.run(['/bin/sh', join(h.dir, 'build.sh')]);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(whole(observed(await observe(h.file), d))).toEqual(whole(d));
      } finally {
        h.done();
      }
    }, 120_000);
  }
});

describe('the jail.conf export, run by the emulated jail -f FILE -c NAME', () => {
  it('builds each jail with its netgraph pieces in exec.prestart, and removes them in exec.poststop', async () => {
    const h = realHost();
    try {
      await saveState(h.file, newState());
      const conf = join(h.dir, 'jail.conf');
      writeFileSync(conf, text(uplinked, 'jail.conf'));
      const c1 = h.run(['jail', '-f', conf, '-c', 'test1']);
      expect(c1.stderr).toBe('');
      expect(c1.stdout).toBe('test1: created\n');
      // The first jail built the shared part (bridge, uplink, host eiface) with its own eiface.
      const after1 = await observe(h.file);
      expect(after1.jails.map((j) => [j.name, j.interfaces])).toEqual([['test1', ['ng_test1']]]);
      const c2 = h.run(['jail', '-f', conf, '-c', 'test2']);
      expect(c2.stderr).toBe('');
      expect(c2.code).toBe(0);
      expect(whole(observed(await observe(h.file), uplinked))).toEqual(whole(uplinked));
      const r1 = h.run(['jail', '-f', conf, '-r', 'test1']);
      expect(r1.stderr).toBe('');
      expect(r1.stdout).toBe('test1: removed\n');
      const after = await observe(h.file);
      expect(after.nodes.map((n) => n.name)).not.toContain('ng_test1');
      expect(after.nodes.map((n) => n.name)).toContain('ng_test2');
      // And test1 comes back on the bridge that is still there.
      expect(h.run(['jail', '-f', conf, '-c', 'test1']).code).toBe(0);
      expect(whole(observed(await observe(h.file), uplinked))).toEqual(whole(uplinked));
    } finally {
      h.done();
    }
  });
});

describe('the jail.conf export of the demo host (jng eiface, jib-style epair on an if_bridge)', () => {
  it('starts every jail in any order, and the pieces of each go away with it', async () => {
    const h = realHost();
    try {
      await saveState(h.file, freshFor(demo));
      const conf = join(h.dir, 'jail.conf');
      writeFileSync(conf, text(demo, 'jail.conf'));
      for (const j of ['web', 'db', 'test2', 'test1']) {
        const r = h.run(['jail', '-f', conf, '-c', j]);
        expect(r.stderr).toBe('');
        expect(r.stdout).toBe(`${j}: created\n`);
      }
      expect(whole(observed(await observe(h.file), demo))).toEqual(whole(demo));
      expect(h.run(['jail', '-f', conf, '-r', 'db']).stdout).toBe('db: removed\n');
      const after = await observe(h.file);
      expect(after.epairs).toEqual([]);
      expect(after.bridges.map((b) => b.members)).toEqual([['em1']]);
      expect(h.run(['jail', '-f', conf, '-c', 'db']).code).toBe(0);
      expect(whole(observed(await observe(h.file), demo))).toEqual(whole(demo));
    } finally {
      h.done();
    }
  }, 180_000);
});

describe('the dot export, read back by parseNgctlDot', () => {
  for (const [name, d] of [['wiki', wiki], ['uplinked', uplinked], ['islands', islands], ['demo', demo]] as const) {
    it(`gives back the netgraph of ${name}`, () => {
      const p = parseNgctlDot(text(d, 'dot'));
      if (!p.ok) throw new Error(JSON.stringify(p.errors));
      expect(netgraph(designFromNodes(nodesFromDot(p.value)))).toEqual(netgraph(d));
    });
  }
});
