// Benchmark of the UI on a large graph, in headless Chromium against a real
// agent over an emulated host of 1000 netgraph nodes and 1500 links: time to
// the first complete render (every element in the canvas's element list and
// the layout done), time to apply a one-node patch to the canvas (User Timing
// entries the canvas writes around applyDiff), frame intervals while panning and
// zooming with real mouse input, and the page's JS heap after load.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';
import { runCommand } from '../agent/host/sim/cmd/index.js';
import { simBinDir } from '../agent/host/sim/bin-dir.js';
import { newState } from '../agent/host/sim/new-state.js';
import { saveState } from '../agent/host/sim/store.js';
import { report, startAgentProcess, type BenchResult } from './support.js';

const CHROMIUM = '/usr/bin/chromium';
const BRIDGES = 100;
const EIFACES_PER_BRIDGE = 9; // 100 × (1 bridge + 9 eifaces) = 1000 nodes, 900 links
const PEERS_PER_BRIDGE = 6; // + 100 × 6 bridge-to-bridge links = 1500 links
const PATCHES = 5;

/** An ngctl -f script: persistent bridges with their eifaces, and each bridge linked to the next six. */
export function largeGraphScript(): string {
  const lines: string[] = [];
  for (let b = 0; b < BRIDGES; b++) {
    lines.push(`mkpeer . bridge b${b} link0`, `name .:b${b} br${b}`, `msg br${b}: setpersistent`, `rmhook . b${b}`);
    for (let e = 1; e <= EIFACES_PER_BRIDGE; e++) lines.push(`mkpeer br${b}: eiface link${e} ether`);
  }
  // Pairs (b, b+k) for k ≤ 6 are distinct: each bridge gets hooks link11…16 out and link21…26 in.
  for (let b = 0; b < BRIDGES; b++) {
    for (let k = 1; k <= PEERS_PER_BRIDGE; k++) lines.push(`connect br${b}: br${(b + k) % BRIDGES}: link${10 + k} link${20 + k}`);
  }
  return lines.join('\n') + '\n';
}

/** Waits until the canvas's element list holds `count` elements and the layout ran; returns when (ms since navigation). */
async function drawnAt(page: Page, count: number): Promise<{ listed: number; laidOut: number }> {
  const h = await page.waitForFunction(
    (n) => {
      const ul = document.querySelector('[data-testid="canvas-elements"]') as HTMLElement | null;
      if (!ul || Number(ul.dataset.count) < n || !ul.dataset.drawnMs) return false;
      return { listed: performance.now(), laidOut: Number(ul.dataset.drawnMs) };
    },
    count,
    { polling: 'raf', timeout: 120_000 },
  );
  return (await h.jsonValue()) as { listed: number; laidOut: number };
}

/** The durations of the canvas's applyDiff entries, oldest first. */
const applyDiffs = (page: Page): Promise<{ duration: number; add: number }[]> =>
  page.evaluate(() => performance.getEntriesByName('ngstudio:applyDiff').map((e) => ({ duration: e.duration, add: ((e as PerformanceMeasure).detail as { add: number }).add })));

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const percentile = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

/**
 * Frame intervals while the user pans and zooms with real input events: a
 * background drag across the canvas, then mouse-wheel zooms in and out about
 * its centre. Intervals come from requestAnimationFrame timestamps in the page.
 */
async function panZoomFrames(page: Page): Promise<number[]> {
  const box = await page.getByTestId('canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  // A string, not a function: tsx would wrap a named inner function in a helper the page does not have.
  await page.evaluate(`(() => {
    window.frames_ = [];
    window.recording_ = true;
    let last = performance.now();
    const tick = (t) => {
      window.frames_.push(t - last);
      last = t;
      if (window.recording_) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  const firstNode = page.locator('[data-testid="canvas-elements"] li[data-group="nodes"]').first();
  const where = async (): Promise<string> => `${await firstNode.getAttribute('data-rx')},${await firstNode.getAttribute('data-ry')}`;
  const before = await where();
  // fitLarge leaves a 30 px margin: the top left corner is background, so this drag pans.
  await page.mouse.move(box.x + 8, box.y + 8);
  await page.mouse.down();
  for (let i = 1; i <= 30; i++) {
    await page.mouse.move(box.x + 8 + i * 10, box.y + 8 + i * 6);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (const dy of [...Array<number>(8).fill(-200), ...Array<number>(8).fill(200)]) {
    await page.mouse.wheel(0, dy);
    await page.waitForTimeout(40);
  }
  await page.waitForTimeout(200);
  const frames = await page.evaluate(() => {
    const w = window as unknown as { frames_: number[]; recording_: boolean };
    w.recording_ = false;
    return w.frames_.slice(1);
  });
  // The drag panned (zooming in and out by the same steps alone would put everything back).
  if ((await where()) === before) throw new Error('the view did not move: the pan or zoom input missed the canvas');
  return frames;
}

export async function benchUi(): Promise<BenchResult[]> {
  if (!existsSync(CHROMIUM)) return [{ name: `skipped: no Chromium at ${CHROMIUM}`, value: 0, unit: '' }];
  const dir = mkdtempSync(join(tmpdir(), 'ngstudio-bench-ui-'));
  const stateFile = join(dir, 'state.json');
  try {
    const state = newState();
    const built = await runCommand(state, ['ngctl', '-f', '-'], { readStdin: async () => largeGraphScript() });
    if (built.code !== 0) throw new Error(`building the large host failed: ${built.stderr}`);
    const nodes = state.vnets['0']!.nodes.filter((n) => n.type !== 'socket').length;
    await saveState(stateFile, state);
    const agent = await startAgentProcess(['--sim-state', stateFile, '--poll', '200']);
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--enable-precise-memory-info'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      // NGSTUDIO_BENCH_PROFILE=file.cpuprofile: a CPU profile of the first render (open in Chromium's DevTools).
      const profile = process.env.NGSTUDIO_BENCH_PROFILE;
      const cdp = profile ? await page.context().newCDPSession(page) : null;
      if (cdp) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.start'));
      await page.goto(`${agent.url}?token=${agent.token}`);
      // Wait for the element list to stop growing, then count what a complete render holds.
      const first = await drawnAt(page, nodes);
      if (cdp && profile) writeFileSync(profile, JSON.stringify((await cdp.send('Profiler.stop')).profile));
      // With a profile, also the page timeline (User Timing entries with their detail, long animation frames), to read beside it.
      if (profile) console.error(JSON.stringify(await page.evaluate(() => performance.getEntries().filter((e) => e.entryType !== 'resource').map((e) => [e.name, Math.round(e.startTime), Math.round(e.duration), (e as PerformanceMeasure).detail ?? null]))));
      const total = Number(await page.getByTestId('canvas-elements').getAttribute('data-count'));
      const heap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN);
      const edges = await page.locator('[data-testid="canvas-elements"] li[data-group="edges"]').count();

      const patchMs: number[] = [];
      const ngctl = join(simBinDir(), 'ngctl');
      for (let i = 0; i < PATCHES; i++) {
        const before = (await applyDiffs(page)).length;
        const r = spawnSync(ngctl, ['mkpeer', `br${i}:`, 'eiface', `link${40 + i}`, 'ether'], { env: { ...process.env, NGSTUDIO_SIM_STATE: stateFile }, encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`emulated ngctl failed: ${r.stderr}`);
        await page.waitForFunction((n) => performance.getEntriesByName('ngstudio:applyDiff').length > n, before, { polling: 50, timeout: 30_000 });
        const all = await applyDiffs(page);
        patchMs.push(...all.slice(before).map((e) => e.duration));
      }
      const patch = Math.round(median(patchMs) * 10) / 10;
      const frames = await panZoomFrames(page);
      const round1 = (x: number): number => Math.round(x * 10) / 10;
      const p95 = round1(percentile(frames, 0.95));
      return [
        { name: 'emulated host size', value: nodes, unit: 'netgraph nodes' },
        { name: 'links drawn', value: edges, unit: 'edges' },
        { name: 'first complete render (layout done)', value: Math.round(first.laidOut), unit: 'ms', goal: '< 1500', ok: first.laidOut < 1500 },
        { name: `first complete render (all ${total} elements listed)`, value: Math.round(first.listed), unit: 'ms', goal: '< 1500', ok: first.listed < 1500 },
        { name: `one-node patch: applyDiff (median of ${patchMs.length})`, value: patch, unit: 'ms', goal: '< 50', ok: patch < 50 },
        { name: 'one-node patch: applyDiff (max)', value: Math.round(Math.max(...patchMs) * 10) / 10, unit: 'ms', goal: '< 50', ok: Math.max(...patchMs) < 50 },
        { name: `pan and zoom: frame interval (median of ${frames.length})`, value: round1(median(frames)), unit: 'ms' },
        { name: 'pan and zoom: frame interval (95th percentile)', value: p95, unit: 'ms', goal: '< 50', ok: p95 < 50 },
        { name: 'pan and zoom: longest frame', value: round1(Math.max(...frames)), unit: 'ms' },
        { name: 'JS heap after load (usedJSHeapSize)', value: Math.round(heap / 1024 / 1024 * 10) / 10, unit: 'MiB' },
      ];
    } finally {
      await browser.close();
      await agent.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) report('UI, 1000 nodes and 1500 links in headless Chromium', await benchUi());
