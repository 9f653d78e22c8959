import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preprocessDigit } from '../../src/core/digits/preprocess';
import { cli } from '../support/cli';
import { readMnist } from './support/mnist';
import { trainSmallModel } from './support/model';
import { encodePng } from './support/pngEncode';
import { saveModelFiles } from '../../src/engine/runs/modelFiles';

/**
 * Done-when (3): `netcanvas predict` reads a PNG of a digit as the pad does: for the same
 * picture, the class and probabilities equal the model's output on preprocessDigit's pixels.
 */
const PICTURES = 12;
const ZOOM = 4;

/** An MNIST digit as a picture `ZOOM`× larger, in one of the styles people save digits in, with the RGBA the PNG holds. */
const STYLES: { name: string; picture: (digit: Uint8Array) => { png: Buffer; rgba: Uint8Array; width: number; height: number } }[] = [
  { name: 'dark on light, grey', picture: (d) => styled(d, 0, (ink) => [255 - ink]) },
  { name: 'light on dark, RGB', picture: (d) => styled(d, 2, (ink) => [ink, ink, Math.round(ink * 0.8)]) },
  { name: 'blue ink on a transparent background, RGBA', picture: (d) => styled(d, 6, (ink) => [20, 40, 160, ink]) },
];

function styled(digit: Uint8Array, colourType: 0 | 2 | 6, colour: (ink: number) => number[]) {
  const size = 28 * ZOOM;
  const channels = { 0: 1, 2: 3, 6: 4 }[colourType];
  const samples = new Uint8Array(size * size * channels);
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const value = colour(digit[Math.floor(y / ZOOM) * 28 + Math.floor(x / ZOOM)]);
      samples.set(value, (y * size + x) * channels);
      rgba.set(channels === 1 ? [value[0], value[0], value[0], 255] : channels === 3 ? [...value, 255] : value, (y * size + x) * 4);
    }
  }
  return { png: encodePng({ width: size, height: size, colourType, samples, filter: (row) => row % 5 }), rgba, width: size, height: size };
}

describe('netcanvas predict', () => {
  let dir: string;
  let model: tf.LayersModel;
  const folders: Record<string, string> = {};

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'netcanvas-predict-'));
    model = await trainSmallModel(3000);
    // The same trained weights behind the three input shapes a digit model may have.
    const dense = model.layers.map((layer) => layer.getWeights());
    for (const [name, inputShape] of [['vector', [784]], ['image', [28, 28, 1]], ['sequence', [28, 28]]] as const) {
      const variant = tf.sequential({
        layers: [
          ...(inputShape.length > 1 ? [tf.layers.flatten({ inputShape: [...inputShape] })] : []),
          tf.layers.dense({ ...(inputShape.length === 1 ? { inputShape: [784] } : {}), units: 64, activation: 'relu' }),
          tf.layers.dense({ units: 10, activation: 'softmax' }),
        ],
      });
      variant.layers.slice(-2).forEach((layer, i) => layer.setWeights(dense[i]));
      folders[name] = path.join(dir, name);
      await saveModelFiles(variant, folders[name]);
    }
    const wrongInput = tf.sequential({ layers: [tf.layers.dense({ inputShape: [32], units: 10, activation: 'softmax' })] });
    folders.wrongInput = path.join(dir, 'wrong-input');
    await saveModelFiles(wrongInput, folders.wrongInput);
    writeFileSync(path.join(dir, 'not-a-picture.png'), 'hello');
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const test = readMnist('test', PICTURES);
  const cases = STYLES.flatMap((style) => ['vector', 'image', 'sequence'].map((input) => ({ style: style.name, input, picture: style.picture })));

  it.each(cases)('$style, $input model: the same answer as preprocessDigit + the model', async ({ picture, input }) => {
    let agreeWithLabels = 0;
    for (let k = 0; k < PICTURES; k++) {
      const { png, rgba, width, height } = picture(test.images.subarray(k * 784, (k + 1) * 784));
      const file = path.join(dir, `digit-${k}.png`);
      writeFileSync(file, png);
      const result = await cli(['predict', folders[input], file, '--json']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const printed = JSON.parse(result.stdout) as { class: number; probabilities: number[] };

      const expected = tf.tidy(() => Array.from((model.predict(tf.tensor(preprocessDigit(rgba, width, height), [1, 784])) as tf.Tensor).dataSync()));
      expect(printed.probabilities).toHaveLength(10);
      printed.probabilities.forEach((p, i) => expect(p).toBeCloseTo(expected[i], 5));
      expect(printed.class).toBe(expected.indexOf(Math.max(...expected)));
      if (printed.class === test.labels[k]) agreeWithLabels++;
    }
    expect(agreeWithLabels).toBeGreaterThanOrEqual(PICTURES - 3);
  });

  it('prints the class and a bar per digit without --json', async () => {
    const { png } = STYLES[0].picture(test.images.subarray(0, 784));
    writeFileSync(path.join(dir, 'seven.png'), png);
    const result = await cli(['predict', folders.vector, path.join(dir, 'seven.png')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Predicted digit: \d \([<>]?\d+(\.\d)?%\)/);
    expect(result.stdout.split('\n').filter((line) => /^ {2}\d {2}/.test(line))).toHaveLength(10);
  });

  it.each([
    { name: 'a missing model folder', args: () => ['predict', path.join(dir, 'nowhere'), path.join(dir, 'seven.png')], code: 1, message: /nowhere: no such folder/ },
    { name: 'a folder without model.json', args: () => ['predict', dir, path.join(dir, 'seven.png')], code: 1, message: /has no model\.json/ },
    { name: 'a picture that is not a PNG', args: () => ['predict', folders.vector, path.join(dir, 'not-a-picture.png')], code: 1, message: /not-a-picture\.png: not a picture NetCanvas reads/ },
    { name: 'a missing picture', args: () => ['predict', folders.vector, path.join(dir, 'none.png')], code: 1, message: /none\.png: no such file/ },
    { name: 'a model whose input is not a digit', args: () => ['predict', folders.wrongInput, path.join(dir, 'seven.png')], code: 1, message: /takes 32 values; a digit is 784/ },
    { name: 'one argument', args: () => ['predict', folders.vector], code: 2, message: /expected a model folder and what to predict/ },
  ])('refuses $name, saying what is wrong', async ({ args, code, message }) => {
    const result = await cli(args());
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
  });
});
