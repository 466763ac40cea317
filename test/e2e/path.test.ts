// Path tracing in real Chromium against a real agent on the emulated demo
// host: picking jails test1 and test2 lights the path through br0 (classes on
// the canvas elements, read through the page) and the probe's ping answers;
// after an emulated `ngctl rmhook br0: link2` on the same state file the trace
// follows the host and marks the break with its reason, and the probe gets no
// answer; Shift+click traces from the selection.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { requireChromium, runSim, screenshot, useBrowserSession } from './support.js';
import type { RunningAgent } from './support.js';
import { clickElement, connected } from './designer-steps.js';

const hasChromium = requireChromium();

interface Item {
  id: string;
  label: string;
  classes: string[];
}

async function items(page: Page): Promise<Item[]> {
  return page.locator('[data-testid="canvas-elements"] li').evaluateAll((lis) =>
    lis.map((li) => ({ id: li.getAttribute('data-id') ?? '', label: li.textContent ?? '', classes: (li.getAttribute('data-classes') ?? '').split(' ').filter(Boolean) })),
  );
}

/** The id of the node element whose label starts with `name`. */
async function idOf(page: Page, name: string): Promise<string> {
  const hit = (await items(page)).find((i) => !i.id.startsWith('link:') && i.label.split(' ')[0] === name);
  if (!hit) throw new Error(`no element named ${name}`);
  return hit.id;
}

/** Ids of the elements carrying `cls`, sorted. */
async function withClass(page: Page, cls: string): Promise<string[]> {
  return (await items(page)).filter((i) => i.classes.includes(cls)).map((i) => i.id).sort();
}

/** Selects an element through the canvas's keyboard-reachable element list. */
async function pick(page: Page, id: string): Promise<void> {
  await page.locator(`[data-testid="canvas-elements"] li[data-id="${id}"] button`).focus();
  await page.keyboard.press('Enter');
}

describe.skipIf(!hasChromium)('path tracing in Chromium', () => {
  const session = useBrowserSession('e2e-path-token-0123456789');
  let agent: RunningAgent;
  let page: Page;
  beforeAll(() => {
    ({ agent, page } = session);
  });

  it('picking jails test1 and test2 lights the path through br0', async () => {
    // The demo addresses its jail interfaces (10.0.0.1/24, 10.0.0.2/24), which brings them up.
    await page.goto(agent.url);
    await connected(page);
    await expect.poll(async () => (await items(page)).length, { timeout: 20_000 }).toBeGreaterThan(10);
    const [br0, t1, t2] = [await idOf(page, 'br0'), await idOf(page, 'ng_test1'), await idOf(page, 'ng_test2')];
    await expect.poll(async () => (await items(page)).find((i) => i.id === t2)?.classes.includes('down'), { timeout: 10_000 }).toBe(false);

    await pick(page, 'jail:test1');
    await page.getByTestId('path').click();
    await expect.poll(() => page.getByTestId('path-hint').textContent()).toContain('from jail test1: click the target');
    await pick(page, 'jail:test2');

    await expect.poll(() => page.getByTestId('path-result').textContent()).toContain('reachable');
    expect(await page.getByTestId('path-result').getAttribute('data-reachable')).toBe('true');
    // The canvas's classes are read back a task after the panel answers.
    await expect.poll(async () => (await withClass(page, 'path')).filter((id) => !id.startsWith('link:')).sort()).toEqual(['jail:test1', 'jail:test2', br0, t1, t2].sort());
    const lit = await withClass(page, 'path');
    // The two links through br0, and no other.
    const links = lit.filter((id) => id.startsWith('link:'));
    expect(links).toHaveLength(2);
    for (const l of links) expect(l.includes(br0.slice(3) + '.link1') || l.includes(br0.slice(3) + '.link2')).toBe(true);
    expect(await withClass(page, 'path-break')).toEqual([]);
    expect(await page.getByTestId('path-callout').count()).toBe(0);
    const hops = await page.getByTestId('path-hops').locator('li').allTextContents();
    expect(hops.map((h) => h.trim().split(/\s{2,}|hook|interface ng|jail test\d →/)[0]?.trim())).toContain('node br0 (bridge)');
    await screenshot(page, 'path-test1-to-test2');
    // The probe pings test2's address from test1 over the emulated data plane, agreeing with the trace.
    expect(await page.getByTestId('path-probe').textContent()).toContain('jexec test1 ping -c 3 10.0.0.2');
    await page.getByTestId('path-probe').click();
    await expect.poll(() => page.getByTestId('path-probe-exit').getAttribute('data-code'), { timeout: 20_000 }).toBe('0');
    expect(await page.getByTestId('path-probe-output').textContent()).toContain('3 packets transmitted, 3 packets received, 0.0% packet loss');
  });

  it('after ngctl rmhook br0: link2 the trace shows the break, with its reason over the canvas', async () => {
    const t2 = await idOf(page, 'ng_test2');
    expect((await runSim(agent.stateFile, ['ngctl', 'rmhook', 'br0:', 'link2'])).code).toBe(0);
    await expect.poll(() => page.getByTestId('path-result').textContent(), { timeout: 10_000 }).toBe('NOT reachable: hook ether of ng_test2 is not connected');
    expect(await page.getByTestId('path-result').getAttribute('data-reachable')).toBe('false');
    await expect.poll(() => withClass(page, 'path-break')).toEqual([t2]);
    expect(await withClass(page, 'path-beyond')).toEqual(['jail:test2', t2].sort());
    expect(await page.getByTestId('path-callout').textContent()).toBe('hook ether of ng_test2 is not connected');
    expect(await page.getByTestId('path-hops').locator('li[data-break="true"]').textContent()).toContain('node ng_test2 (eiface)');
    // And the probe no longer gets an answer.
    await page.getByTestId('path-probe').click();
    await expect.poll(() => page.getByTestId('path-probe-exit').getAttribute('data-code'), { timeout: 20_000 }).toBe('2');
    expect(await page.getByTestId('path-probe-output').textContent()).toContain('3 packets transmitted, 0 packets received, 100.0% packet loss');
    await screenshot(page, 'path-break-after-rmhook');
    // Esc clears the path from the canvas.
    await page.keyboard.press('Escape');
    // Both marks go, read together: the canvas reports its classes a task after the panel closes.
    await expect.poll(async () => [await withClass(page, 'path'), await withClass(page, 'path-break')]).toEqual([[], []]);
    expect(await page.getByTestId('path-panel').count()).toBe(0);
  });

  it('Shift+click traces from the selected element to the clicked one', async () => {
    const [br0, t1] = [await idOf(page, 'br0'), await idOf(page, 'ng_test1')];
    await pick(page, 'jail:test1');
    await page.keyboard.down('Shift');
    await clickElement(page, br0);
    await page.keyboard.up('Shift');
    await expect.poll(() => page.getByTestId('path-result').textContent()).toBe('reachable');
    // The panel answers in the same frame as the trace; the canvas's classes are read back a task later.
    await expect.poll(async () => (await withClass(page, 'path')).filter((id) => !id.startsWith('link:')).sort()).toEqual(['jail:test1', br0, t1].sort());
    await screenshot(page, 'path-test1-to-br0');
    // The ? help says how.
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    const help = (await page.getByTestId('help').textContent()) ?? '';
    expect(help).toContain('trace the path between two elements');
    expect(help).toContain('Shift+click');
    await page.keyboard.press('Escape');
    expect(session.pageErrors).toEqual([]);
  });
});
