// A drill from the browser: select the live link br0:link2 <-> ng_test2:ether,
// cut it for a few seconds, watch the countdown over the canvas, and see the
// agent restore it by itself — real agent, real Chromium, the emulated host.
import { describe, expect, it } from 'vitest';
import { requireChromium, runSim, screenshot, useBrowserSession } from './support.js';
import { cli } from '../agent/engine/crash-helpers.js';
import type { HostSnapshot } from '../../shared/model/snapshot.js';

const run = requireChromium() ? describe : describe.skip;

const br0HasLink2 = async (state: string): Promise<boolean> => /^\s+link2\s+ng_test2\s+eiface\s+\S+\s+ether\s*$/m.test((await runSim(state, ['ngctl', 'show', 'br0:'])).stdout);

run('a drill in the browser', () => {
  const s = useBrowserSession();

  it('cuts a selected link for 5 s, counts down on the canvas, and restores it', async () => {
    const state = s.agent.stateFile;
    const snap = JSON.parse((await cli(['snapshot', '--sim-state', state])).stdout) as HostSnapshot;
    const id = (name: string): string => snap.netgraph.nodes.find((n) => n.name === name)!.id;
    const [a, b] = [`${id('br0')}.link2`, `${id('ng_test2')}.ether`].sort();
    await s.page.goto(s.agent.url);
    const edge = s.page.locator(`[data-testid="canvas-elements"] li[data-id="link:${a}--${b}"] button`);
    await edge.waitFor({ state: 'attached', timeout: 20_000 });
    await edge.focus();
    await s.page.keyboard.press('Enter');

    const action = s.page.getByTestId('drill-action');
    await action.waitFor({ timeout: 10_000 });
    expect(await action.textContent()).toContain('Cut br0:link2 for');
    await s.page.getByTestId('drill-duration').fill('soon');
    expect(await action.textContent()).toContain('duration "soon" is not a number');
    expect(await s.page.getByTestId('drill-start').isDisabled()).toBe(true);
    await s.page.getByTestId('drill-duration').fill('5s');
    await s.page.getByTestId('drill-start').click();

    const banner = s.page.getByTestId('drill-banner');
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.textContent()).toMatch(/Drill: link br0:link2 <-> ng_test2:ether cut;\s+restores in [1-5]s/);
    expect(await br0HasLink2(state)).toBe(false);
    // The countdown moves once a second.
    const first = await s.page.getByTestId('drill-countdown').textContent();
    await expect.poll(() => s.page.getByTestId('drill-countdown').textContent(), { timeout: 5000 }).not.toBe(first);
    await screenshot(s.page, 'drill-countdown');

    await s.page.getByTestId('drill-message').filter({ hasText: 'restored the link br0:link2 <-> ng_test2:ether' }).waitFor({ timeout: 20_000 });
    expect(await banner.count()).toBe(0);
    expect(await br0HasLink2(state)).toBe(true);
    // The canvas follows: the link is drawn again.
    await edge.waitFor({ state: 'attached', timeout: 10_000 });
    await screenshot(s.page, 'drill-restored');
    expect(s.pageErrors).toEqual([]);
  });

  it('Restore now ends a long drill at once', async () => {
    await s.page.getByTestId('drill-duration').fill('10m');
    await s.page.getByTestId('drill-start').click();
    await s.page.getByTestId('drill-banner').waitFor({ timeout: 10_000 });
    expect(await br0HasLink2(s.agent.stateFile)).toBe(false);
    await s.page.getByTestId('drill-restore').click();
    await s.page.getByTestId('drill-banner').waitFor({ state: 'detached', timeout: 10_000 });
    expect(await br0HasLink2(s.agent.stateFile)).toBe(true);
    expect(s.pageErrors).toEqual([]);
  });
});
