import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { samePadding } from '../../../src/engine/backends/wasm/kernels/conv2dSamePadding';
import { gradientsOn, relativeError, seeded, KERNEL_SETS } from './gradients';

/** float32 sums of a few hundred products, in another order than the cpu backend's. */
const TOLERANCE = 2e-6;

interface Case {
  what: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same';
  dilations?: number;
}

/** The stock wasm Conv2D is wrong for most of the padded cases (zeros or wrong values; at 28×28 it happens to be right); the last four check the wrapper leaves other calls alone. */
const CASES: Case[] = [
  { what: 'kernel 2, stride 3, same, 6×6 (stock: zeros)', x: [2, 6, 6, 2], filter: [2, 2, 2, 3], strides: 3, pad: 'same' },
  { what: 'kernel 2, stride 3, same, 9×9 (stock: zeros)', x: [2, 9, 9, 2], filter: [2, 2, 2, 3], strides: 3, pad: 'same' },
  { what: 'kernel 2, stride 3, same, 28×28 (an MNIST digit; stock: right)', x: [2, 28, 28, 1], filter: [2, 2, 1, 8], strides: 3, pad: 'same' },
  { what: 'kernel 2, stride 5, same, 5×5', x: [1, 5, 5, 2], filter: [2, 2, 2, 3], strides: 5, pad: 'same' },
  { what: 'kernel 3, stride 4, same, 8×8', x: [2, 8, 8, 3], filter: [3, 3, 3, 4], strides: 4, pad: 'same' },
  { what: 'kernel 1, stride 2, same', x: [2, 7, 7, 3], filter: [1, 1, 3, 4], strides: 2, pad: 'same' },
  { what: 'non-square: kernel (2, 4), strides (3, 2), same', x: [2, 9, 8, 2], filter: [2, 4, 2, 3], strides: [3, 2], pad: 'same' },
  { what: 'stride larger than the kernel, valid (stock kernel)', x: [2, 9, 9, 2], filter: [2, 2, 2, 3], strides: 3, pad: 'valid' },
  { what: 'stride equal to the kernel, same (stock kernel)', x: [2, 9, 9, 2], filter: [3, 3, 2, 3], strides: 3, pad: 'same' },
  { what: 'stride 2, kernel 3, same (stock kernel)', x: [2, 11, 10, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'same' },
  { what: 'dilation 2, same (stock kernel)', x: [1, 9, 9, 2], filter: [2, 2, 2, 3], strides: 1, pad: 'same', dilations: 2 },
];

function values(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(seeded(shape.reduce((a, d) => a * d, 1), seed), shape);
}

function forward(backend: 'cpu' | 'wasm', fused: boolean, c: Case): Float32Array {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const x = values(c.x, 1) as tf.Tensor4D;
    const filter = values(c.filter, 2) as tf.Tensor4D;
    const y = fused
      ? tf.fused.conv2d({ x, filter, strides: c.strides, pad: c.pad, dilations: c.dilations, bias: values([c.filter[3]], 3), activation: 'relu' })
      : tf.conv2d(x, filter, c.strides, c.pad, 'NHWC', c.dilations);
    return y.dataSync() as Float32Array;
  });
}

describe.each(KERNEL_SETS)("wasm Conv2D with 'same' padding and a stride larger than the kernel ($name)", ({ activate }) => {
  beforeAll(activate);

  it.each([
    ['size 6, kernel 2, stride 3: no padding (would be -1)', 6, 2, 3, 1, [0, 0]],
    ['size 7, kernel 2, stride 3: one after', 7, 2, 3, 1, [0, 1]],
    ['size 28, kernel 2, stride 3', 28, 2, 3, 1, [0, 1]],
    ['size 8, kernel 3, stride 4', 8, 3, 4, 1, [0, 0]],
    ['size 9, kernel 3, stride 1: one each side', 9, 3, 1, 1, [1, 1]],
    ['size 8, kernel 4, stride 1: the smaller half before', 8, 4, 1, 1, [1, 2]],
    ['size 9, kernel 2, dilation 2: effective kernel 3', 9, 2, 1, 2, [1, 1]],
  ] as const)('samePadding: %s', (_what, size, kernel, stride, dilation, expected) => {
    expect(samePadding(size, kernel, stride, dilation)).toEqual(expected);
  });

  it.each(CASES)('conv2d matches the cpu backend: $what', (c) => {
    const cpu = forward('cpu', false, c);
    expect(cpu.some((v) => v !== 0)).toBe(true);
    expect(relativeError(forward('wasm', false, c), cpu)).toBeLessThan(TOLERANCE);
  });

  it.each(CASES)('fused conv2d (bias, relu; what predict runs) matches the cpu backend: $what', (c) => {
    expect(relativeError(forward('wasm', true, c), forward('cpu', true, c))).toBeLessThan(TOLERANCE);
  });

  it('a training gradient through relu(conv2d(kernel 2, stride 3, same)) on 9×9 matches the cpu backend', () => {
    const f = ([x, w]: tf.Tensor[]) => tf.relu(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 3, 'same'));
    const cpu = gradientsOn('cpu', [[2, 9, 9, 2], [2, 2, 2, 3]], f);
    const wasm = gradientsOn('wasm', [[2, 9, 9, 2], [2, 2, 2, 3]], f);
    expect(relativeError(wasm.output, cpu.output), 'the output').toBeLessThan(TOLERANCE);
    expect(relativeError(wasm.grads[0], cpu.grads[0]), 'gradient w.r.t. the input').toBeLessThan(TOLERANCE);
    expect(relativeError(wasm.grads[1], cpu.grads[1]), 'gradient w.r.t. the filter').toBeLessThan(TOLERANCE);
  });
});
