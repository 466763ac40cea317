// Real Chromium against a real agent on the demo host: the layered layout
// (uplinks on top, bridges below them, interfaces and jails below those) and
// switching to the force-directed one and back; collapsing a jail to one node
// and expanding it again; focus mode; filters by kind and by jail; find
// highlighting every match; and the legend.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { requireChromium, screenshot, useBrowserSession } from './support.js';
import type { RunningAgent } from './support.js';
import { byName, firstRender, geometry, listed, overlaps, positions } from './canvas-steps.js';

const hasChromium = requireChromium();

const classesOf = async (page: Page, id: string): Promise<string[]> => (await listed(page)).find((i) => i.id === id)?.classes ?? [];

describe.skipIf(!hasChromium)('decluttering the canvas in Chromium', () => {
  const session = useBrowserSession('e2e-token-declutter-01');
  let agent: RunningAgent;
  let page: Page;
  beforeAll(() => {
    ({ agent, page } = session);
  });

  /** A fresh page on the demo host: nothing kept from earlier tests (layout choice, positions). */
  async function fresh(): Promise<void> {
    await page.goto(agent.url);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await firstRender(page, 20);
  }

  it('lays the demo out in tiers, and switches to the force-directed layout and back', async () => {
    await fresh();
    const list = await listed(page);
    const y = (name: string): number => byName(list, name).y;
    expect(y('em0')).toBe(y('em1'));
    expect(y('em0')).toBeLessThan(y('em0bridge'));
    expect(y('br0')).toBe(y('em0bridge'));
    expect(y('em1bridge')).toBe(y('em0bridge'));
    for (const n of ['ng_host', 'ng_test1', 'ng_test2', 'ng0_web', 'e0a_db']) expect(y(n), n).toBeGreaterThan(y('br0'));
    expect(y('e0b_db')).toBeGreaterThan(y('e0a_db'));
    const layered = await positions(page);

    await page.getByTestId('layout-choice').selectOption('force');
    await expect.poll(async () => (await positions(page))[byName(list, 'br0').id]).not.toEqual(layered[byName(list, 'br0').id]);
    expect(overlaps(await geometry(page)).filter((o) => o.startsWith('jail boxes'))).toEqual([]);
    await screenshot(page, 'canvas-declutter-1-force');
    // The choice is kept: a reload lays out with it, the same way again.
    const force = await positions(page);
    await page.evaluate(() => localStorage.removeItem(Object.keys(localStorage).find((k) => k.startsWith('ngstudio.layout.')) ?? ''));
    await page.reload();
    await firstRender(page, 20);
    expect(await page.getByTestId('layout-choice').inputValue()).toBe('force');
    expect(await positions(page)).toEqual(force);

    await page.getByTestId('layout-choice').selectOption('layered');
    await expect.poll(() => positions(page)).toEqual(layered);
    expect(session.pageErrors).toEqual([]);
  }, 120_000);

  it('collapses a jail to one node with a count, and expands it where it was', async () => {
    await fresh();
    const before = await positions(page);
    const members = (await listed(page)).filter((i) => i.parent === 'jail:test1').map((i) => i.id);
    expect(members.length).toBe(2);
    await page.getByTestId('jail-toggle-test1').click();
    await expect.poll(() => classesOf(page, 'jail:test1')).toContain('collapsed');
    const list = await listed(page);
    expect(list.find((i) => i.id === 'jail:test1')?.label).toBe('test1 jail · 2 inside');
    for (const m of members) expect(list.some((i) => i.id === m)).toBe(false);
    // br0's link to ng_test1 now ends at the jail.
    expect(list.some((i) => i.id.startsWith('via:') && /br0 .*link1 — ether test1/.test(i.label))).toBe(true);
    expect(await page.getByTestId('jail-toggle-test1').getAttribute('aria-label')).toBe('Expand jail test1');
    await screenshot(page, 'canvas-declutter-2-collapsed');
    // The rest stayed where it was.
    const collapsed = await positions(page);
    for (const [id, p] of Object.entries(before)) if (!members.includes(id)) expect(collapsed[id], id).toEqual(p);

    await page.getByTestId('jail-toggle-test1').click();
    await expect.poll(() => classesOf(page, 'jail:test1')).not.toContain('collapsed');
    await expect.poll(() => positions(page)).toEqual(before);
    // Collapse all and expand all, from the filter menu.
    await page.getByTestId('filter').click();
    await page.getByTestId('collapse-all').click();
    await expect.poll(async () => (await listed(page)).filter((i) => i.classes.includes('collapsed')).length).toBe(4);
    expect(overlaps(await geometry(page))).toEqual([]);
    await page.getByTestId('expand-all').click();
    await expect.poll(() => positions(page)).toEqual(before);
    await page.getByTestId('filter').click();
    expect(session.pageErrors).toEqual([]);
  }, 120_000);

  it('focuses on the selection and its neighbours, the rest faded, from the button and the o key', async () => {
    await fresh();
    const list = await listed(page);
    const br0 = byName(list, 'br0').id;
    await page.locator(`[data-testid="canvas-elements"] li[data-id="${br0}"] button`).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('focus').click();
    const near = ['br0', 'ng_host', 'ng_test1', 'ng_test2'].map((n) => byName(list, n).id);
    await expect.poll(() => classesOf(page, byName(list, 'em0').id)).toContain('dimmed');
    for (const id of [...near, 'jail:test1', 'jail:test2']) expect(await classesOf(page, id), id).not.toContain('dimmed');
    for (const n of ['em0bridge', 'e0b_db', 'ng0_web']) expect(await classesOf(page, byName(list, n).id), n).toContain('dimmed');
    await screenshot(page, 'canvas-declutter-3-focus');
    // o turns it off (the page has the keyboard, not a field).
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('o');
    await expect.poll(async () => (await listed(page)).filter((i) => i.classes.includes('dimmed')).length).toBe(0);
    expect(await page.getByTestId('focus').getAttribute('aria-pressed')).toBe('false');
    expect(session.pageErrors).toEqual([]);
  }, 90_000);

  it('hides kinds and jails from the filter menu, keeping everything in place, and shows them again', async () => {
    await fresh();
    const before = await positions(page);
    await page.getByTestId('filter').click();
    await page.getByTestId('filter-kind-loopback').uncheck();
    await page.getByTestId('filter-jail-web').uncheck();
    await expect.poll(() => page.getByTestId('filter').textContent()).toBe('Filter (2 hidden)');
    // The element list follows the canvas a moment later (it waits for the view to settle).
    await expect.poll(() => classesOf(page, 'jail:web')).toContain('filtered');
    const list = await listed(page);
    const lo0s = list.filter((i) => i.label.startsWith('lo0 '));
    expect(lo0s.length).toBe(5);
    for (const l of lo0s) expect(l.classes).toContain('filtered');
    expect(list.find((i) => i.id === 'jail:web')?.classes).toContain('filtered');
    // Not drawn: the measured canvas has none of them.
    const drawnIds = (await geometry(page)).nodes.map((n) => n.id);
    for (const id of [...lo0s.map((l) => l.id), 'jail:web', byName(list, 'ng0_web').id]) expect(drawnIds).not.toContain(id);
    expect(drawnIds).toContain(byName(list, 'br0').id);
    await screenshot(page, 'canvas-declutter-4-filtered');
    await page.getByTestId('filter-reset').click();
    await expect.poll(async () => (await listed(page)).filter((i) => i.classes.includes('filtered')).length).toBe(0);
    expect(await positions(page)).toEqual(before);
    await page.getByTestId('filter').click();
    expect(session.pageErrors).toEqual([]);
  }, 90_000);

  it('highlights every node find matches, selects the first and centres it; shows the legend', async () => {
    await fresh();
    await page.getByTestId('search').fill('ng_test');
    await page.getByTestId('search').press('Enter');
    const list = await listed(page);
    const [t1, t2] = [byName(list, 'ng_test1').id, byName(list, 'ng_test2').id];
    await expect.poll(() => classesOf(page, t1)).toContain('found');
    expect(await classesOf(page, t2)).toContain('found');
    expect(await classesOf(page, byName(list, 'ng_host').id)).not.toContain('found');
    await expect.poll(() => page.getByTestId('field-name').inputValue()).toBe('ng_test1');
    const box = await page.getByTestId('canvas').boundingBox();
    if (!box) throw new Error('no canvas');
    await expect.poll(async () => {
      const i = (await listed(page)).find((x) => x.id === t1);
      return i ? Math.abs(i.rx - box.width / 2) <= 2 && Math.abs(i.ry - box.height / 2) <= 2 : false;
    }).toBe(true);
    // Typing again clears the highlight.
    await page.getByTestId('search').fill('ng_');
    await expect.poll(() => classesOf(page, t1)).not.toContain('found');

    await page.getByTestId('legend-toggle').click();
    const legend = page.getByTestId('legend');
    await expect.poll(() => legend.isVisible()).toBe(true);
    const text = (await legend.textContent()) ?? '';
    for (const k of ['ng_bridge', 'if_bridge', 'uplink', 'ng_eiface', 'epair', 'ng_hub', 'ng_vlan', 'ng_one2many', 'ng_tee', 'ng_pipe', 'ng_ksocket', 'vnet jail', 'interface down', 'no carrier']) expect(text).toContain(k);
    expect(await legend.locator('img').count()).toBeGreaterThanOrEqual(12);
    await screenshot(page, 'canvas-declutter-5-legend');
    await page.getByTestId('legend-toggle').click();
    await expect.poll(() => legend.count()).toBe(0);
    expect(session.pageErrors).toEqual([]);
  }, 90_000);
});
