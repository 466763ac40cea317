// Real Chromium against a real agent on an empty emulated host: the
// designer's inspector form per kind. Each field shows its rule in words, is
// checked by the shared design rules while the user types (the error at the
// field, before Enter), refuses to commit a bad draft (the design, the canvas
// and the plan keep the old value), puts the committed value back on Escape,
// and commits a good one as one undo step — read back from the JSON export.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { requireChromium, screenshot, useBrowserSession } from './support.js';
import type { RunningAgent } from './support.js';
import { clickElement, connected, drop, ids } from './designer-steps.js';
import type { Design } from '../../shared/design/types.js';
import { IF_NAME_MAX } from '../../shared/model/names.js';

const hasChromium = requireChromium();

/** The label of canvas element `id`, as the offscreen element list has it. */
async function label(page: Page, id: string): Promise<string> {
  return (await page.locator(`[data-testid="canvas-elements"] li[data-id="${id}"]`).textContent()) ?? '';
}

/** The design as the export dialog's JSON shows it (the dialog is closed again). */
async function exported(page: Page): Promise<Design> {
  await page.getByTestId('export').click();
  await page.getByTestId('export-format-json').check();
  const pre = page.getByTestId('export-text');
  await expect.poll(async () => `${await pre.getAttribute('data-format')} ${await pre.getAttribute('data-ready')}`).toBe('json true');
  const text = (await pre.textContent()) ?? '';
  await page.getByTestId('export-dialog').getByRole('button', { name: 'Close' }).click();
  await expect.poll(() => page.getByTestId('export-dialog').count()).toBe(0);
  return JSON.parse(text) as Design;
}

/** The plan's text, freshly asked for. */
async function planText(page: Page, mustHave: RegExp): Promise<string> {
  await page.getByTestId('plan').click();
  await expect.poll(() => page.getByTestId('plan-steps').textContent(), { timeout: 10_000 }).toMatch(mustHave);
  return (await page.getByTestId('plan-steps').textContent()) ?? '';
}

describe.skipIf(!hasChromium)('the designer inspector in Chromium', () => {
  const session = useBrowserSession('e2e-token-inspector-0123', { demo: false });
  let agent: RunningAgent | undefined;
  let page: Page;
  const pageErrors = session.pageErrors;
  beforeAll(() => {
    ({ agent, page } = session);
  });

  /** A fresh page on the empty host. */
  async function fresh(): Promise<void> {
    if (!agent) throw new Error('no agent');
    await page.goto(agent.url);
    await connected(page);
  }

  const field = (id: string) => page.getByTestId(`field-${id}`);
  const error = (id: string) => page.getByTestId(`field-${id}-error`);

  it('checks an eiface interface name while typing, keeps a refused draft out of the design, commits a good one', async () => {
    await fresh();
    await drop(page, 'eiface', 300, 300);
    await expect.poll(() => field('name').inputValue()).toBe('eiface0');
    const ifname = field('ifname');
    expect(await page.getByTestId('field-ifname-rule').textContent()).toContain(`up to ${IF_NAME_MAX} characters, starting with a letter`);
    expect(await page.getByTestId('field-name-rule').textContent()).toContain('letters, digits, _ and -');
    expect(await error('ifname').count()).toBe(0);

    // Typing (an input event per key, no Enter yet) shows the validator's words at the field.
    await ifname.fill('');
    await ifname.pressSequentially('ngeth-way-too-long-name');
    await expect.poll(() => error('ifname').textContent()).toContain(`is 23 characters long; FreeBSD allows at most ${IF_NAME_MAX}`);
    expect(await ifname.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'designer-inspector-1-invalid');

    // Enter does not commit: the field keeps the draft and the error; the canvas keeps the old name.
    await ifname.press('Enter');
    await page.waitForTimeout(300);
    expect(await ifname.inputValue()).toBe('ngeth-way-too-long-name');
    expect(await error('ifname').isVisible()).toBe(true);
    expect(await label(page, 'new:node:eiface0')).toContain('· eiface0');
    expect(await label(page, 'new:node:eiface0')).not.toContain('ngeth-way');

    await ifname.fill('9bad');
    await expect.poll(() => error('ifname').textContent()).toContain("interface name '9bad' must start with a letter");
    // Leaving the field (the plan button) does not commit it either: the plan names the old interface.
    const refused = await planText(page, /eiface0/);
    expect(refused).not.toContain('9bad');
    expect(await ifname.inputValue()).toBe('9bad');

    // Escape puts the committed value back.
    await ifname.press('Escape');
    await expect.poll(() => ifname.inputValue()).toBe('eiface0');
    expect(await error('ifname').count()).toBe(0);
    expect(await ifname.getAttribute('aria-invalid')).toBe('false');

    // A good name: no error while typing, and Enter commits it (canvas and plan follow).
    await ifname.fill('ng0_web');
    expect(await error('ifname').count()).toBe(0);
    await ifname.press('Enter');
    await expect.poll(() => label(page, 'new:node:eiface0')).toContain('· ng0_web');
    expect(await planText(page, /ng0_web/)).toMatch(/name ng0_web/);
    await screenshot(page, 'designer-inspector-2-committed');

    // One commit, one undo step.
    await page.getByTestId('undo').click();
    await expect.poll(() => ifname.inputValue()).toBe('eiface0');
    await page.getByTestId('redo').click();
    await expect.poll(() => ifname.inputValue()).toBe('ng0_web');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('refuses a multicast MAC in words, and keeps the up/down choice', async () => {
    await fresh();
    await drop(page, 'eiface', 300, 300);
    await expect.poll(() => field('name').inputValue()).toBe('eiface0');
    const mac = field('mac');
    expect(await page.getByTestId('field-mac-rule').textContent()).toContain('six hex pairs like 02:00:00:00:00:01, unicast');
    await mac.fill('01:00:5e:00:00:01');
    await expect.poll(() => error('mac').textContent()).toContain("'01:00:5e:00:00:01' is a multicast MAC address; an interface needs a unicast one");
    expect(await mac.getAttribute('aria-invalid')).toBe('true');
    await mac.press('Enter');
    await screenshot(page, 'designer-inspector-3-multicast');
    expect((await exported(page)).nodes.find((n) => n.name === 'eiface0')).not.toHaveProperty('mac');

    await mac.fill('02:00:00:00:00:2a');
    expect(await error('mac').count()).toBe(0);
    await mac.press('Enter');
    await field('up').selectOption('down');
    await expect.poll(async () => (await exported(page)).nodes.find((n) => n.name === 'eiface0')).toEqual({ name: 'eiface0', type: 'eiface', ifname: 'eiface0', mac: '02:00:00:00:00:2a', up: false });
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('says at the persistent box why a lonely bridge needs it, and checks the bridge settings', async () => {
    await fresh();
    await drop(page, 'bridge', 300, 300);
    await expect.poll(() => field('name').inputValue()).toBe('br0');
    await expect.poll(() => error('persistent').textContent()).toContain('a bridge with no hooks shuts itself down');
    await field('persistent').check();
    await expect.poll(() => error('persistent').count()).toBe(0);
    const knob = field('loopTimeout');
    await knob.fill('soon');
    await expect.poll(() => error('loopTimeout').textContent()).toContain('"loopTimeout" must be a non-negative integer, not the string "soon"');
    await knob.press('Enter');
    await knob.fill('30');
    await knob.press('Enter');
    await expect.poll(async () => (await exported(page)).nodes).toEqual([{ name: 'br0', type: 'bridge', persistent: true, config: { loopTimeout: 30 } }]);
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('adds a vlan filter row, checks its tag, and the export has it', async () => {
    await fresh();
    await drop(page, 'vlan', 300, 250);
    await expect.poll(() => field('name').inputValue()).toBe('vlan0');
    await drop(page, 'eiface', 300, 450);
    await expect.poll(() => field('name').inputValue()).toBe('eiface0');
    // A vlan node with no links shuts itself down: link it, so the design can be exported.
    await page.getByTestId('connect').click();
    await clickElement(page, 'new:node:vlan0');
    await clickElement(page, 'new:node:eiface0');
    await page.getByTestId('connect').click();
    await expect.poll(() => ids(page)).toContain('new:link:eiface0:ether|vlan0:downstream');

    // The link's hooks: the eiface end only takes "ether"; the vlan end becomes nomatch.
    await page.locator('[data-testid="canvas-elements"] li[data-id="new:link:eiface0:ether|vlan0:downstream"] button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => field('hook-a').inputValue()).toBe('downstream');
    expect(await field('hook-b').inputValue()).toBe('ether');
    expect(await page.getByTestId('field-hook-b-rule').textContent()).toContain('an eiface has one hook: ether');
    await field('hook-b').fill('link0');
    await expect.poll(() => error('hook-b').textContent()).toContain('an ng_eiface node has only the hook "ether"');
    await field('hook-b').press('Enter');
    await field('hook-b').press('Escape');
    await expect.poll(() => field('hook-b').inputValue()).toBe('ether');
    await field('hook-a').fill('no match');
    await expect.poll(() => error('hook-a').textContent()).toContain("hook name 'no match' contains a space");
    await field('hook-a').fill('nomatch');
    await field('hook-a').press('Enter');
    await expect.poll(() => ids(page)).toContain('new:link:eiface0:ether|vlan0:nomatch');
    expect(await ids(page)).not.toContain('new:link:eiface0:ether|vlan0:downstream');

    await clickElement(page, 'new:node:vlan0');
    await expect.poll(() => field('name').inputValue()).toBe('vlan0');

    await field('filters-add').click();
    const tag = field('filters-0-vlan');
    await expect.poll(() => tag.inputValue()).toBe('1');
    expect(await field('filters-0-hook').inputValue()).toBe('vlan1');
    expect(await page.getByTestId('field-filters-0-vlan-rule').textContent()).toContain('0–4095');
    await tag.fill('5000');
    await expect.poll(() => error('filters-0-vlan').textContent()).toContain('VLAN tag 5000 is out of range (0-4095)');
    await tag.press('Enter');
    await tag.fill('4x');
    await expect.poll(() => error('filters-0-vlan').textContent()).toContain('"vlan" must be a non-negative integer, not the string "4x"');
    await screenshot(page, 'designer-inspector-4-vlan');
    await tag.fill('42');
    await tag.press('Enter');
    const hook = field('filters-0-hook');
    await hook.fill('vlan 42');
    await expect.poll(() => error('filters-0-hook').textContent()).toContain("contains a space");
    await hook.fill('vlan42');
    await hook.press('Enter');
    await field('filters-add').click();
    await expect.poll(() => field('filters-1-vlan').inputValue()).toBe('1');
    let vlan = (await exported(page)).nodes.find((n) => n.name === 'vlan0');
    expect(vlan?.filters).toEqual([{ vlan: 42, hook: 'vlan42' }, { vlan: 1, hook: 'vlan1' }]);

    await field('filters-1-remove').click();
    await expect.poll(() => field('filters-1-vlan').count()).toBe(0);
    vlan = (await exported(page)).nodes.find((n) => n.name === 'vlan0');
    expect(vlan?.filters).toEqual([{ vlan: 42, hook: 'vlan42' }]);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('refuses a relative jail path; vnet, addresses, parameters and state reach the export', async () => {
    await fresh();
    await drop(page, 'jail', 600, 300);
    await expect.poll(() => field('name').inputValue()).toBe('jail0');
    const path = field('path');
    expect(await page.getByTestId('field-path-rule').textContent()).toContain("absolute path of the jail's root");
    await path.fill('relative/x');
    await expect.poll(() => error('path').textContent()).toContain('path must be absolute, not "relative/x"');
    expect(await path.getAttribute('aria-invalid')).toBe('true');
    await path.press('Enter');
    expect((await exported(page)).jails[0]?.path).toBe('/');
    await path.fill('/jails/web');
    await path.press('Enter');

    // An interface dropped into the jail: vnet cannot be switched off while the jail holds it.
    await drop(page, 'eiface', 600, 300);
    await expect.poll(() => field('name').inputValue()).toBe('eiface0');
    // The canvas's offscreen list is the keyboard's way to the jail (a click on it would hit the interface inside).
    await page.locator('[data-testid="canvas-elements"] li[data-id="jail:jail0"] button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => field('name').inputValue()).toBe('jail0');
    await expect.poll(() => page.getByTestId('field-interfaces').textContent()).toContain('eiface0');
    const vnet = field('vnet');
    expect(await vnet.isChecked()).toBe(true);
    await vnet.uncheck();
    await expect.poll(() => error('vnet').textContent()).toContain('interface eiface0 can only be given to a vnet jail');
    await screenshot(page, 'designer-inspector-5-vnet');
    expect((await exported(page)).jails[0]?.vnet).toBe(true);
    await vnet.press('Escape');
    await expect.poll(() => vnet.isChecked()).toBe(true);
    expect(await error('vnet').count()).toBe(0);
    await field('interfaces-remove-0').click();
    await expect.poll(() => page.getByTestId('field-interfaces').textContent()).not.toContain('eiface0');
    // On the canvas the interface leaves the box and is drawn beside the (now empty) jail, not over it:
    // an empty jail is 124 × 46 plus 26 of padding each side (styles.ts), the eiface 124 × 46.
    const drawn = page.locator('[data-testid="canvas-elements"] li');
    await expect.poll(() => drawn.and(page.locator('[data-id="new:node:eiface0"]')).getAttribute('data-parent')).toBe('');
    const centre = async (id: string): Promise<[number, number]> => {
      const li = drawn.and(page.locator(`[data-id="${id}"]`));
      return [Number(await li.getAttribute('data-x')), Number(await li.getAttribute('data-y'))];
    };
    const [[ex, ey], [jx, jy]] = [await centre('new:node:eiface0'), await centre('jail:jail0')];
    expect(Math.abs(ex - jx) >= (124 + 52 + 124) / 2 || Math.abs(ey - jy) >= (46 + 52 + 46) / 2, `eiface at ${ex},${ey}, jail at ${jx},${jy}`).toBe(true);
    await vnet.uncheck();
    await expect.poll(() => field('ip4').count()).toBe(1);
    expect(await field('interfaces').count()).toBe(0);

    await field('ip4').fill('192.0.2.10, 192.0.2.11 192.0.2.12');
    await field('ip4').press('Enter');
    await field('hostname').fill('web.example.org');
    await field('hostname').press('Enter');
    await field('params').fill('allow.raw_sockets=1\nvnet=new');
    await expect.poll(() => error('params').textContent()).toContain('set "vnet" through its own field, not params');
    await field('params').fill('allow.raw_sockets=1\ndevfs_ruleset=4');
    await field('params').press('Tab');
    await field('state').selectOption('stopped');
    await expect.poll(async () => (await exported(page)).jails[0]).toEqual({
      name: 'jail0', path: '/jails/web', hostname: 'web.example.org', vnet: false, interfaces: [],
      ip4: ['192.0.2.10', '192.0.2.11', '192.0.2.12'], params: { 'allow.raw_sockets': '1', devfs_ruleset: '4' }, state: 'stopped',
    });
    await screenshot(page, 'designer-inspector-6-jail');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('renames the other end of an epair, keeping the selected end', async () => {
    await fresh();
    await drop(page, 'epair', 300, 300);
    await expect.poll(() => field('name').inputValue()).toBe('epair0a');
    const peer = field('peer-name');
    expect(await peer.inputValue()).toBe('epair0b');
    await peer.fill('e0b web');
    await expect.poll(() => error('peer-name').textContent()).toContain('contains a space');
    await peer.press('Enter');
    await peer.fill('e0b_web');
    await peer.press('Enter');
    await expect.poll(() => ids(page)).toContain('new:if:e0b_web');
    expect(await field('name').inputValue()).toBe('epair0a');
    await field('peer-up').selectOption('up');
    await expect.poll(async () => (await exported(page)).epairs).toEqual([{ a: { name: 'epair0a' }, b: { name: 'e0b_web', up: true } }]);
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
