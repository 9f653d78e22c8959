import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNativeAddon, type NativeAddon } from '../../../src/engine/backends/native/addon';
import { registerNativeKernels, unregisterNativeKernels } from '../../../src/engine/backends/native/kernels/index';
import { FusedAdamOptimizer } from '../../../src/engine/compile/fusedAdam';
import { relativeError, seeded, wasmWithTrainingKernels } from '../wasm/gradients';
import { countingAddon } from './counting';

const native = loadNativeAddon();
const describeNative = native.ok ? describe : describe.skip;

/** Same float32 operations in the same order as tfjs's Adam: only the last bit may differ (sqrt and division are exact in both). */
const TOLERANCE = 1e-6;

interface AdamCase {
  what: string;
  shapes: number[][];
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon?: number;
  steps: number;
}

const ADAM_CASES: AdamCase[] = [
  { what: 'the MLP\'s kind of variables (kernel, bias), Keras\'s defaults', shapes: [[30, 20], [20]], learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, steps: 4 },
  { what: 'a scalar and a rank-3 variable, a large step, tfjs\'s default epsilon', shapes: [[], [2, 3, 4]], learningRate: 0.5, beta1: 0.5, beta2: 0.75, steps: 3 },
];

/** Each variable's value, m and v after `steps` Adam steps on seeded gradients, on `backend` with `make`'s optimizer. */
function train(backend: string, make: () => tf.Optimizer, { shapes, steps }: AdamCase) {
  tf.setBackend(backend);
  const size = (shape: number[]) => shape.reduce((p, d) => p * d, 1);
  const variables = shapes.map((shape, i) => tf.variable(tf.tensor(seeded(size(shape), 10 + i), shape), true, `adam_case_${backend}_${i}`));
  const optimizer = make();
  for (let step = 0; step < steps; step++) {
    const gradients = tf.tidy(() => Object.fromEntries(variables.map((v, i) => [v.name, tf.tensor(seeded(v.size, 100 * step + i).map((g) => g * (step + 1)), v.shape)])));
    optimizer.applyGradients(gradients);
    tf.dispose(Object.values(gradients));
  }
  const values = variables.map((v) => v.dataSync() as Float32Array);
  const weights = optimizer.getWeights() as unknown as Promise<{ name: string; tensor: tf.Tensor }[]>;
  return { values, weights, variables, optimizer };
}

async function finish(run: ReturnType<typeof train>) {
  const weights = (await run.weights).map(({ name, tensor }) => ({ name: name.replace(/adam_case_\w+?_/, 'adam_case_'), values: tensor.dataSync() as Float32Array }));
  run.optimizer.dispose();
  tf.dispose(run.variables);
  return { values: run.values, weights };
}

describeNative('the fused Adam update matches tfjs\'s Adam on the cpu backend', () => {
  const calls = new Map<string, number>();

  beforeAll(async () => {
    await wasmWithTrainingKernels();
    registerNativeKernels(countingAddon((native as { addon: NativeAddon }).addon, calls));
  });
  afterAll(() => unregisterNativeKernels());

  it.each(ADAM_CASES)('$what: values, moments, β powers and iterations', async (adamCase) => {
    const { learningRate, beta1, beta2, epsilon } = adamCase;
    const cpu = await finish(train('cpu', () => tf.train.adam(learningRate, beta1, beta2, epsilon), adamCase));
    calls.clear();
    const wasm = await finish(train('wasm', () => new FusedAdamOptimizer(learningRate, beta1, beta2, epsilon), adamCase));
    expect(calls.get('adamUpdate'), 'one native call per variable and step').toBe(adamCase.shapes.length * adamCase.steps);
    wasm.values.forEach((v, i) => expect(relativeError(v, cpu.values[i]), `variable ${i}`).toBeLessThan(TOLERANCE));
    expect(wasm.weights.map((w) => w.name)).toEqual(cpu.weights.map((w) => w.name)); // iter, then each variable's m and v
    wasm.weights.forEach((w, i) => expect(relativeError(w.values, cpu.weights[i].values), w.name).toBeLessThan(TOLERANCE));
  });

  it('is tfjs\'s Adam where the backend has no fused update (the cpu backend, or wasm without the native kernels)', async () => {
    const adamCase = ADAM_CASES[0];
    const stock = await finish(train('cpu', () => tf.train.adam(0.001, 0.9, 0.999, 1e-7), adamCase));
    calls.clear();
    const fused = await finish(train('cpu', () => new FusedAdamOptimizer(0.001, 0.9, 0.999, 1e-7), adamCase));
    expect(calls.get('adamUpdate') ?? 0).toBe(0);
    fused.values.forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(stock.values[i])));
  });
});
