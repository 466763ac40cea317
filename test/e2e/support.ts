// Browser-test support: a real agent process on a temporary emulated-host
// state file, the emulated commands run against that same file, and Debian's
// Chromium driven through playwright-core (no browser download).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { seedDemo } from '../../agent/host/sim/demo.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test-artifacts');
const BIN = join(ROOT, 'bin', 'ngstudio.mjs');

/**
 * True when Chromium is there. Without it the browser tests are skipped with
 * a plain message, except under CI, where a missing browser is a failure.
 */
export function requireChromium(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const msg = `Chromium not found at ${CHROMIUM}; install Debian's chromium (apt-get install chromium).`;
  if (process.env.CI === 'true') throw new Error(`${msg} Under CI the browser tests must run.`);
  console.warn(`*** ${msg} Browser tests skipped. ***`);
  return false;
}

/** Checks the UI bundle is there (the global setup builds it). */
export function ensureUiBuilt(): void {
  // test/global-setup.ts builds it once before any worker starts; rebuilding
  // here raced other test files reading dist/ui while vite emptied it.
  if (!existsSync(join(ROOT, 'dist', 'ui', 'index.html'))) throw new Error('dist/ui/index.html missing: test/global-setup.ts should have built the UI (node scripts/ensure.mjs --ui)');
}

export interface RunningAgent {
  /** The page URL the agent printed, token included. */
  url: string;
  stateFile: string;
  /** Everything the agent wrote so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/** Kills the agent's whole process group (it was started detached, as its leader). */
async function killGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (s: NodeJS.Signals): void => {
    try {
      process.kill(-(child.pid as number), s);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts `ngstudio serve --backend sim --demo` on a fresh state file and waits
 * for its URL. `demo: false` starts an empty host; the data folder (designs,
 * ledger) is always a fresh one beside the state file.
 */
export async function startAgent(token = 'e2e-token-0123456789', opts: { demo?: boolean; hostname?: string; args?: string[] } = {}): Promise<RunningAgent> {
  const dir = mkdtempSync(join(tmpdir(), 'ngstudio-e2e-'));
  const stateFile = join(dir, 'state.json');
  const args = [BIN, 'serve', '--backend', 'sim', '--listen', '127.0.0.1:0', '--token', token, '--sim-state', stateFile, '--data-dir', join(dir, 'data'), ...(opts.args ?? [])];
  if (opts.hostname !== undefined) {
    // The demo host under another name: seeded here, renamed, then served as it is.
    await seedDemo(stateFile);
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { hostname: string };
    state.hostname = opts.hostname;
    writeFileSync(stateFile, JSON.stringify(state));
  } else if (opts.demo !== false) args.push('--demo');
  const child = spawn(process.execPath, args, { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`the agent printed no URL within 30 s:\n${out}`)), 30_000);
    const check = (): void => {
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[^\s]+/.exec(out);
      if (m) done(null, m[0]);
    };
    const onExit = (code: number | null): void => done(new Error(`the agent exited (${code}) before printing its URL:\n${out}`));
    function done(err: Error | null, u?: string): void {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(u as string);
    }
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', onExit);
  }).catch(async (e: unknown) => {
    await killGroup(child);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  });
  return {
    url,
    stateFile,
    output: () => out,
    async stop() {
      await killGroup(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs an emulated command (`ngstudio sim --state FILE …`) against a state file. */
export function runSim(stateFile: string, argv: string[]): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'sim', '--state', stateFile, ...argv], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Debian's Chromium, headless, with nothing that phones home. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** What a browser test file works with: a real agent, Chromium, and one page on the agent's host. */
export interface BrowserSession {
  agent: RunningAgent;
  browser: Browser;
  page: Page;
  /** Uncaught page errors and console errors, for tests to assert that none happened. */
  pageErrors: string[];
}

/**
 * Starts a real agent and Chromium for the enclosing describe block and stops
 * both after it. The returned object is filled in before the block's first test.
 */
export function useBrowserSession(token?: string, opts: { demo?: boolean; acceptDownloads?: boolean } = {}): BrowserSession {
  const s = { pageErrors: [] as string[] } as BrowserSession;
  beforeAll(async () => {
    ensureUiBuilt();
    s.agent = await startAgent(token, opts.demo === undefined ? {} : { demo: opts.demo });
    s.browser = await launchChromium();
    s.page = await s.browser.newPage({ viewport: { width: 1440, height: 900 }, ...(opts.acceptDownloads ? { acceptDownloads: true } : {}) });
    s.page.on('pageerror', (e) => s.pageErrors.push(String(e)));
    s.page.on('console', (m) => void (m.type() === 'error' && s.pageErrors.push(m.text())));
  }, 120_000);
  afterAll(async () => {
    await s.browser?.close();
    await s.agent?.stop();
  });
  return s;
}

/** The labels of the elements the canvas holds, as the page's offscreen element list reports them. */
export async function canvasLabels(page: Page): Promise<string[]> {
  return page.locator('[data-testid="canvas-elements"] li').allTextContents();
}

/** Saves a full-page screenshot under test-artifacts/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
