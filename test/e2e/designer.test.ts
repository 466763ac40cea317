// Real Chromium against a real agent on an empty emulated host: the FreeBSD
// wiki example (bridge br0; eifaces ng_host, ng_test1, ng_test2; vnet jails
// test1, test2) is built by drag and drop and clicks, planned, applied, and
// then read back through the emulated ngctl and jls.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { requireChromium, runSim, screenshot, useBrowserSession } from './support.js';
import type { RunningAgent } from './support.js';
import { clickElement, connected, drop, ids, rename } from './designer-steps.js';

const hasChromium = requireChromium();

describe.skipIf(!hasChromium)('the designer in Chromium', () => {
  const session = useBrowserSession('e2e-token-designer-0123', { demo: false });
  let agent: RunningAgent | undefined;
  let page: Page;
  const pageErrors = session.pageErrors;
  beforeAll(() => {
    ({ agent, page } = session);
  });

  it('builds the wiki example by drag and drop, plans and applies it', async () => {
    if (!agent) throw new Error('no agent');
    await page.goto(agent.url);
    await connected(page);
    await drop(page, 'jail', 700, 180);
    await rename(page, 'test1');
    await drop(page, 'jail', 700, 480);
    await rename(page, 'test2');
    await drop(page, 'bridge', 300, 330);
    await rename(page, 'br0');
    await drop(page, 'eiface', 120, 330);
    await rename(page, 'ng_host');
    // Dropped on a jail: the interface goes into its vnet.
    await drop(page, 'eiface', 700, 180);
    await rename(page, 'ng_test1');
    await drop(page, 'eiface', 700, 480);
    await rename(page, 'ng_test2');
    await expect.poll(() => ids(page)).toEqual(expect.arrayContaining(['jail:test1', 'jail:test2', 'new:node:br0', 'new:node:ng_host', 'new:node:ng_test1', 'new:node:ng_test2']));
    const parent = (id: string) => page.locator(`[data-testid="canvas-elements"] li[data-id="${id}"]`).getAttribute('data-parent');
    expect(await parent('new:node:ng_test1')).toBe('jail:test1');
    expect(await parent('new:node:ng_test2')).toBe('jail:test2');
    await screenshot(page, 'designer-1-nodes');

    await page.getByTestId('connect').click();
    for (const n of ['ng_host', 'ng_test1', 'ng_test2']) {
      await clickElement(page, 'new:node:br0');
      await clickElement(page, `new:node:${n}`);
    }
    await page.getByTestId('connect').click();
    await expect.poll(() => ids(page)).toEqual(expect.arrayContaining(['new:link:br0:link0|ng_host:ether', 'new:link:br0:link1|ng_test1:ether', 'new:link:br0:link2|ng_test2:ether']));
    const invalid = await page.locator('[data-testid="canvas-elements"] li[data-classes~="invalid"]').count();
    expect(invalid).toBe(0);
    await screenshot(page, 'designer-2-linked');

    // Undo takes the last edit back, redo brings it again.
    await drop(page, 'hub', 300, 600);
    await expect.poll(() => ids(page)).toContain('new:node:hub0');
    await page.getByTestId('canvas').click({ position: { x: 900, y: 650 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => ids(page)).not.toContain('new:node:hub0');

    await page.getByTestId('plan').click();
    await expect.poll(() => page.getByTestId('plan-steps').textContent(), { timeout: 10_000 }).toMatch(/mkpeer/);
    const planText = (await page.getByTestId('plan-steps').textContent()) ?? '';
    for (const w of ['br0', 'ng_host', 'ng_test1', 'ng_test2', 'jail', 'test1', 'test2', 'vnet']) expect(planText).toContain(w);
    await screenshot(page, 'designer-3-plan');

    await page.getByTestId('apply').click();
    await expect.poll(() => page.getByTestId('apply-result').getAttribute('data-ok'), { timeout: 30_000 }).toBe('true');
    await screenshot(page, 'designer-4-applied');

    const list = await runSim(agent.stateFile, ['ngctl', 'list']);
    for (const n of ['br0', 'ng_host', 'ng_test1', 'ng_test2']) expect(list.stdout).toContain(`Name: ${n} `);
    const jls = await runSim(agent.stateFile, ['jls', '-N']);
    expect(jls.stdout).toMatch(/test1/);
    expect(jls.stdout).toMatch(/test2/);
    // The canvas now shows the host: the same objects, no pending marks.
    await expect.poll(async () => page.locator('[data-testid="canvas-elements"] li[data-classes~="plan-create"]').count(), { timeout: 10_000 }).toBe(0);
    await screenshot(page, 'designer-5-host');
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
