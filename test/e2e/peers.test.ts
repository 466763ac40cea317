// Real Chromium against two real agents on two emulated hosts with different
// names, the first started with --peer pointing at the second: the page draws
// both hosts as regions named after their hosts, the peer's elements inside
// its region, a live chip for the peer, and follows an emulated ngctl on the
// second host without a reload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureUiBuilt, launchChromium, requireChromium, runSim, screenshot, startAgent, type RunningAgent } from './support.js';

const hasChromium = requireChromium();

interface Item {
  id: string;
  group: string;
  label: string;
  parent: string;
}

async function items(page: Page): Promise<Item[]> {
  return page.locator('[data-testid="canvas-elements"] li').evaluateAll((lis) =>
    lis.map((li) => ({ id: li.getAttribute('data-id') ?? '', group: li.getAttribute('data-group') ?? '', label: li.textContent ?? '', parent: li.getAttribute('data-parent') ?? '' })),
  );
}

describe.skipIf(!hasChromium)('two hosts in one view', () => {
  let alpha: RunningAgent | undefined;
  let beta: RunningAgent | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureUiBuilt();
    beta = await startAgent('beta-token-0123456789abcdef', { hostname: 'beta.lab' });
    alpha = await startAgent('alpha-token-0123456789abcdef', { hostname: 'alpha.lab', args: ['--peer', beta.url] });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => void (m.type() === 'error' && pageErrors.push(m.text())));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await alpha?.stop();
    await beta?.stop();
  });

  it('draws both hosts as named regions, each holding its own elements, and a live chip for the peer', async () => {
    await page.goto(alpha!.url);
    await expect.poll(async () => (await items(page)).some((i) => i.id === 'host:peer1' && i.label.startsWith('beta.lab')), { timeout: 30_000 }).toBe(true);
    const list = await items(page);
    const local = list.find((i) => i.id === 'host:local')!;
    expect(local.label).toMatch(/^alpha\.lab · \S+ · emulated$/);
    expect(list.find((i) => i.id === 'host:peer1')!.label).toMatch(/^beta\.lab · \S+ · emulated$/);
    // Both hosts run the demo: br0 twice, once per region, under different ids.
    const br0 = list.filter((i) => i.group === 'nodes' && i.label.split(' ')[0] === 'br0');
    expect(br0.map((i) => i.parent).sort()).toEqual(['host:local', 'host:peer1']);
    expect(br0.find((i) => i.parent === 'host:peer1')!.id).toMatch(/^peer1\/ng:/);
    // A peer's jail holds its interface, inside the peer's region.
    const jail = list.find((i) => i.id === 'peer1/jail:test1')!;
    expect(jail.parent).toBe('host:peer1');
    expect(list.find((i) => i.label.split(' ')[0] === 'ng_test1' && i.id.startsWith('peer1/'))!.parent).toBe('peer1/jail:test1');
    const chip = page.locator('[data-testid="peer-chip"][data-peer="peer1"]');
    await expect.poll(() => chip.getAttribute('data-state')).toBe('live');
    expect(await chip.textContent()).toContain('beta.lab');
    expect(await chip.getAttribute('title')).not.toContain('token');
    await page.waitForTimeout(500);
    await screenshot(page, 'peers-two-hosts');
  });

  it('follows a change on the second host (emulated ngctl) inside its region', async () => {
    const eifaces = async (peer: boolean): Promise<number> =>
      (await items(page)).filter((i) => i.group === 'nodes' && i.id.startsWith('peer1/') === peer && /\beiface\b/.test(i.label)).length;
    const [theirs, ours] = [await eifaces(true), await eifaces(false)];
    expect(theirs).toBe(ours);
    const r = await runSim(beta!.stateFile, ['ngctl', 'mkpeer', 'br0:', 'eiface', 'link9', 'ether']);
    expect(r.code, r.stderr).toBe(0);
    await expect.poll(() => eifaces(true), { timeout: 20_000 }).toBe(theirs + 1);
    // The new one sits in the second host's region; the local host did not get one.
    const added = (await items(page)).filter((i) => i.group === 'nodes' && i.id.startsWith('peer1/') && i.parent === 'host:peer1' && /^ngeth\d/.test(i.label));
    expect(added).toHaveLength(1);
    expect(await eifaces(false)).toBe(ours);
    await screenshot(page, 'peers-two-hosts-after-mkpeer');
    expect(pageErrors).toEqual([]);
  });
});
