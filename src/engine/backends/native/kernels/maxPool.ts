import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { allocateFloats, heapFloats } from '../../wasm/kernels/wasmTensors';
import type { NativeAddon } from '../addon';
import { nativeGeometry } from '../geometry';

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap };

/** MaxPool in C++ (NaN never wins, as on the cpu backend), images in parallel; other dtypes go to `fallback`. */
export function nativeMaxPool(addon: NativeAddon, fallback: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolAttrs;
    const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    const geometry = x.dtype === 'float32' ? nativeGeometry(info) : null;
    if (!geometry) return fallback.kernelFunc(args as never) as tf.TensorInfo;
    const wasm = args.backend as BackendWasm;
    const y = allocateFloats(wasm, [info.batchSize, info.outHeight, info.outWidth, info.outChannels]);
    addon.maxPoolForward(geometry, heapFloats(wasm, x, 'MaxPool x'), heapFloats(wasm, y, 'MaxPool y'));
    return y;
  };
  return { ...fallback, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}

/**
 * MaxPoolGrad in C++ (the same rule as the wasm kernel it replaces: the first maximum of a
 * window wins, padding never does), images in parallel; other cases go to `fallback`.
 */
export function nativeMaxPoolGrad(addon: NativeAddon, fallback: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => {
    const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolGradAttrs;
    const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    const geometry = dy.dtype === 'float32' && input.dtype === 'float32' ? nativeGeometry(info) : null;
    if (!geometry || dy.shape.join() !== [info.batchSize, info.outHeight, info.outWidth, info.outChannels].join()) return fallback.kernelFunc(args as never) as tf.TensorInfo;
    const wasm = args.backend as BackendWasm;
    const dx = allocateFloats(wasm, [...input.shape]);
    addon.maxPoolGradient(geometry, heapFloats(wasm, input, 'MaxPoolGrad input'), heapFloats(wasm, dy, 'MaxPoolGrad dy'), heapFloats(wasm, dx, 'dx'));
    return dx;
  };
  return { ...fallback, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
