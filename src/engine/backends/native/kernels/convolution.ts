import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { allocateFloats, heapFloats } from '../../wasm/kernels/wasmTensors';
import { NATIVE_ACTIVATIONS, type NativeAddon } from '../addon';
import { nativeGeometry } from '../geometry';

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap };
type Shape4 = [number, number, number, number];

const allFloat = (...tensors: tf.TensorInfo[]) => tensors.every((t) => t.dtype === 'float32');

/**
 * Conv2D by oneDNN. Cases it does not take (channels-first, another dtype, padding oneDNN
 * cannot express) go to `fallback`, the wasm kernel registered before it.
 */
export function nativeConv2D(addon: NativeAddon, fallback: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => {
    const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, dataFormat, dilations, dimRoundingMode } = args.attrs as unknown as tf.Conv2DAttrs;
    const geometry = allFloat(x, filter)
      ? nativeGeometry(tf.backend_util.computeConv2DInfo(x.shape as Shape4, filter.shape as Shape4, strides, dilations, pad, dimRoundingMode, false, tf.backend_util.convertConv2DDataFormat(dataFormat)))
      : null;
    if (!geometry) return fallback.kernelFunc(args as never) as tf.TensorInfo;
    const wasm = args.backend as BackendWasm;
    const y = allocateFloats(wasm, [geometry[0], geometry[4], geometry[5], geometry[6]]);
    addon.convolutionForward(geometry, heapFloats(wasm, x, 'Conv2D x'), heapFloats(wasm, filter, 'Conv2D filter'), heapFloats(wasm, y, 'Conv2D y'));
    return y;
  };
  return { ...fallback, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}

/**
 * FusedConv2D (convolution, bias, activation: what predict and evaluate run) by oneDNN, the
 * bias and activation in C++ on its output. PReLU, leaky ReLU and a bias that is not one value
 * per filter go to `fallback`, as do the cases nativeConv2D does not take.
 */
export function nativeFusedConv2D(addon: NativeAddon, fallback: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => {
    const { x, filter, bias, preluActivationWeights } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo; bias?: tf.TensorInfo; preluActivationWeights?: tf.TensorInfo };
    const { strides, pad, dataFormat, dilations, dimRoundingMode, activation } = args.attrs as unknown as tf.FusedConv2DAttrs;
    const code = NATIVE_ACTIVATIONS[activation ?? 'linear'];
    const biasFits = !bias || (bias.dtype === 'float32' && bias.shape.length === 1 && bias.shape[0] === filter.shape[3]);
    const geometry = code !== undefined && !preluActivationWeights && biasFits && allFloat(x, filter)
      ? nativeGeometry(tf.backend_util.computeConv2DInfo(x.shape as Shape4, filter.shape as Shape4, strides, dilations, pad, dimRoundingMode, false, tf.backend_util.convertConv2DDataFormat(dataFormat)))
      : null;
    if (!geometry) return fallback.kernelFunc(args as never) as tf.TensorInfo;
    const wasm = args.backend as BackendWasm;
    const y = allocateFloats(wasm, [geometry[0], geometry[4], geometry[5], geometry[6]]);
    const biasValues = bias ? heapFloats(wasm, bias, 'FusedConv2D bias') : null;
    addon.convolutionForward(geometry, heapFloats(wasm, x, 'FusedConv2D x'), heapFloats(wasm, filter, 'FusedConv2D filter'), heapFloats(wasm, y, 'FusedConv2D y'), biasValues, code);
    return y;
  };
  return { ...fallback, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}

/** Conv2DBackpropInput (the input's gradient) by oneDNN; other cases go to `fallback`. */
export function nativeConv2DBackpropInput(addon: NativeAddon, fallback: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => {
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const geometry = allFloat(dy, filter)
      ? nativeGeometry(tf.backend_util.computeConv2DInfo([...inputShape] as Shape4, filter.shape as Shape4, strides, 1, pad, dimRoundingMode, false, tf.backend_util.convertConv2DDataFormat(dataFormat)))
      : null;
    if (!geometry || dy.shape.join() !== [geometry[0], geometry[4], geometry[5], geometry[6]].join()) return fallback.kernelFunc(args as never) as tf.TensorInfo;
    const wasm = args.backend as BackendWasm;
    const dx = allocateFloats(wasm, [...inputShape]);
    addon.convolutionBackwardData(geometry, heapFloats(wasm, dy, 'Conv2DBackpropInput dy'), heapFloats(wasm, filter, 'Conv2DBackpropInput filter'), heapFloats(wasm, dx, 'dx'));
    return dx;
  };
  return { ...fallback, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}

/** Conv2DBackpropFilter (the filter's gradient) by oneDNN; other cases go to `fallback`. */
export function nativeConv2DBackpropFilter(addon: NativeAddon, fallback: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => {
    const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    const geometry = allFloat(x, dy)
      ? nativeGeometry(tf.backend_util.computeConv2DInfo(x.shape as Shape4, [...filterShape] as Shape4, strides, 1, pad, dimRoundingMode, false, tf.backend_util.convertConv2DDataFormat(dataFormat)))
      : null;
    if (!geometry || dy.shape.join() !== [geometry[0], geometry[4], geometry[5], geometry[6]].join()) return fallback.kernelFunc(args as never) as tf.TensorInfo;
    const wasm = args.backend as BackendWasm;
    const dFilter = allocateFloats(wasm, [...filterShape]);
    addon.convolutionBackwardWeights(geometry, heapFloats(wasm, x, 'Conv2DBackpropFilter x'), heapFloats(wasm, dy, 'Conv2DBackpropFilter dy'), heapFloats(wasm, dFilter, 'dFilter'));
    return dFilter;
  };
  return { ...fallback, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}

