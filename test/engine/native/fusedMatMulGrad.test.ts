import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNativeAddon, type NativeAddon } from '../../../src/engine/backends/native/addon';
import { registerNativeKernels, unregisterNativeKernels } from '../../../src/engine/backends/native/kernels/index';
import { relativeError, seeded, wasmWithTrainingKernels } from '../wasm/gradients';
import { countingAddon } from './counting';

const native = loadNativeAddon();
const describeNative = native.ok ? describe : describe.skip;

/** float32 sums of up to 30 products, in another order than the cpu backend's. */
const TOLERANCE = 2e-6;

const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);
const tensorOf = (shape: number[], seed: number) => tf.tensor(seeded(size(shape), seed), shape);

interface LazyCase {
  what: string;
  a: number[];
  b: number[];
  transposeA?: boolean;
  transposeB?: boolean;
  bias?: number[];
  /** Which of a, b and bias the gradient is taken with respect to (the others are constants). */
  wrt: ('a' | 'b' | 'bias')[];
  /** Native products in forward and gradients together: 1 for the forward pass, 1 per gradient of a or b asked for. */
  products: number;
}

const LAZY_CASES: LazyCase[] = [
  { what: 'a first Dense layer: its kernel and bias, not the model input', a: [16, 30], b: [30, 20], bias: [20], wrt: ['b', 'bias'], products: 2 },
  { what: 'a hidden Dense layer: its input too', a: [16, 30], b: [30, 20], bias: [20], wrt: ['a', 'b', 'bias'], products: 3 },
  { what: 'the input alone (a frozen layer)', a: [16, 30], b: [30, 20], bias: [20], wrt: ['a'], products: 2 },
  { what: 'the bias alone: no product but the forward', a: [16, 30], b: [30, 20], bias: [20], wrt: ['bias'], products: 1 },
  { what: 'no bias (what a recurrent cell\'s K.dot runs)', a: [16, 28], b: [28, 32], wrt: ['b'], products: 2 },
  { what: 'transposeA', a: [30, 16], b: [30, 20], transposeA: true, bias: [20], wrt: ['a', 'b'], products: 3 },
  { what: 'transposeB', a: [16, 30], b: [20, 30], transposeB: true, bias: [20], wrt: ['a', 'b', 'bias'], products: 3 },
  { what: 'both transposed, batched', a: [3, 30, 16], b: [3, 20, 30], transposeA: true, transposeB: true, wrt: ['a', 'b'], products: 3 },
  { what: 'a bias of shape [1, n] (reshaped to [n], and its gradient back)', a: [16, 30], b: [30, 20], bias: [1, 20], wrt: ['b', 'bias'], products: 2 },
];

/** x·W + b by tfjs's plain ops (matMul, add: no fused kernel) on the cpu backend, and their gradients: the oracle. */
function oracle({ a, b, transposeA = false, transposeB = false, bias, wrt }: LazyCase) {
  tf.setBackend('cpu');
  return tf.tidy(() => {
    const inputs = { a: tensorOf(a, 1), b: tensorOf(b, 2), bias: bias && tensorOf(bias, 3) };
    const f = (x: tf.Tensor, w: tf.Tensor, c?: tf.Tensor) => {
      const product = tf.matMul(x, w, transposeA, transposeB);
      return c ? product.add(c) : product;
    };
    const weight = tf.tensor(seeded(size(f(inputs.a, inputs.b, inputs.bias).shape), 9), f(inputs.a, inputs.b, inputs.bias).shape);
    const grads = tf.grads((...xs: tf.Tensor[]) => {
      const value = { ...inputs, ...Object.fromEntries(wrt.map((name, i) => [name, xs[i]])) };
      return f(value.a, value.b, value.bias).mul(weight).sum();
    })(wrt.map((name) => inputs[name]!));
    return grads.map((g) => g.dataSync() as Float32Array);
  });
}

/** The same through fused.matMul (linear, with the bias) on wasm with the native kernels. */
function fused({ a, b, transposeA = false, transposeB = false, bias, wrt }: LazyCase) {
  tf.setBackend('wasm');
  return tf.tidy(() => {
    const inputs = { a: tensorOf(a, 1), b: tensorOf(b, 2), bias: bias && tensorOf(bias, 3) };
    const f = (x: tf.Tensor, w: tf.Tensor, c?: tf.Tensor) => tf.fused.matMul({ a: x, b: w, transposeA, transposeB, bias: c, activation: 'linear' });
    const shape = tf.tidy(() => f(inputs.a, inputs.b, inputs.bias).shape);
    const weight = tf.tensor(seeded(size(shape), 9), shape);
    const grads = tf.grads((...xs: tf.Tensor[]) => {
      const value = { ...inputs, ...Object.fromEntries(wrt.map((name, i) => [name, xs[i]])) };
      return f(value.a, value.b, value.bias).mul(weight).sum();
    })(wrt.map((name) => inputs[name]!));
    return grads.map((g) => ({ shape: g.shape, values: g.dataSync() as Float32Array }));
  });
}

describeNative('fused.matMul under a gradient computes only the gradients asked for, as tfjs\'s plain ops do', () => {
  const calls = new Map<string, number>();
  let tfjsFusedMatMul: typeof tf.fused.matMul;

  beforeAll(async () => {
    await wasmWithTrainingKernels();
    tfjsFusedMatMul = tf.fused.matMul;
    registerNativeKernels(countingAddon((native as { addon: NativeAddon }).addon, calls));
  });
  afterAll(() => unregisterNativeKernels());

  it.each(LAZY_CASES)('$what', (lazyCase) => {
    const reference = oracle(lazyCase);
    calls.clear();
    // The shape probe runs the forward once more, outside the tape.
    const grads = fused(lazyCase);
    expect(calls.get('matMul') ?? 0, 'native products (one forward outside the tape, one taped, then only the gradients asked for)').toBe(lazyCase.products + 1);
    grads.forEach((g, i) => {
      const name = lazyCase.wrt[i];
      const input = name === 'a' ? lazyCase.a : name === 'b' ? lazyCase.b : lazyCase.bias!;
      expect(g.shape, `gradient w.r.t. ${name}: its input's shape`).toEqual(input);
      expect(relativeError(g.values, reference[i]), `gradient w.r.t. ${name}`).toBeLessThan(TOLERANCE);
    });
  });

  it('a Dense model\'s training step computes no gradient with respect to the model\'s input', async () => {
    tf.setBackend('wasm');
    // As the MLP template: linear Dense layers (fused product and bias) and Activation layers after them.
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [30], units: 20 }), tf.layers.activation({ activation: 'relu' }), tf.layers.dense({ units: 5 }), tf.layers.activation({ activation: 'softmax' })] });
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    const x = tensorOf([16, 30], 1);
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 5), 'int32'), 5);
    calls.clear();
    await model.trainOnBatch(x, y);
    // Forward 2 (matMul); back: the second layer's kernel and input, the first layer's kernel: 3 (tfjs's fused.matMul: 4), the kernels' by sgemm.
    expect((calls.get('matMul') ?? 0) + (calls.get('gemm') ?? 0)).toBe(5);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('inference and other activations are tfjs\'s fused.matMul unchanged; unregisterNativeKernels puts it back', () => {
    expect(tf.fused.matMul, 'ours while registered').not.toBe(tfjsFusedMatMul);
    unregisterNativeKernels();
    expect(tf.fused.matMul, 'tfjs’s after').toBe(tfjsFusedMatMul);
    registerNativeKernels(countingAddon((native as { addon: NativeAddon }).addon, calls));
    tf.setBackend('wasm');
    const relu = tf.tidy(() => tf.fused.matMul({ a: tensorOf([4, 6], 1), b: tensorOf([6, 3], 2), bias: tensorOf([3], 3), activation: 'relu' }).dataSync());
    tf.setBackend('cpu');
    const plain = tf.tidy(() => tf.relu(tf.matMul(tensorOf([4, 6], 1), tensorOf([6, 3], 2)).add(tensorOf([3], 3))).dataSync());
    expect(relativeError(relu as Float32Array, plain as Float32Array)).toBeLessThan(TOLERANCE);
  });
});
