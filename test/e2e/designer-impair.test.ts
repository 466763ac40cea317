// Real Chromium against a real agent on an empty emulated host: a link made
// slow from its inspector. The impairment's fields are checked by the shared
// rules while the user types, the plan splices an ng_pipe configured with
// setcfg, and once applied the canvas draws the link as one impaired edge
// (the pipe folded in) while the emulated ngctl shows the pipe's delay.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { requireChromium, runSim, screenshot, useBrowserSession } from './support.js';
import type { RunningAgent } from './support.js';
import { buildBridgeWithTwo, connected } from './designer-steps.js';

const hasChromium = requireChromium();

describe.skipIf(!hasChromium)('impairing a link in Chromium', () => {
  const session = useBrowserSession('e2e-token-impair-0123', { demo: false });
  let agent: RunningAgent | undefined;
  let page: Page;
  beforeAll(() => {
    ({ agent, page } = session);
  });

  const field = (id: string) => page.getByTestId(`field-${id}`);

  it('sets a delay in the link inspector, plans and applies the pipe, and draws the link folded', async () => {
    if (!agent) throw new Error('no agent');
    await page.goto(agent.url);
    await connected(page);
    await buildBridgeWithTwo(page);
    await page.locator('[data-testid="canvas-elements"] li[data-id="new:link:br0:link1|ng_b:ether"] button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => field('hook-a').inputValue()).toBe('link1');

    await field('impaired').check();
    await expect.poll(() => page.getByTestId('field-impair').count()).toBe(1);
    expect(await page.getByTestId('field-impair-delayMs-rule').textContent()).toContain('no jitter');
    const delay = field('impair-delayMs');
    await delay.fill('-5');
    await expect.poll(() => page.getByTestId('field-impair-delayMs-error').textContent()).toContain('impair.delayMs must be from 0 to 9999.999 ms');
    await delay.fill('50');
    await delay.press('Enter');
    await expect.poll(() => page.getByTestId('field-impair-delayMs-error').count()).toBe(0);
    await screenshot(page, 'designer-impair-1-inspector');

    await page.getByTestId('plan').click();
    await expect.poll(() => page.getByTestId('plan-steps').textContent(), { timeout: 10_000 }).toMatch(/setcfg/);
    const plan = (await page.getByTestId('plan-steps').textContent()) ?? '';
    expect(plan).toContain('create pipe node pipe_br0_link1');
    expect(plan).toContain('msg pipe_br0_link1: setcfg { delay=50000 }');

    await page.getByTestId('apply').click();
    await expect.poll(() => page.getByTestId('apply-result').getAttribute('data-ok'), { timeout: 30_000 }).toBe('true');
    const cfg = await runSim(agent.stateFile, ['ngctl', 'msg', 'pipe_br0_link1:', 'getcfg']);
    expect(cfg.stdout).toContain('Args:\t{ delay=50000 ');
    // The live canvas: the host is the design (nothing pending), one impaired edge, no pipe node.
    await expect.poll(async () => page.locator('[data-testid="canvas-elements"] li[data-classes~="plan-create"], [data-testid="canvas-elements"] li[data-classes~="plan-update"]').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.locator('[data-testid="canvas-elements"] li[data-classes~="impaired"]').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('[data-testid="canvas-elements"] li[data-group="nodes"]', { hasText: 'pipe_br0_link1' }).count()).toBe(0);
    await page.getByTestId('filter').click();
    await page.getByTestId('show-pipes').check();
    await expect.poll(() => page.locator('[data-testid="canvas-elements"] li[data-group="nodes"]', { hasText: 'pipe_br0_link1' }).count()).toBe(1);
    await screenshot(page, 'designer-impair-2-applied');
    expect(session.pageErrors).toEqual([]);
  });
});
