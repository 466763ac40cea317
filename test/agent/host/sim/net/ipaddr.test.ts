import { describe, expect, it } from 'vitest';
import { bitcount, classfulPlen, inet6Ntop, inet6Pton, inetAton, inetNtoa, inetPton4, linkLocalFromMac } from '../../../../../agent/host/sim/net/ipaddr.js';

describe('inet_aton as libc reads it', () => {
  it('takes one to four parts, octal and hex parts, the last filling the rest', () => {
    expect(inetNtoa(inetAton('10.0.0.1')!)).toBe('10.0.0.1');
    expect(inetNtoa(inetAton('10.1')!)).toBe('10.0.0.1');
    expect(inetNtoa(inetAton('10.0.258')!)).toBe('10.0.1.2');
    expect(inetNtoa(inetAton('0x0a000001')!)).toBe('10.0.0.1');
    expect(inetNtoa(inetAton('012.0.0.1')!)).toBe('10.0.0.1');
    expect(inetAton('0xffffff00')).toBe(0xffffff00);
  });

  it('refuses parts out of range, empty parts and junk', () => {
    for (const bad of ['10.0.0.300', '10..0.1', '10.0.0.1.', 'a.b.c.d', '256.0.0.1', '10.0.0.1/24', '']) expect(inetAton(bad), bad).toBeNull();
    expect(inetPton4('10.1')).toBeNull();
    expect(inetPton4('010.0.0.1')).toBeNull();
  });

  it('counts mask bits and knows the classful defaults', () => {
    expect(bitcount(0xffffff00)).toBe(24);
    expect(bitcount(0xff00ff00)).toBe(16);
    expect([classfulPlen(inetAton('10.0.0.1')!), classfulPlen(inetAton('172.16.0.1')!), classfulPlen(inetAton('192.168.0.1')!)]).toEqual([8, 16, 24]);
  });
});

describe('IPv6 text', () => {
  it('compresses the longest zero run, the first on a tie, and keeps single zero groups', () => {
    expect(inet6Ntop(inet6Pton('fd00:0:0:0:0:0:0:1')!)).toBe('fd00::1');
    expect(inet6Ntop(inet6Pton('1:0:0:2:0:0:0:3')!)).toBe('1:0:0:2::3');
    expect(inet6Ntop(inet6Pton('1:0:0:2:0:0:3:4')!)).toBe('1::2:0:0:3:4');
    expect(inet6Ntop(inet6Pton('1:0:2:3:4:5:6:7')!)).toBe('1:0:2:3:4:5:6:7');
    expect(inet6Ntop(inet6Pton('::')!)).toBe('::');
    expect(inet6Ntop(inet6Pton('::1')!)).toBe('::1');
    expect(inet6Ntop(inet6Pton('::ffff:10.0.0.1')!)).toBe('::ffff:10.0.0.1');
    expect(inet6Ntop(inet6Pton('FE80::A')!)).toBe('fe80::a');
  });

  it('refuses malformed addresses', () => {
    for (const bad of ['fd00::1::2', 'fd00:::1', '1:2:3:4:5:6:7:8:9', 'fd00::g', '12345::1', ':1', '1:2:3:4:5:6:7']) expect(inet6Pton(bad), bad).toBeNull();
  });

  it('derives the EUI-64 link-local address from a MAC', () => {
    expect(linkLocalFromMac('58:9c:fc:10:ff:01')).toBe('fe80::5a9c:fcff:fe10:ff01');
    expect(linkLocalFromMac('02:00:00:00:00:0a')).toBe('fe80::ff:fe00:a');
  });
});
