// Real Chromium against a real agent: the Designs menu's "at boot" toggle puts
// stored designs on the boot list that `ngstudio boot` applies after a reboot
// (<data-dir>/boot.json, in order), reflects it after a reload, refuses a
// design that no longer validates (in words, the box back as it was), and a
// deleted design leaves the boot list.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { openStore } from '../../agent/store/index.js';
import { requireChromium, screenshot, useBrowserSession } from './support.js';
import type { RunningAgent } from './support.js';
import { connected } from './designer-steps.js';
import { wiki } from '../shared/plan/helpers.js';

const hasChromium = requireChromium();

/** The boot list as the agent keeps it on disk (empty when there is no file yet). */
function bootList(dataDir: string): string[] {
  const file = join(dataDir, 'boot.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { designs: string[] }).designs : [];
}

const box = (page: Page, name: string) => page.locator(`[data-testid="designs-list"] li[data-name="${name}"] [data-testid="design-boot"]`);

/** Which listed designs have "at boot" ticked, by name. */
const ticked = (page: Page): Promise<string[]> =>
  page.locator('[data-testid="designs-list"] li').evaluateAll((lis) =>
    lis.filter((li) => (li.querySelector('[data-testid="design-boot"]') as HTMLInputElement | null)?.checked).map((li) => li.getAttribute('data-name') ?? ''),
  );

describe.skipIf(!hasChromium)('designs applied at boot, in Chromium', () => {
  const session = useBrowserSession('e2e-token-designs-boot-0123', { demo: false });
  let agent: RunningAgent | undefined;
  let page: Page;
  let dataDir = '';
  beforeAll(() => {
    ({ agent, page } = session);
    if (agent) dataDir = join(dirname(agent.stateFile), 'data');
  });

  it('toggles "at boot" per stored design; the data folder\'s boot list follows, in order', async () => {
    if (!agent) throw new Error('no agent');
    // Stored from a terminal (or an earlier session): the menu lists what is on disk.
    const store = await openStore(dataDir);
    for (const name of ['lab', 'web', 'broken']) await store.putDesign(name, wiki);
    await page.goto(agent.url);
    await connected(page);
    await page.getByTestId('designs').click();
    await expect.poll(() => page.locator('[data-testid="designs-list"] li').count()).toBe(3);
    expect(await ticked(page)).toEqual([]);

    await box(page, 'web').check();
    await expect.poll(() => bootList(dataDir)).toEqual(['web']);
    await box(page, 'lab').check();
    await expect.poll(() => bootList(dataDir)).toEqual(['web', 'lab']);
    await expect.poll(() => page.locator('li[data-name="lab"] label.boot').textContent()).toMatch(/at boot #2/);
    await box(page, 'web').uncheck();
    await expect.poll(() => bootList(dataDir)).toEqual(['lab']);
    expect(await ticked(page)).toEqual(['lab']);

    // Hand-edited into something that no longer validates: enabling it is refused, in words.
    writeFileSync(join(dataDir, 'designs', 'broken.json'), JSON.stringify({ ...wiki, nodes: [{ name: 'br:0', type: 'bridge' }], links: [], jails: [] }));
    await box(page, 'broken').click();
    await expect.poll(() => page.getByTestId('designs-error').textContent()).toMatch(/enabling broken at boot failed: .*broken\.json is broken: nodes\[0\]\.name/);
    await expect.poll(() => box(page, 'broken').isChecked()).toBe(false);
    expect(bootList(dataDir)).toEqual(['lab']);
    await screenshot(page, 'designer-boot-1-menu');

    // After a reload the menu shows the boot list as it is on disk.
    await page.reload();
    await connected(page);
    await page.getByTestId('designs').click();
    await expect.poll(() => ticked(page)).toEqual(['lab']);

    // A deleted design leaves the boot list.
    await page.locator('[data-testid="designs-list"] li[data-name="lab"] [data-testid="design-delete"]').click();
    await page.getByTestId('design-delete-ok').click();
    await expect.poll(() => page.locator('[data-testid="designs-list"] li').count()).toBe(2);
    expect(bootList(dataDir)).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  }, 180_000);
});
