/**
 * The data-parallel training loop of the wasm backend (src/engine/training/parallel/):
 * half-batch gradients averaged equal the whole batch's, training with it follows fit,
 * nothing leaks, and a stop ends it cleanly.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../src/core/graph/document';
import { activateBackend } from '../../src/engine/backends';
import { loadNativeAddon } from '../../src/engine/backends/native/addon';
import { registerNativeKernels, unregisterNativeKernels } from '../../src/engine/backends/native/kernels';
import { compileGraph } from '../../src/engine/compile/compile';
import { loadDataset, type LoadedDataset } from '../../src/engine/data';
import { fitLoop, trainLoop, type BatchProgress, type TrainLoopOptions } from '../../src/engine/training/loop';
import { useParallelLoop } from '../../src/engine/training/parallel/choose';
import { averageGradients, halfStepGradients } from '../../src/engine/training/parallel/gradients';
import { parallelTrainLoop } from '../../src/engine/training/parallel/parallelLoop';
import { disposeJobTensors, jobTensors } from '../../src/engine/training/tensors';
import { stack } from '../support/graphs';
import { mnistDir, template, withTraining } from './fixtures';

let mnist: LoadedDataset;
const native = loadNativeAddon();

beforeAll(async () => {
  mnist = await loadDataset('mnist', { dataDir: mnistDir, download: false });
});

/** The document with every dropout rate set to 0, so that a training-mode pass is deterministic. */
function withoutDropout(doc: GraphDocument): GraphDocument {
  const off = (config: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(config).map(([k, v]) => [k, k === 'rate' || k === 'dropout' || k === 'recurrentDropout' ? 0 : v]));
  return { ...doc, nodes: doc.nodes.map((n) => ({ ...n, config: off(n.config as Record<string, unknown>) })) } as GraphDocument;
}

/** Gradient cases: the MLP template, a small CNN with the template's layer kinds, an LSTM with an L2 penalty (regularization losses count). */
const GRADIENT_CASES: { name: string; doc: GraphDocument; shape: number[] }[] = [
  { name: 'MLP template', doc: template('mlp'), shape: [784] },
  {
    name: 'CNN (the template’s layers, fewer filters)',
    doc: stack([
      ['input', 'Input', { shape: [28, 28, 1] }],
      ['c1', 'Conv2D', { filters: 4, kernelSize: [3, 3], activation: 'relu' }],
      ['p1', 'MaxPooling2D', { poolSize: [2, 2] }],
      ['c2', 'Conv2D', { filters: 4, kernelSize: [3, 3], activation: 'relu' }],
      ['flat', 'Flatten', {}],
      ['drop', 'Dropout', { rate: 0.2 }],
      ['out', 'Dense', { units: 10, activation: 'softmax' }],
    ]),
    shape: [28, 28, 1],
  },
  {
    name: 'LSTM with an L2 kernel penalty',
    doc: stack([
      ['input', 'Input', { shape: [28, 28] }],
      ['lstm', 'LSTM', { units: 16, kernelRegularizer: { type: 'l2', factor: 0.01 } }],
      ['out', 'Dense', { units: 10, activation: 'softmax' }],
    ]),
    shape: [28, 28],
  },
];

describe('half-batch gradients', () => {
  it.each(GRADIENT_CASES)('$name: the weighted mean of two halves equals the whole batch (cpu)', async ({ doc, shape }) => {
    await activateBackend('cpu');
    const model = await compileGraph(withoutDropout(doc));
    const t = jobTensors(mnist, { inputShape: shape, limit: 7, testLimit: 1, validationSplit: 0 });
    const whole = halfStepGradients(model, t.train.x, t.train.y);
    // Unequal halves (4 and 3), so the weighting by size matters.
    const [xa, xb] = tf.split(t.train.x, [4, 3]);
    const [ya, yb] = tf.split(t.train.y, [4, 3]);
    const a = halfStepGradients(model, xa, ya);
    const b = halfStepGradients(model, xb, yb);
    const averaged = averageGradients(a.grads, 4, b.grads, 3);
    expect(averaged.length).toBe(model.trainableWeights.length);
    averaged.forEach((g, i) => {
      const expected = whole.grads[i].dataSync();
      const actual = g.dataSync();
      let scale = 1e-3;
      let worst = 0;
      for (let j = 0; j < expected.length; j++) {
        scale = Math.max(scale, Math.abs(expected[j]));
        worst = Math.max(worst, Math.abs(actual[j] - expected[j]));
      }
      expect(worst / scale, model.trainableWeights[i].name).toBeLessThan(1e-4);
    });
    const lossOfHalves = (a.loss.dataSync()[0] * 4 + b.loss.dataSync()[0] * 3) / 7;
    expect(lossOfHalves).toBeCloseTo(whole.loss.dataSync()[0], 4);
    expect(a.correct.dataSync()[0] + b.correct.dataSync()[0]).toBe(whole.correct.dataSync()[0]);
    tf.dispose([whole.grads, whole.loss, whole.correct, a.grads, a.loss, a.correct, b.grads, b.loss, b.correct, averaged, xa, xb, ya, yb]);
    disposeJobTensors(t);
    model.dispose();
  });
});

describe('the parallel training loop (wasm, two threads)', () => {
  const doc = withTraining(template('mlp'), { batchSize: 64, optimizer: { type: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } });

  it('follows fit: same events, a falling loss, the final loss within 10% (validation 25%), no tensor leaked across epochs', async () => {
    await activateBackend('wasm');
    const t = jobTensors(mnist, { inputShape: [784], limit: 1800, testLimit: 1, validationSplit: 1 / 9 });
    const fitModel = await compileGraph(doc);
    const ourModel = await compileGraph(doc);
    // The same initial weights for both.
    ourModel.setWeights(fitModel.getWeights());
    const run = async (loop: (o: TrainLoopOptions) => Promise<unknown>, model: tf.LayersModel) => {
      const batches: BatchProgress[] = [];
      const result = (await loop({ model, train: t.train, validation: t.validation, epochs: 3, batchSize: 64, onBatch: (b) => batches.push(b), batchReportsPerSecond: 1000 })) as Awaited<ReturnType<typeof fitLoop>>;
      return { batches, result };
    };
    const fit = await run(fitLoop, fitModel);
    const ours = await run(parallelTrainLoop, ourModel);

    expect(ours.result.stopped).toBe(false);
    expect(ours.result.history.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(ours.batches.length).toBe(fit.batches.length);
    expect(Object.keys(ours.batches[0]).sort()).toEqual(Object.keys(fit.batches[0]).sort());
    expect(Object.keys(ours.result.history[0]).sort()).toEqual(Object.keys(fit.result.history[0]).sort());
    for (const { result } of [fit, ours]) {
      const losses = result.history.map((e) => e.loss);
      expect(losses[2]).toBeLessThan(losses[0]);
      expect(result.history.every((e) => e.valLoss !== null && e.valAccuracy !== null), JSON.stringify(result.history)).toBe(true);
    }
    const fitLast = fit.result.history[2];
    const ourLast = ours.result.history[2];
    const curves = JSON.stringify({ fit: fit.result.history.map((e) => [e.loss, e.valLoss]), ours: ours.result.history.map((e) => [e.loss, e.valLoss]) });
    expect(Math.abs(ourLast.loss - fitLast.loss) / fitLast.loss, curves).toBeLessThan(0.1);
    // 200 validation images: their loss is noisier than the training loss over 1,600.
    expect(Math.abs(ourLast.valLoss! - fitLast.valLoss!) / fitLast.valLoss!, curves).toBeLessThan(0.25);
    // A batch reports the epoch's running means: the last one is the epoch's figure.
    for (const e of ours.result.history) {
      const last = ours.batches.filter((b) => b.epoch === e.epoch).at(-1)!;
      expect(last.loss).toBeCloseTo(e.loss, 4);
      expect(last.accuracy).toBeCloseTo(e.accuracy, 4);
    }
    expect(new Set(ours.result.history.map((e) => e.liveTensors)).size).toBe(1);
    disposeJobTensors(t);
    fitModel.dispose();
    ourModel.dispose();
  });

  it('stops after the batch in progress, leaks nothing and can train again', async () => {
    await activateBackend('wasm');
    const model = await compileGraph(doc);
    const t = jobTensors(mnist, { inputShape: [784], limit: 1000, testLimit: 1, validationSplit: 0 });
    // One step first, so that the optimizer's own variables exist before counting.
    await parallelTrainLoop({ model, train: t.train, validation: null, epochs: 1, batchSize: 64, shouldStop: () => true });
    const before = tf.memory().numTensors;
    let seen = 0;
    const result = (await parallelTrainLoop({ model, train: t.train, validation: null, epochs: 5, batchSize: 64, shouldStop: () => seen >= 3, onBatch: () => seen++, batchReportsPerSecond: 1000 }))!;
    expect(result.stopped).toBe(true);
    expect(seen).toBe(3);
    expect(result.history).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
    const again = (await parallelTrainLoop({ model, train: t.train, validation: null, epochs: 1, batchSize: 64 }))!;
    expect(again.history).toHaveLength(1);
    disposeJobTensors(t);
    model.dispose();
  });

  it('is chosen only on wasm, for models whose every weight trains; the option, then NETCANVAS_PARALLEL, then the model’s layers decide', async () => {
    await activateBackend('cpu');
    const mlp = await compileGraph(template('mlp'));
    expect(useParallelLoop(mlp, true, {})).toBe(false);
    await activateBackend('wasm');
    expect(useParallelLoop(mlp, true, { NETCANVAS_PARALLEL: '0' })).toBe(true);
    expect(useParallelLoop(mlp, false, { NETCANVAS_PARALLEL: '1' })).toBe(false);
    expect(useParallelLoop(mlp, undefined, { NETCANVAS_PARALLEL: '0' })).toBe(false);
    expect(useParallelLoop(mlp, undefined, { NETCANVAS_PARALLEL: '1' })).toBe(true);
    expect(() => useParallelLoop(mlp, undefined, { NETCANVAS_PARALLEL: 'yes' })).toThrow("NETCANVAS_PARALLEL is 'yes': set it to 1");
    // By default, as benchmarked: fit for the MLP; for a model with convolutions, two cores on our wasm kernels, fit with the native ones.
    expect(useParallelLoop(mlp, undefined, {})).toBe(false);
    const cnn = await compileGraph(template('cnn'));
    unregisterNativeKernels();
    expect(useParallelLoop(cnn, undefined, {}), 'the CNN on our wasm kernels').toBe(true);
    if (native.ok) {
      registerNativeKernels(native.addon);
      expect(useParallelLoop(cnn, undefined, {}), 'the CNN with the native kernels').toBe(false);
    }
    cnn.dispose();
    const normalized = await compileGraph(
      stack([
        ['input', 'Input', { shape: [784] }],
        ['bn', 'BatchNormalization', {}],
        ['out', 'Dense', { units: 10, activation: 'softmax' }],
      ]),
    );
    expect(useParallelLoop(normalized, true, {})).toBe(false);
    mlp.dispose();
    normalized.dispose();
  });
});

describe('trainLoop', () => {
  it('trains through the parallel loop on wasm when asked', async () => {
    await activateBackend('wasm');
    const model = await compileGraph(template('mlp'));
    const t = jobTensors(mnist, { inputShape: [784], limit: 300, testLimit: 1, validationSplit: 0 });
    const result = await trainLoop({ model, train: t.train, validation: null, epochs: 1, batchSize: 100, parallel: true });
    expect(result.history[0].loss).toBeGreaterThan(0);
    disposeJobTensors(t);
    model.dispose();
  });
});
