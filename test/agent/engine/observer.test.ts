import { describe, expect, it } from 'vitest';
import { createObserver, type ObservedChange } from '../../../agent/engine/observer.js';
import { memorySimBackend } from '../../../agent/host/sim/backend.js';
import type { HostBackend } from '../../../agent/host/backend.js';
import { applyPatch } from '../../../shared/model/diff.js';
import { fixtureState } from './sim-fixture.js';

function setup() {
  const backend = memorySimBackend(fixtureState());
  const changes: ObservedChange[] = [];
  const errors: Error[] = [];
  const observer = createObserver({ backend, pollMs: 5, onChange: (c) => changes.push(c), onError: (e) => errors.push(e) });
  return { backend, observer, changes, errors };
}

describe('observer', () => {
  it('numbers the first snapshot 1 and emits nothing while nothing changes', async () => {
    const { observer, changes } = setup();
    await observer.cycle();
    expect(observer.current()?.version).toBe(1);
    for (let i = 0; i < 50; i++) await observer.cycle();
    expect(changes).toEqual([]);
    expect(observer.current()?.version).toBe(1);
  });

  it('grows the version by one per change and emits a patch that rebuilds the snapshot', async () => {
    const { backend, observer, changes } = setup();
    await observer.cycle();
    const first = observer.current()!;
    for (let i = 0; i < 3; i++) {
      backend.state.vnets['0']!.nodes.push({ id: 10 + i, name: `b${i}`, type: 'bridge', hooks: [], persistent: true });
      backend.state.generation++;
      await observer.cycle();
      await observer.cycle();
    }
    expect(changes.map((c) => [c.from, c.to])).toEqual([[1, 2], [2, 3], [3, 4]]);
    expect(changes[0]!.patch.nodes?.upsert).toEqual([{ id: 'a', name: 'b0', type: 'bridge', hooks: [] }]);
    let rebuilt = first;
    for (const c of changes) rebuilt = applyPatch(rebuilt, c.patch, c.to);
    expect(rebuilt).toEqual(observer.current());
  });

  it('never runs two observations at once', async () => {
    let inFlight = 0;
    let most = 0;
    const inner = memorySimBackend(fixtureState());
    const backend: HostBackend = {
      ...inner,
      async observe() {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return inner.observe();
      },
    };
    const observer = createObserver({ backend, pollMs: 1 });
    await Promise.all([observer.cycle(), observer.cycle(), observer.cycle()]);
    await observer.start();
    await new Promise((r) => setTimeout(r, 50));
    observer.stop();
    expect(most).toBe(1);
  });

  it('reports a failing observation once and keeps polling until the host is back', async () => {
    const inner = memorySimBackend(fixtureState());
    let failing = true;
    const backend: HostBackend = { ...inner, observe: async () => (failing ? Promise.reject(new Error('state file gone')) : inner.observe()) };
    const errors: string[] = [];
    const observer = createObserver({ backend, pollMs: 1, onError: (e) => errors.push(e.message) });
    for (let i = 0; i < 5; i++) await observer.cycle();
    expect(errors).toEqual(['state file gone']);
    expect(observer.current()).toBeNull();
    failing = false;
    await observer.start();
    expect(observer.current()?.version).toBe(1);
    observer.stop();
  });

  it('survives a listener that throws', async () => {
    const { backend } = setup();
    const errors: string[] = [];
    const observer = createObserver({ backend, pollMs: 1, onChange: () => { throw new Error('boom'); }, onError: (e) => errors.push(e.message) });
    await observer.cycle();
    backend.state.hostname = 'other';
    backend.state.generation++;
    await observer.cycle();
    expect(errors).toEqual(['boom']);
    expect(observer.current()?.host.hostname).toBe('other');
  });

  it('polls on its own after start() until stop()', async () => {
    const { backend, observer, changes } = setup();
    await observer.start();
    backend.state.hostname = 'renamed';
    backend.state.generation++;
    await expect.poll(() => changes.length, { timeout: 5000 }).toBe(1);
    observer.stop();
    expect(changes[0]!.patch).toEqual({ host: { hostname: 'renamed', backend: 'sim', release: '14.3-RELEASE', emulated: true } });
  });
});
