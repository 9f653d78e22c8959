import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { release, runWasmKernel, WASM } from './wasmTensors';

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap };

/**
 * The [before, after] rows (or columns) that 'same' padding adds to an input of size
 * `size`: total = max((ceil(size / stride) - 1) · stride + k - size, 0), the smaller half
 * before, as tfjs's cpu backend and TensorFlow do. `k` is the effective kernel size,
 * (kernel - 1) · dilation + 1.
 */
export function samePadding(size: number, kernel: number, stride: number, dilation = 1): [number, number] {
  const k = (kernel - 1) * dilation + 1;
  const total = Math.max((Math.ceil(size / stride) - 1) * stride + k - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/**
 * Conv2D (or FusedConv2D) for tfjs-backend-wasm 4.22, whose XNNPACK convolution returns
 * all zeros (or wrong values) for padding 'same' when a stride is larger than the kernel
 * (e.g. kernel 2, stride 3) on many input sizes. Only in that case the input is padded
 * here, as 'same' would, and the stock kernel runs with padding 'valid'; every other
 * call goes to the stock kernel unchanged.
 */
export function explicitSamePadding(stock: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => {
    const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    const attrs = args.attrs as unknown as tf.Conv2DAttrs;
    if (attrs.pad !== 'same' || attrs.dataFormat === 'NCHW' || x.shape.length !== 4) return stock.kernelFunc(args) as tf.TensorInfo;
    const [strideH, strideW] = typeof attrs.strides === 'number' ? [attrs.strides, attrs.strides] : attrs.strides;
    const [dilationH, dilationW] = attrs.dilations === undefined ? [1, 1] : typeof attrs.dilations === 'number' ? [attrs.dilations, attrs.dilations] : attrs.dilations;
    const [kernelH, kernelW] = filter.shape;
    if (strideH <= (kernelH - 1) * dilationH + 1 && strideW <= (kernelW - 1) * dilationW + 1) return stock.kernelFunc(args) as tf.TensorInfo;

    const wasm = args.backend as BackendWasm;
    const paddings = [[0, 0], samePadding(x.shape[1], kernelH, strideH, dilationH), samePadding(x.shape[2], kernelW, strideW, dilationW), [0, 0]];
    const padded = runWasmKernel(wasm, tf.PadV2, { x }, { paddings, constantValue: 0 });
    try {
      return stock.kernelFunc({ ...args, inputs: { ...args.inputs, x: padded }, attrs: { ...args.attrs, pad: 'valid' } }) as tf.TensorInfo;
    } finally {
      release(wasm, padded);
    }
  };
  return { kernelName: stock.kernelName, backendName: WASM, setupFunc: stock.setupFunc, disposeFunc: stock.disposeFunc, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
