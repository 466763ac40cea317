// Importing an ngctl script by playing it on a scratch emulated host.
import { describe, expect, it } from 'vitest';
import type { Design } from '../../../shared/design/types.js';
import { exportDesign } from '../../../shared/export/index.js';
import { importAny } from '../../../agent/import/index.js';
import { nicsOf, normalizeScript } from '../../../agent/import/ngctl-script.js';
import { wiki } from '../../shared/plan/helpers.js';

const uplinked: Design = {
  ...wiki,
  nodes: [...wiki.nodes, { name: 'em0', type: 'ether' }],
  links: [...wiki.links, { a: { node: 'br0', hook: 'link3' }, b: { node: 'em0', hook: 'lower' } }],
  jails: [],
};

describe('ngctl script import', () => {
  it('the ngctl export of a design imports back to its netgraph', async () => {
    const r0 = exportDesign(uplinked, 'ngctl');
    if (!r0.ok) throw new Error(r0.errors.join());
    const r = await importAny(r0.text);
    if (!r.ok) throw new Error(r.problems.join('\n'));
    expect(r.format).toBe('ngctl');
    expect(r.design.nodes).toEqual(uplinked.nodes.map((n) => ({ ...n })).sort((a, b) => (a.name < b.name ? -1 : 1)));
    expect(r.design.links).toHaveLength(4);
    expect(r.warnings).toContain('the script addresses em0: taken as NICs with ng_ether loaded');
  });

  it('takes jng-style lines with a leading `ngctl` and auto-named eifaces (share/examples/netgraph/virtual.lan)', async () => {
    const r = await importAny('ngctl mkpeer eiface ether ether\nngctl mkpeer ngeth0: bridge ether link0\nngctl name ngeth0:ether lan0\nngctl mkpeer lan0: eiface link1 ether\n');
    if (!r.ok) throw new Error(r.problems.join('\n'));
    expect(r.design.nodes.map((n) => `${n.name}/${n.type}/${n.ifname}`)).toEqual(['lan0/bridge/undefined', 'ngeth0/eiface/ngeth0', 'ngeth1/eiface/ngeth1']);
  });

  it('a script that fails on an empty netgraph is refused with ngctl\'s own error', async () => {
    const r = await importAny('mkpeer . bridge x link0\nconnect nosuch: x: link1 y\n');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems[0]).toMatch(/the script fails on an empty netgraph: ngctl: send msg: No such file or directory; ngctl: line 2: error in file/);
  });

  it('finds NIC names, leaves ngctl comments alone', () => {
    expect(nicsOf('mkpeer em0: bridge lower link0\nname em0:lower br0\nmsg igb1: setpromisc 1\nmsg br0: getstats 0\nmsg ngeth0: getifname\nname bridge0:x y\n')).toEqual(['em0', 'igb1']);
    expect(normalizeScript('# ngctl is here\nngctl  msg x: y\n')).toBe('# ngctl is here\nmsg x: y\n');
  });
});
