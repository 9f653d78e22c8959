import * as tf from '@tensorflow/tfjs';
import { allocateFloats, heapFloats } from '../../wasm/kernels/wasmTensors';
import { NATIVE_ACTIVATIONS, type NativeAddon } from '../addon';
import { nativeOr } from './nativeOr';

const product = (dims: readonly number[]) => dims.reduce((p, d) => p * d, 1);

/**
 * The native shape of a batched product of `a` by `b` (native/src/matmul.h: batchA, batchB,
 * m, k, n, transposeA, transposeB) and the output's shape, or null where the native kernel
 * does not take it: another dtype, an empty operand, or batch dimensions that broadcast other
 * than one side's being all ones (e.g. [2, 1] against [1, 3]).
 */
export function matMulShape(a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean): { shape: Int32Array; output: number[] } | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return null;
  const [ra, ca] = a.shape.slice(-2), [rb, cb] = b.shape.slice(-2);
  const [m, k] = transposeA ? [ca, ra] : [ra, ca];
  const [kb, n] = transposeB ? [cb, rb] : [rb, cb];
  if (k !== kb || m === 0 || k === 0 || n === 0) return null;
  const outerA = a.shape.slice(0, -2), outerB = b.shape.slice(0, -2);
  let outer: number[];
  try {
    outer = tf.backend_util.assertAndGetBroadcastShape(outerA, outerB);
  } catch {
    return null;
  }
  const batch = product(outer), batchA = product(outerA), batchB = product(outerB);
  if (batch === 0 || (batchA !== 1 && batchA !== batch) || (batchB !== 1 && batchB !== batch)) return null;
  return { shape: Int32Array.from([batchA, batchB, m, k, n, transposeA ? 1 : 0, transposeB ? 1 : 0]), output: [...outer, m, n] };
}

/** BatchMatMul (every Dense and recurrent product's gradients, which transpose an operand) by oneDNN's matmul; other cases go to `fallback`. */
export function nativeBatchMatMul(addon: NativeAddon, fallback: tf.KernelConfig): tf.KernelConfig {
  return nativeOr(fallback, ({ inputs, attrs }, wasm) => {
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    const geometry = matMulShape(a, b, transposeA, transposeB);
    if (!geometry) return null;
    const y = allocateFloats(wasm, geometry.output);
    addon.matMul(geometry.shape, heapFloats(wasm, a, 'BatchMatMul a'), heapFloats(wasm, b, 'BatchMatMul b'), heapFloats(wasm, y, 'BatchMatMul y'));
    return y;
  });
}

/**
 * _FusedMatMul (what Dense and recurrent layers' forward passes run: product, bias, activation)
 * by oneDNN's matmul with the bias and activation fused in. PReLU, leaky ReLU, and a bias that
 * is not one value per output column go to `fallback`, as do the cases BatchMatMul's does not take.
 */
export function nativeFusedMatMul(addon: NativeAddon, fallback: tf.KernelConfig): tf.KernelConfig {
  return nativeOr(fallback, ({ inputs, attrs }, wasm) => {
    const { a, b, bias, preluActivationWeights } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo; bias?: tf.TensorInfo; preluActivationWeights?: tf.TensorInfo };
    const { transposeA, transposeB, activation: name } = attrs as unknown as tf._FusedMatMulAttrs;
    const activation = NATIVE_ACTIVATIONS[name ?? 'linear'];
    const geometry = activation !== undefined && !preluActivationWeights ? matMulShape(a, b, transposeA, transposeB) : null;
    if (!geometry) return null;
    const n = geometry.shape[4];
    if (bias && (bias.dtype !== 'float32' || bias.shape.length === 0 || bias.shape[bias.shape.length - 1] !== n || product(bias.shape) !== n)) return null;
    const y = allocateFloats(wasm, geometry.output);
    const biasValues = bias ? heapFloats(wasm, bias, '_FusedMatMul bias') : null;
    addon.matMul(geometry.shape, heapFloats(wasm, a, '_FusedMatMul a'), heapFloats(wasm, b, '_FusedMatMul b'), heapFloats(wasm, y, '_FusedMatMul y'), biasValues, activation);
    return y;
  });
}

/** Tanh (the SimpleRNN's activation at every step) by oneDNN's vectorized kernel; other dtypes and empty tensors go to `fallback`. */
export function nativeTanh(addon: NativeAddon, fallback: tf.KernelConfig): tf.KernelConfig {
  return nativeOr(fallback, ({ inputs }, wasm) => {
    const { x } = inputs as { x: tf.TensorInfo };
    if (x.dtype !== 'float32' || product(x.shape) === 0) return null;
    const y = allocateFloats(wasm, [...x.shape]);
    addon.tanh(heapFloats(wasm, x, 'Tanh x'), heapFloats(wasm, y, 'Tanh y'));
    return y;
  });
}
