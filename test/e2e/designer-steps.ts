// Steps the designer's browser tests share: drag palette items onto the
// canvas, rename in the inspector, click canvas elements where they are drawn,
// read the canvas's offscreen element list, and read the emulated host back.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { runSim } from './support.js';

/** Ids of the elements on the canvas. */
export async function ids(page: Page): Promise<string[]> {
  return page.locator('[data-testid="canvas-elements"] li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-id') ?? ''));
}

/** Drags a palette kind onto the canvas at (x, y) pixels from its top left corner. */
export async function drop(page: Page, kind: string, x: number, y: number): Promise<void> {
  await page.getByTestId(`palette-${kind}`).dragTo(page.getByTestId('canvas'), { targetPosition: { x, y } });
}

/** Types a new name into the inspector's name field. */
export async function rename(page: Page, name: string): Promise<void> {
  const f = page.getByTestId('field-name');
  await f.fill(name);
  await f.press('Tab');
  await expect.poll(() => f.inputValue()).toBe(name);
}

/** Clicks the canvas element `id` where it is drawn. */
export async function clickElement(page: Page, id: string): Promise<void> {
  const li = page.locator(`[data-testid="canvas-elements"] li[data-id="${id}"]`);
  const rx = Number(await li.getAttribute('data-rx'));
  const ry = Number(await li.getAttribute('data-ry'));
  const box = await page.getByTestId('canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  await page.mouse.click(box.x + rx, box.y + ry);
}

/** Waits until the page is connected to the agent. */
export async function connected(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('connection').getAttribute('data-state'), { timeout: 20_000 }).toBe('open');
}

/** Builds bridge br0 with eifaces ng_a and ng_b linked to it, by drag and drop and clicks. */
export async function buildBridgeWithTwo(page: Page): Promise<void> {
  await drop(page, 'bridge', 400, 300);
  await rename(page, 'br0');
  await drop(page, 'eiface', 180, 200);
  await rename(page, 'ng_a');
  await drop(page, 'eiface', 180, 420);
  await rename(page, 'ng_b');
  await page.getByTestId('connect').click();
  for (const n of ['ng_a', 'ng_b']) {
    await clickElement(page, 'new:node:br0');
    await clickElement(page, `new:node:${n}`);
  }
  await page.getByTestId('connect').click();
  await expect.poll(() => ids(page)).toEqual(expect.arrayContaining(['new:link:br0:link0|ng_a:ether', 'new:link:br0:link1|ng_b:ether']));
}

/** The emulated host as its own commands print it: netgraph nodes, interfaces, jails. */
export async function hostText(stateFile: string): Promise<string> {
  const out: string[] = [];
  for (const argv of [['ngctl', 'list'], ['ifconfig', '-l'], ['ifconfig'], ['jls', '-N']]) {
    const r = await runSim(stateFile, argv);
    out.push(`$ ${argv.join(' ')} (exit ${r.code})\n${r.stdout}${r.stderr}`);
  }
  return out.join('\n');
}

/** The id of the canvas node whose label starts with `name` (live nodes are keyed by netgraph ID). */
export async function idByName(page: Page, name: string): Promise<string | null> {
  const all = await page.locator('[data-testid="canvas-elements"] li[data-group="nodes"]').evaluateAll((lis) =>
    lis.map((li) => [li.getAttribute('data-id') ?? '', li.textContent ?? ''] as const),
  );
  return all.find(([, label]) => label.split(' ')[0] === name)?.[0] ?? null;
}
