// Real Chromium against a real agent on an empty emulated host: a design built
// by drag and drop fails to apply at a known step (a fault injected into the
// emulated host's state file); the plan drawer marks that step, shows the
// command's exact stderr and what the rollback undid, and the host read back
// through the emulated commands is what it was before. An apply cancelled while
// a slow step runs stops there and is undone the same way. Then a plan that
// destroys something asks first, listing what it destroys, and shows each
// step's progress.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { withState } from '../../agent/host/sim/store.js';
import { requireChromium, screenshot, useBrowserSession } from './support.js';
import type { RunningAgent } from './support.js';
import { buildBridgeWithTwo, clickElement, connected, hostText, idByName, ids } from './designer-steps.js';

const hasChromium = requireChromium();
const STDERR = 'ifconfig: ioctl SIOCSIFNAME (set name): File exists\n';

/** The host as text, without ngctl's own socket node (its name and ID change with every ngctl run). */
const withoutSockets = (t: string): string => t.split('\n').filter((l) => !/Type: socket/.test(l)).join('\n');

describe.skipIf(!hasChromium)('apply failures and confirmations in Chromium', () => {
  const session = useBrowserSession('e2e-token-failure-0123', { demo: false });
  let agent: RunningAgent | undefined;
  let page: Page;
  const pageErrors = session.pageErrors;
  beforeAll(() => {
    ({ agent, page } = session);
  });

  it('shows a failed apply at its step, with the stderr and the rollback, and leaves the host as it was', async () => {
    if (!agent) throw new Error('no agent');
    const stateFile = agent.stateFile;
    await page.goto(agent.url);
    await connected(page);
    const before = withoutSockets(await hostText(stateFile));
    await buildBridgeWithTwo(page);
    // The second interface rename fails the way FreeBSD's ifconfig does when the name is taken.
    await withState(stateFile, (s) => {
      s.faults = [{ match: ['ifconfig', 'ngeth1', 'name', 'ng_b'], code: 1, stderr: STDERR }];
      s.generation++;
    });
    await page.getByTestId('plan').click();
    await expect.poll(() => page.getByTestId('plan-steps').textContent(), { timeout: 10_000 }).toMatch(/mkpeer/);
    const failing = page.locator('[data-testid="plan-steps"] li.step', { hasText: 'name the new interface ng_b' });
    const failingStep = await failing.getAttribute('data-step');
    await page.getByTestId('apply').click();
    await expect.poll(() => page.getByTestId('apply-result').getAttribute('data-ok'), { timeout: 30_000 }).toBe('false');
    await screenshot(page, 'designer-failure-1-failed');

    // The failing step is marked, and it is the only one.
    expect(await failing.getAttribute('data-status')).toBe('failed');
    expect(await page.locator('[data-testid="plan-steps"] li.step[data-status="failed"]').count()).toBe(1);
    expect(await page.getByTestId('apply-failed-step').textContent()).toContain(`step ${failingStep}`);
    // The exact command and its stderr.
    const stderr = (await page.getByTestId('apply-stderr').textContent()) ?? '';
    expect(stderr).toContain('$ ifconfig ngeth1 name ng_b');
    expect(stderr).toContain(STDERR.trimEnd());
    // …and at the step itself.
    expect(await failing.getByTestId('step-stderr').textContent()).toBe(STDERR);
    // What the rollback undid, in words: the netgraph nodes and the first rename.
    const undone = (await page.getByTestId('apply-undone').textContent()) ?? '';
    expect(undone).toMatch(/ng_a/);
    expect(undone).toMatch(/br0/);
    expect(await page.locator('[data-testid="apply-leftovers"]').count()).toBe(0);

    // The host is as it was before the apply.
    expect(withoutSockets(await hostText(stateFile))).toBe(before);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('cancels a running apply: the rest does not run, what was done is undone, the host is as it was', async () => {
    if (!agent) throw new Error('no agent');
    const stateFile = agent.stateFile;
    const before = withoutSockets(await hostText(stateFile));
    // The failed apply left the design as the host is: build again.
    await buildBridgeWithTwo(page);
    // The first interface rename is slow: time to press Cancel while it runs.
    await withState(stateFile, (s) => {
      s.faults = [{ match: ['ifconfig', 'ngeth0', 'name', 'ng_a'], code: 0, stderr: '', sleepMs: 1500 }];
      s.generation++;
    });
    await page.getByTestId('plan').click();
    await expect.poll(() => page.getByTestId('plan-steps').textContent(), { timeout: 10_000 }).toMatch(/name the new interface ng_b/);
    const notRun = await page.locator('[data-testid="plan-steps"] li.step', { hasText: 'name the new interface ng_b' }).getAttribute('data-step');
    const slow = await page.locator('[data-testid="plan-steps"] li.step', { hasText: 'name the new interface ng_a' }).getAttribute('data-step');
    await page.getByTestId('apply').click();
    // Cancel while the slow rename runs (on a busy machine the steps before it may take a while too).
    await expect.poll(() => page.getByTestId('apply-progress').textContent(), { timeout: 30_000 }).toMatch(new RegExp(`step ${slow} running`));
    await page.getByTestId('apply-cancel').click();
    await expect.poll(() => page.getByTestId('apply-result').getAttribute('data-ok'), { timeout: 30_000 }).toBe('false');
    const said = page.getByTestId('apply-failed-step');
    expect(await said.getAttribute('data-cancelled')).toBe('true');
    expect(await said.textContent()).toContain(`step ${notRun} (name the new interface ng_b) and those after it did not run`);
    expect(await page.getByTestId('apply-undone').textContent()).toMatch(/br0/);
    expect(await page.getByTestId('apply-restored').count()).toBe(1);
    expect(await page.getByTestId('apply-cancel').count()).toBe(0);
    await screenshot(page, 'designer-failure-2-cancelled');
    expect(withoutSockets(await hostText(stateFile))).toBe(before);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('asks before destroying, listing what goes, and shows per-step progress', async () => {
    if (!agent) throw new Error('no agent');
    // The failed apply left the design as the host is: build again, this time without a fault.
    await buildBridgeWithTwo(page);
    await page.getByTestId('plan').click();
    await expect.poll(() => page.getByTestId('plan-steps').textContent(), { timeout: 10_000 }).toMatch(/mkpeer/);
    await page.getByTestId('apply').click();
    await expect.poll(() => page.getByTestId('apply-result').getAttribute('data-ok'), { timeout: 30_000 }).toBe('true');
    // Every step reported its progress and ended done.
    const statuses = await page.locator('[data-testid="plan-steps"] li.step').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-status')));
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(['done']));
    expect(await page.getByTestId('apply-progress').textContent()).toMatch(/(\d+) of \1/);

    // Delete ng_b on the canvas: the plan destroys it, and Apply asks first.
    await expect.poll(() => idByName(page, 'ng_b'), { timeout: 10_000 }).toMatch(/^ng:/);
    const ngB = (await idByName(page, 'ng_b')) as string;
    await clickElement(page, ngB);
    await page.keyboard.press('Delete');
    await page.getByTestId('replan').click();
    await expect.poll(() => page.locator('[data-testid="plan-steps"] li.step[data-impact="destroy"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.getByTestId('apply').click();
    const dialog = page.getByTestId('confirm');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    const listed = (await page.getByTestId('confirm-destroys').textContent()) ?? '';
    expect(listed).toMatch(/ng_b/);
    await screenshot(page, 'designer-failure-2-confirm');
    // Nothing ran yet.
    expect(await page.locator('[data-testid="apply-result"]').count()).toBe(0);
    await page.getByTestId('confirm-apply').click();
    await expect.poll(() => page.getByTestId('apply-result').getAttribute('data-ok'), { timeout: 30_000 }).toBe('true');
    await expect.poll(() => ids(page), { timeout: 10_000 }).not.toContain(ngB);
    expect(await idByName(page, 'ng_b')).toBeNull();
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
