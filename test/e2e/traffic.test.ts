// Real Chromium against a real agent on the emulated host: an emulated ping
// between the demo's jails test1 and test2 (through br0) moves the counters
// the agent observes; the canvas then draws the links the ping crossed wider
// than the links nothing crossed, and the inspector shows br0's learned
// addresses traced to the jails' interfaces.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { commands } from '../../agent/host/sim/cmd/index.js';
import { requireChromium, runSim, screenshot, useBrowserSession } from './support.js';
import type { RunningAgent } from './support.js';

const hasChromium = requireChromium();
/** Traffic needs the emulated data plane (ping and the counters it moves); without it there is none to draw. */
const hasPing = Object.prototype.hasOwnProperty.call(commands, 'ping');

interface Edge {
  id: string;
  label: string;
  rate: number | null;
  /** Drawn width; the page reports it for edges with traffic data only. */
  width: number | null;
}

/** The canvas's edges as the page lists them, with the traffic level and width Cytoscape draws. */
async function edges(page: Page): Promise<Edge[]> {
  return page.locator('[data-testid="canvas-elements"] li[data-group="edges"]').evaluateAll((lis) =>
    lis.map((li) => ({
      id: li.getAttribute('data-id') ?? '',
      label: li.textContent ?? '',
      rate: li.hasAttribute('data-rate') ? Number(li.getAttribute('data-rate')) : null,
      width: li.hasAttribute('data-width') ? Number(li.getAttribute('data-width')) : null,
    })),
  );
}

/** The netgraph link between br0 and `eiface` (its label names both ends). */
async function bridgeLink(page: Page, eiface: string): Promise<Edge | undefined> {
  return (await edges(page)).find((e) => e.id.startsWith('link:') && /(^| )br0 /.test(e.label) && e.label.includes(`${eiface} `));
}

describe.skipIf(!hasChromium || !hasPing)('traffic on the live view in Chromium', () => {
  const session = useBrowserSession();
  let agent: RunningAgent | undefined;
  let page: Page;
  /** The drawn width of br0–ng_test1 while the ping's traffic was on it. */
  let busyWidth = 0;
  beforeAll(() => {
    ({ agent, page } = session);
  });

  it('draws the links a ping crossed busier than the idle ones', async () => {
    if (!agent) throw new Error('no agent');
    await page.goto(agent.url);
    await expect.poll(async () => (await bridgeLink(page, 'ng_test1')) !== undefined, { timeout: 20_000 }).toBe(true);
    // Idle: no traffic data yet (drawn as level 0) or level 0.
    expect((await bridgeLink(page, 'ng_test1'))!.rate ?? 0).toBe(0);
    for (const [jail, ifname, addr] of [['test1', 'ng_test1', '10.0.0.1/24'], ['test2', 'ng_test2', '10.0.0.2/24']] as const) {
      const r = await runSim(agent.stateFile, ['jexec', jail, 'ifconfig', ifname, 'inet', addr]);
      expect(r.code, r.stderr).toBe(0);
    }
    const ping = await runSim(agent.stateFile, ['jexec', 'test1', 'ping', '-c', '5', '10.0.0.2']);
    expect(ping.code, `${ping.stdout}${ping.stderr}`).toBe(0);
    expect(ping.stdout).toMatch(/5 packets transmitted, 5 packets received/);
    // The ping crossed ng_test1 → br0 → ng_test2 (br0 floods broadcasts to ng_host as well); nothing reached em0bridge.
    // Its five echoes (a second apart) come to over one packet a second through the 5 s window once observed.
    const find = (list: Edge[], eiface: string, bridge = 'br0'): Edge => {
      const e = list.find((x) => x.id.startsWith('link:') && new RegExp(`(^| )${bridge} `).test(x.label) && x.label.includes(`${eiface} `));
      if (!e) throw new Error(`no link ${bridge}–${eiface} on the canvas`);
      return e;
    };
    let list: Edge[] = [];
    await expect.poll(async () => find((list = await edges(page)), 'ng_test1').rate ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    const [busy1, busy2, flooded, idle] = [find(list, 'ng_test1'), find(list, 'ng_test2'), find(list, 'ng_host'), find(list, 'ng0_web', 'em0bridge')];
    expect(idle.rate ?? 0).toBe(0);
    expect(busy2.rate).toBeGreaterThanOrEqual(2);
    expect(flooded.rate ?? 0).toBeLessThanOrEqual(busy1.rate!);
    // Drawn wider than any idle edge (1.5 px, 2 px before any traffic data); the same link idle again is compared below.
    expect(busy1.width).toBeGreaterThan(2);
    expect(busy2.width).toBeGreaterThan(2);
    busyWidth = busy1.width!;
    // The addresses are on the eifaces' labels.
    const labels = await page.locator('[data-testid="canvas-elements"] li[data-group="nodes"]').allTextContents();
    expect(labels.some((l) => l.startsWith('ng_test1 ') && l.includes('10.0.0.1/24'))).toBe(true);
    await screenshot(page, 'traffic-busy-links');
  });

  it("shows br0's counters and learned addresses, traced to the jails' interfaces", async () => {
    const br0 = page.locator('[data-testid="canvas-elements"] li[data-group="nodes"]').filter({ hasText: /^br0 bridge/ });
    await br0.locator('button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('mac-table').textContent(), { timeout: 10_000 }).toContain('ng_test1 (jail test1)');
    expect(await page.getByTestId('mac-table').textContent()).toContain('ng_test2 (jail test2)');
    expect(await page.getByTestId('traffic').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('sparkline').first().getAttribute('data-points')).not.toBe('');
    await screenshot(page, 'traffic-inspector');
    expect(session.pageErrors).toEqual([]);
  });

  it('lets a link fall quiet again once the counters stop moving', async () => {
    await expect.poll(async () => (await bridgeLink(page, 'ng_test1'))?.rate ?? 0, { timeout: 30_000 }).toBe(0);
    // Idle again, it is drawn thinner than it was busy.
    const quiet = (await bridgeLink(page, 'ng_test1'))!;
    expect(quiet.width).not.toBeNull();
    expect(quiet.width!).toBeLessThan(busyWidth);
    await screenshot(page, 'traffic-quiet-again');
  });
});
