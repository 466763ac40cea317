// The inspector's fields: JSON paths of each field, drafts applied to a copy
// of the design, the shared rules' problems picked for a field (in their own
// words), the rule in words, and the edit a valid draft commits.
import { describe, expect, it } from 'vitest';
import {
  addFilter, applyDraft, checkDesign, commitOf, draftProblems, fieldPath, itemPath, itemProblems, problemsAt, refuses,
  removeFilter, removeJailInterface, removeMember, valueOf,
} from '../../../../../ui/src/lib/design/fields.js';
import { ruleOf } from '../../../../../ui/src/lib/design/field-rules.js';
import type { Field } from '../../../../../ui/src/lib/design/fields.js';
import { IF_NAME_MAX, NG_NAME_MAX } from '../../../../../shared/model/names.js';
import { parseDesign } from '../../../../../shared/design/parse.js';
import type { Design } from '../../../../../shared/design/types.js';

/** A valid design with one of everything the inspector edits. */
function sample(): Design {
  return {
    format: 1,
    nodes: [
      { name: 'br0', type: 'bridge', persistent: true },
      { name: 'hub0', type: 'hub', persistent: true },
      { name: 'vlan0', type: 'vlan', filters: [{ vlan: 10, hook: 'vlan10' }] },
      { name: 'ng0', type: 'eiface', ifname: 'ng0', mac: '02:00:00:00:00:01' },
      { name: 'ng1', type: 'eiface', ifname: 'ng1' },
    ],
    links: [
      { a: { node: 'br0', hook: 'link0' }, b: { node: 'ng0', hook: 'ether' } },
      { a: { node: 'vlan0', hook: 'downstream' }, b: { node: 'ng1', hook: 'ether' } },
    ],
    epairs: [{ a: { name: 'epair0a' }, b: { name: 'epair0b' } }, { a: { name: 'epair1a' }, b: { name: 'epair1b', up: true } }],
    bridges: [{ name: 'bridge0', members: ['epair0a'] }],
    jails: [
      { name: 'web', path: '/jails/web', vnet: true, interfaces: ['ng0', 'epair0b'] },
      { name: 'db', path: '/jails/db', vnet: false, interfaces: [], ip4: ['192.0.2.5'], params: { 'allow.raw_sockets': '1' }, state: 'stopped' },
    ],
  };
}

const node = (n: string, key: 'name' | 'ifname' | 'mac' | 'up' | 'persistent'): Field => ({ of: 'node', node: n, key });
const jail = (j: string, key: 'name' | 'path' | 'hostname' | 'vnet' | 'ip4' | 'ip6' | 'params' | 'state'): Field => ({ of: 'jail', jail: j, key });
const messages = (d: Design, f: Field, text: string): string[] => draftProblems(d, checkDesign(d), f, text).map((p) => p.message);

describe('fieldPath', () => {
  it('names the JSON path the shared validator reports problems at', () => {
    const d = sample();
    expect(fieldPath(d, node('ng0', 'ifname'))).toBe('nodes[3].ifname');
    expect(fieldPath(d, node('br0', 'name'))).toBe('nodes[0].name');
    expect(fieldPath(d, { of: 'node', node: 'br0', key: 'config', knob: 'loopTimeout' })).toBe('nodes[0].config.loopTimeout');
    expect(fieldPath(d, { of: 'node', node: 'vlan0', key: 'filter', index: 0, part: 'vlan' })).toBe('nodes[2].filters[0].vlan');
    expect(fieldPath(d, jail('web', 'path'))).toBe('jails[0].path');
    // An epair is found by either end; the field says which end it edits.
    expect(fieldPath(d, { of: 'epair', end: 'epair1a', side: 'b', key: 'mac' })).toBe('epairs[1].b.mac');
    expect(fieldPath(d, { of: 'epair', end: 'epair1b', side: 'a', key: 'name' })).toBe('epairs[1].a.name');
    expect(fieldPath(d, { of: 'ifbridge', bridge: 'bridge0', key: 'up' })).toBe('bridges[0].up');
    expect(fieldPath(d, { of: 'link', link: 'downstream', side: 'a', key: 'hook' })).toBeNull();
    expect(fieldPath(d, { of: 'link', link: 'ng1:ether|vlan0:downstream', side: 'b', key: 'hook' })).toBe('links[1].b.hook');
    expect(fieldPath(d, node('nope', 'name'))).toBeNull();
  });
  it('names list entries', () => {
    const d = sample();
    expect(itemPath(d, { of: 'jail', jail: 'web', index: 1 })).toBe('jails[0].interfaces[1]');
    expect(itemPath(d, { of: 'ifbridge', bridge: 'bridge0', index: 0 })).toBe('bridges[0].members[0]');
  });
});

describe('valueOf', () => {
  it('shows the committed value as text', () => {
    const d = sample();
    expect(valueOf(d, node('ng0', 'mac'))).toBe('02:00:00:00:00:01');
    expect(valueOf(d, node('ng1', 'mac'))).toBe('');
    expect(valueOf(d, node('ng1', 'up'))).toBe('');
    expect(valueOf(d, { of: 'epair', end: 'epair1a', side: 'b', key: 'up' })).toBe('up');
    expect(valueOf(d, node('br0', 'persistent'))).toBe('true');
    expect(valueOf(d, { of: 'node', node: 'vlan0', key: 'filter', index: 0, part: 'vlan' })).toBe('10');
    expect(valueOf(d, jail('db', 'ip4'))).toBe('192.0.2.5');
    expect(valueOf(d, jail('db', 'params'))).toBe('allow.raw_sockets=1');
    expect(valueOf(d, jail('db', 'state'))).toBe('stopped');
    expect(valueOf(d, jail('web', 'state'))).toBe('running');
    expect(valueOf(d, jail('web', 'vnet'))).toBe('true');
  });
});

describe('applyDraft', () => {
  it('changes a copy, never the design it is given', () => {
    const d = sample();
    const before = JSON.stringify(d);
    const out = applyDraft(d, node('ng0', 'mac'), '02:00:00:00:00:09');
    expect(out.nodes[3]?.mac).toBe('02:00:00:00:00:09');
    expect(JSON.stringify(d)).toBe(before);
  });
  it('renames through the rename edit, so links and jails follow', () => {
    const out = applyDraft(sample(), node('ng0', 'name'), ' ngx ');
    expect(out.nodes[3]).toMatchObject({ name: 'ngx', ifname: 'ngx' });
    expect(out.links[0]?.b.node).toBe('ngx');
    expect(out.jails[0]?.interfaces).toEqual(['ngx', 'epair0b']);
  });
  it('moves references along with a new interface name', () => {
    const d = applyDraft(sample(), { of: 'epair', end: 'epair0a', side: 'b', key: 'name' }, 'e0b_web');
    expect(d.jails[0]?.interfaces).toEqual(['ng0', 'e0b_web']);
    const e = applyDraft(sample(), node('ng0', 'ifname'), 'ng0_web');
    expect(e.nodes[3]?.ifname).toBe('ng0_web');
    expect(e.jails[0]?.interfaces).toEqual(['ng0_web', 'epair0b']);
  });
  it('reads tri-states, numbers, lists and parameters', () => {
    const d = sample();
    expect(applyDraft(d, node('ng1', 'up'), 'down').nodes[4]?.up).toBe(false);
    expect(applyDraft(d, node('ng1', 'up'), '').nodes[4]).not.toHaveProperty('up');
    expect(applyDraft(d, node('ng0', 'mac'), ' ').nodes[3]).not.toHaveProperty('mac');
    const knob = { of: 'node', node: 'br0', key: 'config', knob: 'maxStaleness' } as const;
    expect(applyDraft(d, knob, ' 30 ').nodes[0]?.config).toEqual({ maxStaleness: 30 });
    expect(applyDraft(applyDraft(d, knob, '30'), knob, '').nodes[0]).not.toHaveProperty('config');
    // Text that is not a number stays text, for the shape check to refuse.
    expect(applyDraft(d, knob, 'soon').nodes[0]?.config).toEqual({ maxStaleness: 'soon' });
    expect(applyDraft(d, jail('db', 'ip4'), '192.0.2.5, 192.0.2.6 192.0.2.7').jails[1]?.ip4).toEqual(['192.0.2.5', '192.0.2.6', '192.0.2.7']);
    expect(applyDraft(d, jail('db', 'ip4'), ' , ').jails[1]).not.toHaveProperty('ip4');
    expect(applyDraft(d, jail('db', 'params'), 'allow.mount=1\n\n devfs_ruleset = 4 ').jails[1]?.params).toEqual({ 'allow.mount': '1', devfs_ruleset: '4' });
    expect(applyDraft(d, jail('db', 'state'), 'running').jails[1]).not.toHaveProperty('state');
    expect(applyDraft(d, jail('web', 'state'), 'stopped').jails[0]?.state).toBe('stopped');
    expect(applyDraft(d, jail('db', 'vnet'), 'true').jails[1]?.vnet).toBe(true);
    expect(applyDraft(d, node('br0', 'persistent'), 'false').nodes[0]).not.toHaveProperty('persistent');
    expect(applyDraft(d, { of: 'link', link: 'br0:link0|ng0:ether', side: 'a', key: 'hook' }, 'uplink1').links[0]?.a.hook).toBe('uplink1');
  });
});

describe('draftProblems', () => {
  it('finds nothing wrong with the sample or a good draft', () => {
    const d = sample();
    expect(parseDesign(d).ok).toBe(true);
    expect(messages(d, node('ng0', 'ifname'), 'ng0_web')).toEqual([]);
    expect(messages(d, jail('web', 'path'), '/jails/www')).toEqual([]);
  });
  it('reports an interface name in the validator words, with the limit from names.ts', () => {
    const d = sample();
    const long = draftProblems(d, checkDesign(d), node('ng1', 'ifname'), 'ngeth-way-too-long-name');
    expect(long).toHaveLength(1);
    expect(long[0]).toMatchObject({ path: 'nodes[4].ifname', severity: 'error', rule: 'if-name' });
    expect(long[0]?.message).toBe(`node ng1: ifname interface name 'ngeth-way-too-long-name' is 23 characters long; FreeBSD allows at most ${IF_NAME_MAX}`);
    // ng0 is in jail web, whose reference follows the draft and is as wrong: that is said once, at the field.
    const inJail = draftProblems(d, checkDesign(d), node('ng0', 'ifname'), 'ngeth-way-too-long-name');
    expect(inJail.map((p) => p.path)).toEqual(['nodes[3].ifname']);
    expect(messages(d, node('ng0', 'ifname'), '9bad')).toEqual(["node ng0: ifname interface name '9bad' must start with a letter"]);
    expect(messages(d, node('ng0', 'ifname'), '')).toEqual(['node ng0: an eiface needs "ifname", the name of its interface']);
  });
  it('refuses a multicast MAC and a malformed one', () => {
    const d = sample();
    expect(messages(d, node('ng0', 'mac'), '01:00:5e:00:00:01')).toEqual(["node ng0: mac '01:00:5e:00:00:01' is a multicast MAC address; an interface needs a unicast one"]);
    expect(messages(d, { of: 'epair', end: 'epair1a', side: 'b', key: 'mac' }, '02:00:00')).toEqual(["epair epair1a: mac '02:00:00' is not a MAC address like aa:bb:cc:dd:ee:ff"]);
  });
  it('runs the shape check too: a setting that is not a non-negative integer', () => {
    const d = sample();
    const knob = { of: 'node', node: 'br0', key: 'config', knob: 'loopTimeout' } as const;
    expect(messages(d, knob, 'soon')).toEqual(['node br0: "loopTimeout" must be a non-negative integer, not the string "soon"']);
    expect(messages(d, knob, '-1')).toEqual(['node br0: "loopTimeout" must be a non-negative integer, not a number']);
    expect(messages(d, knob, '5')).toEqual([]);
  });
  it('checks vlan filter rows', () => {
    const d = sample();
    const tag = { of: 'node', node: 'vlan0', key: 'filter', index: 0, part: 'vlan' } as const;
    expect(messages(d, tag, '5000')).toEqual(['node vlan0: VLAN tag 5000 is out of range (0-4095)']);
    expect(messages(d, tag, '')).toEqual(['node vlan0: "vlan" must be a non-negative integer']);
    expect(messages(d, { ...tag, part: 'hook' }, 'a b')).toEqual(["node vlan0: hook hook name 'a b' contains a space; use letters, digits, '_', '-' and '/'"]);
  });
  it('refuses a relative jail path and a bad name', () => {
    const d = sample();
    expect(messages(d, jail('web', 'path'), 'relative/x')).toEqual(['jail web: path must be absolute, not "relative/x"']);
    expect(messages(d, jail('web', 'name'), '42')).toEqual(["jail 42: name jail name '42' is a number and would be taken as a JID"]);
    expect(messages(d, node('br0', 'name'), 'br.0')).toEqual(["node br.0: name node name 'br.0' contains '.'; use letters, digits, '_' and '-'"]);
  });
  it('shows an error the draft causes elsewhere: a duplicate is reported on the later element', () => {
    const d = sample();
    expect(messages(d, node('ng1', 'ifname'), 'ng0')).toEqual(['interface name ng0 is used twice (nodes[3].ifname and nodes[4].ifname)']);
    expect(messages(d, { of: 'epair', end: 'epair0a', side: 'a', key: 'mac' }, '02:00:00:00:00:01')).toEqual([]);
  });
  it('refuses a name taken by an earlier element (reported on the later one, or by the rename edit)', () => {
    const d = sample();
    const ps = draftProblems(d, checkDesign(d), node('br0', 'name'), 'hub0');
    expect(refuses(ps)).toBe(true);
    expect(ps.map((p) => p.message).join(' ')).toMatch(/hub0/);
    // Only the name is wrong, not the links that follow it.
    expect(ps.every((p) => !p.path.startsWith('links'))).toBe(true);
    expect(refuses(draftProblems(d, checkDesign(d), node('hub0', 'name'), 'br0'))).toBe(true);
  });
  it('ties element-wide rules to the field they name', () => {
    const d = sample();
    // A hub with no links shuts itself down: the validator says so at nodes[1], about "persistent".
    expect(messages(d, node('hub0', 'persistent'), 'false')).toEqual(['node hub0: a hub with no hooks shuts itself down; set "persistent": true or link it to something']);
    // A jail with interfaces needs its vnet.
    expect(messages(d, jail('web', 'vnet'), 'false')).toEqual([
      'jail web: interface ng0 can only be given to a vnet jail',
      'jail web: interface epair0b can only be given to a vnet jail',
    ]);
  });
  it('checks jail parameters: names, reserved ones, and lines that are not key=value', () => {
    const d = sample();
    expect(messages(d, jail('db', 'params'), 'vnet=new')).toEqual(['jail db: set "vnet" through its own field, not params']);
    expect(messages(d, jail('db', 'params'), 'Allow=1')).toEqual(['jail db: "Allow" is not a jail parameter name']);
    expect(messages(d, jail('db', 'params'), 'allow.mount')).toEqual(['jail db: line 1 "allow.mount" is not key=value']);
    expect(messages(d, jail('db', 'params'), 'a=1\na=2')).toEqual(['jail db: parameter a is given twice']);
  });
  it('keeps warnings apart from errors', () => {
    const d = sample();
    // An if_bridge moved into a jail is allowed, with a warning.
    const bridged = applyDraft(d, jail('web', 'name'), 'web');
    bridged.jails[0]?.interfaces.push('bridge0');
    const ps = problemsAt(bridged, checkDesign(bridged), jail('web', 'vnet'));
    expect(ps).toEqual([]);
    expect(itemProblems(bridged, checkDesign(bridged), { of: 'jail', jail: 'web', index: 2 }).map((p) => p.severity)).toEqual(['warning']);
    expect(refuses([{ severity: 'warning', path: '', element: '', field: '', rule: 'l2-loop', message: '' }])).toBe(false);
  });
});

describe('problemsAt', () => {
  it('picks the committed design problems of one field', () => {
    const d = sample();
    (d.nodes[3] as { mac?: string }).mac = 'ff:ff:ff:ff:ff:ff';
    const ps = checkDesign(d);
    expect(problemsAt(d, ps, node('ng0', 'mac')).map((p) => p.rule)).toEqual(['mac']);
    expect(problemsAt(d, ps, node('ng0', 'ifname'))).toEqual([]);
    expect(problemsAt(d, ps, node('ng1', 'mac'))).toEqual([]);
  });
});

describe('commitOf', () => {
  it('renames through the rename edit, and nothing for the same name', () => {
    const d = sample();
    expect(commitOf(d, node('ng0', 'name'), 'ngx ')).toEqual({ how: 'rename', ref: { kind: 'node', name: 'ng0' }, to: 'ngx' });
    expect(commitOf(d, node('ng0', 'name'), ' ng0')).toBeNull();
    expect(commitOf(d, { of: 'epair', end: 'epair0a', side: 'b', key: 'name' }, 'e0b')).toEqual({ how: 'rename', ref: { kind: 'epair', name: 'epair0b' }, to: 'e0b' });
    expect(commitOf(d, jail('db', 'name'), 'pg')).toMatchObject({ how: 'rename', ref: { kind: 'jail', name: 'db' } });
  });
  it('changes a hook through the hook edit', () => {
    expect(commitOf(sample(), { of: 'link', link: 'br0:link0|ng0:ether', side: 'a', key: 'hook' }, 'link3')).toEqual({ how: 'hook', link: 'br0:link0|ng0:ether', side: 'a', hook: 'link3' });
  });
  it('updates anything else, the same way the draft was checked, and nothing when nothing changes', () => {
    const d = sample();
    const c = commitOf(d, jail('db', 'ip4'), '192.0.2.5 192.0.2.9');
    if (c?.how !== 'update') throw new Error('expected an update');
    const x = structuredClone(d);
    c.change(x);
    expect(x).toEqual(applyDraft(d, jail('db', 'ip4'), '192.0.2.5 192.0.2.9'));
    expect(commitOf(d, jail('db', 'ip4'), '192.0.2.5,')).toBeNull();
    expect(commitOf(d, node('ng1', 'up'), '')).toBeNull();
  });
});

describe('ruleOf', () => {
  it('says each rule in words, with the limits from names.ts', () => {
    const d = sample();
    expect(ruleOf(d, node('br0', 'name'))).toBe(`1–${NG_NAME_MAX} characters: letters, digits, _ and -`);
    expect(ruleOf(d, node('ng0', 'ifname'))).toContain(`up to ${IF_NAME_MAX} characters, starting with a letter`);
    expect(ruleOf(d, { of: 'epair', end: 'epair0a', side: 'a', key: 'name' })).toContain(`up to ${IF_NAME_MAX} characters`);
    expect(ruleOf(d, node('ng0', 'mac'))).toContain('six hex pairs like 02:00:00:00:00:01, unicast');
    expect(ruleOf(d, jail('web', 'path'))).toContain("absolute path of the jail's root");
    expect(ruleOf(d, { of: 'node', node: 'vlan0', key: 'filter', index: 0, part: 'vlan' })).toBe('VLAN tag 0–4095');
    expect(ruleOf(d, { of: 'link', link: 'br0:link0|ng0:ether', side: 'a', key: 'hook' })).toMatch(/linkN or uplinkN/);
    expect(ruleOf(d, { of: 'link', link: 'br0:link0|ng0:ether', side: 'b', key: 'hook' })).toMatch(/ether/);
    expect(ruleOf(d, { of: 'node', node: 'br0', key: 'config', knob: 'minStableAge' })).toMatch(/non-negative integer/);
  });
});

describe('list edits', () => {
  it('adds vlan filter rows with a free tag and removes them', () => {
    const d = sample();
    addFilter('vlan0')(d);
    addFilter('vlan0')(d);
    expect(d.nodes[2]?.filters).toEqual([{ vlan: 10, hook: 'vlan10' }, { vlan: 1, hook: 'vlan1' }, { vlan: 2, hook: 'vlan2' }]);
    expect(parseDesign(d).ok).toBe(true);
    removeFilter('vlan0', 0)(d);
    expect(d.nodes[2]?.filters).toEqual([{ vlan: 1, hook: 'vlan1' }, { vlan: 2, hook: 'vlan2' }]);
    removeFilter('vlan0', 0)(d);
    removeFilter('vlan0', 0)(d);
    expect(d.nodes[2]).not.toHaveProperty('filters');
  });
  it('takes an interface out of a jail and a member out of an if_bridge', () => {
    const d = sample();
    removeJailInterface('web', 0)(d);
    expect(d.jails[0]?.interfaces).toEqual(['epair0b']);
    removeMember('bridge0', 0)(d);
    expect(d.bridges[0]?.members).toEqual([]);
  });
});
