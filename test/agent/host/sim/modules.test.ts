// Kernel modules of the emulated host.
import { describe, expect, it } from 'vitest';
import { SimErrno } from '../../../../agent/host/sim/errno.js';
import { ensureLoaded, isLoaded, kldload } from '../../../../agent/host/sim/modules.js';
import { newState } from '../../../../agent/host/sim/new-state.js';

describe('modules', () => {
  it('kldload resolves netgraph first and registers the type', () => {
    const s = newState();
    kldload(s, 'ng_bridge.ko');
    expect(s.modules.map((m) => m.name)).toEqual(['kernel', 'netgraph', 'ng_bridge']);
    expect(s.vnets['0']!.types).toEqual(['bridge']);
    expect(isLoaded(s, 'netgraph')).toBe(true);
  });

  it('EEXIST when loaded, ENOENT when unknown (with FreeBSD texts)', () => {
    const s = newState();
    kldload(s, 'if_epair');
    expect(() => kldload(s, 'if_epair')).toThrow(new SimErrno('EEXIST'));
    expect(() => kldload(s, 'ng_nosuch')).toThrow('No such file or directory');
    ensureLoaded(s, 'if_epair');
    ensureLoaded(s, 'ng_hub');
    expect(s.modules.map((m) => m.name)).toEqual(['kernel', 'if_epair', 'netgraph', 'ng_hub']);
  });
});
