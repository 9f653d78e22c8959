import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activationLayout, pictureActivation, selectActivation } from '../../src/core/digits/activations';
import { loadDocument } from '../../src/core/graph/load';
import { buildModel } from '../../src/engine/compile/compile';
import { layerProbe, predictDigit } from '../../src/engine/predict/predictor';
import { readMnist } from './support/mnist';

/**
 * "Inside the network" draws what the layer computed: the maps the view draws from what the
 * engine sends are checked against the layer's whole output computed by tfjs on its own (a
 * tf.model with that layer as its output), each map scaled to its own range here.
 */

/** Channel c of a [height, width, channels] output, scaled to [0, 1] by its own minimum and maximum (flat: all 0). */
function expectedMap(full: Float32Array, pixels: number, channels: number, c: number): number[] {
  const map = Array.from({ length: pixels }, (_, p) => full[p * channels + c]);
  const lo = Math.min(...map);
  const hi = Math.max(...map);
  return map.map((v) => (hi > lo ? (v - lo) / (hi - lo) : 0));
}

describe('the CNN template\'s feature maps, as drawn, equal each layer\'s full output', () => {
  let model: tf.LayersModel;
  let digit: Float32Array;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    const doc = loadDocument(JSON.parse(readFileSync(new URL('../../resources/templates/cnn.json', import.meta.url), 'utf8')));
    model = await buildModel(doc);
    const test = readMnist('test', 1);
    digit = Float32Array.from(test.images.subarray(0, 784), (v) => v / 255);
  });
  afterAll(() => model?.dispose());

  it('sends conv2d_1 (26×26×64 = 43,264 values) whole: rows 10–25 included', async () => {
    const prediction = await predictDigit(model, digit, layerProbe(model));
    const conv = prediction.activations!.find((a) => a.nodeId === 'conv2d_1')!;
    expect(conv.shape).toEqual([26, 26, 64]);
    expect(conv.values).toHaveLength(26 * 26 * 64);
  });

  it.each(['conv2d_1', 'max_pooling2d_1', 'conv2d_2', 'max_pooling2d_2', 'conv2d_3'])('%s: every drawn map equals tfjs\'s output of that layer', async (name) => {
    const prediction = await predictDigit(model, digit, layerProbe(model));
    const activation = prediction.activations!.find((a) => a.nodeId === name)!;
    const picture = pictureActivation(activation.shape, activation.values);
    if (picture.kind !== 'maps') throw new Error(`${name} drawn as ${picture.kind}`);

    const oracle = tf.model({ inputs: model.inputs, outputs: model.getLayer(name).output as tf.SymbolicTensor });
    const out = oracle.predict(tf.tensor(digit, [1, 28, 28, 1])) as tf.Tensor;
    const [, height, width, channels] = out.shape as number[];
    const full = (await out.data()) as Float32Array;
    out.dispose();

    expect([picture.height, picture.width, picture.stride, picture.maps.length]).toEqual([height, width, 1, Math.min(channels, 64)]);
    let litLowerHalf = 0;
    picture.maps.forEach((map, c) => {
      const expected = expectedMap(full, height * width, channels, c);
      for (let p = 0; p < expected.length; p++) expect(Math.abs(map[p] - expected[p])).toBeLessThan(1e-5);
      if (map.subarray(Math.floor(height / 2) * width).some((v) => v > 0)) litLowerHalf++;
    });
    // The bug of issue 15 drew the lower rows of conv2d_1 black in every map.
    expect(litLowerHalf).toBeGreaterThan(0);
  });

  it('the probabilities are the model\'s own output, and the class their most probable', async () => {
    const prediction = await predictDigit(model, digit, layerProbe(model));
    const expected = Array.from((model.predict(tf.tensor(digit, [1, 28, 28, 1])) as tf.Tensor).dataSync());
    prediction.probabilities.forEach((p, i) => expect(p).toBeCloseTo(expected[i], 6));
    expect(prediction.predictedClass).toBe(expected.indexOf(Math.max(...expected)));
  });
});

describe('a layer too large to send whole is sent as block means', () => {
  it('a 45×40×80 output: the first 64 channels, each pixel the mean of its 2×2 block (tfjs avgPool), edge blocks partial', async () => {
    const shape = [45, 40, 80];
    const layout = activationLayout(shape);
    expect(layout).toMatchObject({ kind: 'maps', sentChannels: 64, stride: 2, sentHeight: 23, sentWidth: 20 });
    const t = tf.randomNormal([1, ...shape], 0, 1, 'float32', 7);
    const sent = selectActivation(shape, await t.data());
    expect(sent).toHaveLength(23 * 20 * 64);
    // The oracle: tfjs's average pooling over whole 2×2 blocks (rows 0–43), and the mean of the last row's pairs.
    const first64 = t.slice([0, 0, 0, 0], [1, 45, 40, 64]);
    const pooled = (await tf.avgPool(first64.slice([0, 0, 0, 0], [1, 44, 40, 64]) as tf.Tensor4D, 2, 2, 'valid').data()) as Float32Array;
    const lastRow = (await tf.avgPool(first64.slice([0, 44, 0, 0], [1, 1, 40, 64]) as tf.Tensor4D, [1, 2], [1, 2], 'valid').data()) as Float32Array;
    const expected = [...pooled, ...lastRow];
    expect(expected).toHaveLength(sent.length);
    expected.forEach((v, i) => expect(sent[i]).toBeCloseTo(v, 5));
    const picture = pictureActivation(shape, sent);
    expect(picture).toMatchObject({ kind: 'maps', height: 23, width: 20, stride: 2, channels: 80 });
    tf.dispose([t, first64]);
  });
});
