import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { activateBackend } from '../../src/engine/backends';
import { trainLoop } from '../../src/engine/training/loop';
import type { TensorPair } from '../../src/engine/training/tensors';

/**
 * The training loop applies a learning-rate schedule to the compiled optimizer (SGD keeps its
 * rate as a tensor, Adam reads a field: both are changed) and stops early, restoring the best
 * epoch's weights. A two-class softmax on 64 fixed points, full batch, on the cpu backend.
 */
beforeAll(async () => {
  await activateBackend('cpu');
});

const N = 64;
function data(flip: boolean): TensorPair {
  const xs: number[][] = [];
  const ys: number[][] = [];
  for (let i = 0; i < N; i++) {
    const a = Math.sin(i * 1.7);
    const b = Math.cos(i * 0.9);
    xs.push([a, b, a * b]);
    const label = a + b > 0 ? 1 : 0;
    const shown = flip ? 1 - label : label;
    ys.push([1 - shown, shown]);
  }
  return { x: tf.tensor2d(xs), y: tf.tensor2d(ys), count: N };
}

function model(optimizer: tf.Optimizer): tf.LayersModel {
  const m = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3], activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) })] });
  m.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

const flat = (ws: tf.Tensor[]) => ws.flatMap((w) => Array.from(w.dataSync()));
const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i])));

describe('trainLoop with a learning-rate schedule', () => {
  it.each([
    { name: 'sgd', make: (lr: number) => tf.train.sgd(lr) },
    { name: 'momentum', make: (lr: number) => tf.train.momentum(lr, 0.9) },
    { name: 'adam', make: (lr: number) => tf.train.adam(lr) },
  ])('$name trains each epoch at the scheduled rate, and a rate near zero stops the weights moving', async ({ make }) => {
    const train = data(false);
    const step = model(make(0.1));
    const seen: number[][] = [];
    const result = await trainLoop({ model: step, train, validation: null, epochs: 4, batchSize: N, learningRate: 0.1, schedule: { type: 'step', decaySteps: 1, decayRate: 0.5 }, onEpoch: () => seen.push(flat(step.getWeights())) });
    // Keras's ExponentialDecay(staircase=True): 0.1 · 0.5^floor(epoch / 1).
    result.learningRates!.forEach((r, e) => expect(r).toBeCloseTo(0.1 * 0.5 ** e, 12));
    expect(result.learningRates).toHaveLength(4);

    // After epoch 1 the rate is 1e-12: the weights stay where epoch 1 left them; unscheduled they keep moving.
    const frozen = model(make(0.1));
    const weights: number[][] = [];
    await trainLoop({ model: frozen, train, validation: null, epochs: 3, batchSize: N, learningRate: 0.1, schedule: { type: 'step', decaySteps: 1, decayRate: 1e-12 }, onEpoch: () => weights.push(flat(frozen.getWeights())) });
    const free = model(make(0.1));
    const moving: number[][] = [];
    await trainLoop({ model: free, train, validation: null, epochs: 3, batchSize: N, onEpoch: () => moving.push(flat(free.getWeights())) });
    expect(maxDiff(weights[0], moving[0])).toBeLessThan(1e-6);
    expect(maxDiff(weights[2], weights[0])).toBeLessThan(1e-6);
    expect(maxDiff(moving[2], moving[0])).toBeGreaterThan(1e-3);
    tf.dispose([train.x, train.y]);
  });
});

describe('trainLoop with early stopping', () => {
  it('stops when the validation loss rises and restores the best epoch’s weights', async () => {
    // Validation labels are the training labels flipped: as training learns, validation loss rises from the second epoch.
    const train = data(false);
    const validation = data(true);
    const m = model(tf.train.sgd(0.5));
    const weights: number[][] = [];
    const valLoss: number[] = [];
    const result = await trainLoop({
      model: m,
      train,
      validation,
      epochs: 10,
      batchSize: N,
      earlyStopping: { monitor: 'valLoss', patience: 1, minDelta: 0, restoreBestWeights: true },
      onEpoch: (e) => {
        weights.push(flat(m.getWeights()));
        valLoss.push(e.valLoss!);
      },
    });
    // The curve is what the test expects: the second epoch is worse than the first.
    expect(valLoss[1]).toBeGreaterThan(valLoss[0]);
    // Keras with patience 1: epoch 1 sets the best, epoch 2 does not improve (wait 1 ≥ 1) → stop after epoch 2.
    expect(result.history).toHaveLength(2);
    expect(result.stoppedEarlyAfter).toBe(2);
    expect(result.stopped).toBe(false);
    expect(result.restoredEpoch).toBe(1);
    const final = flat(m.getWeights());
    expect(maxDiff(final, weights[0])).toBe(0);
    expect(maxDiff(final, weights[1])).toBeGreaterThan(0);
    tf.dispose([train.x, train.y, validation.x, validation.y]);
  });

  it('without early stopping every epoch trains', async () => {
    const train = data(false);
    const validation = data(true);
    const result = await trainLoop({ model: model(tf.train.sgd(0.5)), train, validation, epochs: 3, batchSize: N });
    expect(result.history).toHaveLength(3);
    expect(result.stoppedEarlyAfter).toBeUndefined();
    tf.dispose([train.x, train.y, validation.x, validation.y]);
  });
});
