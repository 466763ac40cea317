// Issue "designs, plans and safe applies": applying the FreeBSD wiki example
// from an empty emulated host prints a plan whose commands, run by hand (by
// /bin/sh, with the emulated commands first on PATH), give the same host as
// `ngstudio apply`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { simBinDir } from '../../../agent/host/sim/bin-dir.js';
import type { HostSnapshot } from '../../../shared/model/snapshot.js';

const ROOT = join(import.meta.dirname, '../../..');
const WIKI = {
  format: 1,
  nodes: [
    { name: 'br0', type: 'bridge' },
    { name: 'ng_host', type: 'eiface', ifname: 'ng_host' },
    { name: 'ng_test1', type: 'eiface', ifname: 'ng_test1' },
    { name: 'ng_test2', type: 'eiface', ifname: 'ng_test2' },
  ],
  links: ['ng_host', 'ng_test1', 'ng_test2'].map((n, i) => ({ a: { node: 'br0', hook: `link${i}` }, b: { node: n, hook: 'ether' } })),
  epairs: [],
  bridges: [],
  jails: ['test1', 'test2'].map((j) => ({ name: j, path: `/jails/${j}`, hostname: j, vnet: true, interfaces: [`ng_${j}`] })),
};

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ngstudio-by-hand-'));
  writeFileSync(join(dir, 'wiki.json'), JSON.stringify(WIKI));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ngstudio(args: string[]) {
  const r = spawnSync(process.execPath, ['bin/ngstudio.mjs', ...args], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ngstudio ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** The host without what differs between two equal builds' histories (socket IDs burn differently). */
function comparable(s: HostSnapshot) {
  return { netgraph: s.netgraph, interfaces: s.interfaces, jails: s.jails, modules: s.modules };
}

it('the printed plan, run by hand with sh, builds what apply builds', () => {
  const byHand = join(dir, 'by-hand.json');
  const applied = join(dir, 'applied.json');
  const out = ngstudio(['plan', join(dir, 'wiki.json'), '--sim-state', byHand, '--data-dir', join(dir, 'd1')]);
  const marker = 'To run it by hand, as root (the same commands, as one sh script):\n\n';
  expect(out).toContain(marker);
  const script = out.slice(out.indexOf(marker) + marker.length);
  expect(script.startsWith('#!/bin/sh\nset -eu\n')).toBe(true);

  const sh = spawnSync('/bin/sh', ['-c', script], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${simBinDir()}:${process.env.PATH}`, NGSTUDIO_SIM_STATE: byHand },
  });
  expect(sh.stderr).toBe('');
  expect(sh.status).toBe(0);

  ngstudio(['apply', join(dir, 'wiki.json'), '--yes', '--sim-state', applied, '--data-dir', join(dir, 'd2')]);
  const a = JSON.parse(ngstudio(['snapshot', '--sim-state', byHand])) as HostSnapshot;
  const b = JSON.parse(ngstudio(['snapshot', '--sim-state', applied])) as HostSnapshot;
  expect(comparable(a)).toEqual(comparable(b));
  // …and it is the wiki example: the bridge with three eifaces, two vnet jails owning theirs.
  expect(a.netgraph.nodes.find((n) => n.name === 'br0')?.hooks.map((h) => h.hook).sort()).toEqual(['link0', 'link1', 'link2']);
  expect(a.jails.map((j) => [j.name, j.vnet, j.interfaces])).toEqual([
    ['test1', true, ['lo0', 'ng_test1']],
    ['test2', true, ['lo0', 'ng_test2']],
  ]);
  expect(a.interfaces.find((i) => i.name === 'ng_host')?.jail).toBeNull();
}, 120_000);
