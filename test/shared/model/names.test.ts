import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatNgPath, isLocalMac, isSafeArg, isUnicastMac, parseNgPath, validateHookName, validateInterfaceName,
  validateJailName, validateMac, validateNodeName, validateTypeName,
} from '../../../shared/model/names.js';

describe('validateNodeName', () => {
  it('accepts real names', () => {
    for (const n of ['ngeth0', 'bge0_42', 'em0bridge', 'ng0_web', 'ngctl28740', 'a'.repeat(31), 'o2m', 'my-bridge']) expect(validateNodeName(n), n).toBeNull();
  });
  it('refuses what the kernel refuses, and unsafe characters, with a reason', () => {
    expect(validateNodeName('')).toMatch(/empty/);
    expect(validateNodeName('a'.repeat(32))).toMatch(/32 characters long; FreeBSD allows at most 31/);
    expect(validateNodeName('a.b')).toMatch(/contains '\.'/);
    expect(validateNodeName('a:')).toMatch(/contains ':'/);
    expect(validateNodeName('[1f]')).toMatch(/node ID/);
    expect(validateNodeName('a]')).toMatch(/contains '\]'/);
    expect(validateNodeName('a b')).toMatch(/contains a space/);
    expect(validateNodeName('a\tb')).toMatch(/control character \(0x09\)/);
    expect(validateNodeName('né')).toMatch(/non-ASCII/);
  });
});

describe('hook, type, interface, jail names', () => {
  it('hooks: ≤31, no . : whitespace; ksocket-style / allowed', () => {
    expect(validateHookName('link0')).toBeNull();
    expect(validateHookName('inet/stream/tcp')).toBeNull();
    expect(validateHookName('a.b')).toMatch(/'\.'/);
    expect(validateHookName('a:b')).toMatch(/':'/);
    expect(validateHookName('x'.repeat(32))).toMatch(/at most 31/);
    expect(validateHookName('')).toMatch(/empty/);
  });
  it('types', () => {
    expect(validateTypeName('one2many')).toBeNull();
    expect(validateTypeName('Bridge')).toMatch(/lowercase/);
  });
  it('interfaces: ≤15, starts with a letter', () => {
    for (const n of ['em0', 'em0.42', 'e0b_web', 'ngeth0', 'a'.repeat(15), 'epair0a']) expect(validateInterfaceName(n), n).toBeNull();
    expect(validateInterfaceName('a'.repeat(16))).toMatch(/at most 15/);
    expect(validateInterfaceName('0em')).toMatch(/start with a letter/);
    expect(validateInterfaceName('em 0')).toMatch(/space/);
    expect(validateInterfaceName('em0:1')).toMatch(/':'/);
  });
  it('jails: no dot, not numeric', () => {
    expect(validateJailName('ioc-pkg-repo')).toBeNull();
    expect(validateJailName('jail05')).toBeNull();
    expect(validateJailName('a.b')).toMatch(/parent and child/);
    expect(validateJailName('83')).toMatch(/JID/);
    expect(validateJailName('-1')).toMatch(/JID/);
    expect(validateJailName('+5')).toMatch(/JID/);
    expect(validateJailName('')).toMatch(/empty/);
    expect(validateJailName('x'.repeat(256))).toMatch(/at most 255/);
  });
});

describe('MAC addresses', () => {
  it('validates and classifies', () => {
    expect(validateMac('58:9c:fc:10:ff:dd')).toBeNull();
    expect(validateMac('58:9C:FC:10:FF:DD')).toBeNull();
    for (const bad of ['58:9c:fc:10:ff', '58-9c-fc-10-ff-dd', '589cfc10ffdd', '58:9c:fc:10:ff:dd:00', 'g8:9c:fc:10:ff:dd']) expect(validateMac(bad), bad).toMatch(/not a MAC/);
    expect(isUnicastMac('02:d6:ec:ad:52:0a')).toBe(true);
    expect(isUnicastMac('01:00:5e:00:00:01')).toBe(false);
    expect(isUnicastMac('nonsense')).toBe(false);
    expect(isLocalMac('02:d6:ec:ad:52:0a')).toBe(true);
    expect(isLocalMac('58:9c:fc:10:ff:dd')).toBe(false);
  });
});

describe('isSafeArg', () => {
  it('refuses NUL, CR and LF only', () => {
    expect(isSafeArg('exec.start=/bin/sh /etc/rc')).toBe(true);
    expect(isSafeArg('')).toBe(true);
    for (const bad of ['a\0b', 'a\nb', 'a\rb']) expect(isSafeArg(bad)).toBe(false);
  });
});

describe('parseNgPath', () => {
  it('reads the netgraph(4) examples', () => {
    expect(parseNgPath('.:')).toEqual({ ok: true, path: { start: { kind: 'self' }, hooks: [] } });
    expect(parseNgPath('[3f]:')).toEqual({ ok: true, path: { start: { kind: 'id', id: '3f' }, hooks: [] } });
    expect(parseNgPath('[00000004]:')).toEqual({ ok: true, path: { start: { kind: 'id', id: '4' }, hooks: [] } });
    expect(parseNgPath('foo:')).toEqual({ ok: true, path: { start: { kind: 'name', name: 'foo' }, hooks: [] } });
    expect(parseNgPath('.:hook1')).toEqual({ ok: true, path: { start: { kind: 'self' }, hooks: ['hook1'] } });
    expect(parseNgPath('foo:hook1.hook2')).toEqual({ ok: true, path: { start: { kind: 'name', name: 'foo' }, hooks: ['hook1', 'hook2'] } });
    expect(parseNgPath('[d80]:hook1')).toEqual({ ok: true, path: { start: { kind: 'id', id: 'd80' }, hooks: ['hook1'] } });
  });
  it('reads relative paths, dropping a leading or trailing dot', () => {
    expect(parseNgPath('br0')).toEqual({ ok: true, path: { start: null, hooks: ['br0'] } });
    expect(parseNgPath('.path_1')).toEqual({ ok: true, path: { start: null, hooks: ['path_1'] } });
    expect(parseNgPath('.')).toEqual({ ok: true, path: { start: { kind: 'self' }, hooks: [] } });
    expect(parseNgPath('em0bridge:link2.')).toEqual({ ok: true, path: { start: { kind: 'name', name: 'em0bridge' }, hooks: ['link2'] } });
  });
  it('refuses what ng_path_parse refuses', () => {
    for (const bad of ['', ':foo', 'a.b:', 'a:b:c', 'a:b..c', '[0]:', '[xyz]:', 'a b:', 'a:\n', 'x'.repeat(512)]) {
      const r = parseNgPath(bad);
      expect(r.ok, JSON.stringify(bad)).toBe(false);
      expect(!r.ok && r.reason.length).toBeGreaterThan(0);
    }
  });
  it('formats back what it parses', () => {
    for (const p of ['.:', '[3f]:', 'foo:', 'foo:hook1.hook2', 'br0', 'a.b']) {
      const r = parseNgPath(p);
      expect(r.ok && formatNgPath(r.path)).toBe(p);
    }
  });
  it('never throws on any string', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const r = parseNgPath(s);
      expect(typeof r.ok).toBe('boolean');
      for (const v of [validateNodeName, validateHookName, validateInterfaceName, validateJailName, validateMac, validateTypeName]) {
        const x = v(s);
        expect(x === null || typeof x === 'string').toBe(true);
      }
    }));
  });
});
