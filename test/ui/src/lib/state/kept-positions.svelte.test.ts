// Where a host's nodes were drawn, kept in the browser: reports of a burst
// are merged (a later one lacking nodes does not forget them), kept after the
// burst or at once on request, for nodes the view still knows, per host.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeptPositions } from '../../../../../ui/src/lib/state/kept-positions.svelte.js';
import { HostLayouts } from '../../../../../ui/src/lib/state/host-layout.js';
import type { DesignRef } from '../../../../../ui/src/lib/design/refs.js';
import type { GraphElement } from '../../../../../ui/src/lib/graph/elements.js';
import { MemoryStorage } from './memory-storage.js';

const node = (id: string): GraphElement => ({ group: 'nodes', data: { id, label: id }, classes: [] }) as unknown as GraphElement;

describe('KeptPositions', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('merges a burst of reports and keeps them once it is over, for nodes still in view', () => {
    const storage = new MemoryStorage();
    const elements = ['a', 'b', 'lo0'].map(node);
    const refs = new Map<string, DesignRef>([['a', { kind: 'node', name: 'br0' } as DesignRef]]);
    const k = new KeptPositions(storage, () => 'h1', () => ({ elements, refs }));
    // A netgraph node is kept under its name, anything else under its element id.
    expect(k.keyOf('a')).not.toBe('a');
    expect(k.keyOf('lo0')).toBe('lo0');
    k.placed(new Map([['a', { x: 1, y: 2 }], ['b', { x: 3, y: 4 }], ['gone', { x: 9, y: 9 }]]));
    // The next report of the burst lacks b (its jail was collapsed): b is still kept.
    k.placed(new Map([['a', { x: 5, y: 6 }]]));
    expect(k.kept).toEqual({});
    vi.advanceTimersByTime(400);
    expect(k.kept).toEqual({ [k.keyOf('a')]: { x: 5, y: 6 }, b: { x: 3, y: 4 } });
    expect(new HostLayouts(storage).load('h1')).toEqual(k.kept);
  });

  it('keeps at once when asked, and reads another host from storage', () => {
    const storage = new MemoryStorage();
    let host = 'h1';
    const view = { elements: [node('b')], refs: new Map<string, DesignRef>() };
    const k = new KeptPositions(storage, () => host, () => view);
    k.placed(new Map([['b', { x: 3, y: 4 }]]));
    k.keepNow();
    expect(k.kept).toEqual({ b: { x: 3, y: 4 } });
    host = 'h2';
    const other = new KeptPositions(storage, () => host, () => view);
    expect(other.kept).toEqual({});
  });
});
