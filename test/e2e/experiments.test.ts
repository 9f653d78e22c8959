import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultsDir, startApp, type App } from './support/app';

const RATES = ['0.2', '0.3', '0.4', '0.5'];
const TRIALS = RATES.map((_, i) => i + 1);

/** Scenario: a four-trial sweep of dropout rates set up, run, sorted, opened, diffed and exported in the Experiments view, against a host with a real engine. */
describe('a sweep in the Experiments view', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
    mkdirSync(resultsDir, { recursive: true });
  });
  afterAll(async () => {
    expect(app?.pageErrors ?? []).toEqual([]);
    await app?.close();
  });

  it('opens with its shortcut from another view and explains sweeps before the first', async () => {
    const { page } = app;
    await page.getByTestId('new-menu').click();
    await page.getByTestId('template-mlp').click();
    await page.getByTestId('tab-train').click();
    await page.keyboard.press('Control+Shift+E');
    await page.getByTestId('experiments-empty').waitFor();
    expect(await page.getByTestId('tab-experiments').getAttribute('aria-selected')).toBe('true');
    // The MLP template is the book's Table 1.3.3 model: its preset is offered.
    await page.getByTestId('book-table-1.3.3').waitFor();
  });

  it('counts the trials before starting and refuses a value the layer does not take', async () => {
    const { page } = app;
    await page.getByTestId('sweep-path-0').selectOption('dropout_1.rate');
    await page.getByTestId('sweep-values-0').fill('0.2,1.5');
    await expect.poll(() => page.getByTestId('sweep-plan').textContent()).toMatch(/dropout_1\.rate=1\.5/);
    expect(await page.getByTestId('sweep-start').isDisabled()).toBe(true);
    await page.getByTestId('sweep-values-0').fill(RATES.join(','));
    await page.getByTestId('sweep-epochs').fill('1');
    await page.getByTestId('sweep-limit').fill('300');
    await page.getByTestId('sweep-test-limit').fill('200');
    await expect.poll(() => page.getByTestId('sweep-plan').getAttribute('data-trials')).toBe(String(TRIALS.length));
  });

  it('runs the four trials, each shown done with its accuracy, the progress full and one line per trial in the picture', async () => {
    const { page } = app;
    await page.getByTestId('sweep-start').click();
    await page.getByTestId('trials').waitFor();
    for (const n of TRIALS) await expect.poll(() => page.getByTestId(`trial-${n}`).getAttribute('data-status'), { timeout: 120_000, interval: 500 }).toBe('done');
    await expect.poll(() => page.getByTestId('sweep-status').getAttribute('data-status')).toBe('done');
    expect(await page.getByTestId('sweep-progress').getAttribute('data-fraction')).toBe('1.000');
    await expect.poll(() => page.getByTestId('sweep-chart').getAttribute('data-lines')).toBe(String(TRIALS.length));
    // ECharts drew the lines as SVG paths inside the chart.
    expect(await page.getByTestId('sweep-chart').locator('svg path').count()).toBeGreaterThan(2);
    // The trade-off chart: a point per trial; dropout changes no multiply-adds, so the front is the more accurate trial (or both on a tie).
    await expect.poll(() => page.getByTestId('tradeoff-chart').getAttribute('data-points')).toBe(String(TRIALS.length));
    expect((await page.getByTestId('tradeoff-chart').getAttribute('data-front'))!.split(',').length).toBeGreaterThanOrEqual(1);
    await page.getByTestId('tradeoff-cost').selectOption('seconds');
    expect(await page.getByTestId('tradeoff-chart').getAttribute('data-points')).toBe(String(TRIALS.length));
    expect(await page.getByTestId('tradeoff-chart').locator('svg path').count()).toBeGreaterThan(0);
  });

  it('sorts by validation accuracy, best first, either way round', async () => {
    const { page } = app;
    const column = async () => (await page.locator('[data-testid="trials"] tbody [data-testid="cell-valAccuracy"]').allTextContents()).map((t) => Number(t.replace('%', '')));
    await page.getByTestId('sort-valAccuracy').click();
    expect(await page.getByTestId('sort-valAccuracy').getAttribute('aria-sort')).toBe('descending');
    const down = await column();
    expect(down).toHaveLength(TRIALS.length);
    expect(down.every((x) => Number.isFinite(x))).toBe(true);
    expect(down).toEqual([...down].sort((a, b) => b - a));
    await page.getByTestId('sort-valAccuracy').click();
    expect(await page.getByTestId('sort-valAccuracy').getAttribute('aria-sort')).toBe('ascending');
    expect(await column()).toEqual([...down].reverse());
    await page.getByTestId('sort-valAccuracy').click();
  });

  it('diffs the two trials: the dropout rate changed from one to the other', async () => {
    const { page } = app;
    await page.getByRole('checkbox', { name: 'Compare trial 1' }).check();
    await page.getByRole('checkbox', { name: 'Compare trial 2' }).check();
    await expect.poll(() => page.getByTestId('trial-diff').textContent()).toContain(`~ dropout_1.rate: ${RATES[0]} → ${RATES[1]}`);
    await page.screenshot({ path: path.join(resultsDir, 'experiments.png') });
  });

  it('shows the two trials’ diff on the canvas: the rate written on its layer, both trials named; Esc goes back', async () => {
    const { page } = app;
    await page.getByTestId('trial-diff-canvas').click();
    await page.getByTestId('diff-mode').waitFor();
    expect(await page.getByTestId('tab-design').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('diff-node-dropout_1').getAttribute('data-status')).toBe('changed');
    expect(await page.getByTestId('diff-changes-dropout_1').textContent()).toBe(`rate: ${RATES[0]} → ${RATES[1]}`);
    expect(await page.getByTestId('diff-node-dense_1').getAttribute('data-status')).toBe('same');
    expect(await page.getByTestId('diff-side-a').textContent()).toContain('trial 1');
    expect(await page.getByTestId('diff-side-b').textContent()).toContain('trial 2');
    expect(await page.getByTestId('diff-metrics').textContent()).toMatch(/val accuracy: [\d.]+% → [\d.]+%/);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('diff-mode').count()).toBe(0);
    // Leaving diff mode gives back the editing canvas, then the sweep's view is one click away.
    expect(await page.getByTestId('tab-design').getAttribute('aria-selected')).toBe('true');
    await page.getByTestId('tab-experiments').click();
    await page.getByTestId('trials').waitFor();
  });

  it('exports the trials as CSV, a row per trial with its rate', async () => {
    const { page } = app;
    const download = page.waitForEvent('download');
    await page.getByTestId('sweep-export-csv').click();
    const text = readFileSync((await (await download).path())!, 'utf8');
    const parsed = Papa.parse<Record<string, string>>(text.trim(), { header: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data.map((r) => r['dropout_1.rate']).sort()).toEqual(RATES);
    expect(parsed.data.every((r) => r.status === 'completed' && r.trial !== '')).toBe(true);
  });

  it('opens the best trial: the Train view shows its run picked and its curves', async () => {
    const { page } = app;
    const first = page.locator('[data-testid="trials"] tbody tr').first();
    await first.getByRole('button', { name: 'Open' }).click();
    await page.getByTestId('runs').waitFor();
    expect(await page.getByTestId('tab-train').getAttribute('aria-selected')).toBe('true');
    const picked = page.locator('[data-testid="runs"] tr.selected');
    await expect.poll(() => picked.count()).toBe(1);
    expect(await picked.getByRole('checkbox').isChecked()).toBe(true);
    // Every trial's run is listed in the Train view.
    expect(await page.locator('[data-testid="runs"] tbody tr').count()).toBe(TRIALS.length);
    await expect.poll(async () => Number(await page.getByTestId('chart-accuracy').getAttribute('data-points'))).toBeGreaterThan(0);
  });

  it('stops a second sweep while its first trial runs, and resumes it to the end', async () => {
    const { page } = app;
    await page.getByTestId('tab-experiments').click();
    await page.getByTestId('sweep-values-0').fill(`${RATES[0]},${RATES.at(-1)}`);
    await page.getByTestId('sweep-limit').fill('600');
    await page.getByTestId('sweep-test-limit').fill('200');
    await expect.poll(() => page.getByTestId('sweep-plan').getAttribute('data-trials')).toBe('2');
    const before = await page.getByTestId('sweep-pick').locator('option').count();
    await page.getByTestId('sweep-start').click();
    await expect.poll(() => page.getByTestId('sweep-pick').locator('option').count()).toBe(before + 1);
    await page.getByTestId('sweep-stop').click();
    await expect.poll(() => page.getByTestId('sweep-status').getAttribute('data-status'), { timeout: 60_000 }).toBe('stopped');
    // Stopped long before the end: the second trial is still waiting.
    expect(await page.getByTestId('trial-2').getAttribute('data-status')).toBe('pending');
    await page.getByTestId('sweep-resume').click();
    await expect.poll(() => page.getByTestId('sweep-status').getAttribute('data-status'), { timeout: 120_000, interval: 500 }).toBe('done');
    expect(await page.locator('[data-testid="trials"] tbody tr[data-status="done"]').count()).toBe(2);
  });
});
