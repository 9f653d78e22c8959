import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/core/api/contract';
import { exportRuns, type RunExportFormat } from '../../src/core/experiments/runExport';
import { loadDocument } from '../../src/core/graph/load';
import { buildModel } from '../../src/engine/compile/compile';
import { RunStore } from '../../src/engine/runs/runStore';
import mlp from '../../resources/templates/mlp.json';
import { appForSuite } from './support/suite';
import { completedRun } from '../support/runRecords';

const doc = loadDocument(mlp);
/** Two saved runs of the MLP, the newer first as the run list orders them; their epochs differ so the JSON's curves tell them apart. */
const RUNS = [
  { id: 'run-20261204-160000-bbb222', name: 'Wide MLP #2', createdAt: '2026-12-04T16:00:00.000Z', epochs: 3, testAccuracy: 0.912 },
  { id: 'run-20261204-150000-aaa111', name: 'Narrow MLP #1', createdAt: '2026-12-04T15:00:00.000Z', epochs: 2, testAccuracy: 0.874 },
];
const [newer, older] = RUNS;

/** The file a button downloads, as text. */
async function download(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const event = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  const file = await event;
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
}

/**
 * Issue 13, in Chromium against the browser host: Try it names the run whose model it uses
 * and picks another among those that fit (the Train view marks the same one), and the Train
 * view's Past runs export every run (or the ticked ones) as CSV and JSON equal to core's
 * exportRuns of the runs' records, as `netcanvas runs export` writes them.
 */
describe('choosing the run Try it uses, and exporting every run', () => {
  const app = appForSuite();
  const records: RunRecord[] = [];

  beforeAll(async () => {
    // After the host is up: the app's engine sets up tfjs's backends in this process too.
    await tf.setBackend('cpu');
    const store = new RunStore(app().runsDir);
    const model = await buildModel(doc);
    for (const r of RUNS) {
      const record = completedRun(doc, {
        id: r.id, createdAt: r.createdAt, name: r.name, trainSamples: 600, seconds: 3,
        history: Array.from({ length: r.epochs }, (_, i) => ({ epoch: i + 1, loss: 1 - i * 0.1, accuracy: 0.7 + i * 0.05, valLoss: 0.5, valAccuracy: 0.8, samplesPerSecond: 200, seconds: 1 })),
        test: { testLoss: 0.4, testAccuracy: r.testAccuracy, confusion: [], perClassAccuracy: [], samples: 100 },
        totalParams: model.countParams(),
      });
      await store.save(model, record);
      records.push(await store.get(r.id));
    }
    model.dispose();
  });

  it('says to train first when the app knows no run, and its button opens the Train view', async () => {
    const { page } = app();
    // The app listed the runs when it started, before these were saved.
    await page.getByTestId('tab-digits').click();
    await page.getByTestId('run-chooser-empty').waitFor();
    await page.getByTestId('run-chooser-train').click();
    expect(await page.getByTestId('tab-train').getAttribute('aria-selected')).toBe('true');
  });

  it('names the newest run on the pad, and picking the other marks it selected in the Train view', async () => {
    const { page } = app();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByTestId(`run-${older.id}`).waitFor();
    await page.getByTestId('tab-digits').click();
    const select = page.getByTestId('run-chooser-select');
    expect(await select.getAttribute('data-run')).toBe(newer.id);
    expect(await select.locator('option:checked').textContent()).toBe(`${newer.name} (test acc. 91.2%, 2026-12-04)`);
    expect(await select.locator('option').allTextContents()).toEqual([`${newer.name} (test acc. 91.2%, 2026-12-04)`, `${older.name} (test acc. 87.4%, 2026-12-04)`]);
    await page.getByTestId('digits-panel').waitFor();
    await select.selectOption(older.id);
    expect(await select.getAttribute('data-run')).toBe(older.id);
    await page.getByTestId('tab-train').click();
    expect(await page.getByTestId(`run-${older.id}`).getAttribute('class')).toBe('selected');
    expect(await page.getByTestId(`run-${newer.id}`).getAttribute('class')).toBeNull();
  });

  it.each([
    { format: 'csv', label: 'Export CSV (all 2)' },
    { format: 'json', label: 'Export JSON (all 2)' },
  ] as const)('exports every run as $format: core’s exportRuns of their records, oldest first as the CLI writes them', async ({ format, label }: { format: RunExportFormat; label: string }) => {
    const { page } = app();
    expect(await page.getByTestId(`runs-export-${format}`).textContent()).toBe(label);
    const file = await download(page, `runs-export-${format}`);
    expect(file.name).toMatch(new RegExp(`^netcanvas-runs-\\d{4}-\\d{2}-\\d{2}\\.${format}$`));
    expect(file.text).toBe(exportRuns([...records].reverse(), format));
    if (format === 'csv') {
      const parsed = Papa.parse<Record<string, string>>(file.text.trim(), { header: true });
      expect(parsed.errors).toEqual([]);
      expect(parsed.data.map((row) => [row.name, Number(row.testAccuracy)])).toEqual([older, newer].map((r) => [r.name, r.testAccuracy]));
    } else {
      const parsed = JSON.parse(file.text) as { runs: { name: string; history: unknown[] }[] };
      expect(parsed.runs.map((run) => [run.name, run.history.length])).toEqual([older, newer].map((r) => [r.name, r.epochs]));
    }
  });

  it('exports only the ticked run when one is ticked, and says so', async () => {
    const { page } = app();
    await page.getByRole('checkbox', { name: `Compare ${older.name}` }).check();
    expect(await page.getByTestId('runs-export-csv').textContent()).toBe('Export CSV (1 ticked)');
    const file = await download(page, 'runs-export-csv');
    expect(file.text).toBe(exportRuns([records[1]], 'csv'));
  });
});
