import { describe, expect, it } from 'vitest';
import { HostLayouts } from '../../../../../ui/src/lib/state/host-layout.js';
import { MemoryStorage } from './memory-storage.js';

describe('HostLayouts', () => {
  it('keeps positions per host name, rounded, and gives them back', () => {
    const s = new MemoryStorage();
    const l = new HostLayouts(s);
    l.save('alpha', { 'node:br0': { x: 10.4, y: -3.6 } });
    l.save('beta', { 'node:br0': { x: 99, y: 1 } });
    expect(new HostLayouts(s).load('alpha')).toEqual({ 'node:br0': { x: 10, y: -4 } });
    expect(new HostLayouts(s).load('beta')).toEqual({ 'node:br0': { x: 99, y: 1 } });
    expect(l.load('gamma')).toEqual({});
  });

  it('ignores what is not a layout (hand-edited or from another version)', () => {
    const s = new MemoryStorage();
    s.setItem('ngstudio.layout.h', 'not json');
    expect(new HostLayouts(s).load('h')).toEqual({});
    s.setItem('ngstudio.layout.h', JSON.stringify({ positions: { good: { x: 1, y: 2 }, bad: { x: 'a' }, nan: { x: null, y: 1 } } }));
    expect(new HostLayouts(s).load('h')).toEqual({ good: { x: 1, y: 2 } });
  });

  it('forgets the least recently saved hosts beyond twenty', async () => {
    const s = new MemoryStorage();
    const l = new HostLayouts(s);
    for (let i = 0; i < 22; i++) {
      l.save(`h${i}`, { a: { x: i, y: i } });
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(l.load('h0')).toEqual({});
    expect(l.load('h1')).toEqual({});
    expect(l.load('h21')).toEqual({ a: { x: 21, y: 21 } });
  });

  it('leaves storage as it was when it is full, and works without storage', () => {
    const s = new MemoryStorage();
    const l = new HostLayouts(s);
    l.save('h', { a: { x: 1, y: 1 } });
    s.quota = 10;
    l.save('h', { a: { x: 2, y: 2 } });
    expect(l.load('h')).toEqual({ a: { x: 1, y: 1 } });
    const none = new HostLayouts(null);
    none.save('h', { a: { x: 1, y: 1 } });
    expect(none.load('h')).toEqual({});
  });
});
