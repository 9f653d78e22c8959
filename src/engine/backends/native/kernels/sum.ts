import * as tf from '@tensorflow/tfjs';
import { allocateFloats, heapFloats } from '../../wasm/kernels/wasmTensors';
import type { NativeAddon } from '../addon';
import { nativeOr } from './nativeOr';

/** Float32 sums over leading axes (bias gradients) in C++; every other Sum goes to `fallback`. */
export function nativeSum(addon: NativeAddon, fallback: tf.KernelConfig): tf.KernelConfig {
  return nativeOr(fallback, ({ inputs, attrs }, wasm) => {
    const { x } = inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = attrs as unknown as tf.SumAttrs;
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
    const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((a, i) => a === i);
    if (x.dtype !== 'float32' || !leading) return null;
    const kept = x.shape.slice(axes.length);
    const rows = x.shape.slice(0, axes.length).reduce((p, d) => p * d, 1);
    const columns = kept.reduce((p, d) => p * d, 1);
    const out = allocateFloats(wasm, keepDims ? [...axes.map(() => 1), ...kept] : kept);
    addon.sumRows(heapFloats(wasm, x, 'Sum x'), rows, columns, heapFloats(wasm, out, 'Sum output'));
    return out;
  });
}
