// Real Chromium at 1440×900 against a real agent on the demo host, as a new
// user sees it after `npm start`: at the first fit every node name is drawn
// at least 11 CSS pixels high and hook names are readable where drawn; no two
// jail boxes meet, no jail box covers a node not its own, and no name sits
// under another node; two loads (fresh browser profiles) give the same
// picture; a dragged node keeps its place across a reload without saving a
// design; and a graph too large for a readable fit is shown at a readable zoom
// with a minimap that moves the view. Screenshots of the light and dark
// themes are kept in test-artifacts/.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { requireChromium, runSim, screenshot, useBrowserSession } from './support.js';
import type { RunningAgent } from './support.js';
import { byName, expectReadable, firstRender, geometry, listed, overlaps, positions } from './canvas-steps.js';
import { READABLE_PX, READABLE_ZOOM } from '../../ui/src/lib/graph/geometry.js';

const hasChromium = requireChromium();

/** A page in a browser profile of its own (nothing kept from other loads), on the agent's URL, first render done. */
async function freshLoad(browser: Browser, url: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme });
  const page = await ctx.newPage();
  await page.goto(url);
  await firstRender(page, 20);
  return page;
}

describe.skipIf(!hasChromium)('the canvas at a glance, in Chromium at 1440×900', () => {
  const session = useBrowserSession('e2e-token-canvas-0123');
  let agent: RunningAgent;
  let browser: Browser;
  beforeAll(() => {
    ({ agent, browser } = session);
  });

  it('draws every node name at 11 px or more at the first fit, with nothing drawn over anything else', async () => {
    const page = await freshLoad(browser, agent.url);
    const g = await geometry(page);
    expect(g.nodes.length).toBeGreaterThanOrEqual(20);
    expectReadable(g, READABLE_PX);
    // Hook names: drawn only where readable (10 px and up), and at this zoom they are drawn.
    expect(g.hooks.length).toBeGreaterThan(0);
    for (const h of g.hooks) expect(h.drawn && h.fontPx >= 10, `${h.id}: ${h.fontPx} px`).toBe(true);
    expect(overlaps(g)).toEqual([]);
    // Everything fits: the demo needs no zooming out and no minimap.
    for (const n of g.nodes) expect(n.body.x1 >= 0 && n.body.y1 >= 0 && n.body.x2 <= g.width && n.body.y2 <= g.height, `${n.id} in view`).toBe(true);
    expect(await page.getByTestId('minimap').isVisible()).toBe(false);
    await screenshot(page, 'canvas-demo-light');
    await page.context().close();
  }, 90_000);

  it('gives the same picture on two loads, and keeps the dark theme as readable', async () => {
    const a = await freshLoad(browser, agent.url);
    const first = await positions(a);
    await a.context().close();
    const b = await freshLoad(browser, agent.url, 'dark');
    expect(await positions(b)).toEqual(first);
    const g = await geometry(b);
    expectReadable(g, READABLE_PX);
    expect(overlaps(g)).toEqual([]);
    expect(await b.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(11, 17, 32)');
    await screenshot(b, 'canvas-demo-dark');
    await b.context().close();
  }, 90_000);

  it('keeps a dragged node where it was put across a reload, without saving a design', async () => {
    const page = await freshLoad(browser, agent.url);
    const before = await positions(page);
    const br0 = byName(await listed(page), 'br0');
    const box = await page.getByTestId('canvas').boundingBox();
    if (!box) throw new Error('no canvas');
    await page.mouse.move(box.x + br0.rx, box.y + br0.ry);
    await page.mouse.down();
    await page.mouse.move(box.x + br0.rx + 40, box.y + br0.ry + 20, { steps: 4 });
    await page.mouse.move(box.x + br0.rx + 80, box.y + br0.ry + 40, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => (await positions(page))[br0.id]).not.toEqual(before[br0.id]);
    const dragged = (await positions(page))[br0.id];
    // Kept a moment after the last change (layouts and drags come in bursts).
    await page.waitForTimeout(800);
    await page.reload();
    await firstRender(page, 20);
    const after = await positions(page);
    expect(after[br0.id]).toEqual(dragged);
    for (const [id, p] of Object.entries(before)) if (id !== br0.id) expect(after[id], id).toEqual(p);
    await page.context().close();
  }, 90_000);
});

describe.skipIf(!hasChromium)('a host too large for a readable fit', () => {
  const session = useBrowserSession('e2e-token-canvas-large-01', { demo: false });

  it('shows the top left at a readable zoom, and the minimap moves the view', async () => {
    const { agent, page } = session;
    // 40 bridges with 9 eifaces each, every bridge linked to the next: 400 nodes.
    const lines: string[] = [];
    for (let b = 0; b < 40; b++) {
      lines.push(`mkpeer . bridge b${b} link0`, `name .:b${b} lab${b}`, `msg lab${b}: setpersistent`, `rmhook . b${b}`);
      for (let e = 1; e <= 9; e++) lines.push(`mkpeer lab${b}: eiface link${e} ether`);
    }
    for (let b = 0; b < 39; b++) lines.push(`connect lab${b}: lab${b + 1}: link11 link12`);
    const script = join(dirname(agent.stateFile), 'large.ngctl');
    writeFileSync(script, lines.join('\n') + '\n');
    const r = await runSim(agent.stateFile, ['ngctl', '-f', script]);
    expect(r.code, r.stderr).toBe(0);
    // The agent may still serve the host as it was before the script (it polls less when idle):
    // wait until the page has every node, then load afresh (nothing kept from the partial first picture).
    await page.goto(agent.url);
    await firstRender(page, 400);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await firstRender(page, 400);
    const g = await geometry(page);
    expect(g.zoom).toBeCloseTo(READABLE_ZOOM, 5);
    const inView = g.nodes.filter((n) => n.body.x2 > 0 && n.body.y2 > 0 && n.body.x1 < g.width && n.body.y1 < g.height);
    expect(inView.length).toBeGreaterThan(5);
    expectReadable({ ...g, nodes: inView }, READABLE_PX);
    const minimap = page.getByTestId('minimap');
    await expect.poll(() => minimap.isVisible()).toBe(true);
    await screenshot(page, 'canvas-large-readable');
    // A click on the minimap's far corner brings the far end of the graph into view.
    const mb = await minimap.boundingBox();
    if (!mb) throw new Error('no minimap box');
    const firstX = async (): Promise<number> => (await geometry(page)).nodes[0]!.body.x1;
    const before = await firstX();
    await page.mouse.click(mb.x + mb.width - 8, mb.y + mb.height - 8);
    await expect.poll(firstX).toBeLessThan(before - 200);
    await screenshot(page, 'canvas-large-minimap-moved');
    expect(session.pageErrors).toEqual([]);
  }, 120_000);
});
