import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { loadNativeAddon } from '../../../src/engine/backends/native/addon';
import { registerNativeKernels, unregisterNativeKernels } from '../../../src/engine/backends/native/kernels/index';
import { registerWasmTrainingKernels } from '../../../src/engine/backends/wasm/kernels/index';

/** Makes the wasm backend ready with our training kernels (no native ones), leaving the cpu backend as the oracle. */
export async function wasmWithTrainingKernels(): Promise<void> {
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
  unregisterNativeKernels();
}

/** One way the wasm backend can train: what a describe.each names, and how to switch to it. */
export interface KernelSet {
  name: string;
  activate: () => Promise<void>;
}

const native = loadNativeAddon();

/**
 * The kernel sets every wasm test runs under: our WebAssembly kernels alone, and with the
 * native kernels in front where they are built (CI builds them and sets
 * NETCANVAS_REQUIRE_NATIVE=1, and test/engine/native/addon.test.ts fails if they are missing).
 */
export const KERNEL_SETS: KernelSet[] = [
  { name: 'WebAssembly kernels', activate: wasmWithTrainingKernels },
  ...(native.ok
    ? [{
        name: 'native kernels',
        activate: async () => {
          await wasmWithTrainingKernels();
          registerNativeKernels(native.addon);
        },
      }]
    : []),
];

/** Deterministic values in [-1, 1) (a 32-bit LCG), the same for every backend. */
export function seeded(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let s = seed >>> 0;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/**
 * The gradients of Σ f(inputs)·R (R a fixed random tensor, so dy is not uniform) with
 * respect to every input, computed on `backend` from the same seeded values (mapped by `values`).
 */
export function gradientsOn(backend: 'cpu' | 'wasm', shapes: number[][], f: (inputs: tf.Tensor[]) => tf.Tensor, seed = 1, values: (v: number) => number = (v) => v): { output: Float32Array; grads: Float32Array[] } {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const inputs = shapes.map((shape, i) => tf.tensor(seeded(shape.reduce((a, d) => a * d, 1), seed + i).map(values), shape));
    const output = f(inputs);
    const weight = tf.tensor(seeded(output.size, seed + 100), output.shape);
    const grads = tf.grads((...xs: tf.Tensor[]) => f(xs).mul(weight).sum())(inputs);
    return { output: output.dataSync() as Float32Array, grads: grads.map((g) => g.dataSync() as Float32Array) };
  });
}

/** The largest difference between two arrays, relative to the larger of 1 and `reference`'s largest magnitude. */
export function relativeError(actual: Float32Array, reference: Float32Array): number {
  if (actual.length !== reference.length) return Infinity;
  let scale = 1;
  for (const v of reference) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i] - reference[i]);
    if (!(d <= worst)) worst = d; // NaN counts as the worst
  }
  return worst / scale;
}
