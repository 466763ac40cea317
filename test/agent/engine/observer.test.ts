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
    expect(changes[0]!.patch.nodes?.upsert).toEqual([{ id: 'a', name: 'b0', type: 'bridge', hooks: [], table: [] }]);
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

  it('polls at idlePollMs while no client watches, observes at once when one connects, then at pollMs', async () => {
    const inner = memorySimBackend(fixtureState());
    let observed = 0;
    const backend: HostBackend = { ...inner, observe: () => (observed++, inner.observe()) };
    const changes: ObservedChange[] = [];
    const observer = createObserver({ backend, pollMs: 5, idlePollMs: 60_000, onChange: (c) => changes.push(c) });
    await observer.start();
    expect(observed).toBe(1);
    // Idle: at pollMs this would be a dozen observations by now.
    await new Promise((r) => setTimeout(r, 150));
    expect(observed).toBe(1);

    inner.state.hostname = 'watched';
    inner.state.generation++;
    observer.setActive(1);
    await expect.poll(() => changes.length, { timeout: 5000 }).toBe(1);
    await expect.poll(() => observed, { timeout: 5000 }).toBeGreaterThan(5);

    observer.setActive(0);
    await new Promise((r) => setTimeout(r, 20));
    const settled = observed;
    await new Promise((r) => setTimeout(r, 150));
    expect(observed).toBe(settled);
    observer.stop();
  });

  it('wake observes at once with a long interval, and once more after a cycle that had already read the host', async () => {
    const inner = memorySimBackend(fixtureState());
    let observed = 0;
    let open: () => void = () => {};
    let gate: Promise<void> | null = null;
    const backend: HostBackend = {
      ...inner,
      async observe() {
        observed++;
        const read = inner.observe();
        if (gate) await gate;
        return read;
      },
    };
    const changes: ObservedChange[] = [];
    const observer = createObserver({ backend, pollMs: 60_000, idlePollMs: 60_000, onChange: (c) => changes.push(c) });
    await observer.start();

    inner.state.hostname = 'first';
    inner.state.generation++;
    await observer.wake();
    expect(changes.map((c) => c.snapshot.host.hostname)).toEqual(['first']);
    expect(observed).toBe(2);

    // A cycle reads the host, then the host changes and three wakes arrive before it ends.
    gate = new Promise<void>((r) => (open = r));
    const running = observer.cycle();
    inner.state.hostname = 'second';
    inner.state.generation++;
    const woken = Promise.all([observer.wake(), observer.wake(), observer.wake()]);
    gate = null;
    open();
    await running;
    expect(changes).toHaveLength(1);
    await woken;
    expect(changes.map((c) => c.snapshot.host.hostname)).toEqual(['first', 'second']);
    expect(observed).toBe(4);
    observer.stop();
  });
});

