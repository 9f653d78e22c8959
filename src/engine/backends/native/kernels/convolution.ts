import * as tf from '@tensorflow/tfjs';
import { allocateFloats, heapFloats } from '../../wasm/kernels/wasmTensors';
import { NATIVE_ACTIVATIONS, type NativeAddon } from '../addon';
import { nativeGeometry } from '../geometry';
import { nativeOr } from './nativeOr';

type Shape4 = [number, number, number, number];
type ConvAttrs = Pick<tf.Conv2DAttrs, 'strides' | 'pad' | 'dataFormat' | 'dimRoundingMode'> & { dilations?: tf.Conv2DAttrs['dilations'] };

/** The native geometry of a convolution of `xShape` by `filterShape`, or null when the native kernels do not take it (see nativeGeometry; float32 tensors only). */
function convolutionGeometry(xShape: readonly number[], filterShape: readonly number[], a: ConvAttrs, ...tensors: tf.TensorInfo[]): Int32Array | null {
  if (!tensors.every((t) => t.dtype === 'float32')) return null;
  return nativeGeometry(tf.backend_util.computeConv2DInfo([...xShape] as Shape4, [...filterShape] as Shape4, a.strides, a.dilations ?? 1, a.pad, a.dimRoundingMode, false, tf.backend_util.convertConv2DDataFormat(a.dataFormat)));
}

/** The convolution's output shape [batch, outHeight, outWidth, outChannels] from its geometry. */
const outputShape = (g: Int32Array) => [g[0], g[4], g[5], g[6]];
const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** Conv2D by oneDNN; the cases it does not take go to `fallback`, the wasm kernel registered before it. */
export function nativeConv2D(addon: NativeAddon, fallback: tf.KernelConfig): tf.KernelConfig {
  return nativeOr(fallback, ({ inputs, attrs }, wasm) => {
    const { x, filter } = inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    const g = convolutionGeometry(x.shape, filter.shape, attrs as unknown as tf.Conv2DAttrs, x, filter);
    if (!g) return null;
    const y = allocateFloats(wasm, outputShape(g));
    addon.convolutionForward(g, heapFloats(wasm, x, 'Conv2D x'), heapFloats(wasm, filter, 'Conv2D filter'), heapFloats(wasm, y, 'Conv2D y'));
    return y;
  });
}

/**
 * FusedConv2D (convolution, bias, activation: what predict and evaluate run) by oneDNN, the
 * bias and activation in C++ on its output. PReLU, leaky ReLU and a bias that is not one value
 * per filter go to `fallback`, as do the cases nativeConv2D does not take.
 */
export function nativeFusedConv2D(addon: NativeAddon, fallback: tf.KernelConfig): tf.KernelConfig {
  return nativeOr(fallback, ({ inputs, attrs }, wasm) => {
    const { x, filter, bias, preluActivationWeights } = inputs as { x: tf.TensorInfo; filter: tf.TensorInfo; bias?: tf.TensorInfo; preluActivationWeights?: tf.TensorInfo };
    const a = attrs as unknown as tf.FusedConv2DAttrs;
    const activation = NATIVE_ACTIVATIONS[a.activation ?? 'linear'];
    const biasFits = !bias || (bias.dtype === 'float32' && sameShape(bias.shape, [filter.shape[3]]));
    const g = activation !== undefined && !preluActivationWeights && biasFits ? convolutionGeometry(x.shape, filter.shape, a, x, filter) : null;
    if (!g) return null;
    const y = allocateFloats(wasm, outputShape(g));
    const biasValues = bias ? heapFloats(wasm, bias, 'FusedConv2D bias') : null;
    addon.convolutionForward(g, heapFloats(wasm, x, 'FusedConv2D x'), heapFloats(wasm, filter, 'FusedConv2D filter'), heapFloats(wasm, y, 'FusedConv2D y'), biasValues, activation);
    return y;
  });
}

/** Conv2DBackpropInput (the input's gradient) by oneDNN; other cases go to `fallback`. */
export function nativeConv2DBackpropInput(addon: NativeAddon, fallback: tf.KernelConfig): tf.KernelConfig {
  return nativeOr(fallback, ({ inputs, attrs }, wasm) => {
    const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const a = attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const g = convolutionGeometry(a.inputShape, filter.shape, a, dy, filter);
    if (!g || !sameShape(dy.shape, outputShape(g))) return null;
    const dx = allocateFloats(wasm, [...a.inputShape]);
    addon.convolutionBackwardData(g, heapFloats(wasm, dy, 'Conv2DBackpropInput dy'), heapFloats(wasm, filter, 'Conv2DBackpropInput filter'), heapFloats(wasm, dx, 'dx'));
    return dx;
  });
}

/** Conv2DBackpropFilter (the filter's gradient) by oneDNN; other cases go to `fallback`. */
export function nativeConv2DBackpropFilter(addon: NativeAddon, fallback: tf.KernelConfig): tf.KernelConfig {
  return nativeOr(fallback, ({ inputs, attrs }, wasm) => {
    const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const a = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    const g = convolutionGeometry(x.shape, a.filterShape, a, x, dy);
    if (!g || !sameShape(dy.shape, outputShape(g))) return null;
    const dFilter = allocateFloats(wasm, [...a.filterShape]);
    addon.convolutionBackwardWeights(g, heapFloats(wasm, x, 'Conv2DBackpropFilter x'), heapFloats(wasm, dy, 'Conv2DBackpropFilter dy'), heapFloats(wasm, dFilter, 'dFilter'));
    return dFilter;
  });
}
