import * as tf from '@tensorflow/tfjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyDocument } from '../../src/core/graph/document';
import { formatPercent } from '../../src/core/digits/percent';
import { preprocessDigit } from '../../src/core/digits/preprocess';
import { bundlePage, launchChromium } from './support/browser';
import { drawOnPad, SEVEN, type Stroke } from '../e2e/support/pad';
import { allCellCaptions } from './support/cellPages';
import { ModelApi } from './support/modelApi';
import { trainSmallModel } from './support/model';

/**
 * The digits panel in Chromium, driven with the mouse, against a real tfjs model trained
 * here and the real MNIST files (through a test engine: the app's own engine and host are
 * tested end to end in test/e2e).
 */

/** Strokes of a few digits as a person draws them, in pad pixels (the pad is 280×280). */
const DRAWN: { digit: number; name: string; strokes: readonly Stroke[] }[] = [
  { digit: 1, name: 'one', strokes: [[[140, 40], [138, 120], [136, 240]]] },
  { digit: 7, name: 'seven', strokes: [SEVEN] },
  { digit: 0, name: 'zero', strokes: [Array.from({ length: 17 }, (_, i) => [140 + 60 * Math.sin((i / 16) * 2 * Math.PI), 140 - 95 * Math.cos((i / 16) * 2 * Math.PI)] as [number, number])] },
];

/** MNIST's label counts, from the dataset's README. */
const TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

describe('digits panel in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let model: tf.LayersModel;
  let api: ModelApi;
  const pageErrors: string[] = [];

  const draw = (strokes: readonly Stroke[]) => drawOnPad(page, strokes);

  async function canvasPixels(testId: string): Promise<{ data: number[]; width: number; height: number }> {
    return page.getByTestId(testId).evaluate((canvas: HTMLCanvasElement) => {
      const image = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      return { data: Array.from(image.data), width: image.width, height: image.height };
    });
  }

  /** Clears the pad (when there is anything to clear) and waits for its reading to go. */
  async function clearPad() {
    const clear = page.getByTestId('pad-clear');
    if (await clear.isEnabled()) await clear.click();
    await expect.poll(() => page.getByTestId('pad-prediction').textContent()).toBe('–');
  }

  /** The preview once it has settled: two reads in a row, a while apart, that agree. */
  async function settledPreview(): Promise<{ data: number[]; width: number; height: number }> {
    let last = await canvasPixels('pad-preview');
    for (;;) {
      await page.waitForTimeout(300);
      const now = await canvasPixels('pad-preview');
      if (now.data.join() === last.data.join()) return now;
      last = now;
    }
  }

  async function shownProbabilities(): Promise<number[]> {
    return page.getByTestId('pad-probabilities').locator('[data-class]').evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('data-value'))));
  }

  async function show(selectedNodeId: string | null = null) {
    await page.evaluate((props) => window.showPanel(props), { runId: api.runId, document: emptyDocument('digits'), selectedNodeId });
  }

  beforeAll(async () => {
    model = await trainSmallModel(3000);
    api = new ModelApi(model, 'run-1');
    const bundle = await bundlePage('test/digits/support/panelPage.tsx');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.exposeFunction('callEngine', async (method: string, args: unknown[]) => {
      const fn = (api as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method];
      return JSON.parse(JSON.stringify(await fn.apply(api, args)));
    });
    await page.setContent(`<!doctype html><html><head><style>${bundle.css}</style></head><body><div id="root"></div></body></html>`);
    await page.addScriptTag({ content: bundle.js });
    await show();
    await page.getByTestId('pad-canvas').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    expect(pageErrors).toEqual([]);
  });

  it.each(DRAWN)('reads a $name drawn with the mouse as the model reads the pad itself', async ({ digit, strokes }) => {
    await clearPad();
    await draw(strokes);
    await expect.poll(() => page.getByTestId('pad-prediction').textContent(), { timeout: 10_000 }).toMatch(/^\d$/);
    await settledPreview();
    await expect.poll(async () => (await shownProbabilities()).reduce((a, b) => a + b, 0), { timeout: 10_000 }).toBeCloseTo(1, 4);

    // What the pad shows equals preprocessDigit + the model on the canvas's own pixels.
    const pad = await canvasPixels('pad-canvas');
    const pixels = preprocessDigit(Uint8ClampedArray.from(pad.data), pad.width, pad.height);
    const expected = tf.tidy(() => Array.from((model.predict(tf.tensor2d(pixels, [1, 784])) as tf.Tensor).dataSync()));
    const shown = await shownProbabilities();
    expect(shown).toHaveLength(10);
    shown.forEach((p, i) => expect(p).toBeCloseTo(expected[i], 5));
    const predicted = Number(await page.getByTestId('pad-prediction').textContent());
    expect(predicted).toBe(expected.indexOf(Math.max(...expected)));

    // The preview is the 784 values the model read.
    const preview = await canvasPixels('pad-preview');
    expect([preview.width, preview.height]).toEqual([28, 28]);
    const previewGrey = Array.from({ length: 784 }, (_, i) => preview.data[i * 4]);
    previewGrey.forEach((v, i) => expect(Math.abs(v - Math.round(pixels[i] * 255))).toBeLessThanOrEqual(1));

    // "N% sure" is the predicted bar's own figure, in the one format: never 100% unless exactly 1, beside bars that then add up.
    const barTexts = await page.getByTestId('pad-probabilities').locator('.class-bars__value').allTextContents();
    expect(barTexts).toEqual(shown.map(formatPercent));
    expect(await page.getByTestId('pad-sure').textContent()).toBe(`${barTexts[predicted]} sure`);
    if (shown[predicted] < 1) expect(barTexts[predicted]).not.toBe('100%');

    console.log(`drawn ${digit}: read as ${predicted} (${(shown[predicted] * 100).toFixed(1)}%)`);
    expect(predicted).toBe(digit);
  });

  it('undoes the last stroke, and clearing empties the pad and its reading', async () => {
    await clearPad();
    await draw(DRAWN[1].strokes);
    const one = await settledPreview();
    await draw([[[40, 150], [240, 150]]]);
    await expect.poll(async () => (await canvasPixels('pad-preview')).data.join() !== one.data.join()).toBe(true);
    await page.getByTestId('pad-undo').click();
    await expect.poll(async () => (await canvasPixels('pad-preview')).data.join()).toBe(one.data.join());
    await page.getByTestId('pad-clear').click();
    await expect.poll(() => page.getByTestId('pad-prediction').textContent()).toBe('–');
    const blank = await canvasPixels('pad-preview');
    expect(blank.data.filter((_, i) => i % 4 === 0).every((v) => v === 0)).toBe(true);
  });

  it('shows every layer of the model for the pad\'s digit, the selected one first', async () => {
    await draw(DRAWN[0].strokes);
    const last = model.layers[model.layers.length - 1].name;
    await show(last);
    await page.getByTestId('digits-tab-inside').click();
    const sections = page.locator('[data-testid^="activation-"]');
    await expect.poll(() => sections.count(), { timeout: 10_000 }).toBe(model.layers.length);
    expect(await sections.first().getAttribute('data-node-id')).toBe(last);
    expect(await sections.first().getAttribute('class')).toContain('layer-activation--selected');
    // Dense outputs are bars, one per unit.
    expect(await sections.nth(1).locator('rect.value-bars__bar').count()).toBe(64);
    await show(null);
    await page.getByTestId('digits-tab-pad').click();
  });

  it('draws feature maps for convolution and pooling layers', async () => {
    const previous = api;
    const conv = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    api = new ModelApi(conv, 'run-conv');
    try {
      await show();
      await page.getByTestId('digits-tab-inside').click();
      const [convLayer, poolLayer, flatLayer] = conv.layers.map((l) => page.getByTestId(`activation-${l.name}`));
      const sizes = (layer: typeof convLayer) => layer.locator('canvas').evaluateAll((c) => (c as HTMLCanvasElement[]).map((e) => `${e.width}×${e.height}`));
      await expect.poll(() => sizes(convLayer), { timeout: 10_000 }).toEqual(Array(8).fill('26×26'));
      expect(await sizes(poolLayer)).toEqual(Array(8).fill('13×13'));
      expect(await flatLayer.locator('rect.value-bars__bar').count()).toBe(256);
      // A feature map of a drawn digit is not blank.
      const lit = await convLayer.locator('canvas').first().evaluate((c: HTMLCanvasElement) => {
        const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        return data.filter((v, i) => i % 4 === 0 && v > 0).length;
      });
      expect(lit).toBeGreaterThan(0);
    } finally {
      api = previous;
      conv.dispose();
      await show();
      await page.getByTestId('digits-tab-pad').click();
    }
  });

  it('shows 25 training digits with their labels, reshuffles, and the label distributions', async () => {
    await page.getByTestId('digits-tab-dataset').click();
    const captions = () => page.getByTestId('sample-grid').locator('figcaption').allTextContents();
    await expect.poll(async () => (await captions()).length, { timeout: 10_000 }).toBe(25);
    const asked = () => api.calls.filter((c) => c.method === 'datasetSample').at(-1)!.args as ['mnist', 'train', number, number];
    const first = await captions();
    const sent = await api.datasetSample(...asked());
    expect(first).toEqual(sent.labels.map(String));

    await page.getByTestId('sample-reshuffle').click();
    await expect.poll(async () => (await captions()).join()).not.toBe(first.join());
    expect(await captions()).toEqual((await api.datasetSample(...asked())).labels.map(String));

    const bars = (id: string) => page.getByTestId(id).locator('[data-class]').evaluateAll((b) => b.map((e) => Number(e.getAttribute('data-value'))));
    expect(await bars('train-counts')).toEqual(TRAIN_COUNTS);
    expect(await bars('test-counts')).toEqual(TEST_COUNTS);
  });

  it('shows the confusion matrix of the run; a cell shows its test images with true and predicted labels', async () => {
    await page.getByTestId('digits-tab-evaluation').click();
    const cells = page.getByTestId('confusion-matrix').locator('button[data-count]');
    await expect.poll(() => cells.count(), { timeout: 20_000 }).toBe(100);
    const run = await api.getRun(api.runId);
    const counts = await cells.evaluateAll((b) => b.map((e) => ({ label: Number(e.getAttribute('data-label')), predicted: Number(e.getAttribute('data-predicted')), count: Number(e.getAttribute('data-count')) })));
    for (const c of counts) expect(c.count).toBe(run.test!.confusion[c.label][c.predicted]);
    expect(counts.reduce((a, c) => a + c.count, 0)).toBe(1000);

    const worst = counts.filter((c) => c.label !== c.predicted).sort((a, b) => b.count - a.count)[0];
    await page.locator(`button[data-label="${worst.label}"][data-predicted="${worst.predicted}"]`).click();
    // Every image of the cell can be reached, a page of 40 at a time: as many as the cell counts, each once.
    const seen = await allCellCaptions(page);
    expect(seen.length).toBe(worst.count);
    for (const caption of seen) expect(caption).toMatch(new RegExp(`^${worst.label} → ${worst.predicted} [<>]?\\d+(\\.\\d)?%$`));
    const cellMistakes = run.test!.mistakes!.filter((m) => m.label === worst.label && m.predicted === worst.predicted);
    expect(seen).toEqual(cellMistakes.map((m) => `${m.label} → ${m.predicted} ${formatPercent(m.confidence)}`));
    // The heading's count is the cell's, and all of them can be seen, so it says no less.
    expect(await page.getByTestId('cell-heading').textContent()).toBe(`${worst.count} test image${worst.count === 1 ? '' : 's'} of ${worst.label} read as ${worst.predicted}`);

    const confident = page.getByTestId('confident-mistakes').locator('figcaption');
    await expect.poll(() => confident.count(), { timeout: 10_000 }).toBe(16);
    const expectedTop = run.test!.mistakes!.slice(0, 16).map((m) => `${m.label} → ${m.predicted} ${formatPercent(m.confidence)}`);
    expect(await confident.allTextContents()).toEqual(expectedTop);
  });
});
