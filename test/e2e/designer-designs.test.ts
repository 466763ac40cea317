// Real Chromium against a real agent on an empty emulated host: a design drawn
// by drag and drop is saved through the Designs menu, the page is reloaded
// (the canvas is the bare host again), the design is opened, and its pending
// edits, the positions they were drawn at and the view come back. Rename and delete too.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { requireChromium, screenshot, useBrowserSession } from './support.js';
import type { RunningAgent } from './support.js';
import { buildBridgeWithTwo, connected, ids } from './designer-steps.js';

const hasChromium = requireChromium();
const NEW = ['new:node:br0', 'new:node:ng_a', 'new:node:ng_b', 'new:link:br0:link0|ng_a:ether', 'new:link:br0:link1|ng_b:ether'];

/** Model positions of the canvas's nodes, by element id. */
async function positions(page: Page): Promise<Record<string, [number, number]>> {
  const rows = await page.locator('[data-testid="canvas-elements"] li[data-group="nodes"]').evaluateAll((lis) =>
    lis.map((li) => [li.getAttribute('data-id') ?? '', Number(li.getAttribute('data-x')), Number(li.getAttribute('data-y'))] as const),
  );
  return Object.fromEntries(rows.map(([id, x, y]) => [id, [x, y]]));
}

/** Where the canvas's nodes are drawn, in pixels from its top left corner, by element id. */
async function onScreen(page: Page): Promise<Record<string, [number, number]>> {
  const rows = await page.locator('[data-testid="canvas-elements"] li[data-group="nodes"]').evaluateAll((lis) =>
    lis.map((li) => [li.getAttribute('data-id') ?? '', Number(li.getAttribute('data-rx')), Number(li.getAttribute('data-ry'))] as const),
  );
  return Object.fromEntries(rows.map(([id, x, y]) => [id, [x, y]]));
}

/** Names listed in the open Designs menu. */
const listed = (page: Page): Promise<string[]> =>
  page.locator('[data-testid="designs-list"] li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-name') ?? ''));

describe.skipIf(!hasChromium)('saved designs in Chromium', () => {
  const session = useBrowserSession('e2e-token-designs-0123', { demo: false });
  let agent: RunningAgent | undefined;
  let page: Page;
  const pageErrors = session.pageErrors;
  beforeAll(() => {
    ({ agent, page } = session);
  });

  it('saves a design, and after a reload opens it with its pending edits at their positions', async () => {
    if (!agent) throw new Error('no agent');
    await page.goto(agent.url);
    await connected(page);
    await buildBridgeWithTwo(page);
    // A view of one's own: zoomed in two steps and the graph centred on ng_a.
    await page.getByTestId('zoom-in').click();
    await page.getByTestId('zoom-in').click();
    await page.getByTestId('search').fill('ng_a');
    await page.getByTestId('search').press('Enter');
    // The element list follows the view a moment after it moves: wait until it
    // shows ng_a centred on the canvas before taking the view to compare with.
    const box = await page.getByTestId('canvas').boundingBox();
    if (!box) throw new Error('no canvas');
    const centred = (s: Record<string, [number, number]>): boolean => {
      const a = s['new:node:ng_a'];
      return a !== undefined && Math.abs(a[0] - box.width / 2) <= 1 && Math.abs(a[1] - box.height / 2) <= 1;
    };
    await expect.poll(async () => centred(await onScreen(page)), { timeout: 15_000 }).toBe(true);
    const drawn = await positions(page);
    const seen = await onScreen(page);
    await page.getByTestId('designs').click();
    // A name the agent would refuse is refused at once, in words.
    await page.getByTestId('design-save-name').fill('bad name');
    await page.getByTestId('design-save-as').click();
    await expect.poll(() => page.getByTestId('designs-error').textContent()).toMatch(/must be 1-64 characters/);
    await page.getByTestId('design-save-name').fill('lab1');
    await page.getByTestId('design-save-as').click();
    await expect.poll(() => listed(page)).toEqual(['lab1']);
    await expect.poll(() => page.getByTestId('designs').textContent()).toBe('Designs: lab1');

    await page.reload();
    await connected(page);
    await expect.poll(() => ids(page)).toContain('if:em0');
    expect(await ids(page)).not.toContain('new:node:br0');
    await page.getByTestId('designs').click();
    await expect.poll(() => listed(page)).toEqual(['lab1']);
    await page.locator('[data-testid="designs-list"] li[data-name="lab1"] [data-testid="design-open"]').click();
    await expect.poll(() => ids(page)).toEqual(expect.arrayContaining(NEW));
    const opened = await positions(page);
    for (const id of [...NEW.filter((i) => i.startsWith('new:node:')), 'if:em0']) expect(opened[id], id).toEqual(drawn[id]);
    // …and drawn where they were on screen: the view (pan and zoom) came back too.
    // Rendered positions are rounded to whole pixels after a fractional pan: within one pixel.
    const near = (a: Record<string, [number, number]>): boolean => Object.keys(seen).every((k) => a[k] !== undefined && Math.abs(a[k][0] - seen[k]![0]) <= 1 && Math.abs(a[k][1] - seen[k]![1]) <= 1);
    await expect.poll(async () => near(await onScreen(page)), { timeout: 15_000 }).toBe(true);
    expect(Object.keys(await onScreen(page)).sort()).toEqual(Object.keys(seen).sort());
    // Still pending: the design is not the host, and it stays so while the host is observed.
    expect(await page.locator('[data-testid="canvas-elements"] li[data-classes~="plan-create"]').count()).toBeGreaterThanOrEqual(NEW.length);
    await page.waitForTimeout(600); // a few observe intervals: the opened design must not give way to the host
    expect(await ids(page)).toEqual(expect.arrayContaining(NEW));
    await screenshot(page, 'designer-designs-1-opened');

    // Rename, then delete.
    await page.getByTestId('designs').click();
    await page.locator('[data-testid="designs-list"] li[data-name="lab1"] [data-testid="design-rename"]').click();
    await page.getByTestId('design-rename-to').fill('lab2');
    await page.getByTestId('design-rename-ok').click();
    await expect.poll(() => listed(page)).toEqual(['lab2']);
    await expect.poll(() => page.getByTestId('designs').textContent()).toBe('Designs: lab2');
    await page.locator('[data-testid="designs-list"] li[data-name="lab2"] [data-testid="design-delete"]').click();
    await page.getByTestId('design-delete-ok').click();
    await expect.poll(() => listed(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
