// Real Chromium against a real agent on the demo host: the designer's comforts
// — Delete key and button, undo/redo, find by name, rename in place, links drawn
// by dragging in connect mode, the `?` help and the
// shortcuts it lists, dragging a node into and out of a jail (a vnet move the
// plan shows and the host then has), positions saved after a drag, Re-layout
// keeping the nodes the user placed, and the colour scheme following the system.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { requireChromium, runSim, screenshot, useBrowserSession } from './support.js';
import type { RunningAgent } from './support.js';
import { connected, drop, idByName, ids, rename } from './designer-steps.js';

const hasChromium = requireChromium();

const li = (page: Page, id: string) => page.locator(`[data-testid="canvas-elements"] li[data-id="${id}"]`);

/** Model position of a canvas node. */
async function at(page: Page, id: string): Promise<[number, number]> {
  const l = li(page, id);
  return [Number(await l.getAttribute('data-x')), Number(await l.getAttribute('data-y'))];
}

/** Drags canvas node `id` with the mouse to (x, y) pixels from the canvas's top left corner. */
async function dragNode(page: Page, id: string, x: number, y: number): Promise<void> {
  const box = await page.getByTestId('canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  const l = li(page, id);
  const rx = Number(await l.getAttribute('data-rx'));
  const ry = Number(await l.getAttribute('data-ry'));
  await page.mouse.move(box.x + rx, box.y + ry);
  await page.mouse.down();
  await page.mouse.move(box.x + (rx + x) / 2, box.y + (ry + y) / 2, { steps: 5 });
  await page.mouse.move(box.x + x, box.y + y, { steps: 5 });
  await page.mouse.up();
}

/** Where a canvas node is drawn, in pixels from the canvas's top left corner. */
async function rendered(page: Page, id: string): Promise<[number, number]> {
  const l = li(page, id);
  return [Number(await l.getAttribute('data-rx')), Number(await l.getAttribute('data-ry'))];
}

/** True when every node's centre is drawn inside the canvas. */
async function allInView(page: Page): Promise<boolean> {
  const box = await page.getByTestId('canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  const pts = await page.locator('[data-testid="canvas-elements"] li[data-group="nodes"]').evaluateAll((lis) => lis.map((l) => [Number(l.getAttribute('data-rx')), Number(l.getAttribute('data-ry'))]));
  return pts.length > 0 && pts.every(([x, y]) => (x as number) >= 0 && (y as number) >= 0 && (x as number) <= box.width && (y as number) <= box.height);
}

/** Clicks an empty spot of the canvas (deselects; the keyboard goes to the page, not to an input). */
async function clickEmpty(page: Page): Promise<void> {
  await page.getByTestId('canvas').click({ position: { x: 8, y: 8 } });
}

describe.skipIf(!hasChromium)('designer comforts in Chromium', () => {
  const session = useBrowserSession('e2e-token-comforts-0123');
  let agent: RunningAgent | undefined;
  let page: Page;
  const pageErrors = session.pageErrors;
  beforeAll(() => {
    ({ agent, page } = session);
  });

  /** A fresh page on the demo host, nothing pending. */
  async function fresh(): Promise<void> {
    if (!agent) throw new Error('no agent');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(agent.url);
    await connected(page);
    await expect.poll(() => idByName(page, 'br0'), { timeout: 15_000 }).not.toBeNull();
  }

  it('deletes with the Delete key and the delete button; undo and redo by keyboard', async () => {
    await fresh();
    await drop(page, 'eiface', 300, 600);
    await expect.poll(() => ids(page)).toContain('new:node:eiface0');
    await expect.poll(() => page.getByTestId('field-name').inputValue()).toBe('eiface0');
    await page.keyboard.press('Delete');
    await expect.poll(() => ids(page)).not.toContain('new:node:eiface0');
    await expect.poll(() => page.getByTestId('design-inspector').textContent()).toMatch(/Drag kinds from the palette/);

    await page.keyboard.press('Control+z');
    await expect.poll(() => ids(page)).toContain('new:node:eiface0');
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => ids(page)).not.toContain('new:node:eiface0');
    expect(await page.getByTestId('redo').isDisabled()).toBe(true);
    await page.keyboard.press('Control+z');
    await expect.poll(() => ids(page)).toContain('new:node:eiface0');
    expect(await page.getByTestId('redo').isDisabled()).toBe(false);

    await drop(page, 'tee', 400, 650);
    await expect.poll(() => page.getByTestId('field-name').inputValue()).toBe('tee0');
    await page.getByTestId('delete').click();
    await expect.poll(() => ids(page)).not.toContain('new:node:tee0');
    expect(await ids(page)).toContain('new:node:eiface0');
    // Deleting a host object puts its removal in the plan.
    const br0 = await idByName(page, 'br0');
    if (br0 === null) throw new Error('no br0');
    // The canvas's offscreen list is the keyboard's way in: focus br0's entry, Enter selects it.
    await page.locator(`[data-testid="canvas-elements"] li[data-id="${br0}"] button`).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('field-name').inputValue()).toBe('br0');
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByTestId('canvas-elements').locator(`li[data-id="${br0}"]`).getAttribute('data-classes')).toMatch(/plan-destroy/);
    await page.keyboard.press('p');
    await expect.poll(() => page.getByTestId('plan-steps').textContent(), { timeout: 10_000 }).toMatch(/shutdown br0:|br0/);
    await screenshot(page, 'designer-comforts-1-delete');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('finds a node by name, selects it and centres the view on it', async () => {
    await fresh();
    const box = await page.getByTestId('canvas').boundingBox();
    if (!box) throw new Error('no canvas');
    const centred = async (id: string): Promise<boolean> => {
      const [x, y] = await rendered(page, id);
      return Math.abs(x - box.width / 2) <= 2 && Math.abs(y - box.height / 2) <= 2;
    };
    const ngTest2 = await idByName(page, 'ng_test2');
    if (ngTest2 === null) throw new Error('no ng_test2');
    expect(await centred(ngTest2)).toBe(false);
    // "/" goes to the search field, as in less(1) and most web tools.
    await clickEmpty(page);
    await page.keyboard.press('/');
    await page.keyboard.type('ng_test2');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('field-name').inputValue()).toBe('ng_test2');
    await expect.poll(() => centred(ngTest2)).toBe(true);
    await page.getByTestId('search').fill('test1');
    await page.getByTestId('search').press('Enter');
    await expect.poll(() => page.getByTestId('field-name').inputValue()).toMatch(/test1/);
    // Nothing matches: the selection stays, and the field says so until it changes.
    await page.getByTestId('search').fill('no-such-thing');
    await page.getByTestId('search').press('Enter');
    expect(await page.getByTestId('search-miss').textContent()).toContain('no-such-thing');
    expect(await page.getByTestId('field-name').inputValue()).toMatch(/test1/);
    await screenshot(page, 'designer-comforts-2-search');
    await page.getByTestId('search').fill('ng_');
    expect(await page.getByTestId('search-miss').count()).toBe(0);
  }, 60_000);

  it('renames a node in place: double-click, checked as typed, Enter keeps, Escape cancels; F2 too; undo puts it back', async () => {
    await fresh();
    await drop(page, 'hub', 120, 120);
    await expect.poll(() => ids(page)).toContain('new:node:hub0');
    const box = await page.getByTestId('canvas').boundingBox();
    if (!box) throw new Error('no canvas');
    const [rx, ry] = await rendered(page, 'new:node:hub0');
    await page.mouse.dblclick(box.x + rx, box.y + ry);
    const field = page.getByTestId('rename-in-place');
    await expect.poll(() => field.inputValue()).toBe('hub0');
    // Refused while typing, in the shared rule's words; Enter does not rename.
    await field.fill('hub:x');
    await expect.poll(() => page.getByTestId('rename-in-place-error').textContent()).toMatch(/node name 'hub:x' contains ':'/);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    // Near the canvas's left side, the message still shows whole.
    const said = await page.getByTestId('rename-in-place-error').boundingBox();
    expect(said && said.x >= box.x && said.x + said.width <= box.x + box.width, JSON.stringify({ said, box })).toBe(true);
    await field.press('Enter');
    expect(await field.isVisible()).toBe(true);
    // The refusal stays at the field: no banner pushes the canvas down.
    expect(await page.getByTestId('notice').count()).toBe(0);
    await screenshot(page, 'designer-comforts-2b-rename-invalid');
    // A name another node has is refused too.
    await field.fill('br0');
    await expect.poll(() => page.getByTestId('rename-in-place-error').textContent()).toBe('there is already a node named br0');
    // Escape: nothing changes.
    await field.press('Escape');
    await expect.poll(() => field.count()).toBe(0);
    expect(await ids(page)).toContain('new:node:hub0');
    // Again, with a good name.
    await page.mouse.dblclick(box.x + rx, box.y + ry);
    await field.fill('hub_lab');
    await field.press('Enter');
    await expect.poll(() => ids(page)).toContain('new:node:hub_lab');
    expect(await ids(page)).not.toContain('new:node:hub0');
    await expect.poll(() => field.count()).toBe(0);
    // F2 renames the selected node.
    await page.getByTestId('canvas').click({ position: { x: rx, y: ry } });
    await expect.poll(() => page.getByTestId('field-name').inputValue()).toBe('hub_lab');
    await page.getByTestId('canvas').click({ position: { x: rx, y: ry } });
    await page.keyboard.press('F2');
    await expect.poll(() => field.inputValue()).toBe('hub_lab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('hub_core');
    await page.keyboard.press('Enter');
    await expect.poll(() => ids(page)).toContain('new:node:hub_core');
    // One undo step per rename.
    await page.getByTestId('undo').click();
    await expect.poll(() => ids(page)).toContain('new:node:hub_lab');
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('draws a link by dragging from one node to another in connect mode, without moving either', async () => {
    await fresh();
    await drop(page, 'hub', 120, 120);
    await drop(page, 'tee', 320, 160);
    await expect.poll(() => ids(page)).toEqual(expect.arrayContaining(['new:node:hub0', 'new:node:tee0']));
    const box = await page.getByTestId('canvas').boundingBox();
    if (!box) throw new Error('no canvas');
    const [hx, hy] = await rendered(page, 'new:node:hub0');
    const [tx, ty] = await rendered(page, 'new:node:tee0');
    const hubAt = await at(page, 'new:node:hub0');
    await page.keyboard.press('c');
    await page.mouse.move(box.x + hx, box.y + hy);
    await page.mouse.down();
    await page.mouse.move(box.x + (hx + tx) / 2, box.y + (hy + ty) / 2, { steps: 5 });
    await page.mouse.move(box.x + tx, box.y + ty, { steps: 5 });
    await page.mouse.up();
    // The hub's next hook is link0; a tee's first is left.
    await expect.poll(() => ids(page)).toContain('new:link:hub0:link0|tee0:left');
    expect(await at(page, 'new:node:hub0')).toEqual(hubAt);
    await screenshot(page, 'designer-comforts-2c-drag-link');
    // Out of connect mode, the same drag moves the node instead.
    await page.keyboard.press('Escape');
    await dragNode(page, 'new:node:hub0', hx + 40, hy + 200);
    await expect.poll(async () => (await at(page, 'new:node:hub0'))[1]).toBeGreaterThan(hubAt[1] + 50);
    expect((await ids(page)).filter((i) => i.startsWith('new:link:'))).toEqual(['new:link:hub0:link0|tee0:left']);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('adds palette items with the keyboard, in view and clear of each other', async () => {
    await fresh();
    for (const kind of ['hub', 'hub', 'tee']) {
      await page.getByTestId(`palette-${kind}`).focus();
      await page.keyboard.press('Enter');
    }
    await expect.poll(() => ids(page)).toEqual(expect.arrayContaining(['new:node:hub0', 'new:node:hub1', 'new:node:tee0']));
    const box = await page.getByTestId('canvas').boundingBox();
    if (!box) throw new Error('no canvas');
    const spots = await Promise.all(['new:node:hub0', 'new:node:hub1', 'new:node:tee0'].map((id) => rendered(page, id)));
    for (const [x, y] of spots) expect(x >= 0 && y >= 0 && x <= box.width && y <= box.height, `${x},${y} in view`).toBe(true);
    const models = await Promise.all(['new:node:hub0', 'new:node:hub1', 'new:node:tee0'].map((id) => at(page, id)));
    for (let i = 0; i < models.length; i++) {
      for (let j = i + 1; j < models.length; j++) {
        const [[ax, ay], [bx, by]] = [models[i] as [number, number], models[j] as [number, number]];
        expect(Math.abs(ax - bx) >= 124 || Math.abs(ay - by) >= 46, `${ax},${ay} and ${bx},${by} overlap`).toBe(true);
      }
    }
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('shows the shortcuts with ?, and c, Escape, +, -, f and p do what it says', async () => {
    await fresh();
    await page.keyboard.press('?');
    const help = page.getByTestId('help');
    await expect.poll(() => help.isVisible()).toBe(true);
    const text = (await help.textContent()) ?? '';
    for (const k of ['Delete', 'Ctrl+Z', 'Ctrl+Shift+Z', 'Escape', 'connect mode', 'plan', 'fit', 'zoom in', 'find by name']) expect(text).toContain(k);
    await screenshot(page, 'designer-comforts-3-help');
    await page.keyboard.press('Escape');
    await expect.poll(() => help.count()).toBe(0);

    // Connect mode says what to do over the canvas, without moving it (a longer button would reflow the tool bar).
    const canvasTop = (await page.getByTestId('canvas').boundingBox())?.y;
    await page.keyboard.press('c');
    await expect.poll(() => page.getByTestId('connect-hint').textContent()).toMatch(/click the source/);
    expect((await page.getByTestId('canvas').boundingBox())?.y).toBe(canvasTop);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('connect-hint').count()).toBe(0);

    // + and - zoom about the canvas centre by one step: the distance between two nodes on screen grows and shrinks by 1.25.
    const [a, b] = [await idByName(page, 'br0'), await idByName(page, 'ng_test1')];
    if (a === null || b === null) throw new Error('no br0 or ng_test1');
    const apart = async (): Promise<number> => {
      const [[ax, ay], [bx, by]] = [await rendered(page, a), await rendered(page, b)];
      return Math.hypot(ax - bx, ay - by);
    };
    const before = await apart();
    await page.keyboard.press('-');
    await expect.poll(async () => (await apart()) / before).toBeCloseTo(0.8, 1);
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await expect.poll(async () => (await apart()) / before).toBeCloseTo(1.25, 1);
    await page.getByTestId('zoom-out').click();
    await expect.poll(async () => (await apart()) / before).toBeCloseTo(1, 1);

    // Zoomed far in, nodes leave the view; f brings them all back.
    const box = await page.getByTestId('canvas').boundingBox();
    if (!box) throw new Error('no canvas');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -400);
    await page.mouse.click(box.x + 5, box.y + 5);
    // The offscreen list is refreshed on diffs: drop something so it re-reads the zoomed canvas.
    await drop(page, 'hub', 20, 20);
    await expect.poll(() => allInView(page)).toBe(false);
    // Zoomed in, (8, 8) is on the hub just dropped at (20, 20): a click there would select it
    // (and, so soon after the drop, count as a double-click that opens its name for editing).
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('f');
    await drop(page, 'tee', box.width / 2, box.height / 2);
    await expect.poll(() => allInView(page)).toBe(true);

    await clickEmpty(page);
    await page.keyboard.press('p');
    await expect.poll(() => page.getByTestId('plan-panel').textContent(), { timeout: 10_000 }).toMatch(/hub0/);
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('drags a host interface into a jail (a vnet move the plan shows and the host gets) and out again', async () => {
    if (!agent) throw new Error('no agent');
    await fresh();
    const host = await idByName(page, 'ng_host');
    if (host === null) throw new Error('no ng_host on the canvas');
    expect(await li(page, host).getAttribute('data-parent')).toBe('');
    const test1 = 'jail:test1';
    const [jx, jy] = await rendered(page, test1);
    await dragNode(page, host, jx + 6, jy + 6);
    await expect.poll(() => li(page, host).getAttribute('data-parent')).toBe(test1);
    // Dropped onto the jail's centre, where a member sits: nudged to a free spot, not left on top of it.
    const inside = await page.locator('[data-testid="canvas-elements"] li[data-group="nodes"][data-parent="jail:test1"]').evaluateAll((lis) => lis.map((l) => [l.getAttribute('data-id'), Number(l.getAttribute('data-x')), Number(l.getAttribute('data-y'))] as const));
    const [, hx, hy] = inside.find(([id]) => id === host) ?? [null, NaN, NaN];
    for (const [id, x, y] of inside) if (id !== host) expect(Math.abs(x - hx) >= 124 || Math.abs(y - hy) >= 46, `${host} at ${hx},${hy} over ${id} at ${x},${y}`).toBe(true);
    await page.keyboard.press('p');
    await expect.poll(() => page.getByTestId('plan-steps').textContent(), { timeout: 10_000 }).toMatch(/ng_host/);
    const plan = (await page.getByTestId('plan-steps').textContent()) ?? '';
    expect(plan).toMatch(/ifconfig ng_host vnet test1|move ng_host into jail test1/);
    await screenshot(page, 'designer-comforts-4-into-jail');

    // And out again: back on the host, nothing left to plan for it.
    await dragNode(page, host, 12, 12);
    await expect.poll(() => li(page, host).getAttribute('data-parent')).toBe('');
    await page.keyboard.press('p');
    await expect.poll(async () => (await page.getByTestId('plan-steps').textContent()) ?? '', { timeout: 10_000 }).not.toMatch(/ng_host vnet|into jail test1/);

    // In once more, applied: the emulated host has ng_host inside test1.
    const [kx, ky] = await rendered(page, test1);
    await dragNode(page, host, kx + 6, ky + 6);
    await expect.poll(() => li(page, host).getAttribute('data-parent')).toBe(test1);
    await page.keyboard.press('p');
    await expect.poll(() => page.getByTestId('plan-steps').textContent(), { timeout: 10_000 }).toMatch(/ng_host/);
    await page.getByTestId('apply').click();
    await expect.poll(() => page.getByTestId('apply-result').getAttribute('data-ok'), { timeout: 30_000 }).toBe('true');
    const onHost = await runSim(agent.stateFile, ['ifconfig', '-l']);
    expect(onHost.stdout).not.toMatch(/\bng_host\b/);
    const inJail = await runSim(agent.stateFile, ['jexec', 'test1', 'ifconfig', '-l']);
    expect(`${inJail.stdout}${inJail.stderr}`).toMatch(/\bng_host\b/);
    await screenshot(page, 'designer-comforts-5-applied');
    expect(pageErrors).toEqual([]);
  }, 150_000);

  it('saves the position a node was dragged to, and Re-layout keeps placed nodes where they are', async () => {
    if (!agent) throw new Error('no agent');
    await fresh();
    const br0 = await idByName(page, 'br0');
    if (br0 === null) throw new Error('no br0');
    const before = await at(page, br0);
    await dragNode(page, br0, 60, 60);
    // Where it was let go: the element list may report a position from the middle of the drag first.
    const letGo = async (): Promise<boolean> => Math.abs(Number(await li(page, br0).getAttribute('data-rx')) - 60) <= 1 && Math.abs(Number(await li(page, br0).getAttribute('data-ry')) - 60) <= 1;
    await expect.poll(letGo).toBe(true);
    const dragged = await at(page, br0);
    expect(dragged).not.toEqual(before);
    await drop(page, 'eiface', 500, 500);
    await rename(page, 'ngx');
    const dropped = await at(page, 'new:node:ngx');

    await page.getByTestId('designs').click();
    await page.getByTestId('design-save-name').fill('comforts');
    await page.getByTestId('design-save-as').click();
    await expect.poll(async () => `${await page.getByTestId('designs').textContent()} ${await page.getByTestId('designs-menu').textContent()}`).toMatch(/^Designs: comforts /);
    const saved = JSON.parse(readFileSync(join(dirname(agent.stateFile), 'data', 'designs', 'comforts.json'), 'utf8')) as { layout?: { positions?: Record<string, { x: number; y: number }> } };
    expect(saved.layout?.positions?.['node:br0']).toEqual({ x: dragged[0], y: dragged[1] });
    expect(saved.layout?.positions?.['node:ngx']).toEqual({ x: dropped[0], y: dropped[1] });
    await page.getByTestId('designs').click();

    const other = await idByName(page, 'ng_test2');
    if (other === null) throw new Error('no ng_test2');
    const otherBefore = await at(page, other);
    // The layered layout is the same every time: choosing the force-directed one lays out anew.
    await page.getByTestId('layout-choice').selectOption('force');
    // The layout ran (a node nobody placed moved) …
    await expect.poll(() => at(page, other)).not.toEqual(otherBefore);
    // … and the placed ones are where the user put them (held there during the
    // layout; the element list catches up asynchronously).
    await expect.poll(() => at(page, br0)).toEqual(dragged);
    await expect.poll(() => at(page, 'new:node:ngx')).toEqual(dropped);
    await screenshot(page, 'designer-comforts-6-relayout');
    // Back to the layered layout, with Re-layout: the node nobody placed is back in its tier, the placed ones stay.
    await page.getByTestId('layout-choice').selectOption('layered');
    await page.getByTestId('relayout').click();
    await expect.poll(async () => (await at(page, other))[1]).toBe(otherBefore[1]);
    await expect.poll(() => at(page, br0)).toEqual(dragged);
    await expect.poll(() => at(page, 'new:node:ngx')).toEqual(dropped);
    await expect.poll(() => allInView(page)).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('follows the system colour scheme, light and dark', async () => {
    await fresh();
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await bg()).toBe('rgb(255, 255, 255)');
    await screenshot(page, 'designer-comforts-7-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(bg).toBe('rgb(11, 17, 32)');
    const text = await page.evaluate(() => getComputedStyle(document.body).color);
    expect(text).toBe('rgb(243, 244, 246)');
    await screenshot(page, 'designer-comforts-8-dark');
    // A page opened in dark mode starts dark.
    if (!agent) throw new Error('no agent');
    await page.goto(agent.url);
    await connected(page);
    expect(await bg()).toBe('rgb(11, 17, 32)');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(bg).toBe('rgb(255, 255, 255)');
  }, 60_000);

  it('shows a live change that collides with a pending edit as a conflict, on the element and in words', async () => {
    if (!agent) throw new Error('no agent');
    await fresh();
    const br0 = await idByName(page, 'br0');
    if (br0 === null) throw new Error('no br0');
    // Pending: a new eiface linked to br0 by dragging in connect mode; br0's next free hook.
    await drop(page, 'eiface', 600, 520);
    await rename(page, 'ng_mine');
    const box = await page.getByTestId('canvas').boundingBox();
    if (!box) throw new Error('no canvas');
    const [[bx, by], [mx, my]] = [await rendered(page, br0), await rendered(page, 'new:node:ng_mine')];
    await clickEmpty(page);
    await page.keyboard.press('c');
    await page.mouse.move(box.x + bx, box.y + by);
    await page.mouse.down();
    await page.mouse.move(box.x + mx, box.y + my, { steps: 8 });
    await page.mouse.up();
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await ids(page)).find((i) => /^new:link:br0:link\d+\|ng_mine:ether$/.test(i)) ?? null).not.toBeNull();
    const hook = ((await ids(page)).find((i) => i.startsWith('new:link:br0:')) as string).split(':')[3]?.split('|')[0] as string;
    expect(await page.getByTestId('conflict').count()).toBe(0);

    // Meanwhile someone on the host links that same hook.
    const r = await runSim(agent.stateFile, ['ngctl', 'mkpeer', 'br0:', 'eiface', hook, 'ether']);
    expect(r.code, r.stderr).toBe(0);
    await expect.poll(() => page.getByTestId('conflict').textContent(), { timeout: 10_000 }).toMatch(/The host changed under your pending edits of node:br0/);
    await expect.poll(() => li(page, br0).getAttribute('data-classes')).toMatch(/\bconflict\b/);
    await screenshot(page, 'designer-comforts-8-conflict');
    // The host's new eiface is drawn as the host has it: not something the plan would destroy.
    const theirs = (await page.locator('[data-testid="canvas-elements"] li[data-group="nodes"]').evaluateAll((lis) => lis.map((l) => [l.getAttribute('data-id'), l.textContent ?? '', l.getAttribute('data-classes') ?? ''] as const))).find(([, label]) => /^ngeth\d+ eiface/.test(label));
    expect(theirs, 'the eiface the host made').toBeDefined();
    expect(theirs?.[2]).not.toMatch(/plan-/);
    // The pending edit is still there, not swallowed by the live change.
    expect(await ids(page)).toEqual(expect.arrayContaining(['new:node:ng_mine']));
    expect((await ids(page)).some((i) => /^new:link:br0:/.test(i))).toBe(true);
    // Put the host back for whatever runs after.
    const undo = await runSim(agent.stateFile, ['ngctl', 'msg', `br0:${hook}`, 'shutdown']);
    expect(undo.code, undo.stderr).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
