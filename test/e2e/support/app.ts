import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { NetCanvasApi } from '../../../src/core/api/contract';
import { startHost, type RunningHost } from '../../../src/host/index';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const dataDir = process.env.NETCANVAS_DATA ?? path.resolve(repoRoot, '../shared/datasets/mnist');
/** The renderer the end-to-end tests serve: built once, rebuilt when a source is newer. */
export const rendererDir = path.join(repoRoot, 'out', 'e2e-renderer');
export const resultsDir = path.join(repoRoot, 'test-results');

const CHROMIUM = '/usr/bin/chromium';
const SOURCES = ['src/renderer', 'src/core', 'resources/templates', 'vite.renderer.config.ts'];

function newest(p: string): number {
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(p).map((name) => newest(path.join(p, name))));
}

/** Builds the renderer into out/e2e-renderer unless it is newer than every source; one build at a time across test files. */
export async function ensureRenderer(): Promise<string> {
  const index = path.join(rendererDir, 'index.html');
  const lock = path.join(repoRoot, 'out', '.e2e-renderer.lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - statSync(lock).mtimeMs > 180_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    const stale = !existsSync(index) || statSync(index).mtimeMs < Math.max(...SOURCES.map((s) => newest(path.join(repoRoot, s))));
    if (stale) {
      const { build } = await import('vite');
      await build({ configFile: path.join(repoRoot, 'vite.renderer.config.ts'), logLevel: 'warn', build: { outDir: rendererDir, emptyOutDir: true } });
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return rendererDir;
}

export interface App {
  readonly host: RunningHost;
  readonly browser: Browser;
  readonly page: Page;
  readonly runsDir: string;
  /** Errors the page threw; a test asserts there are none. */
  readonly pageErrors: string[];
  close(): Promise<void>;
}

/** Starts the browser host in this process (port 0, runs in a temp folder) and opens the app in headless Chromium. */
export async function startApp(options: { engine?: NetCanvasApi; viewport?: { width: number; height: number }; dataDir?: string } = {}): Promise<App> {
  if (!existsSync(CHROMIUM)) throw new Error(`The end-to-end tests need Chromium at ${CHROMIUM}`);
  await ensureRenderer();
  const runsDir = mkdtempSync(path.join(os.tmpdir(), 'netcanvas-e2e-runs-'));
  const host = await startHost({ port: 0, runsDir, dataDir: options.dataDir ?? dataDir, rendererDir, engine: options.engine });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => void d.accept());
  // The page's first engineInfo call probes tfjs's backends in this process (the host's engine
  // runs here), switching tfjs's current backend; a test that uses tfjs itself must start after
  // that answer, or its tensors race the probe ("Backend 'wasm' has not yet been initialized").
  const engineAnswered = new Promise<void>((resolve) => {
    page.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => {
      if (typeof payload === 'string' && payload.includes('"defaultBackend"')) resolve();
    }));
  });
  await page.goto(host.url);
  await page.getByTestId('canvas').waitFor();
  await Promise.race([engineAnswered, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  return {
    host,
    browser,
    page,
    runsDir,
    pageErrors,
    async close() {
      await browser.close();
      await host.close();
      rmSync(runsDir, { recursive: true, force: true });
    },
  };
}
