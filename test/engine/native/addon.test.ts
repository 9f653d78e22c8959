import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNativeAddon, type NativeAddon } from '../../../src/engine/backends/native/addon';
import { GEOMETRY_FIELDS, nativeGeometry } from '../../../src/engine/backends/native/geometry';
import { registerNativeKernels, unregisterNativeKernels } from '../../../src/engine/backends/native/kernels/index';
import { countingAddon } from './counting';
import { gradientsOn, relativeError, seeded, wasmWithTrainingKernels } from '../wasm/gradients';

const native = loadNativeAddon();
const describeNative = native.ok ? describe : describe.skip;

describe('loading the native kernels', () => {
  it('are present where the build requires them (CI sets NETCANVAS_REQUIRE_NATIVE=1), so their tests cannot be skipped silently', () => {
    if (process.env.NETCANVAS_REQUIRE_NATIVE === '1') expect(native.ok ? 'loaded' : native.reason).toBe('loaded');
    else expect(native.ok || native.reason.length > 0).toBe(true);
  });

  // A fresh module instance per case: loadNativeAddon remembers its first answer.
  const fresh = async () => {
    const { vi } = await import('vitest');
    vi.resetModules();
    return (await import('../../../src/engine/backends/native/addon')).loadNativeAddon;
  };

  it.each([
    ['turned off', { NETCANVAS_NATIVE: '0' }, /turned off by NETCANVAS_NATIVE=0/],
    ['given a setting it does not know', { NETCANVAS_NATIVE: 'yes' }, /NETCANVAS_NATIVE is 'yes': set it to 0 to turn the native kernels off, or to 1/],
    ['a path that does not exist', { NETCANVAS_NATIVE_ADDON: '/nonexistent/netcanvas-native.node' }, /NETCANVAS_NATIVE_ADDON names \/nonexistent\/netcanvas-native.node, which does not exist/],
  ])('says why not when %s', async (_what, env, reason) => {
    const load = await fresh();
    const result = load(env);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('says why not when the file is not a loadable addon, and names the file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'netcanvas-native-'));
    const file = path.join(dir, 'netcanvas-native.node');
    writeFileSync(file, 'not an ELF file');
    const result = (await fresh())({ NETCANVAS_NATIVE_ADDON: file });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(`${file} does not load`);
  });
});

describe('nativeGeometry', () => {
  const info = (x: [number, number, number, number], f: [number, number, number, number], strides: number | [number, number], pad: 'valid' | 'same' | number, dilations: number = 1, format: 'channelsLast' | 'channelsFirst' = 'channelsLast') =>
    tf.backend_util.computeConv2DInfo(x, f, strides, dilations, pad, undefined, false, format);

  it.each([
    ['valid, the reference CNN', info([128, 13, 13, 64], [3, 3, 64, 64], 1, 'valid'), [128, 13, 13, 64, 11, 11, 64, 3, 3, 1, 1, 1, 1, 0, 0, 0, 0]],
    ['same, even kernel (more padding after)', info([2, 8, 8, 3], [4, 4, 3, 5], 1, 'same'), [2, 8, 8, 3, 8, 8, 5, 4, 4, 1, 1, 1, 1, 1, 1, 2, 2]],
    ['same, stride 2 on an odd size', info([1, 11, 10, 3], [3, 3, 3, 4], 2, 'same'), [1, 11, 10, 3, 6, 5, 4, 3, 3, 2, 2, 1, 1, 1, 0, 1, 1]],
    ['valid, stride 3 leaving a remainder', info([1, 10, 10, 1], [2, 2, 1, 1], 3, 'valid'), [1, 10, 10, 1, 3, 3, 1, 2, 2, 3, 3, 1, 1, 0, 0, 0, 0]],
    ['dilation 2', info([1, 9, 9, 2], [2, 2, 2, 3], 1, 'same', 2), [1, 9, 9, 2, 9, 9, 3, 2, 2, 1, 1, 2, 2, 1, 1, 1, 1]],
  ])('%s', (_what, conv, expected) => {
    const g = nativeGeometry(conv);
    expect(g).not.toBeNull();
    expect(Array.from(g!)).toEqual(expected);
    expect(g!.length).toBe(GEOMETRY_FIELDS);
  });

  it('is null for channels-first data (the wasm kernel then answers)', () => {
    expect(nativeGeometry(info([1, 3, 8, 8], [3, 3, 3, 4], 1, 'valid', 1, 'channelsFirst'))).toBeNull();
  });
});

describeNative('the native addon refuses bad arguments before touching memory', () => {
  const addon = native.ok ? native.addon : (null as unknown as NativeAddon);
  // 1 image 4×4×1, 3×3 filter, 1 output channel, valid: output 2×2.
  const geometry = () => Int32Array.from([1, 4, 4, 1, 2, 2, 1, 3, 3, 1, 1, 1, 1, 0, 0, 0, 0]);
  const f = (n: number) => new Float32Array(n).fill(1);

  it.each([
    ['a geometry that is not an Int32Array', () => addon.convolutionForward([1, 4] as unknown as Int32Array, f(16), f(9), f(4)), TypeError, /geometry must be a Int32Array/],
    ['a geometry of the wrong length', () => addon.convolutionForward(new Int32Array(5), f(16), f(9), f(4)), RangeError, /geometry has 5 elements where the geometry needs 17/],
    ['a zero size in the geometry', () => addon.convolutionForward(Int32Array.from([0, ...geometry().slice(1)]), f(16), f(9), f(4)), RangeError, /geometry field 0 is 0/],
    ['a negative padding', () => addon.convolutionForward(Int32Array.from([...geometry().slice(0, 13), -1, 0, 0, 0]), f(16), f(9), f(4)), RangeError, /geometry field 13 is -1/],
    ['an input one element short', () => addon.convolutionForward(geometry(), f(15), f(9), f(4)), RangeError, /x has 15 elements where the geometry needs 16/],
    ['a filter of float64', () => addon.convolutionForward(geometry(), f(16), new Float64Array(9) as unknown as Float32Array, f(4)), TypeError, /filter must be a Float32Array/],
    ['an output too small', () => addon.convolutionBackwardWeights(geometry(), f(16), f(4), f(8)), RangeError, /dFilter has 8 elements where the geometry needs 9/],
    ['a missing argument', () => (addon.convolutionBackwardData as (...a: unknown[]) => void)(geometry(), f(4), f(9)), TypeError, /argument 4 is missing/],
    ['pooling that changes the channels', () => addon.maxPoolGradient(geometry(), f(16), f(4), f(16)), null, null],
    ['sums with a fractional row count', () => addon.sumRows(f(6), 1.5, 4, f(4)), TypeError, /rows must be a non-negative integer/],
    ['sums over the wrong length', () => addon.sumRows(f(6), 2, 4, f(4)), RangeError, /x has 6 elements where the geometry needs 8/],
    ['zero threads', () => addon.setThreads(0), RangeError, /threads must be between 1 and 1024/],
    ['an unknown activation', () => addon.convolutionForward(geometry(), f(16), f(9), f(4), null, 9), RangeError, /activation 9 is not one of 0 \(linear\) to 4/],
    ['a bias of the wrong length', () => addon.convolutionForward(geometry(), f(16), f(9), f(4), f(2), 1), RangeError, /bias has 2 elements where the geometry needs 1/],
  ] as const)('%s', (_what, call, type, message) => {
    if (type === null) {
      expect(call).not.toThrow(); // 1 channel in and out: a valid pooling geometry
      return;
    }
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });

  it('leaves the output untouched when it refuses', () => {
    const y = new Float32Array(4).fill(7);
    expect(() => addon.convolutionForward(geometry(), f(15), f(9), y)).toThrow();
    expect(Array.from(y)).toEqual([7, 7, 7, 7]);
  });

  it('reports its oneDNN version and instruction set, and sets its threads per calling thread', () => {
    const before = addon.info();
    expect(before.oneDnn).toMatch(/^\d+\.\d+\.\d+$/);
    expect(before.isa.length).toBeGreaterThan(0);
    addon.setThreads(1);
    expect(addon.info().threads).toBe(1);
    addon.setThreads(before.threads);
    expect(addon.info().threads).toBe(before.threads);
  });
});

describeNative('the native kernels run, and fall back to the wasm ones only where they must', () => {
  const calls = new Map<string, number>();

  beforeAll(async () => {
    await wasmWithTrainingKernels();
    registerNativeKernels(countingAddon((native as { addon: NativeAddon }).addon, calls));
  });
  afterAll(() => unregisterNativeKernels());

  it('a conv → bias → max-pool step and its gradients call every native kernel, and match the cpu backend', () => {
    calls.clear();
    const step = ([x, w, b]: tf.Tensor[]) => tf.maxPool(tf.add(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'), b) as tf.Tensor4D, 2, 2, 'valid');
    const shapes = [[3, 8, 8, 4], [3, 3, 4, 6], [6]];
    const wasm = gradientsOn('wasm', shapes, step);
    // gradientsOn runs the step twice (once for the output, once taped): two forward convolutions and poolings.
    expect(Object.fromEntries(calls)).toEqual({ convolutionForward: 2, convolutionBackwardData: 1, convolutionBackwardWeights: 1, maxPoolForward: 2, maxPoolGradient: 1, sumRows: 1 });
    const cpu = gradientsOn('cpu', shapes, step);
    wasm.grads.forEach((g, i) => expect(relativeError(g, cpu.grads[i]), `gradient ${i}`).toBeLessThan(2e-6));
  });

  const fusedCases: { what: string; activation: tf.fused.Activation; bias: boolean; native: boolean }[] = [
    { what: 'linear, no bias', activation: 'linear', bias: false, native: true },
    { what: 'linear with bias', activation: 'linear', bias: true, native: true },
    { what: 'relu with bias', activation: 'relu', bias: true, native: true },
    { what: 'relu6 with bias', activation: 'relu6', bias: true, native: true },
    { what: 'elu with bias', activation: 'elu', bias: true, native: true },
    { what: 'sigmoid, no bias', activation: 'sigmoid', bias: false, native: true },
    { what: 'leakyrelu (the wasm kernel)', activation: 'leakyrelu', bias: true, native: false },
    { what: 'prelu (the wasm kernel)', activation: 'prelu', bias: true, native: false },
  ];

  it.each(fusedCases)('fused conv2d (what predict runs), $what, matches the cpu backend', ({ activation, bias, native: runsNative }) => {
    const run = (backend: string) => {
      tf.setBackend(backend);
      return tf.tidy(() => {
        const x = tf.tensor4d(seeded(2 * 7 * 7 * 3, 1).map((v) => v * 3), [2, 7, 7, 3]);
        const filter = tf.tensor4d(seeded(3 * 3 * 3 * 5, 2), [3, 3, 3, 5]);
        const b = bias ? tf.tensor1d(seeded(5, 3)) : undefined;
        const preluActivationWeights = activation === 'prelu' ? tf.tensor1d(seeded(5, 4)) : undefined;
        return tf.fused.conv2d({ x, filter, strides: 1, pad: 'same', bias: b, activation, preluActivationWeights, leakyreluAlpha: 0.3 }).dataSync() as Float32Array;
      });
    };
    calls.clear();
    const wasm = run('wasm');
    expect(calls.get('convolutionForward') ?? 0).toBe(runsNative ? 1 : 0);
    expect(relativeError(wasm, run('cpu'))).toBeLessThan(2e-6);
  });

  it('max pooling treats NaN and −∞ as the cpu backend does (NaN never wins; a window of nothing else gives −∞ and passes no gradient)', () => {
    const values = [NaN, 1, -Infinity, NaN, /* window 2 */ NaN, NaN, NaN, NaN, /* window 3 */ -Infinity, -Infinity, -2, -Infinity, /* window 4 */ 0, -0, 0, 5];
    // Four 2×2 windows of a 4×4 image, written window by window above; as an image, row by row:
    const image = [0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15].map((i) => values[i]);
    const run = (backend: string) => {
      tf.setBackend(backend);
      return tf.tidy(() => {
        const x = tf.tensor4d(image, [1, 4, 4, 1]);
        const y = tf.maxPool(x, 2, 2, 'valid');
        const dx = tf.grad((input: tf.Tensor) => tf.maxPool(input as tf.Tensor4D, 2, 2, 'valid').mul(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1])).sum())(x);
        return { y: Array.from(y.dataSync()), dx: Array.from(dx.dataSync()) };
      });
    };
    calls.clear();
    const wasm = run('wasm');
    expect(calls.get('maxPoolForward')).toBeGreaterThan(0);
    expect(calls.get('maxPoolGradient')).toBe(1);
    const cpu = run('cpu');
    expect(wasm.y.map(String)).toEqual(cpu.y.map(String)); // String keeps NaN and −∞ comparable
    expect(wasm.dx.map(String)).toEqual(cpu.dx.map(String));
    expect(cpu.y.map(String)).toEqual(['1', '-Infinity', '-2', '5']);
  });

  it('channels-first and int32 inputs go to the wasm kernels', () => {
    tf.setBackend('wasm');
    calls.clear();
    tf.tidy(() => {
      expect(() => tf.conv2d(tf.zeros([1, 2, 4, 4]) as tf.Tensor4D, tf.zeros([3, 3, 2, 2]) as tf.Tensor4D, 1, 'valid', 'NCHW')).toThrow();
      tf.sum(tf.ones([4, 3], 'int32'), 0).dataSync();
    });
    expect(calls.get('convolutionForward') ?? 0).toBe(0);
    expect(calls.get('sumRows') ?? 0).toBe(0);
  });
});
