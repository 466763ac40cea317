// The UI reports an apply another process left unfinished (killed with
// SIGKILL half-way) and undoes it: real agent, real Chromium, real processes.
import { describe, expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { requireChromium, screenshot, useBrowserSession } from './support.js';
import { applyKilledMidway, bridgeWithJails, cli } from '../agent/engine/crash-helpers.js';
import type { HostSnapshot } from '../../shared/model/snapshot.js';

const run = requireChromium() ? describe : describe.skip;

run('an interrupted apply in the browser', () => {
  const s = useBrowserSession(undefined, { demo: false });

  it('shows a banner naming what it made, and Undo returns the host to how it was', async () => {
    const state = s.agent.stateFile;
    const data = join(dirname(state), 'data');
    const design = join(dirname(state), 'lab.json');
    writeFileSync(design, JSON.stringify(bridgeWithJails(6)));
    await applyKilledMidway({ designFile: design, state, data, killAfter: 2 });

    await s.page.goto(s.agent.url);
    const banner = s.page.getByTestId('recovery-banner');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.textContent()).toMatch(/An apply was interrupted.*ngstudio apply \(pid \d+\).*ngstudio now owns what it made: .*node br0.*jail j1/s);
    await screenshot(s.page, 'recovery-banner');

    await s.page.getByTestId('recovery-undo').click();
    await s.page.getByTestId('recovery-message').filter({ hasText: 'Undid the interrupted apply' }).waitFor({ timeout: 30_000 });
    expect(await banner.count()).toBe(0);
    const snap = JSON.parse((await cli(['snapshot', '--sim-state', state])).stdout) as HostSnapshot;
    expect(snap.jails).toEqual([]);
    expect(snap.netgraph.nodes.filter((n) => n.type !== 'socket')).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });
});
