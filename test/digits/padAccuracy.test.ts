import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preprocessDigit } from '../../src/core/digits/preprocess';
import { bundleForPage, launchChromium } from './support/browser';
import { readMnist } from './support/mnist';
import { accuracy, classify, trainSmallModel } from './support/model';

/**
 * Done-when (1) of the digit pad: MNIST test digits, drawn by Chromium onto a canvas at 10×
 * size as dark ink on light paper (the canvas's own smoothing scales them up), read back and
 * put through the pad's preprocessing, are classified as well as the digits themselves.
 */
const DIGITS = 1000;
const ZOOM = 10;

declare global {
  interface Window {
    digits: { preprocessDigit: typeof preprocessDigit };
  }
}

/** In the page: draws each digit as dark on light at `zoom`×, preprocesses the canvas, returns all results as base64 float32. */
function drawAndPreprocess({ images, count, zoom }: { images: string; count: number; zoom: number }): string {
  const bytes = Uint8Array.from(atob(images), (c) => c.charCodeAt(0));
  const small = document.createElement('canvas');
  small.width = small.height = 28;
  const big = document.createElement('canvas');
  big.width = big.height = 28 * zoom;
  const smallCtx = small.getContext('2d')!;
  const bigCtx = big.getContext('2d', { willReadFrequently: true })!;
  const out = new Float32Array(count * 784);
  for (let k = 0; k < count; k++) {
    const pixels = new ImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const paper = 255 - bytes[k * 784 + i];
      pixels.data.set([paper, paper, paper, 255], i * 4);
    }
    smallCtx.putImageData(pixels, 0, 0);
    bigCtx.fillStyle = '#fff';
    bigCtx.fillRect(0, 0, big.width, big.height);
    bigCtx.imageSmoothingEnabled = true;
    bigCtx.drawImage(small, 0, 0, big.width, big.height);
    const drawn = bigCtx.getImageData(0, 0, big.width, big.height);
    out.set(window.digits.preprocessDigit(drawn.data, drawn.width, drawn.height), k * 784);
  }
  let text = '';
  const raw = new Uint8Array(out.buffer);
  for (let i = 0; i < raw.length; i += 0x8000) text += String.fromCharCode(...raw.subarray(i, i + 0x8000));
  return btoa(text);
}

describe('digit pad preprocessing on MNIST drawn in Chromium', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
    await page.setContent('<!doctype html><title>pad</title>');
    await page.addScriptTag({ content: await bundleForPage('src/core/digits/preprocess.ts', 'digits') });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it(`reads ${DIGITS} test digits drawn at ${ZOOM}× within one point of the digits themselves`, async () => {
    const test = readMnist('test', DIGITS);
    const drawn = await page.evaluate(drawAndPreprocess, { images: Buffer.from(test.images).toString('base64'), count: test.count, zoom: ZOOM });
    const padPixels = new Float32Array(new Uint8Array(Buffer.from(drawn, 'base64')).buffer);
    expect(padPixels.length).toBe(DIGITS * 784);

    const model = await trainSmallModel();
    const direct = accuracy(classify(model, Float32Array.from(test.images, (v) => v / 255), test.count), test.labels);
    const viaPad = accuracy(classify(model, padPixels, test.count), test.labels);
    console.log(`MNIST test digits: ${(direct * 100).toFixed(1)}% read directly, ${(viaPad * 100).toFixed(1)}% drawn at ${ZOOM}× and preprocessed`);

    expect(direct).toBeGreaterThan(0.85);
    expect(Math.abs(viaPad - direct)).toBeLessThanOrEqual(0.01);
  });
});
