import { build } from 'esbuild';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../src/core/api/contract';
import { startHost, type RunningHost } from '../../src/host';
import { fakeRendererBuild } from './hostFixture';
import { recordingApi } from './recordingApi';

/**
 * The web Platform in a real browser (Chromium), against the real host: the page is the
 * platform module bundled with esbuild, served under the host's Content-Security-Policy.
 */

const repoRoot = path.resolve(__dirname, '../..');
let page: Page;
let browser: Browser;
let host: RunningHost;
let files: Awaited<ReturnType<typeof fakeRendererBuild>>;
const engine = recordingApi();

beforeAll(async () => {
  files = await fakeRendererBuild();
  const entry = path.join(files.base, 'entry.ts');
  await writeFile(
    entry,
    `import { createPlatform, detectPlatform } from ${JSON.stringify(path.join(repoRoot, 'src/renderer/platform/index.ts'))};
     const w = window as any;
     w.events = [];
     w.kind = detectPlatform();
     w.platform = createPlatform();
     w.platform.api.onEvent((e: unknown) => w.events.push(e));
     w.ready = true;`,
  );
  await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'browser', target: 'chrome120', outfile: path.join(files.root, 'assets', 'app.js'), logLevel: 'silent' });
  // The inline script must be blocked by the policy: it proves the header is in force.
  await writeFile(path.join(files.root, 'index.html'), '<!doctype html><title>t</title><script>window.inlineRan = true</script><script type="module" src="/assets/app.js"></script>\n');
  host = await startHost({ runsDir: path.join(files.base, 'runs'), rendererDir: files.root, engine: engine.api });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ acceptDownloads: true });
  await open(page, host.url);
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await files?.remove();
});

async function open(target: Page, url: string) {
  await target.goto(url);
  await target.waitForFunction(() => (window as any).ready === true);
}

describe('the web platform in Chromium', () => {
  it('runs under the strict policy: its module loads, inline script does not', async () => {
    expect(await page.evaluate(() => [(window as any).kind, (window as any).platform.kind, (window as any).inlineRan ?? null])).toEqual(['web', 'web', null]);
  });

  it('calls the engine over the WebSocket and gets its answers and errors', async () => {
    const answers = await page.evaluate(async () => {
      const api = (window as any).platform.api;
      const info = await api.engineInfo();
      const sample = await api.datasetSample('mnist', 'test', 4, 2);
      const error = await api.getRun('run-nope').then(
        () => null,
        (e: Error) => e.message,
      );
      return { version: info.version, images: sample.images.length, pixels: sample.images[0].length, error };
    });
    expect(answers).toEqual({ version: 'test', images: 4, pixels: 784, error: "No run is called 'run-nope'" });
  });

  it('receives training events', async () => {
    const event: ApiEvent = { type: 'test', jobId: 'job-3', testLoss: 0.1, testAccuracy: 0.97, confusion: [[1]], perClassAccuracy: [1], samples: 10 };
    engine.emit(event);
    await page.waitForFunction(() => (window as any).events.length > 0);
    expect(await page.evaluate(() => (window as any).events)).toEqual([event]);
  });

  it('saves a project in the browser, without a download, and reopens it after a reload', async () => {
    const text = '{"format":"netcanvas-graph","name":"saved"}\n';
    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    const saved = await page.evaluate((t) => (window as any).platform.saveProject(t, { suggestedName: 'saved.netcanvas.json', saveAs: false }), text);
    expect(saved).toEqual({ name: 'saved.netcanvas.json' });
    // A download asked for afterwards is the first one the page makes: saving made none.
    const [marker] = await Promise.all([page.waitForEvent('download'), page.evaluate(() => (window as any).platform.exportFile('m', 'marker.txt', 'text/plain'))]);
    expect(marker.suggestedFilename()).toBe('marker.txt');
    expect(downloads).toEqual(['marker.txt']);
    expect(await page.evaluate(() => (window as any).platform.recentProjects())).toContainEqual({ name: 'saved.netcanvas.json', path: 'browser:saved.netcanvas.json' });
    await open(page, host.url);
    expect(await page.evaluate(() => (window as any).platform.reopenLast())).toEqual({ name: 'saved.netcanvas.json', text });
  });

  it('opens a project through the file picker, and again from recent projects after a reload', async () => {
    const text = '{"format":"netcanvas-graph","name":"picked"}';
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.evaluate(() => {
        (window as any).opened = (window as any).platform.openProject();
      })]);
    expect(chooser.isMultiple()).toBe(false);
    await chooser.setFiles({ name: 'picked.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    expect(await page.evaluate(() => (window as any).opened)).toEqual({ name: 'picked.json', text });

    await open(page, host.url);
    const recent = await page.evaluate(() => (window as any).platform.recentProjects());
    expect(recent[0]).toEqual({ name: 'picked.json', path: 'browser:picked.json' });
    expect(await page.evaluate(() => (window as any).platform.openRecent('browser:picked.json'))).toEqual({ name: 'picked.json', text });
  });

  it('exports bytes as a download', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.evaluate(() => (window as any).platform.exportFile(new Uint8Array([137, 80, 78, 71, 0, 255]), 'graph.png', 'image/png')),
    ]);
    expect(download.suggestedFilename()).toBe('graph.png');
    expect([...(await readFile((await download.path())!))]).toEqual([137, 80, 78, 71, 0, 255]);
  });

  it('keeps the recovery copy across a reload until it is cleared', async () => {
    await page.evaluate(() => (window as any).platform.saveRecovery('{"draft":true}'));
    await open(page, host.url);
    expect(await page.evaluate(() => (window as any).platform.loadRecovery())).toBe('{"draft":true}');
    await page.evaluate(() => (window as any).platform.clearRecovery());
    expect(await page.evaluate(() => (window as any).platform.loadRecovery())).toBeNull();
  });
});

describe('a host beyond loopback, in Chromium', () => {
  it('works from the printed address with its token, keeps working after a reload, and not without it', async () => {
    const remote = await startHost({ host: '0.0.0.0', runsDir: path.join(files.base, 'runs'), rendererDir: files.root, engine: engine.api });
    const context = await browser.newContext();
    try {
      const tab = await context.newPage();
      const local = `http://127.0.0.1:${remote.port}/`;
      await open(tab, `${local}?token=${remote.token}#design`);
      expect(await tab.evaluate(() => (window as any).platform.api.listRuns())).toEqual([]);
      expect(tab.url()).toBe(`${local}#design`);
      await tab.reload();
      await tab.waitForFunction(() => (window as any).ready === true);
      expect(await tab.evaluate(() => (window as any).platform.api.listRuns())).toEqual([]);

      const stranger = await context.newPage();
      await open(stranger, local);
      const refused = await stranger.evaluate(() => (window as any).platform.api.listRuns().then(() => 'answered', (e: Error) => e.message));
      expect(refused).toBe(`listRuns: Cannot reach the NetCanvas host at ws://127.0.0.1:${remote.port}/api; is it running, and did you open the exact address it printed (with its ?token=…)?`);
    } finally {
      await context.close();
      await remote.close();
    }
  });
});
