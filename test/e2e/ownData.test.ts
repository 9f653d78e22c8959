import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from './support/app';
import { MNIST, writeMnistFolder } from '../support/mnistFolder';

/**
 * Own data through the app, in Chromium against a host with a real engine, as a user goes:
 * the Data view lists the host's data folder, shows what it sees in a table and an image
 * folder, makes a starter network; the Train view trains it; Try it shows the evaluation on
 * the held-out test split and predicts a sample. The oracles are the data themselves: the
 * test split's labels (the accuracy the engine reports) and the table's own target column.
 */
const TABLES = '../shared/datasets/tables';
const haveData = existsSync(join(TABLES, 'iris.csv')) && existsSync(join(TABLES, 'diabetes.csv')) && existsSync(join(MNIST, 'train-images-idx3-ubyte.gz'));

describe.skipIf(!haveData)('own data in the app', () => {
  let app: App;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nc-e2e-data-'));
    copyFileSync(join(TABLES, 'iris.csv'), join(dir, 'iris.csv'));
    copyFileSync(join(TABLES, 'diabetes.csv'), join(dir, 'diabetes.csv'));
    // 10,000 pictures: 900 training and 100 test per class, as the command line's test.
    await writeMnistFolder(join(dir, 'digits'), { train: 900, test: 100 });
    app = await startApp({ dataDir: dir });
  });
  afterAll(async () => {
    expect(app?.pageErrors ?? []).toEqual([]);
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Trains the open graph with seed 1 and waits for the run to finish. */
  async function train(): Promise<void> {
    const { page } = app;
    await page.getByTestId('tab-train').click();
    await page.getByTestId('train-seed').fill('1');
    await page.getByTestId('train-start').click();
    await page.locator('[data-testid="train-status"][data-status="completed"]').waitFor({ timeout: 240_000 });
  }

  it('lists the data folder: the two tables and the image folder, nothing else', async () => {
    const { page } = app;
    await page.keyboard.press('Control+Shift+D');
    await page.getByTestId('data-entries').waitFor();
    const names = await page.getByTestId('data-entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
    expect(names.sort()).toEqual(['diabetes.csv', 'digits', 'iris.csv']);
  });

  it('uploads a table and a folder of pictures from the page: each lands whole in the data folder and opens', async () => {
    const { page } = app;
    await page.getByTestId('data-upload-file').setInputFiles(join(TABLES, 'wine.csv'));
    await page.locator('[data-testid="data-entry"][data-name="uploads/wine.csv"]').waitFor();
    await page.getByTestId('data-report').filter({ hasText: 'wine.csv' }).waitFor();
    expect(readFileSync(join(dir, 'uploads', 'wine.csv'))).toEqual(readFileSync(join(TABLES, 'wine.csv')));
    // A folder: two classes of the MNIST pictures made above.
    const small = mkdtempSync(join(tmpdir(), 'nc-e2e-pics-'));
    for (const name of ['seven', 'one']) {
      mkdirSync(join(small, 'pics', name), { recursive: true });
      for (const file of readdirSync(join(dir, 'digits', 'train', name)).slice(0, 5)) copyFileSync(join(dir, 'digits', 'train', name, file), join(small, 'pics', name, file));
    }
    await page.getByTestId('data-upload-folder').setInputFiles(join(small, 'pics'));
    await page.locator('[data-testid="data-entry"][data-name="uploads/pics"]').waitFor();
    await page.getByTestId('data-pictures').waitFor();
    expect(readdirSync(join(dir, 'uploads', 'pics')).sort()).toEqual(['one', 'seven']);
    expect(readdirSync(join(dir, 'uploads', 'pics', 'seven'))).toHaveLength(5);
    rmSync(small, { recursive: true, force: true });
  });

  it('shows a table as NetCanvas sees it: its columns, the target, the classes and its first rows', async () => {
    const { page } = app;
    await page.locator('[data-testid="data-entry"][data-name="iris.csv"]').click();
    await page.getByTestId('data-report').waitFor();
    const rows = Papa.parse<string[]>(readFileSync(join(TABLES, 'iris.csv'), 'utf8'), { skipEmptyLines: true }).data;
    const header = rows[0];
    // One row of statistics per column of the file, the last one the target.
    expect(await page.locator('[data-testid="data-columns"] tbody tr').count()).toBe(header.length);
    expect(await page.locator('[data-testid="data-columns"] tbody tr.data-table__target td').first().textContent()).toBe(header.at(-1));
    // The class bars count the file's own labels.
    const classes = [...new Set(rows.slice(1).map((r) => r.at(-1)!))];
    expect(await page.locator('[data-testid="data-class-counts"] .class-bars__column').count()).toBe(classes.length);
    expect(await page.getByTestId('data-report').getAttribute('data-task')).toBe('multiclass');
    expect(await page.locator('[data-testid="data-preview-rows"] tbody tr td').first().textContent()).toBe(rows[1][0]);
  });

  it('makes the iris starter network, trains it to 90% on the test split and predicts a row of the file as its label says', async () => {
    const { page } = app;
    await page.getByTestId('data-starter').click();
    await page.getByTestId('canvas').waitFor();
    expect(await page.locator('.react-flow__node').count()).toBeGreaterThan(2);
    await train();
    await page.getByTestId('tab-digits').click();
    await page.getByTestId('own-evaluation').waitFor();
    const accuracy = Number(await page.getByTestId('own-test-accuracy').getAttribute('data-accuracy'));
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    // A cell for each pair of the three classes.
    const counts = await page.locator('[data-testid="confusion-matrix"] button').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
    expect(counts.length).toBe(9);
    const rows = Papa.parse<string[]>(readFileSync(join(TABLES, 'iris.csv'), 'utf8'), { skipEmptyLines: true }).data;
    // Drill-down: the rows behind the first class's diagonal cell are rows of that class in the file (rows counted from 1, the header included).
    const names = await page.locator('[data-testid="own-per-class"] .class-bars__column').evaluateAll((els) => els.map((e) => e.getAttribute('title')!.replace(/: .*$/, '')));
    await page.locator('[data-testid="confusion-matrix"] button[data-label="0"][data-predicted="0"]').click();
    const cell = page.getByTestId('cell-samples');
    await cell.waitFor();
    const listed = await cell.locator('li').evaluateAll((els) => els.map((e) => e.firstChild!.textContent!.trim()));
    expect(listed.length).toBe(Number(await cell.getAttribute('data-count')));
    expect(listed.length).toBeGreaterThan(0);
    for (const item of listed) {
      const line = Number(/row (\d+)$/.exec(item)![1]);
      expect(rows[line - 1].at(-1), item).toBe(names[0]);
    }
    // A row of the file, typed into the form: the model reads it as the file labels it.
    const [header, row] = [rows[0], rows[1]];
    for (let c = 0; c < header.length - 1; c++) await page.locator(`[data-testid="try-form"] [data-column="${header[c]}"]`).fill(row[c]);
    await page.getByTestId('try-predict').click();
    await page.getByTestId('try-answer').waitFor();
    expect(await page.getByTestId('try-answer').getAttribute('data-class')).toBe(row.at(-1));
  });

  it('a regression table: the diabetes starter reaches R² 0.35, and a row is predicted in the target’s own units', async () => {
    const { page } = app;
    await page.getByTestId('tab-data').click();
    await page.locator('[data-testid="data-entry"][data-name="diabetes.csv"]').click();
    await page.locator('[data-testid="data-report"][data-task="regression"]').waitFor();
    await page.getByTestId('data-starter').click();
    await train();
    expect(await page.locator('[data-testid="train-status"] dt', { hasText: 'Test R²' }).count()).toBe(1);
    await page.getByTestId('tab-digits').click();
    const r2 = Number(await page.getByTestId('regression-metrics').getAttribute('data-r2'));
    expect(r2).toBeGreaterThanOrEqual(0.35);
    // Predicted against actual and the residuals: one point per test sample.
    await page.locator('[data-testid="regression-scatter"] svg').waitFor();
    const samples = Number(/\(([\d,]+) samples\)/.exec((await page.getByTestId('own-evaluation').locator('h4').first().textContent())!)![1].replace(/,/g, ''));
    expect(Number(await page.getByTestId('regression-charts').getAttribute('data-points'))).toBe(samples);
    await page.getByTestId('try-predict').click();
    await page.getByTestId('try-answer').waitFor();
    // The form starts at the training means; the answer is in the target's units (diabetes progression, about 25–346), not scaled.
    const target = Papa.parse<string[]>(readFileSync(join(TABLES, 'diabetes.csv'), 'utf8'), { skipEmptyLines: true }).data.slice(1).map((r) => Number(r.at(-1)));
    const value = Number(await page.getByTestId('try-answer').getAttribute('data-value'));
    expect(value).toBeGreaterThan(Math.min(...target));
    expect(value).toBeLessThan(Math.max(...target));
  });

  it('an image folder of 10,000 MNIST pictures: pictures per class shown, the starter CNN trained to 95%, drill-down to pictures, a test picture read as its folder says', async () => {
    const { page } = app;
    await page.getByTestId('tab-data').click();
    await page.locator('[data-testid="data-entry"][data-name="digits"]').click();
    // The inspection decodes all 10,000 pictures (about 10 s on two free cores; longer on a shared machine).
    await page.getByTestId('data-pictures').waitFor({ timeout: 120_000 });
    expect(await page.locator('[data-testid="data-pictures"] .data-pictures__class').count()).toBe(10);
    expect(await page.locator('[data-testid="data-pictures"] img').count()).toBeGreaterThanOrEqual(10);
    await page.getByTestId('data-starter').click();
    expect(await page.locator('.react-flow__node', { hasText: 'Conv2D' }).count()).toBeGreaterThan(0);
    await train();
    await page.getByTestId('tab-digits').click();
    await page.getByTestId('own-evaluation').waitFor();
    expect(Number(await page.getByTestId('own-test-accuracy').getAttribute('data-accuracy'))).toBeGreaterThanOrEqual(0.95);
    // Drill-down to pictures: the sevens read as sevens, each a picture of the test/seven folder.
    const seven = (await page.locator('[data-testid="own-per-class"] .class-bars__column').evaluateAll((els) => els.map((e) => e.getAttribute('title')!.replace(/: .*$/, '')))).indexOf('seven');
    await page.locator(`[data-testid="confusion-matrix"] button[data-label="${seven}"][data-predicted="${seven}"]`).click();
    await page.locator('[data-testid="cell-samples"] img').first().waitFor();
    const pictures = await page.locator('[data-testid="cell-samples"] img').evaluateAll((els) => els.map((e) => ({ alt: e.getAttribute('alt')!, src: e.getAttribute('src')! })));
    expect(pictures.length).toBe(Math.min(48, Number(await page.getByTestId('cell-samples').getAttribute('data-count'))));
    for (const p of pictures) {
      expect(p.alt).toContain(join('digits', 'test', 'seven'));
      expect(p.src).toMatch(/^data:image\/png;base64,/);
    }
    const sevens = join(dir, 'digits', 'test', 'seven');
    await page.getByTestId('try-picture').setInputFiles(join(sevens, readdirSync(sevens)[0]));
    await page.getByTestId('try-answer').waitFor();
    expect(await page.getByTestId('try-answer').getAttribute('data-class')).toBe('seven');
    // Training alone waits up to 240 s (a CNN on 9,000 pictures; slower when the machine is shared).
  }, 360_000);
});
