import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNativeAddon, type NativeAddon } from '../../../src/engine/backends/native/addon';
import { measureMatMulPeak, peakFlopsPerSecond } from '../../../src/engine/bench/peak';
import { relativeError, seeded } from '../wasm/gradients';

const native = loadNativeAddon();
const describeNative = native.ok ? describe : describe.skip;

describeNative('the addon’s gemm (the benchmark’s matrix-multiply peak) against the cpu backend', () => {
  let addon: NativeAddon;
  beforeAll(async () => {
    addon = (native as { addon: NativeAddon }).addon;
    await tf.setBackend('cpu');
  });

  it.each([
    // [what, m, n, k, threads]
    ['square, one thread', 64, 64, 64, 1],
    ['square, two threads', 64, 64, 64, 2],
    ['the MLP’s first layer, batch 128', 128, 256, 784, 1],
    ['non-square, k = 1', 7, 5, 1, 1],
    ['one output', 1, 1, 33, 2],
    ['big enough to split across threads', 300, 200, 257, 2],
  ])('%s: [%d, %d] from k = %d on %d thread(s) matches tf.matMul', (_what, m, n, k, threads) => {
    const a = Float32Array.from(seeded(m * k, 1));
    const b = Float32Array.from(seeded(k * n, 2));
    const c = new Float32Array(m * n).fill(NaN);
    const before = addon.info().threads;
    addon.setThreads(threads);
    try {
      addon.gemm(m, n, k, a, b, c);
    } finally {
      addon.setThreads(before);
    }
    const expected = tf.tidy(() => tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n])).dataSync() as Float32Array);
    expect(relativeError(c, expected)).toBeLessThan(2e-6);
  });

  it.each([
    ['a of the wrong length', () => addon.gemm(2, 3, 4, new Float32Array(7), new Float32Array(12), new Float32Array(6)), /gemm: a has 7 elements where the geometry needs 8/],
    ['c of the wrong length', () => addon.gemm(2, 3, 4, new Float32Array(8), new Float32Array(12), new Float32Array(5)), /gemm: c has 5 elements/],
    ['a zero size', () => addon.gemm(0, 3, 4, new Float32Array(0), new Float32Array(12), new Float32Array(0)), /gemm: m, n and k must be positive/],
    ['a size that is not an integer', () => addon.gemm(2.5, 3, 4, new Float32Array(8), new Float32Array(12), new Float32Array(6)), /gemm: m must be a non-negative integer/],
    ['a plain array', () => addon.gemm(1, 1, 1, [1] as unknown as Float32Array, new Float32Array(1), new Float32Array(1)), /gemm: a must be a Float32Array/],
  ])('refuses %s, naming it', (_what, call, message) => {
    expect(call).toThrow(message);
  });

  it('measureMatMulPeak runs each size on each thread count, and puts the calling thread’s threads back', () => {
    addon.setThreads(2);
    const runs = measureMatMulPeak(addon, { sizes: [32, 48], threads: [1, 2], repeats: 3 });
    expect(addon.info().threads).toBe(2);
    expect(runs.map((r) => [r.size, r.threads, r.runs.length])).toEqual([[32, 1, 3], [32, 2, 3], [48, 1, 3], [48, 2, 3]]);
    for (const r of runs) expect(r.gflops).toBeGreaterThan(0);
    expect(peakFlopsPerSecond(runs)).toBe(Math.max(...runs.map((r) => r.gflops)) * 1e9);
  });
});
