import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { messageOf } from '../../../core/messageOf';

/**
 * NetCanvas's native kernels (`native/src`, built by `npm run build:native` into
 * `build/native/netcanvas-native.node`): convolutions and their gradients, matrix products and
 * tanh by oneDNN, and the max-pooling gradient and bias sums in C++. Every function works in place on typed arrays —
 * views of the wasm backend's heap, so nothing is copied — and checks each array's length
 * against the geometry first (a TypeError or RangeError names the argument otherwise).
 *
 * A geometry is an Int32Array of GEOMETRY_FIELDS numbers: see `geometry.ts`.
 */
export interface NativeAddon {
  /** y = activation(x ⊛ filter + bias); bias (outChannels values) and activation (NATIVE_ACTIVATIONS) are optional. */
  convolutionForward(geometry: Int32Array, x: Float32Array, filter: Float32Array, y: Float32Array, bias?: Float32Array | null, activation?: number): void;
  convolutionBackwardData(geometry: Int32Array, dy: Float32Array, filter: Float32Array, dx: Float32Array): void;
  convolutionBackwardWeights(geometry: Int32Array, x: Float32Array, dy: Float32Array, dFilter: Float32Array): void;
  maxPoolForward(geometry: Int32Array, x: Float32Array, y: Float32Array): void;
  maxPoolGradient(geometry: Int32Array, x: Float32Array, dy: Float32Array, dx: Float32Array): void;
  sumRows(x: Float32Array, rows: number, columns: number, out: Float32Array): void;
  /**
   * y = activation(op(a) · op(b) + bias) by oneDNN's matmul, for a shape of MATMUL_FIELDS numbers
   * (batchA, batchB, m, k, n, transposeA, transposeB; a batch of 1 broadcasts): a is [batchA, m, k]
   * ([batchA, k, m] when transposed), b [batchB, k, n] ([batchB, n, k]), y [max batch, m, n], bias n values.
   */
  matMul(shape: Int32Array, a: Float32Array, b: Float32Array, y: Float32Array, bias?: Float32Array | null, activation?: number): void;
  /** c = a · b for row-major a [m, k], b [k, n], c [m, n] by oneDNN's single-precision GEMM (dnnl_sgemm) on the calling thread's threads (setThreads): the benchmark's matrix-multiply peak. */
  gemm(m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array): void;
  /** y = tanh(x), arrays of the same non-zero length. */
  tanh(x: Float32Array, y: Float32Array): void;
  /** dx = dy · (1 − y²): tanh's gradient from its output y; arrays of the same non-zero length. */
  tanhGradient(y: Float32Array, dy: Float32Array, dx: Float32Array): void;
  /**
   * dx = dy · (y > 0 ? 1 : 0, NaN where y is NaN): ReLU's gradient from its output y; arrays of the
   * same non-zero length. With `columns` (dividing that length), also each column's sum of dx, as
   * sumRows adds them, into `sums` (a bias's gradient) in the same pass.
   */
  reluGradient(y: Float32Array, dy: Float32Array, dx: Float32Array, columns?: number, sums?: Float32Array): void;
  /** One Adam step (settings: β₁, 1 − β₁, β₂, 1 − β₂, 1 − β₁ᵗ, 1 − β₂ᵗ, ε, −learning rate); every array as long as value. */
  adamUpdate(settings: Float32Array, value: Float32Array, gradient: Float32Array, m: Float32Array, v: Float32Array, newValue: Float32Array, newM: Float32Array, newV: Float32Array): void;
  /** The OpenMP threads the calling thread's kernels use from now on. */
  setThreads(threads: number): void;
  /** The oneDNN version, the instruction set its kernels use here, and the calling thread's threads. */
  info(): { oneDnn: string; isa: string; threads: number };
}

/** The numbers in a native matrix product's shape (native/src/matmul.h). */
export const MATMUL_FIELDS = 7;

/** The activations the native convolution and matrix product apply themselves, by tfjs's names, as the addon numbers them (native/src/activation.h). */
export const NATIVE_ACTIVATIONS: Readonly<Record<string, number>> = { linear: 0, relu: 1, relu6: 2, elu: 3, sigmoid: 4 };

/** Every function the engine calls: an addon built from older sources lacks some. */
const NATIVE_FUNCTIONS: readonly (keyof NativeAddon)[] = [
  'convolutionForward', 'convolutionBackwardData', 'convolutionBackwardWeights', 'maxPoolForward', 'maxPoolGradient', 'sumRows', 'matMul', 'gemm', 'tanh', 'tanhGradient', 'reluGradient', 'adamUpdate', 'setThreads', 'info',
];

export type NativeLoad = { ok: true; addon: NativeAddon; file: string } | { ok: false; reason: string };

/** Where `npm run build:native` puts the addon, relative to the project's root. */
export const NATIVE_ADDON_PATH = path.join('build', 'native', 'netcanvas-native.node');

const HOW_TO_BUILD = 'build them with `npm run build:native` (needs g++ and oneDNN: apt-get install g++ libdnnl-dev)';

let loaded: NativeLoad | undefined;

/**
 * Loads the native kernels once per thread: from NETCANVAS_NATIVE_ADDON when set, else from
 * the first `build/native/netcanvas-native.node` above this module (the source tree, or the
 * bundles in out/). NETCANVAS_NATIVE=0 turns them off (1 or unset: on; anything else is
 * refused with a reason). Never throws: says why not instead.
 */
export function loadNativeAddon(env: NodeJS.ProcessEnv = process.env): NativeLoad {
  if (loaded) return loaded;
  loaded = load(env);
  return loaded;
}

function load(env: NodeJS.ProcessEnv): NativeLoad {
  const setting = env.NETCANVAS_NATIVE;
  if (setting === '0') return { ok: false, reason: 'turned off by NETCANVAS_NATIVE=0' };
  if (setting !== undefined && setting !== '' && setting !== '1') {
    return { ok: false, reason: `NETCANVAS_NATIVE is '${setting}': set it to 0 to turn the native kernels off, or to 1 (or leave it unset) to use them` };
  }
  const file = env.NETCANVAS_NATIVE_ADDON || findUpwards(path.dirname(fileURLToPath(import.meta.url)), NATIVE_ADDON_PATH);
  if (!file) return { ok: false, reason: `not built: ${HOW_TO_BUILD}` };
  if (!existsSync(file)) return { ok: false, reason: `NETCANVAS_NATIVE_ADDON names ${file}, which does not exist` };
  try {
    const addon = createRequire(import.meta.url)(file) as NativeAddon;
    if (typeof addon.convolutionForward !== 'function' || typeof addon.info !== 'function') {
      return { ok: false, reason: `${file} is not NetCanvas's native kernels addon; ${HOW_TO_BUILD}` };
    }
    const missing = NATIVE_FUNCTIONS.filter((name) => typeof addon[name] !== 'function');
    if (missing.length > 0) return { ok: false, reason: `${file} is an older build without ${missing.join(', ')}; re${HOW_TO_BUILD.slice(0, 1).toLowerCase()}${HOW_TO_BUILD.slice(1)}` };
    return { ok: true, addon, file };
  } catch (error) {
    const message = (messageOf(error)).split('\n')[0];
    return { ok: false, reason: `${file} does not load (${message}); ${HOW_TO_BUILD}` };
  }
}

function findUpwards(from: string, relative: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, relative);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}
