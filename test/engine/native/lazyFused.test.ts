import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNativeAddon, type NativeAddon } from '../../../src/engine/backends/native/addon';
import { registerNativeKernels, unregisterNativeKernels } from '../../../src/engine/backends/native/kernels/index';
import { relativeError, seeded, wasmWithTrainingKernels } from '../wasm/gradients';
import { countingAddon } from './counting';

const native = loadNativeAddon();
const describeNative = native.ok ? describe : describe.skip;

/** float32 sums of up to 576 products, in another order than the cpu backend's. */
const TOLERANCE = 5e-6;

const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);
const tensorOf = (shape: number[], seed: number) => tf.tensor(seeded(size(shape), seed), shape);

type Input = 'x' | 'w' | 'bias';

interface LazyCase {
  what: string;
  op: 'matMul' | 'conv2d';
  /** The input (a for matMul), the kernel (b, or the filter) and the bias's shapes. */
  x: number[];
  w: number[];
  bias?: number[];
  activation: 'linear' | 'relu';
  transposeA?: boolean;
  transposeB?: boolean;
  strides?: number;
  pad?: 'valid' | 'same';
  /** Which inputs the gradient is taken with respect to (the others are constants). */
  wrt: Input[];
  /** Native calls in the taped forward pass and the gradients asked for: products or convolutions, and ReLU masks. */
  calls: Record<string, number>;
}

const products = (n: number) => ({ matMul: n });
const LAZY_CASES: LazyCase[] = [
  { what: 'a first Dense layer: its kernel and bias, not the model input', op: 'matMul', x: [16, 30], w: [30, 20], bias: [20], activation: 'linear', wrt: ['w', 'bias'], calls: products(2) },
  { what: 'a hidden Dense layer: its input too', op: 'matMul', x: [16, 30], w: [30, 20], bias: [20], activation: 'linear', wrt: ['x', 'w', 'bias'], calls: products(3) },
  { what: 'the input alone (a frozen layer)', op: 'matMul', x: [16, 30], w: [30, 20], bias: [20], activation: 'linear', wrt: ['x'], calls: products(2) },
  { what: 'the bias alone: no product but the forward', op: 'matMul', x: [16, 30], w: [30, 20], bias: [20], activation: 'linear', wrt: ['bias'], calls: products(1) },
  { what: 'no bias (what a recurrent cell\'s K.dot runs)', op: 'matMul', x: [16, 28], w: [28, 32], activation: 'linear', wrt: ['w'], calls: products(2) },
  { what: 'transposeA', op: 'matMul', x: [30, 16], w: [30, 20], transposeA: true, bias: [20], activation: 'linear', wrt: ['x', 'w'], calls: products(3) },
  { what: 'transposeB', op: 'matMul', x: [16, 30], w: [20, 30], transposeB: true, bias: [20], activation: 'linear', wrt: ['x', 'w', 'bias'], calls: products(3) },
  { what: 'both transposed, batched', op: 'matMul', x: [3, 30, 16], w: [3, 20, 30], transposeA: true, transposeB: true, activation: 'linear', wrt: ['x', 'w'], calls: products(3) },
  { what: 'a bias of shape [1, n] (reshaped to [n], and its gradient back)', op: 'matMul', x: [16, 30], w: [30, 20], bias: [1, 20], activation: 'linear', wrt: ['w', 'bias'], calls: products(2) },
  { what: 'Dense(relu): tfjs\'s op, which does not fuse ReLU under a tape (plain products: only the gradients asked for)', op: 'matMul', x: [16, 30], w: [30, 20], bias: [20], activation: 'relu', wrt: ['w', 'bias'], calls: { matMul: 2, reluGradient: 0 } },
  { what: 'a first Conv2D(relu) layer: filter and bias, not the image', op: 'conv2d', x: [4, 9, 9, 3], w: [3, 3, 3, 8], bias: [8], activation: 'relu', wrt: ['w', 'bias'], calls: { convolutionForward: 1, convolutionBackwardWeights: 1, reluGradient: 1 } },
  { what: 'a hidden Conv2D(relu) layer: its input too', op: 'conv2d', x: [4, 9, 9, 8], w: [3, 3, 8, 6], bias: [6], activation: 'relu', wrt: ['x', 'w', 'bias'], calls: { convolutionForward: 1, convolutionBackwardData: 1, convolutionBackwardWeights: 1, reluGradient: 1 } },
  { what: 'Conv2D, linear, no bias, stride 2, same padding', op: 'conv2d', x: [2, 10, 10, 4], w: [3, 3, 4, 5], activation: 'linear', strides: 2, pad: 'same', wrt: ['x', 'w'], calls: { convolutionForward: 1, convolutionBackwardData: 1, convolutionBackwardWeights: 1 } },
  { what: 'Conv2D(relu), 1×1 filter, the bias alone', op: 'conv2d', x: [3, 5, 5, 4], w: [1, 1, 4, 7], bias: [7], activation: 'relu', wrt: ['bias'], calls: { convolutionForward: 1, reluGradient: 1 } },
];

/** The case's function of (x, w, bias) by tfjs's plain ops (matMul or conv2d, add, relu: no fused kernel): the oracle, on the cpu backend. */
function plain(c: LazyCase) {
  return (x: tf.Tensor, w: tf.Tensor, bias?: tf.Tensor) => {
    const z = c.op === 'matMul' ? tf.matMul(x, w, c.transposeA, c.transposeB) : tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.strides ?? 1, c.pad ?? 'valid');
    const biased = bias ? z.add(bias) : z;
    return c.activation === 'relu' ? tf.relu(biased) : biased;
  };
}

/** The same through tfjs's fused op, as tfjs-layers' Dense and Conv2D call it. */
function fusedOp(c: LazyCase) {
  return (x: tf.Tensor, w: tf.Tensor, bias?: tf.Tensor) =>
    c.op === 'matMul'
      ? tf.fused.matMul({ a: x, b: w, transposeA: c.transposeA, transposeB: c.transposeB, bias, activation: c.activation })
      : tf.fused.conv2d({ x: x as tf.Tensor4D, filter: w as tf.Tensor4D, strides: c.strides ?? 1, pad: c.pad ?? 'valid', bias, activation: c.activation });
}

/** The output and the gradients of Σ f(x, w, bias)·R with respect to `wrt`, on `backend`, from seeded values (inputs in [-1, 1): ReLU cuts about half). */
function gradientsOf(backend: string, c: LazyCase, f: (x: tf.Tensor, w: tf.Tensor, bias?: tf.Tensor) => tf.Tensor) {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const inputs: Partial<Record<Input, tf.Tensor>> = { x: tensorOf(c.x, 1), w: tensorOf(c.w, 2), bias: c.bias && tensorOf(c.bias, 3) };
    const output = tf.tidy(() => f(inputs.x!, inputs.w!, inputs.bias));
    const weight = tf.tensor(seeded(output.size, 9), output.shape);
    const grads = tf.grads((...xs: tf.Tensor[]) => {
      const value = { ...inputs, ...Object.fromEntries(c.wrt.map((name, i) => [name, xs[i]])) };
      return f(value.x!, value.w!, value.bias).mul(weight).sum();
    })(c.wrt.map((name) => inputs[name]!));
    return { output: output.dataSync() as Float32Array, grads: grads.map((g) => ({ shape: g.shape, values: g.dataSync() as Float32Array })) };
  });
}

describeNative('fused ops under a gradient: the fused kernel, ReLU\'s mask natively, and only the gradients asked for, as tfjs\'s plain ops compute them', () => {
  const calls = new Map<string, number>();
  let tfjsOps: { matMul: typeof tf.fused.matMul; conv2d: typeof tf.fused.conv2d };

  beforeAll(async () => {
    await wasmWithTrainingKernels();
    tfjsOps = { matMul: tf.fused.matMul, conv2d: tf.fused.conv2d };
    registerNativeKernels(countingAddon((native as { addon: NativeAddon }).addon, calls));
  });
  afterAll(() => unregisterNativeKernels());

  it.each(LAZY_CASES)('$op: $what', (c) => {
    const reference = gradientsOf('cpu', c, plain(c));
    calls.clear();
    const result = gradientsOf('wasm', c, fusedOp(c));
    // The output is computed once more outside the tape (inference: tfjs's fused op, the same native kernel).
    const forward = c.op === 'matMul' ? 'matMul' : 'convolutionForward';
    const expected = { ...c.calls, [forward]: c.calls[forward] + 1 };
    for (const [name, count] of Object.entries(expected)) expect(calls.get(name) ?? 0, `native ${name} calls`).toBe(count);
    // The products' gradients with respect to a kernel go to sgemm (no matMul call); nothing else native runs.
    expect(relativeError(result.output, reference.output), 'output').toBeLessThan(TOLERANCE);
    result.grads.forEach((g, i) => {
      const name = c.wrt[i];
      expect(g.shape, `gradient w.r.t. ${name}: its input's shape`).toEqual(name === 'x' ? c.x : name === 'w' ? c.w : c.bias);
      expect(relativeError(g.values, reference.grads[i].values), `gradient w.r.t. ${name}`).toBeLessThan(TOLERANCE);
    });
  });

  it('ReLU\'s mask from the output: NaN where the pre-activation is NaN, 0 at 0, as tfjs\'s dy · step(x)', () => {
    const c: LazyCase = { what: '', op: 'conv2d', x: [1, 1, 1, 4], w: [1, 1, 4, 4], activation: 'relu', wrt: ['w'], calls: {} };
    const f = (backend: string, op: (x: tf.Tensor, w: tf.Tensor) => tf.Tensor) => {
      tf.setBackend(backend);
      return tf.tidy(() => {
        // Output channels: NaN, 0 (an all-zero column), positive, negative.
        const w = tf.tensor4d([NaN, 0, 1, -1, 0, 0, 1, -1, 0, 0, 1, -1, 0, 0, 1, -1], [1, 1, 4, 4]);
        const x = tf.ones([1, 1, 1, 4]);
        return Array.from(tf.grad((v: tf.Tensor) => op(x, v).mul(tf.tensor4d([1, 2, 3, 4], [1, 1, 1, 4])).sum())(w).dataSync()).map(String);
      });
    };
    calls.clear();
    const ours = f('wasm', fusedOp(c));
    expect(calls.get('reluGradient')).toBe(1);
    expect(ours).toEqual(f('cpu', plain(c)));
  });

  it.each([
    ['a Dense model (as the MLP template: linear Dense, Activation layers)', () => [tf.layers.dense({ inputShape: [30], units: 20 }), tf.layers.activation({ activation: 'relu' }), tf.layers.dense({ units: 5 }), tf.layers.activation({ activation: 'softmax' })], [16, 30], { products: 5, reluGradient: 0 }], // forward 2; back: the second layer's kernel and input, the first layer's kernel (tfjs's own op: its input too)
    ['a Conv2D(relu) model (as the CNN template)', () => [tf.layers.conv2d({ inputShape: [9, 9, 1], filters: 4, kernelSize: 3, activation: 'relu' }), tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu' }), tf.layers.flatten(), tf.layers.dense({ units: 5, activation: 'softmax' })], [8, 9, 9, 1], { convolutionForward: 2, convolutionBackwardData: 1, convolutionBackwardWeights: 2, reluGradient: 2 }],
  ] as const)('%s: a training step computes no gradient for the model\'s input and matches the cpu backend\'s weights after it', async (_what, layers, inputShape, expected) => {
    const train = async (backend: string) => {
      tf.setBackend(backend);
      const model = tf.sequential({ layers: layers() });
      model.setWeights(model.getWeights().map((w, i) => tensorOf([...w.shape], 20 + i).mul(0.5)));
      model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
      const x = tensorOf([...inputShape], 1);
      const y = tf.oneHot(tf.tensor1d(Array.from({ length: inputShape[0] }, (_, i) => i % 5), 'int32'), 5);
      calls.clear();
      await model.trainOnBatch(x, y);
      const counts = new Map(calls);
      const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
      tf.dispose([x, y]);
      model.dispose();
      return { counts, weights };
    };
    const wasm = await train('wasm');
    // products: matMul and gemm together (which one a gradient's product takes is matMul.test.ts's business).
    wasm.counts.set('products', (wasm.counts.get('matMul') ?? 0) + (wasm.counts.get('gemm') ?? 0));
    for (const [name, count] of Object.entries(expected)) expect(wasm.counts.get(name) ?? 0, `native ${name} calls`).toBe(count);
    const cpu = await train('cpu');
    wasm.weights.forEach((w, i) => expect(relativeError(w, cpu.weights[i]), `weight ${i} after one step`).toBeLessThan(TOLERANCE));
  });

  it('inference is tfjs\'s fused ops unchanged; unregisterNativeKernels puts them back', () => {
    expect(tf.fused.matMul, 'ours while registered').not.toBe(tfjsOps.matMul);
    expect(tf.fused.conv2d, 'ours while registered').not.toBe(tfjsOps.conv2d);
    unregisterNativeKernels();
    expect(tf.fused.matMul, 'tfjs’s after').toBe(tfjsOps.matMul);
    expect(tf.fused.conv2d, 'tfjs’s after').toBe(tfjsOps.conv2d);
    registerNativeKernels(countingAddon((native as { addon: NativeAddon }).addon, calls));
    const relu = LAZY_CASES[9];
    const run = (backend: string, f: (x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor) => tf.Tensor) => {
      tf.setBackend(backend);
      return tf.tidy(() => f(tensorOf(relu.x, 1), tensorOf(relu.w, 2), tensorOf(relu.bias!, 3)).dataSync() as Float32Array);
    };
    expect(relativeError(run('wasm', fusedOp(relu)), run('cpu', plain(relu)))).toBeLessThan(TOLERANCE);
  });
});
