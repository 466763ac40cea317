// Benchmark of the UI on large graphs, in headless Chromium against a real
// agent over an emulated host of 1000 netgraph nodes and 1500 links, then of
// 5000 nodes and 7500 links: time to the first complete render (every element
// in the canvas's element list and the layout done), time to apply a one-node
// patch to the canvas (User Timing entries the canvas writes around
// applyDiff), frame intervals while panning and zooming with real mouse input
// (at the first view, readable, and zoomed out to the whole graph), and the
// page's JS heap after load. The two sizes are printed side by side.
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
import { startAgentProcess } from './support.js';

const CHROMIUM = '/usr/bin/chromium';
const EIFACES_PER_BRIDGE = 9; // bridges × (1 bridge + 9 eifaces) nodes, 9 links each
const PEERS_PER_BRIDGE = 6; // + 6 bridge-to-bridge links each: 100 bridges = 1000 nodes, 1500 links
const PATCHES = 5;
/** The hosts measured: 100 bridges (1000 nodes, 1500 links) and 500 (5000 nodes, 7500 links); NGSTUDIO_BENCH_UI_BRIDGES=500 measures one. */
const SIZES = process.env.NGSTUDIO_BENCH_UI_BRIDGES ? process.env.NGSTUDIO_BENCH_UI_BRIDGES.split(',').map(Number) : [100, 500];

/** An ngctl -f script: persistent bridges with their eifaces, and each bridge linked to the next six. */
export function largeGraphScript(bridges = 100): string {
  const lines: string[] = [];
  for (let b = 0; b < bridges; b++) {
    lines.push(`mkpeer . bridge b${b} link0`, `name .:b${b} br${b}`, `msg br${b}: setpersistent`, `rmhook . b${b}`);
    for (let e = 1; e <= EIFACES_PER_BRIDGE; e++) lines.push(`mkpeer br${b}: eiface link${e} ether`);
  }
  // Pairs (b, b+k) for k ≤ 6 are distinct: each bridge gets hooks link11…16 out and link21…26 in.
  for (let b = 0; b < bridges; b++) {
    for (let k = 1; k <= PEERS_PER_BRIDGE; k++) lines.push(`connect br${b}: br${(b + k) % bridges}: link${10 + k} link${20 + k}`);
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
    { polling: 'raf', timeout: 300_000 },
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
  // Fits leave a 30 px margin: the top left corner is background, so this drag pans.
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

/** One row of the side-by-side report: a value per host size. */
export interface UiRow {
  name: string;
  unit: string;
  values: number[];
  /** A goal per size (the same text for each when they share one). */
  goal?: { text: string; ok: (v: number, size: number) => boolean }[];
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Measures one host size: `bridges` bridges with their eifaces and links. */
async function measureUi(bridges: number): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'ngstudio-bench-ui-'));
  const stateFile = join(dir, 'state.json');
  try {
    const state = newState();
    const built = await runCommand(state, ['ngctl', '-f', '-'], { readStdin: async () => largeGraphScript(bridges) });
    if (built.code !== 0) throw new Error(`building the large host failed: ${built.stderr}`);
    const nodes = state.vnets['0']!.nodes.filter((n) => n.type !== 'socket').length;
    await saveState(stateFile, state);
    const agent = await startAgentProcess(['--sim-state', stateFile, '--poll', '200']);
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--enable-precise-memory-info'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      // NGSTUDIO_BENCH_PROFILE=file.cpuprofile: a CPU profile of the first render (open in Chromium's DevTools).
      const profile = process.env.NGSTUDIO_BENCH_PROFILE ? `${process.env.NGSTUDIO_BENCH_PROFILE.replace(/\.cpuprofile$/, '')}-${nodes}.cpuprofile` : null;
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
        await page.waitForFunction((n) => performance.getEntriesByName('ngstudio:applyDiff').length > n, before, { polling: 50, timeout: 60_000 });
        const all = await applyDiffs(page);
        patchMs.push(...all.slice(before).map((e) => e.duration));
      }
      const frames = await panZoomFrames(page);
      // Zoomed out to the whole graph (the Fit button): every node and edge in view.
      await page.getByTestId('fit').click();
      await page.waitForTimeout(500);
      const framesAll = await panZoomFrames(page);
      return {
        nodes,
        edges,
        total,
        laidOut: Math.round(first.laidOut),
        listed: Math.round(first.listed),
        patchMedian: round1(median(patchMs)),
        patchMax: round1(Math.max(...patchMs)),
        patches: patchMs.length,
        frameMedian: round1(median(frames)),
        frameP95: round1(percentile(frames, 0.95)),
        frameMax: round1(Math.max(...frames)),
        frameAllMedian: round1(median(framesAll)),
        frameAllP95: round1(percentile(framesAll, 0.95)),
        frameAllMax: round1(Math.max(...framesAll)),
        heapMiB: round1(heap / 1024 / 1024),
      };
    } finally {
      await browser.close();
      await agent.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The goals: 1.5 s to the first render at 1000 nodes, 3 s at 5000; 50 ms a patch and a 95th-percentile frame at both. */
const firstRenderGoal = { text: '< 1500 / < 3000', ok: (v: number, n: number) => v < (n > 2000 ? 3000 : 1500) };
const under50 = { text: '< 50', ok: (v: number) => v < 50 };

/** Both host sizes, measured one after the other (they share two cores), as rows of values per size. */
export async function benchUi(): Promise<{ sizes: number[]; rows: UiRow[] } | string> {
  if (!existsSync(CHROMIUM)) return `skipped: no Chromium at ${CHROMIUM}`;
  const m: Record<string, number>[] = [];
  for (const bridges of SIZES) m.push(await measureUi(bridges));
  const col = (k: string): number[] => m.map((x) => x[k] ?? NaN);
  return {
    sizes: col('nodes'),
    rows: [
      { name: 'links drawn', unit: 'edges', values: col('edges') },
      { name: 'first complete render (layout done)', unit: 'ms', values: col('laidOut'), goal: [firstRenderGoal] },
      { name: 'first complete render (every element listed)', unit: 'ms', values: col('listed'), goal: [firstRenderGoal] },
      { name: `one-node patch: applyDiff (median of ${PATCHES})`, unit: 'ms', values: col('patchMedian'), goal: [under50] },
      { name: 'one-node patch: applyDiff (max)', unit: 'ms', values: col('patchMax'), goal: [under50] },
      { name: 'pan and zoom, first view: frame (median)', unit: 'ms', values: col('frameMedian') },
      { name: 'pan and zoom, first view: frame (95th pct)', unit: 'ms', values: col('frameP95'), goal: [under50] },
      { name: 'pan and zoom, first view: longest frame', unit: 'ms', values: col('frameMax') },
      { name: 'pan and zoom, whole graph: frame (median)', unit: 'ms', values: col('frameAllMedian') },
      { name: 'pan and zoom, whole graph: frame (95th pct)', unit: 'ms', values: col('frameAllP95'), goal: [under50] },
      { name: 'pan and zoom, whole graph: longest frame', unit: 'ms', values: col('frameAllMax') },
      { name: 'JS heap after load (usedJSHeapSize)', unit: 'MiB', values: col('heapMiB') },
    ],
  };
}

/** Prints the UI benchmark: one column per host size, each value with its verdict. */
export function reportUi(title: string, r: { sizes: number[]; rows: UiRow[] } | string): void {
  console.log(`\n## ${title}`);
  if (typeof r === 'string') return void console.log(`  ${r}`);
  console.log(`  ${''.padEnd(46)} ${r.sizes.map((n) => `${n} nodes`.padStart(22)).join('')}`);
  for (const row of r.rows) {
    const cells = row.values.map((v, i) => {
      const g = row.goal?.[0];
      const verdict = g === undefined ? '' : g.ok(v, r.sizes[i] ?? 0) ? ' ok' : ' MISS';
      return `${v} ${row.unit}${verdict}`.padStart(22);
    });
    const goal = row.goal?.[0] ? `  (goal ${row.goal[0].text} ${row.unit})` : '';
    console.log(`  ${row.name.padEnd(46)} ${cells.join('')}${goal}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) reportUi('UI in headless Chromium: 1000 nodes / 1500 links and 5000 nodes / 7500 links', await benchUi());
