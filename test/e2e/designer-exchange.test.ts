// Real Chromium against a real agent on an empty emulated host: the export
// dialog's ngctl download equals `ngstudio export DESIGN --format ngctl` for the
// same design (its JSON taken from the dialog's JSON export), the canvas PNG
// downloads as a PNG and its SVG as a document holding every name, and importing a saved `ngctl list -l` capture (chosen as
// a file) or an ngctl script (dropped on the page) draws its nodes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ARTIFACTS, ROOT, requireChromium, runSim, screenshot, useBrowserSession } from './support.js';
import type { RunningAgent } from './support.js';
import { buildBridgeWithTwo, connected, ids } from './designer-steps.js';

const hasChromium = requireChromium();
const LIST_L = join(ROOT, 'test', 'fixtures', 'handmade', 'facts-1.6-list-l.txt');

/** Picks an export format and waits for the agent's text. */
async function exportText(page: Page, format: string): Promise<string> {
  await page.getByTestId(`export-format-${format}`).check();
  const pre = page.getByTestId('export-text');
  await expect.poll(async () => `${await pre.getAttribute('data-format')} ${await pre.getAttribute('data-ready')}`).toBe(`${format} true`);
  return (await pre.textContent()) ?? '';
}

/** Clicks a button that downloads, and returns the file's name and bytes. */
async function downloaded(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await d.path();
  return { name: d.suggestedFilename(), bytes: readFileSync(path) };
}

describe.skipIf(!hasChromium)('export and import in Chromium', () => {
  const session = useBrowserSession('e2e-token-exchange-0123', { demo: false, acceptDownloads: true });
  let agent: RunningAgent | undefined;
  let page: Page;
  let dir = '';
  const pageErrors = session.pageErrors;
  beforeAll(() => {
    ({ agent, page } = session);
    dir = mkdtempSync(join(tmpdir(), 'ngstudio-exchange-'));
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('downloads the ngctl script the CLI makes for the same design, and a PNG and an SVG of the canvas', async () => {
    if (!agent) throw new Error('no agent');
    await page.goto(agent.url);
    await connected(page);
    await buildBridgeWithTwo(page);
    await page.getByTestId('export').click();
    const json = await exportText(page, 'json');
    const file = join(dir, 'design.json');
    writeFileSync(file, json);
    const cli = spawnSync(process.execPath, [join(ROOT, 'bin', 'ngstudio.mjs'), 'export', file, '--format', 'ngctl'], { cwd: ROOT, encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/mkpeer br0: eiface link0 ether/);

    const shown = await exportText(page, 'ngctl');
    const got = await downloaded(page, 'export-download');
    expect(got.name).toBe('design.ngctl');
    expect(got.bytes.toString('utf8')).toBe(cli.stdout);
    expect(shown.trimEnd()).toBe(cli.stdout.trimEnd());
    await screenshot(page, 'designer-exchange-1-export');

    const png = await downloaded(page, 'export-png');
    expect(png.name).toBe('design.png');
    expect(png.bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.bytes.length).toBeGreaterThan(1000);

    // SVG: a document Chromium parses, holding every node's name and the hook names of the links.
    const svg = await downloaded(page, 'export-svg');
    expect(svg.name).toBe('design.svg');
    writeFileSync(join(ARTIFACTS, 'designer-exchange-canvas.svg'), svg.bytes);
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const texts = [...doc.querySelectorAll('text')].map((t) => [...t.querySelectorAll('tspan')].map((s) => s.textContent).join(' '));
      return { error: doc.querySelector('parsererror')?.textContent ?? null, root: doc.documentElement.nodeName, texts, shapes: doc.querySelectorAll('polygon, rect, ellipse, path').length };
    }, svg.bytes.toString('utf8'));
    expect(parsed.error).toBeNull();
    expect(parsed.root).toBe('svg');
    for (const name of ['br0', 'ng_a', 'ng_b']) expect(parsed.texts.some((t) => t.startsWith(`${name} `))).toBe(true);
    for (const hook of ['link0', 'link1', 'ether']) expect(parsed.texts).toContain(hook);
    // The saved picture drawn by Chromium, kept beside the screenshots.
    const svgPage = await page.context().browser()!.newPage();
    await svgPage.setContent(`<img src="data:image/svg+xml;base64,${svg.bytes.toString('base64')}">`);
    await screenshot(svgPage, 'designer-exchange-2-svg');
    await svgPage.close();
    await page.getByRole('dialog', { name: 'Export' }).getByRole('button', { name: 'Close' }).click();
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('imports a saved ngctl list -l capture chosen as a file, naming the format, and draws its nodes', async () => {
    if (!agent) throw new Error('no agent');
    await page.getByTestId('discard').click();
    await expect.poll(() => ids(page)).not.toContain('new:node:br0');
    await page.getByTestId('import').click();
    await page.getByTestId('import-file').setInputFiles(LIST_L);
    await expect.poll(() => page.getByTestId('import-detected').getAttribute('data-format'), { timeout: 10_000 }).toBe('ngctl-list');
    expect(await page.getByTestId('import-detected').textContent()).toMatch(/facts-1\.6-list-l\.txt: read as saved 'ngctl list -l'.* 3 nodes, 2 links/);
    await screenshot(page, 'designer-exchange-2-import');
    await page.getByTestId('import-open').click();
    await expect.poll(() => ids(page)).toEqual(expect.arrayContaining(['new:node:br0', 'new:node:ngeth0', 'new:node:ngeth1']));
    expect(await page.locator('[data-testid="canvas-elements"] li[data-group="edges"][data-id^="new:link:"]').count()).toBe(2);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('imports an ngctl script dropped on the page; what it does not mention on the host is left alone, on the canvas too', async () => {
    if (!agent) throw new Error('no agent');
    // Someone else's eiface on the host: not ngstudio's, and the script below does not mention it.
    const made = await runSim(agent.stateFile, ['ngctl', 'mkpeer', '.', 'eiface', 'e', 'ether']);
    expect(made.code, made.stderr).toBe(0);
    await page.getByTestId('discard').click();
    await expect.poll(() => ids(page)).not.toContain('new:node:br0');
    const theirs = async (): Promise<{ id: string; classes: string } | undefined> =>
      (await page.locator('[data-testid="canvas-elements"] li[data-group="nodes"]').evaluateAll((lis) => lis.map((l) => ({ id: l.getAttribute('data-id') ?? '', label: l.textContent ?? '', classes: l.getAttribute('data-classes') ?? '' }))))
        .find((e) => /^ngeth\d+ eiface/.test(e.label));
    await expect.poll(theirs, { timeout: 10_000 }).toBeDefined();
    const script = 'mkpeer . hub h0 in\nname .:h0 hub7\nmkpeer hub7: eiface out ether\nname hub7:out ng_d\n';
    const dt = await page.evaluateHandle((text) => {
      const t = new DataTransfer();
      t.items.add(new File([text], 'dropped.ngctl', { type: 'text/plain' }));
      return t;
    }, script);
    await page.getByTestId('canvas').dispatchEvent('dragover', { dataTransfer: dt });
    await page.getByTestId('canvas').dispatchEvent('drop', { dataTransfer: dt });
    await expect.poll(() => page.getByTestId('import-detected').getAttribute('data-format'), { timeout: 10_000 }).toBe('ngctl');
    await page.getByTestId('import-open').click();
    await expect.poll(() => ids(page)).toEqual(expect.arrayContaining(['new:node:hub7', 'new:node:ng_d']));
    // The plan leaves the eiface alone, and once it is known the canvas stops marking it for destruction.
    await expect.poll(async () => (await theirs())?.classes, { timeout: 10_000 }).not.toMatch(/plan-destroy/);
    await page.getByTestId('plan').click();
    await expect.poll(() => page.getByTestId('plan-steps').textContent(), { timeout: 10_000 }).toMatch(/hub7/);
    expect(await page.getByTestId('plan-steps').textContent()).not.toMatch(/shutdown/);
    await screenshot(page, 'designer-exchange-3-imported-over-host');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
