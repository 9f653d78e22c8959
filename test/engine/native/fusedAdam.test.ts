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

describeNative('the native Adam update refuses bad arguments before touching memory', () => {
  const addon = native.ok ? native.addon : (null as unknown as NativeAddon);
  const settings = Float32Array.from([0.9, 0.1, 0.999, 0.001, 0.1, 0.001, 1e-7, -0.001]);
  const f = (n: number) => new Float32Array(n).fill(1);
  // One buffer, so that views of it can overlap.
  const heap = new Float32Array(64);
  const at = (offset: number, n = 8) => heap.subarray(offset, offset + n);

  it.each([
    ['settings of the wrong length', () => addon.adamUpdate(f(7), f(4), f(4), f(4), f(4), f(4), f(4), f(4)), RangeError, /settings has 7 elements where the geometry needs 8/],
    ['a gradient one element short', () => addon.adamUpdate(settings, f(4), f(3), f(4), f(4), f(4), f(4), f(4)), RangeError, /gradient has 3 elements where the geometry needs 4/],
    ['a new v of float64', () => addon.adamUpdate(settings, f(4), f(4), f(4), f(4), f(4), f(4), new Float64Array(4) as unknown as Float32Array), TypeError, /newV must be a Float32Array/],
    ['the new value written over the value (in place)', () => addon.adamUpdate(settings, at(0), at(8), at(16), at(24), at(0), at(32), at(40)), RangeError, /newValue overlaps value/],
    ['the new m half over the gradient', () => addon.adamUpdate(settings, at(0), at(8), at(16), at(24), at(48), at(12), at(32)), RangeError, /newM overlaps gradient/],
    ['the new m and the new v sharing elements', () => addon.adamUpdate(settings, at(0), at(8), at(16), at(24), at(32), at(40), at(47)), RangeError, /newM overlaps newV/],
  ] as const)('%s', (_what, call, type, message) => {
    const before = Float32Array.from(heap);
    expect(call).toThrow(type);
    expect(call).toThrow(message);
    expect(Array.from(heap), 'nothing written').toEqual(Array.from(before));
  });

  it('arrays that only touch (one ends where the next begins) are apart', () => {
    heap.fill(0.5);
    addon.adamUpdate(settings, at(0), at(8), at(16), at(24), at(32), at(40), at(48));
    expect(heap[32]).not.toBe(0.5);
  });
});
