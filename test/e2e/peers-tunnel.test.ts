// Real Chromium against `ngstudio serve --demo --demo-hosts 2`: two emulated
// demo hosts joined by the udp tunnel tun2 (an ng_ksocket on each host's br0).
// The page draws the tunnel as an edge between the two host regions; a ping
// from jail test1 on the first host to jail test1 on the second (10.0.0.21,
// through br0, the tunnel, and the other br0) makes the edge busy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureUiBuilt, launchChromium, requireChromium, ROOT, runSim, screenshot, startAgent, type RunningAgent } from './support.js';

const hasChromium = requireChromium();
/** Frames cross emulated hosts only over the shared wire (the emulated hosts' em0s on one segment). */
const hasWire = existsSync(join(ROOT, 'agent/host/sim/dataplane/wire.ts'));

interface Item {
  id: string;
  group: string;
  label: string;
  parent: string;
  rate: number | null;
}

async function items(page: Page): Promise<Item[]> {
  return page.locator('[data-testid="canvas-elements"] li').evaluateAll((lis) =>
    lis.map((li) => ({
      id: li.getAttribute('data-id') ?? '',
      group: li.getAttribute('data-group') ?? '',
      label: li.textContent ?? '',
      parent: li.getAttribute('data-parent') ?? '',
      rate: li.hasAttribute('data-rate') ? Number(li.getAttribute('data-rate')) : null,
    })),
  );
}

const TUNNEL = 'tunnel:tun2:local--peer1';

describe.skipIf(!hasChromium)('two demo hosts joined by a tunnel', () => {
  let agent: RunningAgent | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureUiBuilt();
    agent = await startAgent('tunnel-token-0123456789abcdef', { args: ['--demo-hosts', '2'] });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => void (m.type() === 'error' && pageErrors.push(m.text())));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await agent?.stop();
  });

  it('draws the tunnel as an edge between the two host regions', async () => {
    await page.goto(agent!.url);
    await expect.poll(async () => (await items(page)).some((i) => i.id === TUNNEL), { timeout: 30_000 }).toBe(true);
    const list = await items(page);
    const tun = list.filter((i) => i.group === 'nodes' && i.label.split(' ')[0] === 'tun2');
    // One ksocket in each region, and the edge between them named after the tunnel.
    expect(tun.map((i) => i.parent).sort()).toEqual(['host:local', 'host:peer1']);
    expect(list.find((i) => i.id === TUNNEL)!.label).toBe('tun2 ksocket — tun2 ksocket');
    expect(list.find((i) => i.id === TUNNEL)!.rate ?? 0).toBe(0);
    await page.waitForTimeout(500);
    await screenshot(page, 'peers-tunnel-idle');
  });

  it.skipIf(!hasWire)('draws the tunnel busy after a ping across it', async () => {
    // The second host's jails are 10.0.0.21 and 10.0.0.22 (demo-tunnels.ts).
    const ping = await runSim(agent!.stateFile, ['jexec', 'test1', 'ping', '-c', '5', '10.0.0.21']);
    expect(ping.code, `${ping.stdout}${ping.stderr}`).toBe(0);
    expect(ping.stdout).toMatch(/5 packets transmitted, 5 packets received/);
    await expect.poll(async () => (await items(page)).find((i) => i.id === TUNNEL)?.rate ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    // Both regions and the tunnel between them in view.
    await page.getByRole('button', { name: 'Fit' }).click();
    await page.waitForTimeout(500);
    await screenshot(page, 'peers-tunnel-busy');
    expect(pageErrors).toEqual([]);
  });
});
