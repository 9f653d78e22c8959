import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from '../../../src/engine/backends/wasm/kernels/index';
import { gradientsOn, KERNEL_SETS, relativeError, seeded, wasmWithTrainingKernels } from './gradients';

/** float32 sums of up to a few thousand products, in another order than the cpu backend's. */
const TOLERANCE = 2e-6;

interface ConvCase {
  what: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same';
}

const CONV_CASES: ConvCase[] = [
  { what: 'the reference CNN, first layer', x: [2, 28, 28, 1], filter: [3, 3, 1, 64], strides: 1, pad: 'valid' },
  { what: 'the reference CNN, second layer', x: [1, 13, 13, 64], filter: [3, 3, 64, 64], strides: 1, pad: 'valid' },
  { what: 'the reference CNN, third layer', x: [2, 5, 5, 64], filter: [3, 3, 64, 64], strides: 1, pad: 'valid' },
  { what: 'same padding, odd kernel', x: [2, 9, 9, 3], filter: [3, 3, 3, 8], strides: 1, pad: 'same' },
  { what: 'same padding, even kernel (asymmetric padding)', x: [2, 8, 7, 2], filter: [2, 4, 2, 5], strides: 1, pad: 'same' },
  { what: 'non-square kernel (3, 5)', x: [2, 10, 12, 4], filter: [3, 5, 4, 6], strides: 1, pad: 'valid' },
  { what: 'non-square kernel (3, 5), same', x: [1, 10, 12, 4], filter: [3, 5, 4, 6], strides: 1, pad: 'same' },
  { what: 'stride 2, valid', x: [3, 11, 11, 5], filter: [3, 3, 5, 7], strides: 2, pad: 'valid' },
  { what: 'stride 2, same, size not a multiple', x: [2, 11, 10, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'same' },
  { what: 'strides (1, 2) with kernel (1, 2)', x: [2, 6, 8, 3], filter: [1, 2, 3, 4], strides: [1, 2], pad: 'valid' },
  { what: 'stride larger than the kernel', x: [2, 9, 9, 2], filter: [2, 2, 2, 3], strides: 3, pad: 'same' },
  { what: 'fewer taps than filters, stride 2, same', x: [2, 9, 9, 1], filter: [3, 3, 1, 16], strides: 2, pad: 'same' },
  { what: '1×1 kernel', x: [5, 4, 4, 16], filter: [1, 1, 16, 32], strides: 1, pad: 'valid' },
  { what: 'kernel as large as the image', x: [2, 5, 5, 3], filter: [5, 5, 3, 2], strides: 1, pad: 'valid' },
  { what: 'batch of one, one channel in and out', x: [1, 6, 6, 1], filter: [3, 3, 1, 1], strides: 1, pad: 'same' },
  { what: 'batch 16', x: [16, 5, 5, 8], filter: [3, 3, 8, 16], strides: 1, pad: 'same' },
];

interface PoolCase {
  what: string;
  x: [number, number, number, number];
  size: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same';
}

const POOL_CASES: PoolCase[] = [
  { what: 'the reference CNN, after conv 1', x: [2, 26, 26, 64], size: 2, strides: 2, pad: 'valid' },
  { what: 'the reference CNN, after conv 2 (odd size)', x: [2, 11, 11, 64], size: 2, strides: 2, pad: 'valid' },
  { what: 'one channel', x: [3, 6, 6, 1], size: 2, strides: 2, pad: 'valid' },
  { what: 'overlapping windows 3 stride 2, same', x: [2, 7, 8, 3], size: 3, strides: 2, pad: 'same' },
  { what: 'non-square pool (1, 2)', x: [2, 6, 6, 4], size: [1, 2], strides: [1, 2], pad: 'valid' },
  { what: 'stride 1 (every pixel in several windows)', x: [2, 5, 5, 2], size: 2, strides: 1, pad: 'valid' },
  { what: 'pool (3, 2), stride (2, 1), same', x: [1, 7, 5, 3], size: [3, 2], strides: [2, 1], pad: 'same' },
  { what: 'pool 3 stride 3 on 7×8 (windows that tile, a row and two columns left over)', x: [2, 7, 8, 5], size: 3, strides: 3, pad: 'valid' },
];

interface MatMulCase {
  what: string;
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
  /** tfjs itself cannot take gradients through a broadcast batch (on any backend). */
  forwardOnly?: true;
}

const MATMUL_CASES: MatMulCase[] = [
  { what: 'Dense 784→256 forward shape', a: [16, 784], b: [784, 256], transposeA: false, transposeB: false },
  { what: 'its kernel gradient shape, xᵀ·dy', a: [16, 784], b: [16, 256], transposeA: true, transposeB: false },
  { what: 'its input gradient shape, dy·Wᵀ', a: [16, 256], b: [784, 256], transposeA: false, transposeB: true },
  { what: 'both transposed', a: [7, 5], b: [3, 7], transposeA: true, transposeB: true },
  { what: 'a row vector', a: [1, 9], b: [1, 4], transposeA: true, transposeB: false },
  { what: 'batched, transposeA', a: [3, 6, 4], b: [3, 6, 5], transposeA: true, transposeB: false },
  { what: 'batched, transposeB', a: [2, 4, 6], b: [2, 5, 6], transposeA: false, transposeB: true },
  { what: 'batch broadcast against a matrix, transposeB', a: [3, 4, 6], b: [5, 6], transposeA: false, transposeB: true, forwardOnly: true },
];

interface SumCase {
  what: string;
  shape: number[];
  axis: number | number[] | undefined;
  keepDims: boolean;
  dtype: 'float32' | 'int32';
}

const SUM_CASES: SumCase[] = [
  { what: 'a Conv2D bias gradient, over [0, 1, 2]', shape: [8, 6, 6, 64], axis: [0, 1, 2], keepDims: false, dtype: 'float32' },
  { what: 'a Dense bias gradient, over 0', shape: [128, 10], axis: 0, keepDims: false, dtype: 'float32' },
  { what: 'leading axes given out of order and negative', shape: [4, 3, 5], axis: [-2, 0], keepDims: false, dtype: 'float32' },
  { what: 'leading axes, keepDims', shape: [4, 3, 5], axis: [0, 1], keepDims: true, dtype: 'float32' },
  { what: 'trailing axis (stock kernel)', shape: [4, 3, 5], axis: -1, keepDims: false, dtype: 'float32' },
  { what: 'middle axis (stock kernel)', shape: [4, 3, 5], axis: 1, keepDims: true, dtype: 'float32' },
  { what: 'every axis (stock kernel)', shape: [4, 3, 5], axis: undefined, keepDims: false, dtype: 'float32' },
  { what: 'int32 over leading axes (stock kernel)', shape: [6, 7], axis: 0, keepDims: false, dtype: 'int32' },
];

interface GatherCase {
  what: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  indices: number[];
  indicesShape?: number[];
  axis?: number;
  batchDims?: number;
}

const GATHER_CASES: GatherCase[] = [
  { what: 'rows of a batch of images (the training loop)', shape: [20, 4, 4, 1], dtype: 'float32', indices: [3, 19, 0, 3, 7] },
  { what: 'rows of one-hot labels', shape: [12, 10], dtype: 'float32', indices: [11, 0, 5] },
  { what: 'int32 rows', shape: [6, 3], dtype: 'int32', indices: [5, 1] },
  { what: 'a matrix of indices', shape: [8, 2, 3], dtype: 'float32', indices: [1, 2, 3, 7], indicesShape: [2, 2] },
  { what: 'no indices', shape: [5, 3], dtype: 'float32', indices: [] },
  { what: 'along axis 1', shape: [4, 6, 2], dtype: 'float32', indices: [5, 0, 2], axis: 1 },
  { what: 'with a batch dimension (the stock wasm kernel returns other rows and zeros)', shape: [3, 5, 2], dtype: 'float32', indices: [0, 4, 1, 1, 2, 3], indicesShape: [3, 2], axis: 1, batchDims: 1 },
  { what: 'the last axis, batch dimension 1, int32', shape: [2, 3, 4], dtype: 'int32', indices: [3, 0, 1, 1], indicesShape: [2, 2], axis: 2, batchDims: 1 },
  { what: 'a bool tensor (stock kernel)', shape: [4, 2], dtype: 'bool' as 'int32', indices: [2, 0] },
];

interface UnpackCase {
  what: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  axis: number;
}

const UNPACK_CASES: UnpackCase[] = [
  { what: 'a SimpleRNN\'s input into time steps (axis 1, rows of 28)', shape: [16, 28, 28], dtype: 'float32', axis: 1 },
  { what: 'the first axis', shape: [3, 4, 5], dtype: 'float32', axis: 0 },
  { what: 'the last axis (single values), negative', shape: [4, 3, 2], dtype: 'float32', axis: -1 },
  { what: 'int32, rank 4, long rows', shape: [2, 3, 20, 2], dtype: 'int32', axis: 1 },
  { what: 'one output', shape: [5, 1, 3], dtype: 'float32', axis: 1 },
  { what: 'a bool tensor (stock kernel)', shape: [4, 2], dtype: 'bool' as 'int32', axis: 0 },
];

interface TileCase {
  what: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  reps: number[];
}

const TILE_CASES: TileCase[] = [
  { what: 'a recurrent layer\'s initial state: a [128, 1] column across 256 units', shape: [128, 1], dtype: 'float32', reps: [1, 256] },
  { what: 'rows repeated (reps 3 on axis 0)', shape: [2, 5], dtype: 'float32', reps: [3, 1] },
  { what: 'both axes, int32', shape: [3, 4], dtype: 'int32', reps: [2, 3] },
  { what: 'rank 1, reps not a power of two', shape: [7], dtype: 'float32', reps: [5] },
  { what: 'rank 4, every axis', shape: [2, 1, 3, 2], dtype: 'float32', reps: [2, 3, 1, 2] },
  { what: 'reps all 1 (a copy)', shape: [4, 3], dtype: 'float32', reps: [1, 1] },
  { what: 'a bool tensor (stock kernel)', shape: [2, 2], dtype: 'bool' as 'int32', reps: [2, 1] },
];

describe.each(KERNEL_SETS)('wasm training kernels match the cpu backend ($name)', ({ activate }) => {
  beforeAll(activate);

  it.each(TILE_CASES)('tile: $what', ({ shape, dtype, reps }) => {
    const run = (backend: string) => {
      tf.setBackend(backend);
      return tf.tidy(() => {
        const values = seeded(shape.reduce((p, d) => p * d, 1), 9).map((v) => (dtype === 'int32' ? Math.round(v * 100) : v));
        const result = tf.tile(tf.tensor(values, shape, dtype), reps);
        return { shape: result.shape, dtype: result.dtype, values: Array.from(result.dataSync()) };
      });
    };
    expect(run('wasm')).toEqual(run('cpu'));
  });

  it.each(UNPACK_CASES)('unstack: $what', ({ shape, dtype, axis }) => {
    const run = (backend: string) => {
      tf.setBackend(backend);
      return tf.tidy(() => {
        const values = seeded(shape.reduce((p, d) => p * d, 1), 9).map((v) => (dtype === 'int32' ? Math.round(v * 100) : v));
        return tf.unstack(tf.tensor(values, shape, dtype), axis).map((t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync()) }));
      });
    };
    expect(run('wasm')).toEqual(run('cpu'));
  });

  it.each(GATHER_CASES)('gather: $what', ({ shape, dtype, indices, indicesShape, axis, batchDims }) => {
    const run = (backend: string) => {
      tf.setBackend(backend);
      return tf.tidy(() => {
        const values = seeded(shape.reduce((p, d) => p * d, 1), 9).map((v) => (dtype === 'int32' ? Math.round(v * 100) : v));
        const result = tf.gather(tf.tensor(values, shape, dtype), tf.tensor(indices, indicesShape ?? [indices.length], 'int32'), axis, batchDims);
        return { shape: result.shape, dtype: result.dtype, values: Array.from(result.dataSync()) };
      });
    };
    expect(run('wasm')).toEqual(run('cpu'));
  });

  it('gather refuses an index outside the rows with the stock message', () => {
    tf.setBackend('wasm');
    const x = tf.zeros([4, 3]);
    const indices = tf.tensor1d([1, 4], 'int32');
    expect(() => tf.gather(x, indices)).toThrow('GatherV2: the index value 4 is not in [0, 3]');
    tf.dispose([x, indices]);
  });

  it.each(MATMUL_CASES)('matMul and its gradients: $what', ({ a, b, transposeA, transposeB, forwardOnly }) => {
    const product = ([x, y]: tf.Tensor[]) => tf.matMul(x, y, transposeA, transposeB);
    if (forwardOnly) {
      const run = (backend: string) => { tf.setBackend(backend); return tf.tidy(() => product([tf.tensor(seeded(a.reduce((p, d) => p * d), 1), a), tf.tensor(seeded(b.reduce((p, d) => p * d), 2), b)]).dataSync() as Float32Array); };
      expect(relativeError(run('wasm'), run('cpu'))).toBeLessThan(TOLERANCE);
      return;
    }
    const cpu = gradientsOn('cpu', [a, b], product);
    const wasm = gradientsOn('wasm', [a, b], product);
    expect(relativeError(wasm.output, cpu.output)).toBeLessThan(TOLERANCE);
    expect(relativeError(wasm.grads[0], cpu.grads[0]), 'gradient w.r.t. a').toBeLessThan(TOLERANCE);
    expect(relativeError(wasm.grads[1], cpu.grads[1]), 'gradient w.r.t. b').toBeLessThan(TOLERANCE);
  });

  it.each(SUM_CASES)('sum: $what', ({ shape, axis, keepDims, dtype }) => {
    const run = (backend: string) => {
      tf.setBackend(backend);
      return tf.tidy(() => {
        const values = seeded(shape.reduce((p, d) => p * d, 1), 5).map((v) => (dtype === 'int32' ? Math.round(v * 100) : v));
        const result = tf.sum(tf.tensor(values, shape, dtype), axis, keepDims);
        return { shape: result.shape, dtype: result.dtype, values: Float32Array.from(result.dataSync()) };
      });
    };
    const cpu = run('cpu');
    const wasm = run('wasm');
    expect([wasm.shape, wasm.dtype]).toEqual([cpu.shape, cpu.dtype]);
    expect(relativeError(wasm.values, cpu.values)).toBeLessThan(TOLERANCE);
  });

  it.each(CONV_CASES)('conv2d and its gradients: $what', ({ x, filter, strides, pad }) => {
    const conv = ([input, weights]: tf.Tensor[]) => tf.conv2d(input as tf.Tensor4D, weights as tf.Tensor4D, strides, pad);
    const cpu = gradientsOn('cpu', [x, filter], conv);
    const wasm = gradientsOn('wasm', [x, filter], conv);
    expect(relativeError(wasm.output, cpu.output), 'the output').toBeLessThan(TOLERANCE);
    expect(relativeError(wasm.grads[0], cpu.grads[0]), 'gradient w.r.t. the input').toBeLessThan(TOLERANCE);
    expect(relativeError(wasm.grads[1], cpu.grads[1]), 'gradient w.r.t. the filter').toBeLessThan(TOLERANCE);
  });

  it.each(POOL_CASES)('maxPool and its gradient: $what', ({ x, size, strides, pad }) => {
    const pool = ([input]: tf.Tensor[]) => tf.maxPool(input as tf.Tensor4D, size, strides, pad);
    const cpu = gradientsOn('cpu', [x], pool);
    const wasm = gradientsOn('wasm', [x], pool);
    expect(relativeError(wasm.output, cpu.output), 'the output').toBeLessThan(TOLERANCE);
    expect(relativeError(wasm.grads[0], cpu.grads[0]), 'the gradient').toBeLessThan(TOLERANCE);
  });

  it.each(POOL_CASES)('maxPool gradient with ties (values in {-1, 0, 1}): $what', ({ x, size, strides, pad }) => {
    const pool = ([input]: tf.Tensor[]) => tf.maxPool(input as tf.Tensor4D, size, strides, pad);
    const coarse = (v: number) => Math.round(v);
    const cpu = gradientsOn('cpu', [x], pool, 1, coarse);
    const wasm = gradientsOn('wasm', [x], pool, 1, coarse);
    expect(relativeError(wasm.grads[0], cpu.grads[0])).toBeLessThan(TOLERANCE);
  });

  it('maxPool gradient goes to the maximum of an all-negative window (where the stock wasm kernel fails)', () => {
    const values = [-1.6, -1.49, -0.55, -0.5]; // one 2×2 window; its maximum is the last pixel
    for (const backend of ['cpu', 'wasm'] as const) {
      tf.setBackend(backend);
      const g = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid').sum())(tf.tensor4d(values, [1, 2, 2, 1])).arraySync());
      expect(g, backend).toEqual([[[[0], [0]], [[0], [1]]]]);
    }
  });

  it('conv2d on channels-first data is refused with a message, not miscomputed', () => {
    tf.setBackend('wasm');
    const x = tf.zeros([1, 2, 4, 4]);
    const dy = tf.zeros([1, 2, 2, 2]);
    expect(() => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, { strides: 1, pad: 'valid', dataFormat: 'NCHW', filterShape: [3, 3, 2, 2] })).toThrow(/NHWC/);
    tf.dispose([x, dy]);
  });
});

describe('registering the wasm training kernels', () => {
  beforeAll(wasmWithTrainingKernels);

  it('registers every kernel for wasm, and registering again changes nothing', () => {
    const matMul = tf.getKernel(tf.BatchMatMul, 'wasm')!.kernelFunc;
    registerWasmTrainingKernels();
    for (const config of WASM_TRAINING_KERNELS) expect(tf.getKernel(config.kernelName, 'wasm')?.kernelFunc).toBe(config.kernelFunc);
    expect(tf.getKernel(tf.BatchMatMul, 'wasm')!.kernelFunc).not.toBe(matMul); // a fresh wrapper…
    const grads = gradientsOn('wasm', [[3, 4], [4, 2]], ([a, b]) => tf.matMul(a, b)); // …of the stock kernel, not of the old wrapper
    expect(relativeError(grads.grads[0], gradientsOn('cpu', [[3, 4], [4, 2]], ([a, b]) => tf.matMul(a, b)).grads[0])).toBeLessThan(TOLERANCE);
  });
});
