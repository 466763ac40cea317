// Real Chromium against a real agent on the emulated host: the page shows the
// demo topology, follows a change made by an emulated ngctl on the same state
// file without a reload and without moving what did not change, and says
// plainly when its token is refused.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { canvasLabels, requireChromium, runSim, screenshot, useBrowserSession } from './support.js';
import type { RunningAgent } from './support.js';

const hasChromium = requireChromium();

interface Item {
  id: string;
  label: string;
  parent: string;
  x: number;
  y: number;
}

/** The canvas's elements as the page lists them (offscreen list filled from what Cytoscape holds). */
async function items(page: Page): Promise<Item[]> {
  return page.locator('[data-testid="canvas-elements"] li').evaluateAll((lis) =>
    lis.map((li) => ({
      id: li.getAttribute('data-id') ?? '',
      label: li.textContent ?? '',
      parent: li.getAttribute('data-parent') ?? '',
      x: Number(li.getAttribute('data-x')),
      y: Number(li.getAttribute('data-y')),
    })),
  );
}

/** The element whose label starts with `name` (node labels are "name type …"). */
const named = (list: Item[], name: string): Item | undefined => list.find((i) => i.label.split(' ')[0] === name);

describe.skipIf(!hasChromium)('the live view in Chromium', () => {
  const session = useBrowserSession();
  let agent: RunningAgent | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors = session.pageErrors;
  beforeAll(() => {
    ({ agent, page, browser } = session);
  });

  it('shows the demo host: names, jails containing their interfaces, the emulated-host badge', async () => {
    if (!agent) throw new Error('no agent');
    await page.goto(agent.url);
    await expect.poll(async () => (await canvasLabels(page)).length, { timeout: 20_000 }).toBeGreaterThan(10);
    const list = await items(page);
    const names = ['br0', 'ng_host', 'ng_test1', 'ng_test2', 'em0', 'em0bridge', 'ng0_web', 'em1bridge', 'e0a_db', 'e0b_db'];
    for (const n of names) expect(named(list, n), `${n} on the canvas`).toBeDefined();
    for (const j of ['test1', 'test2', 'web', 'db']) expect(list.some((i) => i.id === `jail:${j}`), `jail ${j}`).toBe(true);
    expect(named(list, 'ng_test1')?.parent).toBe('jail:test1');
    expect(named(list, 'ng_test2')?.parent).toBe('jail:test2');
    expect(named(list, 'ng0_web')?.parent).toBe('jail:web');
    expect(named(list, 'e0b_db')?.parent).toBe('jail:db');
    expect(named(list, 'ng_host')?.parent).toBe('');
    // The host's lo0 (no link, no jail) sits just below the rest, not packed off far away.
    const lo0 = list.find((i) => i.label.startsWith('lo0 ') && i.parent === '' && !Number.isNaN(i.x));
    if (!lo0) throw new Error("no host lo0 on the canvas");
    const others = list.filter((i) => i !== lo0 && !i.id.startsWith('jail:') && !Number.isNaN(i.x) && !Number.isNaN(i.y));
    const [lowest, left, right] = [Math.max(...others.map((o) => o.y)), Math.min(...others.map((o) => o.x)), Math.max(...others.map((o) => o.x))];
    expect(lo0.y - lowest, `lo0 at ${lo0.x},${lo0.y}; the rest down to y ${lowest}`).toBeLessThan(250);
    expect(lo0.x >= left - 150 && lo0.x <= right + 150, `lo0 at x ${lo0.x}; the rest from ${left} to ${right}`).toBe(true);
    // Hook names at both ends of a link: br0's link to ng_host.
    expect(list.some((i) => /^br0 bridge link\d+ — ether ng_host /.test(i.label) || /^ng_host .* ether — link\d+ br0 /.test(i.label))).toBe(true);
    await expect.poll(() => page.getByTestId('connection').getAttribute('data-state')).toBe('open');
    expect(await page.getByTestId('emulated').isVisible()).toBe(true);
    await screenshot(page, 'live-view-demo');
    expect(pageErrors).toEqual([]);
  });

  it('draws the same host in the dark colour scheme', async () => {
    if (!agent || !browser) throw new Error('no agent');
    const dark = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
    await dark.goto(agent.url);
    await expect.poll(async () => (await canvasLabels(dark)).length, { timeout: 20_000 }).toBeGreaterThan(10);
    const bg = await dark.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(11, 17, 32)');
    await screenshot(dark, 'live-view-demo-dark');
    await dark.close();
  });

  it('follows an emulated ngctl mkpeer on the same state file, without reload or moving the rest', async () => {
    if (!agent) throw new Error('no agent');
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    const before = await items(page);
    const r = await runSim(agent.stateFile, ['ngctl', 'mkpeer', 'em0bridge:', 'eiface', 'link3', 'ether']);
    expect(r, r.stderr).toMatchObject({ code: 0 });
    // The new eiface names itself ngethN; its link carries the hook names link3 and ether.
    await expect
      .poll(async () => (await canvasLabels(page)).some((l) => /em0bridge bridge link3 — ether ngeth\d+ eiface/.test(l) || /ngeth\d+ .*ether — link3 em0bridge/.test(l)), { timeout: 10_000 })
      .toBe(true);
    const after = await items(page);
    expect(after.find((i) => /^ngeth\d+ eiface/.test(i.label))).toBeDefined();
    for (const b of before) {
      if (b.id.startsWith('jail:')) continue; // compound boxes follow their children
      const a = after.find((i) => i.id === b.id);
      expect(a, `${b.id} still there`).toBeDefined();
      expect({ id: b.id, x: a?.x, y: a?.y }).toEqual({ id: b.id, x: b.x, y: b.y });
    }
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    await screenshot(page, 'live-view-after-mkpeer');
    expect(pageErrors).toEqual([]);
  });

  it('moves an interface into its jail on the canvas when ifconfig moves it into the vnet', async () => {
    if (!agent) throw new Error('no agent');
    const eiface = (await items(page)).find((i) => /^ngeth\d+ eiface/.test(i.label));
    if (!eiface) throw new Error('the eiface from the previous test is not on the canvas');
    const ifname = eiface.label.split(' ')[0] as string;
    const r = await runSim(agent.stateFile, ['ifconfig', ifname, 'vnet', 'test1']);
    expect(r, r.stderr).toMatchObject({ code: 0 });
    // Same element (same netgraph node), now inside the jail's compound box.
    await expect.poll(async () => (await items(page)).find((i) => i.id === eiface.id)?.parent, { timeout: 10_000 }).toBe('jail:test1');
    await screenshot(page, 'live-view-after-vnet-move');
    expect(pageErrors).toEqual([]);
  });

  it('shows everything known about an element selected from the accessible element list', async () => {
    const br0 = named(await items(page), 'br0');
    if (!br0) throw new Error('br0 not on the canvas');
    // Keyboard path: the offscreen list holds one button per canvas element.
    await page.locator(`[data-testid="canvas-elements"] li[data-id="${br0.id}"] button`).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('inspector').textContent()).toContain('Netgraph node br0');
    const text = (await page.getByTestId('inspector').textContent()) ?? '';
    expect(text).toMatch(/hook link0\s*→ ng_host:ether \(eiface\)/);
    await screenshot(page, 'live-view-inspector');
  });

  it('says so when the token is refused', async () => {
    if (!agent || !browser) throw new Error('no agent');
    const p = await browser.newPage();
    await p.goto(agent.url.replace(/token=[^&]+/, 'token=wrong'));
    await expect.poll(() => p.getByTestId('connection').getAttribute('data-state'), { timeout: 15_000 }).toBe('refused');
    expect(await p.getByTestId('status').textContent()).toContain('token');
    await p.close();
  });
});
