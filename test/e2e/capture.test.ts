// A packet capture from the browser: select the live link br0:link2 <->
// ng_test2:ether, press Capture, run `jexec test1 ping` as an emulated
// command in another process, watch the echo requests and replies arrive in
// the packet list, stop, and download the pcap — real agent, real Chromium,
// the emulated host. Then the same on an interface, with a filter.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { requireChromium, runSim, screenshot, useBrowserSession } from './support.js';
import { cli } from '../agent/engine/crash-helpers.js';
import type { HostSnapshot } from '../../shared/model/snapshot.js';

const run = requireChromium() ? describe : describe.skip;

/** ICMP types of the frames in a pcap file (a reader of its own: the global header, then records). */
function icmpTypes(file: string): number[] {
  const b = readFileSync(file);
  expect(b.readUInt32LE(0)).toBe(0xa1b2c3d4);
  const out: number[] = [];
  for (let at = 24; at + 16 <= b.length; ) {
    const n = b.readUInt32LE(at + 8);
    const f = b.subarray(at + 16, at + 16 + n);
    if (f.readUInt16BE(12) === 0x0800 && f[23] === 1) out.push(f[34] as number);
    at += 16 + n;
  }
  return out;
}

run('a packet capture in the browser', () => {
  const s = useBrowserSession(undefined, { acceptDownloads: true });

  it('captures a ping across a selected link and downloads the pcap', async () => {
    const state = s.agent.stateFile;
    const snap = JSON.parse((await cli(['snapshot', '--sim-state', state])).stdout) as HostSnapshot;
    const id = (name: string): string => snap.netgraph.nodes.find((n) => n.name === name)!.id;
    const [a, b] = [`${id('br0')}.link2`, `${id('ng_test2')}.ether`].sort();
    await s.page.goto(s.agent.url);
    const edge = s.page.locator(`[data-testid="canvas-elements"] li[data-id="link:${a}--${b}"] button`);
    await edge.waitFor({ state: 'attached', timeout: 20_000 });
    await edge.focus();
    await s.page.keyboard.press('Enter');

    const action = s.page.getByTestId('capture-action');
    await action.waitFor({ timeout: 10_000 });
    expect(await s.page.getByTestId('capture-start').textContent()).toContain('Capture on br0:link2');
    await s.page.getByTestId('capture-start').click();
    const panel = s.page.getByTestId('capture-panel');
    await panel.waitFor({ timeout: 10_000 });
    await expect.poll(async () => s.page.getByTestId('capture-download').isDisabled(), { timeout: 10_000 }).toBe(false);

    const ping = await runSim(state, ['jexec', 'test1', 'ping', '-c', '3', '10.0.0.2']);
    expect(ping.code).toBe(0);
    const rows = s.page.getByTestId('capture-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(6);
    const text = (await rows.allTextContents()).join('\n');
    expect(text).toMatch(/10\.0\.0\.1\s*10\.0\.0\.2\s*ICMP\s*ICMP echo request, id \d+, seq 0, length 64/);
    expect(text).toMatch(/10\.0\.0\.2\s*10\.0\.0\.1\s*ICMP\s*ICMP echo reply, id \d+, seq 2, length 64/);
    await screenshot(s.page, 'capture-packets');

    await s.page.getByTestId('capture-stop').click();
    await s.page.getByTestId('capture-stop').waitFor({ state: 'detached', timeout: 10_000 });
    const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.getByTestId('capture-download').click()]);
    expect(download.suggestedFilename()).toBe('ngstudio-br0_link2.pcap');
    const file = await download.path();
    const types = icmpTypes(file);
    expect(types.filter((t) => t === 8)).toHaveLength(3);
    expect(types.filter((t) => t === 0)).toHaveLength(3);
    expect(s.pageErrors).toEqual([]);
  });

  it('captures on an interface with a filter, and shows a bad filter in words', async () => {
    const state = s.agent.stateFile;
    const node = s.page.locator('[data-testid="canvas-elements"] li', { hasText: 'ng_test1' }).first().locator('button');
    await node.focus();
    await s.page.keyboard.press('Enter');
    await s.page.getByTestId('capture-action').waitFor({ timeout: 10_000 });
    await s.page.getByTestId('capture-filter').fill('icmp or vrrp');
    await s.page.getByTestId('capture-start').click();
    await expect.poll(() => s.page.getByTestId('capture-error').textContent(), { timeout: 10_000 }).toContain('"vrrp" is not supported');
    await s.page.getByTestId('capture-filter').fill('icmp');
    await s.page.getByTestId('capture-start').click();
    await expect.poll(async () => s.page.getByTestId('capture-download').isDisabled(), { timeout: 10_000 }).toBe(false);
    expect((await runSim(state, ['jexec', 'test1', 'ping', '-c', '1', '10.0.0.2'])).code).toBe(0);
    const rows = s.page.getByTestId('capture-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    expect((await rows.allTextContents()).every((r) => r.includes('ICMP echo'))).toBe(true);
    await screenshot(s.page, 'capture-interface-filter');
    expect(s.pageErrors).toEqual([]);
  });
});
