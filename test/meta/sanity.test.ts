import { describe, expect, it } from 'vitest';
import { interfaceKey } from '../../shared/model/snapshot.js';

describe('interfaceKey', () => {
  it('keys host interfaces by name and jailed ones by jail/name', () => {
    expect(interfaceKey({ name: 'em0', jail: null })).toBe('em0');
    expect(interfaceKey({ name: 'ng_test1', jail: 'test1' })).toBe('test1/ng_test1');
  });
});
