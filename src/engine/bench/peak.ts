import type { NativeAddon } from '../backends/native/addon';
import { median } from './speed';

/** One size and thread count of the matrix-multiply peak. */
export interface PeakRun {
  /** m = n = k. */
  readonly size: number;
  readonly threads: number;
  /** The median over the timed runs, in GFLOP/s (2·m·n·k FLOP a product). */
  readonly gflops: number;
  /** Every timed run's figure, in order. */
  readonly runs: readonly number[];
}

export interface PeakOptions {
  /** Square products, m = n = k (default 512 and 1024). */
  readonly sizes?: readonly number[];
  /** OpenMP threads (default 1 and 2). */
  readonly threads?: readonly number[];
  /** Timed products per size and thread count, after one untimed one (default 5). */
  readonly repeats?: number;
}

/**
 * This machine's single-precision matrix-multiply peak: oneDNN's GEMM (the addon's `gemm`) on
 * square products of each size and thread count, the median of a few runs each. The calling
 * thread's OpenMP threads are put back as they were.
 */
export function measureMatMulPeak(addon: NativeAddon, o: PeakOptions = {}): PeakRun[] {
  const sizes = o.sizes ?? [512, 1024];
  const threadCounts = o.threads ?? [1, 2];
  const repeats = o.repeats ?? 5;
  const before = addon.info().threads;
  const results: PeakRun[] = [];
  try {
    for (const size of sizes) {
      const a = new Float32Array(size * size).map((_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
      const b = new Float32Array(size * size).map((_, i) => ((i * 104_729) % 1000) / 1000 - 0.5);
      const c = new Float32Array(size * size);
      for (const threads of threadCounts) {
        addon.setThreads(threads);
        addon.gemm(size, size, size, a, b, c);
        const runs: number[] = [];
        for (let r = 0; r < repeats; r++) {
          const began = performance.now();
          addon.gemm(size, size, size, a, b, c);
          runs.push((2 * size ** 3) / ((performance.now() - began) / 1000) / 1e9);
        }
        results.push({ size, threads, gflops: median(runs), runs });
      }
    }
  } finally {
    addon.setThreads(before);
  }
  return results;
}

/** The best median over the runs, in FLOP/s: the peak the models' fraction is taken of. */
export function peakFlopsPerSecond(runs: readonly PeakRun[]): number {
  if (runs.length === 0) throw new RangeError('peakFlopsPerSecond: no peak runs');
  return Math.max(...runs.map((r) => r.gflops)) * 1e9;
}
