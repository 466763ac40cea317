// The small readers of the freebsd backend: kldstat, getifname batches, version facts, epair pairing.
import { describe, expect, it } from 'vitest';
import { bridgeHooksOf, jlsVersionOf, listLayoutOf, parseGetifnames, parseKldstat } from '../../../../agent/host/freebsd/parse.js';
import { buildInterfaces } from '../../../../agent/host/freebsd/interfaces.js';
import { parseIfconfig } from '../../../../shared/parse/ifconfig.js';

describe('parseKldstat', () => {
  it('reads the file table (FreeBSD 14 layout), names without .ko', () => {
    const text = 'Id Refs Address                Size Name\n 1   23 0xffffffff80200000  1f3e2d0 kernel\n 2    1 0xffffffff82120000     3220 intpm.ko\n 3    2 0xffffffff82138000    3ae9c netgraph.ko\n';
    expect(parseKldstat(text)).toEqual({ ok: true, modules: ['kernel', 'intpm', 'netgraph'] });
  });
  it('names the line of garbage', () => {
    expect(parseKldstat('Id Refs Address Size Name\nnonsense\n')).toEqual({ ok: false, error: "kldstat: line 2: expected 'ID REFS ADDRESS SIZE NAME' ('nonsense')" });
    expect(parseKldstat('')).toMatchObject({ ok: false, error: expect.stringMatching(/line 1: expected the header/) });
    expect(parseKldstat(42 as unknown as string)).toMatchObject({ ok: false });
  });
});

describe('parseGetifnames', () => {
  it('matches answers by the sender ID, not by position, and skips other output', () => {
    const out = 'Rec\'d response "getifname" (1) from "[1c]:":\nArgs:\t"ng_host"\nRec\'d response "getifname" (1) from "[0000000a]:":\nArgs:\t"em0"\nngctl: send msg: No such file or directory\n';
    expect([...parseGetifnames(out)]).toEqual([['1c', 'ng_host'], ['a', 'em0']]);
    expect(parseGetifnames('junk')).toEqual(new Map());
  });
});

describe('version facts', () => {
  const block = (n: string, id: string) => `  Name: ${n.padEnd(15)} Type: eiface          ID: ${id}   Num hooks: 0\n`;
  it('tells the list -l layouts apart', () => {
    expect(listLayoutOf(`There are 2 total nodes:\n${block('a', '00000001')}\n${block('b', '00000002')}`)).toBe('blank-lines');
    expect(listLayoutOf(`There are 2 total nodes:\n${block('a', '00000001')}${block('b', '00000002')}`)).toBe('back-to-back');
    expect(listLayoutOf(`There are 1 total nodes:\n${block('a', '00000001')}`)).toBe('unknown');
  });
  it('reads the jls JSON version and the bridge hook rule', () => {
    expect(jlsVersionOf('{"__version": "1", "jail-information": {"jail": []}}')).toBe('1');
    expect(jlsVersionOf('not json')).toBeNull();
    expect(bridgeHooksOf('12.2-RELEASE', 'unknown')).toBe('link0-31');
    expect(bridgeHooksOf('14.3-RELEASE-p1', 'back-to-back')).toBe('linkN-uplinkN');
    expect(bridgeHooksOf('', 'back-to-back')).toBe('link0-31');
    expect(bridgeHooksOf('', 'unknown')).toBe('linkN-uplinkN');
  });
});

describe('buildInterfaces', () => {
  const ifc = (name: string, mac: string) => `${name}: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n\tether ${mac}\n\tgroups: epair\n`;
  const parse = (t: string) => { const p = parseIfconfig(t); if (!p.ok) throw new Error('bad fixture'); return p.value; };
  it('pairs epair ends by MAC first, then by name, across the host and jails', () => {
    const host = parse(ifc('e0a_x', '02:aa:bb:cc:dd:0a') + ifc('epair5a', '58:9c:fc:00:00:01') + ifc('lonely', '02:00:00:00:00:0a'));
    const jail = parse(ifc('vnet0', '02:aa:bb:cc:dd:0b') + ifc('epair5b', '58:9c:fc:00:00:02'));
    const out = buildInterfaces([{ jail: null, list: host }, { jail: 'j', list: jail }], [], new Map());
    const peer = (n: string) => out.find((i) => i.name === n)!.epairPeer;
    expect([peer('e0a_x'), peer('vnet0'), peer('epair5a'), peer('epair5b'), peer('lonely')]).toEqual(['vnet0', 'e0a_x', 'epair5b', 'epair5a', null]);
    expect(out.find((i) => i.name === 'vnet0')).toMatchObject({ jail: 'j', kind: 'epair' });
  });
  it('binds an eiface node to its renamed interface, in a jail when the host has none of that name', () => {
    const jail = parse('vnet0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n\tether 58:9c:fc:10:ff:dd\n');
    const out = buildInterfaces([{ jail: null, list: [] }, { jail: 'j', list: jail }], [{ id: '1c', name: 'ng0_j', type: 'eiface', hooks: [] }], new Map([['1c', 'vnet0']]));
    expect(out).toMatchObject([{ name: 'vnet0', jail: 'j', kind: 'eiface', ngNode: '1c' }]);
  });
});
