import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { exportBaseName, EXPORT_FORMATS, PURE_EXPORT_FORMATS } from '../../src/core/export/formats';
import { bundlePage, launchChromium, REPO_ROOT } from '../digits/support/browser';

/**
 * The app's Export panel in Chromium against `netcanvas export`: for every format the
 * registry writes from the graph alone, the panel offers a tab, and what it copies and
 * saves is byte for byte what the CLI writes for the same template under the same name.
 */
const TEMPLATE = 'mlp';
const templateJson = JSON.parse(readFileSync(path.join(REPO_ROOT, `resources/templates/${TEMPLATE}.json`), 'utf8'));
const base = exportBaseName(templateJson.name);
const folder = mkdtempSync(path.join(tmpdir(), 'netcanvas-export-panel-'));
writeFileSync(path.join(folder, `${TEMPLATE}.json`), JSON.stringify(templateJson));

async function netcanvas(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd: folder, env: {} });
  return { code, stdout, stderr };
}

describe('Export panel in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const copied: string[] = [];
  const exported: { data: string; name: string; mime: string }[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const bundle = await bundlePage('test/export/support/exportPage.tsx');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.exposeFunction('copied', (text: string) => void copied.push(text));
    await page.exposeFunction('exported', (data: string, name: string, mime: string) => void exported.push({ data, name, mime }));
    await page.setContent(`<!doctype html><html><head><style>${bundle.css}</style></head><body><div id="root"></div></body></html>`);
    await page.addScriptTag({ content: bundle.js });
    await page.evaluate((json) => window.showExport(json), templateJson);
    await page.getByTestId('export-code').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(folder, { recursive: true, force: true });
    expect(pageErrors).toEqual([]);
  });

  it('offers a tab for every format in the registry (the engine\'s too), then the project JSON and the picture', async () => {
    const tabs = await page.getByRole('tab').allTextContents();
    expect(tabs).toEqual([...EXPORT_FORMATS.map((f) => f.label), 'Project JSON', 'Picture']);
    // The two the app lacked before the registry.
    expect(tabs).toEqual(expect.arrayContaining(['Keras JSON', 'tfjs model.json']));
  });

  it.each(PURE_EXPORT_FORMATS.map((f) => ({ id: f.id, label: f.label, file: f.fileName(base), mime: f.mime })))(
    '$label: Copy and Save give what `netcanvas export --format $id -o $file` writes',
    async ({ id, file, mime }) => {
      const cli = await netcanvas('export', `${TEMPLATE}.json`, '--format', id, '-o', file);
      expect(cli.code).toBe(0);
      const written = readFileSync(path.join(folder, file), 'utf8');

      await page.getByTestId(`export-tab-${id}`).click();
      await expect.poll(() => page.getByTestId(`export-tab-${id}`).getAttribute('aria-selected')).toBe('true');
      copied.length = 0;
      exported.length = 0;
      await page.getByTestId('export-copy').click();
      await page.getByTestId('export-save').click();
      await expect.poll(() => copied.length + exported.length).toBe(2);

      expect(copied[0]).toBe(written);
      expect(exported[0]).toEqual({ data: written, name: file, mime });
      // The code view shows the same text (its gutter of line numbers aside).
      expect(await page.getByTestId('export-code').locator('.code__text').textContent()).toBe(written);
    },
  );

  it('copies the Keras JSON that `netcanvas export --format keras` prints', async () => {
    const printed = await netcanvas('export', `${TEMPLATE}.json`, '--format', 'keras');
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.stdout)).toMatchObject({ class_name: 'Functional', training_config: expect.any(Object) });
    await page.getByTestId('export-tab-keras').click();
    copied.length = 0;
    await page.getByTestId('export-copy').click();
    await expect.poll(() => copied.length).toBe(1);
    expect(copied[0]).toBe(printed.stdout);
  });
});
