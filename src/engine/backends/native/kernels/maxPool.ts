import * as tf from '@tensorflow/tfjs';
import { allocateFloats, heapFloats } from '../../wasm/kernels/wasmTensors';
import type { NativeAddon } from '../addon';
import { nativeGeometry } from '../geometry';
import { nativeOr } from './nativeOr';

type PoolAttrs = Pick<tf.MaxPoolAttrs, 'filterSize' | 'strides' | 'pad' | 'dimRoundingMode'>;

/** tfjs's description of a max pooling over `shape`. */
const poolInfo = (shape: readonly number[], a: PoolAttrs) => tf.backend_util.computePool2DInfo([...shape] as [number, number, number, number], a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);

/** MaxPool in C++ (NaN never wins, as on the cpu backend), images in parallel; other dtypes go to `fallback`. */
export function nativeMaxPool(addon: NativeAddon, fallback: tf.KernelConfig): tf.KernelConfig {
  return nativeOr(fallback, ({ inputs, attrs }, wasm) => {
    const { x } = inputs as { x: tf.TensorInfo };
    const info = poolInfo(x.shape, attrs as unknown as PoolAttrs);
    const g = x.dtype === 'float32' ? nativeGeometry(info) : null;
    if (!g) return null;
    const y = allocateFloats(wasm, [info.batchSize, info.outHeight, info.outWidth, info.outChannels]);
    addon.maxPoolForward(g, heapFloats(wasm, x, 'MaxPool x'), heapFloats(wasm, y, 'MaxPool y'));
    return y;
  });
}

/**
 * MaxPoolGrad in C++ (the same rule as the wasm kernel it replaces: the first maximum of a
 * window wins, padding never does), images in parallel; other cases go to `fallback`.
 */
export function nativeMaxPoolGrad(addon: NativeAddon, fallback: tf.KernelConfig): tf.KernelConfig {
  return nativeOr(fallback, ({ inputs, attrs }, wasm) => {
    const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
    const info = poolInfo(input.shape, attrs as unknown as PoolAttrs);
    const g = dy.dtype === 'float32' && input.dtype === 'float32' ? nativeGeometry(info) : null;
    if (!g || dy.shape.join() !== [info.batchSize, info.outHeight, info.outWidth, info.outChannels].join()) return null;
    const dx = allocateFloats(wasm, [...input.shape]);
    addon.maxPoolGradient(g, heapFloats(wasm, input, 'MaxPoolGrad input'), heapFloats(wasm, dy, 'MaxPoolGrad dy'), heapFloats(wasm, dx, 'dx'));
    return dx;
  });
}
