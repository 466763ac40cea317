// Real Chromium against a real agent on the demo host: the jails panel
// defines a vnet jail `lab` on a new eiface of br0 through its form (errors
// shown at the field while typing), starts it, runs ifconfig in it from the
// console, stops it (the eiface comes back to the host on the canvas) and
// removes it; a failing start shows its command and stderr at the jail's row.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { canvasLabels, requireChromium, runSim, screenshot, useBrowserSession } from './support.js';
import type { RunningAgent } from './support.js';

const hasChromium = requireChromium();

/** The canvas parent (jail compound id, or '') of the node whose label starts with `name`. */
async function parentOf(page: Page, name: string): Promise<string | undefined> {
  const all = await page.locator('[data-testid="canvas-elements"] li').evaluateAll((lis) =>
    lis.map((li) => ({ label: li.textContent ?? '', parent: li.getAttribute('data-parent') ?? '' })),
  );
  return all.find((i) => i.label.split(' ')[0] === name)?.parent;
}

/** Runs an emulated command on the agent's state file; fails the test on a non-zero exit. */
async function sim(agent: RunningAgent, argv: string[]): Promise<string> {
  const r = await runSim(agent.stateFile, argv);
  if (r.code !== 0) throw new Error(`${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

describe.skipIf(!hasChromium)('the jails panel in Chromium', () => {
  const session = useBrowserSession('e2e-token-jails-0123456');
  let agent: RunningAgent | undefined;
  let page: Page;
  const pageErrors = session.pageErrors;
  const row = (name: string): Locator => page.locator(`[data-testid="jail-row"][data-jail="${name}"]`);
  beforeAll(() => {
    ({ agent, page } = session);
  });

  it('prepares an eiface ng_lab on br0 with the emulated ngctl and ifconfig', async () => {
    if (!agent) throw new Error('no agent');
    await page.goto(agent.url);
    await expect.poll(async () => (await canvasLabels(page)).length, { timeout: 20_000 }).toBeGreaterThan(10);
    await sim(agent, ['ngctl', 'mkpeer', 'br0:', 'eiface', 'link3', 'ether']);
    await sim(agent, ['ngctl', 'name', 'br0:link3', 'ng_lab']);
    // facts §1: `Args:<TAB>"ngethN"` is the interface name the eiface chose.
    const ifname = /^Args:\t"(ngeth\d+)"$/m.exec(await sim(agent, ['ngctl', 'msg', 'ng_lab:', 'getifname']))?.[1];
    if (!ifname) throw new Error('getifname gave no ngethN name');
    await sim(agent, ['ifconfig', ifname, 'name', 'ng_lab']);
    await expect.poll(() => parentOf(page, 'ng_lab'), { timeout: 10_000 }).toBe('');
  });

  it('opens the panel listing the demo jails with live state badges', async () => {
    await page.getByTestId('jails').click();
    await expect.poll(() => page.getByTestId('jail-row').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
    for (const j of ['test1', 'test2', 'web', 'db']) expect(await row(j).getAttribute('data-state')).toBe('running');
    expect(await row('web').getByTestId('jail-state').textContent()).toBe('running');
    await screenshot(page, 'jails-list');
    expect(pageErrors).toEqual([]);
  });

  it('checks the New jail form as the user types, with the error at the field', async () => {
    await page.getByTestId('jail-new').click();
    const name = page.getByTestId('jail-name');
    await name.fill('42');
    await expect.poll(() => page.getByTestId('jail-form-error-name').textContent()).toMatch(/is a number and would be taken as a JID/);
    await name.fill('web');
    await expect.poll(() => page.getByTestId('jail-form-error-name').textContent()).toMatch(/already exists/);
    await page.getByTestId('jail-path').fill('jails/lab');
    await expect.poll(() => page.getByTestId('jail-form-error-path').textContent()).toMatch(/not an absolute path/);
    await screenshot(page, 'jails-form-errors');
    await name.fill('lab');
    await page.getByTestId('jail-path').fill('/');
    expect(await page.getByTestId('jail-form-error-name').count()).toBe(0);
    expect(await page.getByTestId('jail-form-error-path').count()).toBe(0);
  });

  it('creates and starts the vnet jail lab with ng_lab from the form', async () => {
    if (!agent) throw new Error('no agent');
    await expect.poll(() => page.getByTestId('jail-vnet').isChecked()).toBe(true);
    await expect.poll(() => page.getByTestId('jail-persist').isChecked()).toBe(true);
    const pick = page.getByTestId('jail-interfaces').getByLabel('ng_lab', { exact: true });
    await pick.check();
    await screenshot(page, 'jails-form-filled');
    await page.getByTestId('jail-create-start').click();
    await expect.poll(() => row('lab').getAttribute('data-state'), { timeout: 15_000 }).toBe('running');
    await expect.poll(() => page.getByTestId('jail-form').count()).toBe(0);
    expect(await page.getByTestId('jail-error').count()).toBe(0);
    await expect.poll(() => parentOf(page, 'ng_lab'), { timeout: 10_000 }).toBe('jail:lab');
    expect(await sim(agent, ['jls', 'name'])).toMatch(/^lab$/m);
    await screenshot(page, 'jails-started');
  });

  it('runs ifconfig in the jail from its console: ng_lab in the output, exit status 0', async () => {
    await row('lab').getByTestId('jail-console-open').click();
    const c = page.getByTestId('jail-console');
    expect(await c.getAttribute('data-jail')).toBe('lab');
    await page.getByTestId('jail-command').fill('ifconfig');
    await page.getByTestId('jail-run').click();
    const run = c.getByTestId('jail-run-result').first();
    await expect.poll(() => run.getAttribute('data-code'), { timeout: 10_000 }).toBe('0');
    expect(await run.getByTestId('jail-stdout').textContent()).toMatch(/^ng_lab: flags=/m);
    expect(await run.getByTestId('jail-exit').textContent()).toBe('exit status 0');
    // A failing command is a result with its status and stderr, not an error.
    await page.getByTestId('jail-command').fill('ifconfig nosuch0');
    await page.getByTestId('jail-run').click();
    await expect.poll(() => c.getByTestId('jail-run-result').count()).toBe(2);
    const bad = c.getByTestId('jail-run-result').first();
    expect(await bad.getAttribute('data-code')).not.toBe('0');
    expect(await bad.getByTestId('jail-stderr').textContent()).toMatch(/nosuch0/);
    await screenshot(page, 'jails-console');
    expect(pageErrors).toEqual([]);
  });

  it('stops lab: ng_lab is back on the host on the canvas', async () => {
    await row('lab').getByTestId('jail-stop').click();
    await expect.poll(() => row('lab').getAttribute('data-state'), { timeout: 15_000 }).toBe('stopped');
    await expect.poll(() => parentOf(page, 'ng_lab'), { timeout: 10_000 }).toBe('');
    await screenshot(page, 'jails-stopped');
  });

  it('removes lab after a confirmation; it leaves the list', async () => {
    if (!agent) throw new Error('no agent');
    await row('lab').getByTestId('jail-remove').click();
    const confirm = row('lab').getByTestId('jail-confirm');
    expect(await confirm.textContent()).toMatch(/Remove lab\?.*lab\.conf/);
    await screenshot(page, 'jails-confirm-remove');
    await row('lab').getByTestId('jail-confirm-remove').click();
    await expect.poll(() => row('lab').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.getByTestId('jail-row').count()).toBe(4);
    await screenshot(page, 'jails-removed');
    expect(pageErrors).toEqual([]);
  });

  it('shows a failing start at the jail row with the command and its stderr', async () => {
    await page.getByTestId('jail-new').click();
    await page.getByTestId('jail-name').fill('broken');
    await page.getByTestId('jail-extra-interfaces').fill('ng_nosuch');
    await page.getByTestId('jail-create-start').click();
    const err = page.locator('[data-testid="jail-error"][data-jail="broken"]');
    await expect.poll(() => err.count(), { timeout: 15_000 }).toBe(1);
    expect(await err.textContent()).toMatch(/^\s*start failed/);
    expect(await err.textContent()).toMatch(/\$ jail -f \S+\/jail\.conf\.d\/broken\.conf -c broken\s+\(exit status 1\)/);
    // The definition is stored (and listed) although it did not start; the form closed.
    await expect.poll(() => page.getByTestId('jail-form').count()).toBe(0);
    expect(await err.getByTestId('jail-error-stderr').textContent()).toMatch(/ng_nosuch/);
    expect(await row('broken').getAttribute('data-state')).toBe('stopped');
    await screenshot(page, 'jails-start-failed');
    expect(pageErrors).toEqual([]);
  });
});
