// Imports of what FreeBSD hosts print, from the real captures in test/fixtures:
// the format is detected from the content, and the result is a valid design.
import { describe, expect, it } from 'vitest';
import type { Design } from '../../../shared/design/types.js';
import { importText, detectFormat, type ImportResult } from '../../../shared/import/index.js';
import { designJson } from '../../../shared/export/json.js';
import { fixture, rawFixture } from '../parse/fixture.js';
import { wiki } from '../plan/helpers.js';

async function ok(text: string, format?: string): Promise<Extract<ImportResult, { ok: true }>> {
  const r = await importText(text, format);
  if (!r.ok) throw new Error(r.problems.join('\n'));
  return r;
}

const links = (d: Design): string[] => d.links.map((l) => `${l.a.node}:${l.a.hook}-${l.b.node}:${l.b.hook}`);

/** The facts §1.6 host: br0 with ngeth0 on link0 and ngeth1 on link1. */
const facts16 = {
  nodes: [{ name: 'br0', type: 'bridge' }, { name: 'ngeth0', type: 'eiface', ifname: 'ngeth0' }, { name: 'ngeth1', type: 'eiface', ifname: 'ngeth1' }],
  links: ['br0:link0-ngeth0:ether', 'br0:link1-ngeth1:ether'],
};

describe('saved ngctl output', () => {
  it('ngctl list -l in both layouts (13+ blank lines, 12.x back to back) gives the same design', async () => {
    for (const f of ['facts-1.6-list-l.txt', 'facts-1.6-list-l-12x.txt']) {
      const r = await ok(rawFixture(`handmade/${f}`));
      expect(r.format).toBe('ngctl-list');
      expect(r.design.nodes).toEqual(facts16.nodes);
      expect(links(r.design)).toEqual(facts16.links);
      // The ngctl socket node is not part of a design.
      expect(r.warnings).toEqual(['interface names of eiface nodes are not in this text; taken to be the node names (ngeth0, ngeth1)']);
    }
  });

  it('ngctl dot gives the same design as list -l of the same host', async () => {
    const r = await ok(fixture('handmade/facts-1.6-dot.txt'));
    expect(r.format).toBe('ngctl-dot');
    expect(r.design.nodes).toEqual(facts16.nodes);
    expect(links(r.design)).toEqual(facts16.links);
  });

  it('a single real `ngctl show bridge0:` (iocage) draws the bridge and its peer', async () => {
    const r = await ok(fixture('ngctl-show-bridge-iocage-1.txt'));
    expect(r.format).toBe('ngctl-show');
    expect(r.design.nodes.map((n) => `${n.name}/${n.type}`)).toEqual(['bridge0/bridge', 'ngeth0/eiface']);
    expect(links(r.design)).toEqual(['bridge0:link0-ngeth0:ether']);
  });

  it('a real `ngctl show ue0:` pasted with its prompt (pfatt) keeps both links to the peer', async () => {
    const r = await ok(rawFixture('ngctl-show-ether-pfatt.txt'));
    expect(r.format).toBe('ngctl-show');
    expect(links(r.design)).toEqual(['laneapfilter:downstream-ue0:lower', 'laneapfilter:nomatch-ue0:upper']);
  });

  it('concatenated show blocks with prompts between them', async () => {
    const text = `$ ngctl show ngeth0:\n${fixture('handmade/facts-1.6-show-br0.txt')}\n$ ngctl show ngeth1:\n  Name: ngeth1          Type: eiface          ID: 00000007   Num hooks: 1\n  Local hook      Peer name       Peer type    Peer ID         Peer hook\n  ----------      ---------       ---------    -------         ---------\n  ether           br0             bridge       00000004        link1\n`;
    const r = await ok(text);
    expect(r.design.nodes).toEqual(facts16.nodes);
    expect(links(r.design)).toEqual(facts16.links);
  });

  it('plain `ngctl list` (iocage, pfatt) imports every node but the sockets, without links, with a warning', async () => {
    const r = await ok(rawFixture('ngctl-list-iocage.txt'));
    expect(r.format).toBe('ngctl-list');
    const listed = rawFixture('ngctl-list-iocage.txt').split('\n').map((l) => /Name: (\S+)\s+Type: (\S+)/.exec(l)).filter((m) => m !== null && m[2] !== 'socket').map((m) => m![1]);
    expect(r.design.nodes.map((n) => n.name).sort()).toEqual(listed.sort());
    expect(r.design.links).toEqual([]);
    // A bridge whose links are unknown is marked persistent only to be valid, and the warning says so.
    expect(r.warnings.join('\n')).toMatch(/bridge0, bridge1 marked persistent only so that the design is valid/);
    expect(r.warnings.join('\n')).toMatch(/line 1: plain 'ngctl list' output names the nodes but not their links: its 15 nodes \(sockets aside\) are imported without links; save 'ngctl list -l'/);
    expect(r.warnings.join('\n')).toMatch(/line 2: header says 17 nodes but 16 are listed/);
    // pfatt's vlan node lives only while linked: left out, and the warning names them.
    const p = await ok(rawFixture('ngctl-list-pfatt.txt'));
    expect(p.design.links).toEqual([]);
    expect(p.design.nodes.map((n) => n.name)).toContain('ngeth0');
    expect(p.warnings.join('\n')).toMatch(/left out vlan0 \(vlan\): a node of that type exists only while linked/);
  });

  it('`ngctl list -l` cut off in its last line imports every node before the cut, naming the line', async () => {
    const full = rawFixture('handmade/facts-1.6-list-l.txt');
    const lines = full.split('\n');
    // Cut in the middle of the last hook row of ngeth1 (line 17), and in the middle of a Name line.
    const cutRow = [...lines.slice(0, 16), '  ether           br0             bri'].join('\n');
    const r = await ok(cutRow);
    expect(r.design.nodes.map((n) => n.name)).toEqual(['br0', 'ngeth0', 'ngeth1']);
    expect(links(r.design)).toEqual(['br0:link0-ngeth0:ether', 'br0:link1-ngeth1:ether']);
    expect(r.warnings[0]).toMatch(/^line 17: the text ends here in the middle of a line \("ether           br0             bri"\); imported what comes before it$/);
    const cutName = [...lines.slice(0, 13), '  Name: ngeth1          Ty'].join('\n');
    const r2 = await ok(cutName);
    expect(r2.design.nodes.map((n) => n.name)).toEqual(['br0', 'ngeth0', 'ngeth1']);
    expect(r2.warnings[0]).toMatch(/^line 14: the text ends here/);
  });

  it('`ngctl list -l` whose whitespace a web page collapsed into one line still parses', async () => {
    const full = rawFixture('handmade/facts-1.6-list-l.txt').split('\n').slice(1).join('\n');
    const oneLine = full.replace(/\s+/g, ' ').trim();
    const r = await ok(oneLine);
    expect(r.format).toBe('ngctl-list');
    expect(r.design.nodes).toEqual(facts16.nodes);
    expect(links(r.design)).toEqual(facts16.links);
    expect(r.warnings[0]).toMatch(/^line 1: this ngctl output lost its line breaks/);
    // Non-breaking spaces and tabs from a web page, and lines joined by a mail client, too.
    const nbsp = full.replace(/ {2,}/g, '\u00a0\t').replace(/\n\n/g, '\n');
    expect((await ok(nbsp)).design.nodes).toEqual(facts16.nodes);
  });

  it('a truncated dot capture is refused with the reason', async () => {
    const r = await importText(rawFixture('ngctl-dot-partial-netgraph-for-the-rest-of-us.txt'));
    expect(r.ok).toBe(false);
    expect(r.format).toBe('ngctl-dot');
    expect(!r.ok && r.problems.join('\n')).toMatch(/truncated: the graph's closing '\};' is missing/);
  });
});

describe('jls --libxo json', () => {
  it('parameter mode (FreeBSD tests): the first document of the paste', async () => {
    const r = await ok(rawFixture('jls-libxo-json-params-freebsd-tests.txt'));
    expect(r.format).toBe('jls-json');
    expect(r.design.jails).toEqual([{ name: 'j', path: '/', vnet: false, interfaces: [] }]);
    expect(r.warnings).toContain('jail j: jls did not show its path; / assumed');
  });

  it('-v output (kleene): a numeric jail name cannot be a design jail, and says so', async () => {
    const r = await ok(fixture('jls-v-libxo-json-kleene.txt'));
    expect(r.design.jails).toEqual([]);
    expect(r.warnings).toEqual([`jail "83" was skipped: jail name '83' is a number and would be taken as a JID`]);
  });

  it('-v output of a vnet host: no addresses, taken as vnet with a warning', async () => {
    const text = '{"__version": "2", "jail-information": {"jail": [{"jid":1,"hostname":"web.example.org","path":"/jails/web","name":"web","state":"ACTIVE","cpusetid":2, "ipv4_addrs": [], "ipv6_addrs": []},{"jid":2,"hostname":"db","path":"/jails/db","name":"db","state":"ACTIVE","cpusetid":3, "ipv4_addrs": ["192.0.2.5"], "ipv6_addrs": []}]}}\n';
    const r = await ok(text);
    expect(r.design.jails).toEqual([
      { name: 'db', path: '/jails/db', hostname: 'db', vnet: false, interfaces: [], ip4: ['192.0.2.5'] },
      { name: 'web', path: '/jails/web', hostname: 'web.example.org', vnet: true, interfaces: [] },
    ]);
  });
});

describe('jail.conf', () => {
  it('the real ngbuddy block: vnet.interface through variables, exec hooks kept as params', async () => {
    const r = await ok(rawFixture('jail-conf-ngbuddy-subnetspider.txt'));
    expect(r.format).toBe('jail.conf');
    const j = r.design.jails[0]!;
    expect(j).toMatchObject({ name: 'jail05', path: '/usr/local/bastille/jails/jail05/root', hostname: 'jail05', vnet: true, interfaces: ['jail05'] });
    expect(j.params).toMatchObject({
      'exec.prestart': 'service ngbuddy jail jail05 public',
      'exec.prestop': 'service ngbuddy unjail jail05 jail05',
      'exec.start': '/bin/sh /etc/rc',
      'mount.devfs': 'true',
      securelevel: '2',
    });
    expect(j.params).not.toHaveProperty('persist');
  });

  it('several exec values run in order: joined with &&', async () => {
    const r = await ok('w {\n path = /w;\n vnet;\n vnet.interface = e0b_w;\n exec.prestart = "jib addm w em0";\n exec.prestart += "logger up";\n}\n');
    expect(r.design.jails[0]!.params).toEqual({ 'exec.prestart': 'jib addm w em0 && logger up' });
  });
});

describe('design JSON and detection', () => {
  it('design JSON comes back as it went out', async () => {
    const r = await ok(designJson(wiki));
    expect(r.format).toBe('json');
    expect(r.design).toEqual(wiki);
  });

  it('an invalid design is refused with the validator\'s words', async () => {
    const r = await importText('{"format": 1, "nodes": [{"name": "a:b", "type": "hub"}], "links": [], "epairs": [], "bridges": [], "jails": []}');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems[0]).toMatch(/^the imported design is not valid: /);
  });

  it('unknown text names what was looked for; empty text and non-text are clear errors', async () => {
    const r = await importText('hello world\nthis is not netgraph\n');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems[0]).toMatch(/^cannot tell what this text is \(first line: "hello world"\); looked for design JSON .*ngctl dot.*jail\.conf file; saved 'ifconfig' output.*$/);
    expect(detectFormat('\n# only a comment\n')).toEqual({ error: 'nothing to import: the text is empty (or only comments)' });
    expect(await importText(42)).toEqual({ ok: false, format: null, problems: ['expected text to import, got number'] });
    expect(await importText('x', 'xml')).toMatchObject({ ok: false, problems: [expect.stringMatching(/^unknown import format "xml"; known: json, ngctl/)] });
  });

  it('a format forced on the wrong text fails in that format\'s words', async () => {
    const r = await importText(fixture('handmade/facts-1.6-dot.txt'), 'ngctl-list');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems[0]).toMatch(/^saved 'ngctl list -l' \(or 'ngctl list'\) output: line 1: /);
  });

  it('an ngctl script needs the agent\'s runner', async () => {
    expect(detectFormat('mkpeer . bridge x link0\nname .:x br0\n')).toEqual({ format: 'ngctl' });
    const r = await importText('mkpeer . eiface x ether\n');
    expect(!r.ok && r.problems[0]).toMatch(/imported by the agent/);
  });
});
