import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNativeAddon, MATMUL_FIELDS, type NativeAddon } from '../../../src/engine/backends/native/addon';
import { registerNativeKernels, unregisterNativeKernels } from '../../../src/engine/backends/native/kernels/index';
import { gradientsOn, relativeError, seeded, wasmWithTrainingKernels } from '../wasm/gradients';
import { countingAddon } from './counting';

const native = loadNativeAddon();
const describeNative = native.ok ? describe : describe.skip;

/** float32 sums of up to 784 products, in another order (and with other FMA contractions) than the cpu backend's. */
const TOLERANCE = 2e-6;

const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);
const tensorOf = (shape: number[], seed: number, scale = 1) => tf.tensor(seeded(size(shape), seed).map((v) => v * scale), shape);

interface ProductCase {
  what: string;
  a: number[];
  b: number[];
  transposeA?: boolean;
  transposeB?: boolean;
  /** Whether oneDNN computes it (else the wasm kernel below does). */
  native: boolean;
  /** Only the product, not its gradients (broadcasting that the cpu backend's gradient sums differently). */
  forwardOnly?: boolean;
}

const PRODUCT_CASES: ProductCase[] = [
  { what: 'Dense 784→256 (the MLP\'s first layer), batch 16', a: [16, 784], b: [784, 256], native: true },
  { what: 'the SimpleRNN\'s input product, k = 28', a: [32, 28], b: [28, 256], native: true },
  { what: 'non-square, transposeA (a kernel gradient, xᵀ·dy: oneDNN\'s sgemm, as every single transposeA product without bias)', a: [9, 5], b: [9, 7], transposeA: true, native: true },
  { what: 'the SimpleRNN\'s recurrent kernel gradient hᵀ·dy, [128, 256]ᵀ·[128, 256] (sgemm)', a: [128, 256], b: [128, 256], transposeA: true, native: true },
  { what: 'the SimpleRNN\'s input kernel gradient xᵀ·dy, [128, 28]ᵀ·[128, 256] (sgemm)', a: [128, 28], b: [128, 256], transposeA: true, native: true },
  { what: 'non-square, transposeB (an input gradient, dy·Wᵀ)', a: [5, 9], b: [7, 9], transposeB: true, native: true },
  { what: 'both transposed (sgemm with both flags)', a: [7, 5], b: [3, 7], transposeA: true, transposeB: true, native: true },
  { what: 'both transposed, non-square, k = 1 (sgemm\'s leading dimensions)', a: [1, 6], b: [4, 1], transposeA: true, transposeB: true, native: true },
  { what: 'a column times a row (k = 1)', a: [6, 1], b: [1, 4], native: true },
  { what: 'a row times a column (one output)', a: [1, 9], b: [9, 1], native: true },
  { what: 'batched, transposeA', a: [3, 6, 4], b: [3, 6, 5], transposeA: true, native: true },
  { what: 'batched, transposeB', a: [2, 4, 6], b: [2, 5, 6], transposeB: true, native: true },
  { what: 'two batch dimensions', a: [2, 3, 4, 5], b: [2, 3, 5, 6], native: true },
  { what: 'a batch against one matrix (b broadcast)', a: [3, 4, 6], b: [6, 5], native: true, forwardOnly: true },
  { what: 'one matrix against a batch (a broadcast), transposeB', a: [4, 6], b: [3, 5, 6], transposeB: true, native: true, forwardOnly: true },
  { what: 'batch dimensions broadcast both ways (the wasm kernel)', a: [2, 1, 3, 4], b: [1, 3, 4, 5], native: false, forwardOnly: true },
];

interface FusedCase {
  what: string;
  a: number[];
  b: number[];
  transposeA?: boolean;
  transposeB?: boolean;
  bias?: number[];
  activation: tf.fused.Activation;
  native: boolean;
  /** The wasm kernel's refusal, where the case falls back to a kernel that refuses it. */
  wasmRefuses?: RegExp;
}

const FUSED_CASES: FusedCase[] = [
  { what: 'linear, no bias (what K.dot runs)', a: [8, 20], b: [20, 12], activation: 'linear', native: true },
  { what: 'linear with bias', a: [8, 20], b: [20, 12], bias: [12], activation: 'linear', native: true },
  { what: 'relu with bias (Dense when predicting)', a: [8, 20], b: [20, 12], bias: [12], activation: 'relu', native: true },
  { what: 'relu6 with bias', a: [8, 20], b: [20, 12], bias: [12], activation: 'relu6', native: true },
  { what: 'elu with bias', a: [8, 20], b: [20, 12], bias: [12], activation: 'elu', native: true },
  { what: 'sigmoid, no bias', a: [8, 20], b: [20, 12], activation: 'sigmoid', native: true },
  { what: 'relu, transposeA, bias', a: [20, 8], b: [20, 12], transposeA: true, bias: [12], activation: 'relu', native: true },
  { what: 'elu, transposeB, bias', a: [8, 20], b: [12, 20], transposeB: true, bias: [12], activation: 'elu', native: true },
  { what: 'batched, both transposed, bias of shape [1, n]', a: [3, 20, 8], b: [3, 12, 20], transposeA: true, transposeB: true, bias: [1, 12], activation: 'relu', native: true },
  { what: 'a bias per element (the wasm kernel, which refuses it)', a: [8, 20], b: [20, 12], bias: [8, 12], activation: 'relu', native: false, wasmRefuses: /only supports rank-1 bias/ },
  { what: 'leakyrelu (the wasm kernel)', a: [8, 20], b: [20, 12], bias: [12], activation: 'leakyrelu', native: false },
  { what: 'prelu (the wasm kernel)', a: [8, 20], b: [20, 12], bias: [12], activation: 'prelu', native: false },
];

describeNative('native matrix products and tanh match the cpu backend, and fall back to the wasm kernels only where they must', () => {
  const calls = new Map<string, number>();

  beforeAll(async () => {
    await wasmWithTrainingKernels();
    registerNativeKernels(countingAddon((native as { addon: NativeAddon }).addon, calls));
  });
  afterAll(() => unregisterNativeKernels());

  it.each(PRODUCT_CASES)('matMul: $what', ({ a, b, transposeA = false, transposeB = false, native: runsNative, forwardOnly }) => {
    const product = ([x, y]: tf.Tensor[]) => tf.matMul(x, y, transposeA, transposeB);
    if (forwardOnly) {
      const run = (backend: string) => {
        tf.setBackend(backend);
        return tf.tidy(() => product([tensorOf(a, 1), tensorOf(b, 2)]).dataSync() as Float32Array);
      };
      calls.clear();
      const wasm = run('wasm');
      expect(calls.get('matMul') ?? 0, 'native products').toBe(runsNative ? 1 : 0);
      expect(relativeError(wasm, run('cpu'))).toBeLessThan(TOLERANCE);
      return;
    }
    calls.clear();
    const wasm = gradientsOn('wasm', [a, b], product);
    // gradientsOn runs the product twice (once for the output, once taped), then its two gradients, each a product with a transposed operand.
    expect(calls.get('matMul'), 'native products').toBe(4);
    const cpu = gradientsOn('cpu', [a, b], product);
    expect(relativeError(wasm.output, cpu.output)).toBeLessThan(TOLERANCE);
    expect(relativeError(wasm.grads[0], cpu.grads[0]), 'gradient w.r.t. a').toBeLessThan(TOLERANCE);
    expect(relativeError(wasm.grads[1], cpu.grads[1]), 'gradient w.r.t. b').toBeLessThan(TOLERANCE);
  });

  it.each(FUSED_CASES)('fused matMul (what predict runs): $what', ({ a, b, transposeA = false, transposeB = false, bias, activation, native: runsNative, wasmRefuses }) => {
    const run = (backend: string) => {
      tf.setBackend(backend);
      return tf.tidy(() => {
        const n = transposeB ? b[b.length - 2] : b[b.length - 1];
        const preluActivationWeights = activation === 'prelu' ? tensorOf([n], 4) : undefined;
        const result = tf.fused.matMul({ a: tensorOf(a, 1, 2), b: tensorOf(b, 2), transposeA, transposeB, bias: bias && tensorOf(bias, 3), activation, preluActivationWeights, leakyreluAlpha: 0.3 });
        return { shape: result.shape, values: result.dataSync() as Float32Array };
      });
    };
    calls.clear();
    if (wasmRefuses) {
      expect(() => run('wasm')).toThrow(wasmRefuses);
      expect(calls.get('matMul') ?? 0, 'native products').toBe(0);
      return;
    }
    const wasm = run('wasm');
    expect(calls.get('matMul') ?? 0, 'native products').toBe(runsNative ? 1 : 0);
    const cpu = run('cpu');
    expect(wasm.shape).toEqual(cpu.shape);
    expect(relativeError(wasm.values, cpu.values)).toBeLessThan(TOLERANCE);
  });

  it('a Dense layer\'s training step (fused product with bias under a gradient) runs every product natively and matches the cpu backend', () => {
    const dense = ([x, w, b]: tf.Tensor[]) => tf.fused.matMul({ a: x, b: w, bias: b, activation: 'linear' });
    const shapes = [[16, 30], [30, 20], [20]];
    calls.clear();
    const wasm = gradientsOn('wasm', shapes, dense);
    // Forward twice (fused, with the bias), then dx = dy·Wᵀ and dW = xᵀ·dy; the bias gradient is a Sum.
    expect(calls.get('matMul'), 'native products').toBe(4);
    expect(calls.get('sumRows'), 'native bias sums').toBe(1);
    const cpu = gradientsOn('cpu', shapes, dense);
    expect(relativeError(wasm.output, cpu.output)).toBeLessThan(TOLERANCE);
    wasm.grads.forEach((g, i) => expect(relativeError(g, cpu.grads[i]), `gradient ${i}`).toBeLessThan(TOLERANCE));
  });

  it.each([
    ['a SimpleRNN step\'s pre-activations (values in [-4, 4))', [128, 256], 4],
    ['saturating values (in [-40, 40))', [3, 50], 40],
    ['one value', [1], 1],
  ] as const)('tanh and its gradient: %s', (_what, shape, scale) => {
    const f = ([x]: tf.Tensor[]) => tf.tanh(x);
    calls.clear();
    const wasm = gradientsOn('wasm', [[...shape]], f, 1, (v) => v * scale);
    expect(calls.get('tanh'), 'native tanh (forward twice)').toBe(2);
    expect(calls.get('tanhGradient'), 'its gradient in one native call (not Square, Sub, Multiply)').toBe(1);
    const cpu = gradientsOn('cpu', [[...shape]], f, 1, (v) => v * scale);
    expect(relativeError(wasm.output, cpu.output)).toBeLessThan(TOLERANCE);
    expect(relativeError(wasm.grads[0], cpu.grads[0])).toBeLessThan(TOLERANCE);
  });

  it('a SimpleRNN step, tanh(x·W + h·U + b), and its gradients: one native tanh gradient, matching the cpu backend', () => {
    const step = ([x, w, h, u, b]: tf.Tensor[]) => tf.tanh(tf.matMul(x, w).add(tf.matMul(h, u)).add(b));
    const shapes = [[16, 28], [28, 32], [16, 32], [32, 32], [32]];
    calls.clear();
    const wasm = gradientsOn('wasm', shapes, step);
    expect(calls.get('tanhGradient')).toBe(1);
    const cpu = gradientsOn('cpu', shapes, step);
    expect(relativeError(wasm.output, cpu.output)).toBeLessThan(TOLERANCE);
    wasm.grads.forEach((g, i) => expect(relativeError(g, cpu.grads[i]), `gradient ${i}`).toBeLessThan(TOLERANCE));
  });

  it('tanh’s gradient of NaN, ±1 (saturated) and 0 matches the cpu backend', () => {
    const run = (backend: string) => {
      tf.setBackend(backend);
      return Array.from(tf.tidy(() => tf.grad((x: tf.Tensor) => tf.tanh(x).mul(tf.tensor1d([1, 2, -3, 4, 0.5])).sum())(tf.tensor1d([NaN, 30, -30, 0, 0.7])).dataSync()));
    };
    calls.clear();
    const wasm = run('wasm');
    expect(calls.get('tanhGradient')).toBe(1);
    expect(wasm.map(String)).toEqual(run('cpu').map(String));
  });

  it('tanh keeps NaN, ±0 and ±∞ as the cpu backend does', () => {
    const run = (backend: string) => {
      tf.setBackend(backend);
      return Array.from(tf.tidy(() => tf.tanh(tf.tensor1d([NaN, 0, -0, Infinity, -Infinity, 1e-8])).dataSync())).map((v) => Object.is(v, -0) ? '-0' : String(v));
    };
    calls.clear();
    const wasm = run('wasm');
    expect(calls.get('tanh')).toBe(1);
    expect(wasm).toEqual(run('cpu'));
  });

  it('empty products and tensors go to the wasm kernels', () => {
    tf.setBackend('wasm');
    calls.clear();
    tf.tidy(() => {
      tf.matMul(tf.zeros([3, 0]), tf.zeros([0, 4])).dataSync();
      tf.tanh(tf.zeros([0, 5])).dataSync();
    });
    expect(calls.get('matMul') ?? 0).toBe(0);
    expect(calls.get('tanh') ?? 0).toBe(0);
  });
});

describeNative('without the native kernels, tanh’s gradient is tfjs’s again', () => {
  it('unregisterNativeKernels puts tfjs’s gradient back: no native call, the same values as the cpu backend', async () => {
    await wasmWithTrainingKernels();
    const tfjs = tf.getGradient(tf.Tanh);
    const calls = new Map<string, number>();
    registerNativeKernels(countingAddon((native as { addon: NativeAddon }).addon, calls));
    expect(tf.getGradient(tf.Tanh), 'ours while registered').not.toBe(tfjs);
    unregisterNativeKernels();
    expect(tf.getGradient(tf.Tanh), 'tfjs’s after').toBe(tfjs);
    const f = ([x]: tf.Tensor[]) => tf.tanh(x);
    const wasm = gradientsOn('wasm', [[8, 16]], f, 3, (v) => 3 * v);
    expect(calls.get('tanhGradient') ?? 0).toBe(0);
    expect(relativeError(wasm.grads[0], gradientsOn('cpu', [[8, 16]], f, 3, (v) => 3 * v).grads[0])).toBeLessThan(TOLERANCE);
  });
});

describeNative('the native matrix product refuses bad arguments before touching memory', () => {
  const addon = native.ok ? native.addon : (null as unknown as NativeAddon);
  // batch 1, [2, 3] · [3, 4]
  const shape = (...fields: number[]) => Int32Array.from(fields.length > 0 ? fields : [1, 1, 2, 3, 4, 0, 0]);
  const f = (n: number) => new Float32Array(n).fill(1);

  it.each([
    ['a shape of the wrong length', () => addon.matMul(new Int32Array(5), f(6), f(12), f(8)), RangeError, /shape has 5 elements where the geometry needs 7/],
    ['a zero size', () => addon.matMul(shape(1, 1, 0, 3, 4, 0, 0), f(0), f(12), f(0)), RangeError, /shape field 2 is 0 \(sizes are positive\)/],
    ['a transpose that is not 0 or 1', () => addon.matMul(shape(1, 1, 2, 3, 4, 2, 0), f(6), f(12), f(8)), RangeError, /shape field 5 is 2 \(a transpose is 0 or 1\)/],
    ['batches that neither match nor broadcast', () => addon.matMul(shape(2, 3, 2, 3, 4, 0, 0), f(12), f(36), f(24)), RangeError, /batches of 2 and 3 neither match nor broadcast/],
    ['an operand one element short', () => addon.matMul(shape(), f(5), f(12), f(8)), RangeError, /a has 5 elements where the geometry needs 6/],
    ['an output sized for the other broadcast', () => addon.matMul(shape(3, 1, 2, 3, 4, 0, 0), f(18), f(12), f(8)), RangeError, /y has 8 elements where the geometry needs 24/],
    ['a bias of the wrong length', () => addon.matMul(shape(), f(6), f(12), f(8), f(3)), RangeError, /bias has 3 elements where the geometry needs 4/],
    ['an unknown activation', () => addon.matMul(shape(), f(6), f(12), f(8), null, 7), RangeError, /activation 7 is not one of 0 \(linear\) to 4/],
    ['an operand of float64', () => addon.matMul(shape(), f(6), new Float64Array(12) as unknown as Float32Array, f(8)), TypeError, /b must be a Float32Array/],
    ['tanh into an output of another length', () => addon.tanh(f(4), f(3)), RangeError, /y has 3 elements where the geometry needs 4/],
    ['tanh of nothing', () => addon.tanh(f(0), f(0)), RangeError, /x is empty/],
    ['tanhGradient with dy of another length', () => addon.tanhGradient(f(4), f(3), f(4)), RangeError, /tanhGradient: dy has 3 elements where the geometry needs 4/],
    ['tanhGradient into dx of another length', () => addon.tanhGradient(f(4), f(4), f(5)), RangeError, /tanhGradient: dx has 5 elements/],
    ['tanhGradient of nothing', () => addon.tanhGradient(f(0), f(0), f(0)), RangeError, /tanhGradient: y is empty/],
    ['reluGradient with dy of another length', () => addon.reluGradient(f(4), f(5), f(4)), RangeError, /reluGradient: dy has 5 elements where the geometry needs 4/],
    ['reluGradient into dx of float64', () => addon.reluGradient(f(4), f(4), new Float64Array(4) as unknown as Float32Array), TypeError, /reluGradient: dx must be a Float32Array/],
    ['reluGradient of nothing', () => addon.reluGradient(f(0), f(0), f(0)), RangeError, /reluGradient: y is empty/],
  ] as const)('%s', (_what, call, type, message) => {
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });

  it('leaves the output untouched when it refuses, and computes it when it does not', () => {
    const y = f(8).fill(7);
    expect(() => addon.matMul(shape(), f(6), f(12), y, f(3))).toThrow();
    expect(Array.from(y)).toEqual(Array(8).fill(7));
    addon.matMul(shape(), f(6), f(12), y, f(4).fill(0.5), 0);
    expect(Array.from(y)).toEqual(Array(8).fill(3.5));
    expect(shape().length).toBe(MATMUL_FIELDS);
  });
});
