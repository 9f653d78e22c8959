import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { allocateFloats, heapFloats, release, reshaped, runWasmKernel, WASM } from './wasmTensors';

/**
 * The gradient of a 2-D convolution with respect to its input. tfjs-backend-wasm 4.22 has
 * one, but it is a direct loop about ten times slower than the forward convolution; this
 * one replaces it.
 *
 * dx[b, ih, iw, ci] = Σ over (kh, kw, co) with ih = oh·sh + kh·dh − top, iw = ow·sw + kw·dw − left
 * of dy[b, oh, ow, co] · W[kh, kw, ci, co].
 *
 * The per-pixel contributions C = dy·Wᵀ, an [N = batch·outH·outW, K = kH·kW·inC] matrix, are
 * one XNNPACK BatchMatMul; they are then folded back onto the input grid (col2im, plain
 * additions in JS in the wasm heap). Wᵀ is transposed in JS first because the wasm
 * BatchMatMul is much slower with a transposed operand.
 */
function conv2dBackpropInput({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const wasm = backend as BackendWasm;
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
  if (dataFormat === 'NCHW') throw new Error('Conv2DBackpropInput on wasm supports only channels-last (NHWC) data');
  const info = tf.backend_util.computeConv2DInfo([...inputShape], filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const { batchSize, outHeight, outWidth, outChannels, filterHeight, filterWidth, inChannels } = info;
  if (dy.shape.join() !== [batchSize, outHeight, outWidth, outChannels].join()) {
    throw new Error(`Conv2DBackpropInput: dy has shape [${dy.shape}] but the convolution's output is [${[batchSize, outHeight, outWidth, outChannels]}]`);
  }
  const pixels = batchSize * outHeight * outWidth;
  const taps = filterHeight * filterWidth * inChannels;

  const filterT = allocateFloats(wasm, [outChannels, taps]);
  transpose2d(heapFloats(wasm, filter, 'Conv2DBackpropInput filter'), heapFloats(wasm, filterT, 'filterT'), taps, outChannels);
  const contributions = runWasmKernel(wasm, tf.BatchMatMul, { a: reshaped(dy, [1, pixels, outChannels]), b: reshaped(filterT, [1, outChannels, taps]) }, { transposeA: false, transposeB: false });
  release(wasm, filterT);
  const dx = allocateFloats(wasm, [...inputShape]);
  foldPatches(heapFloats(wasm, contributions, 'contributions'), heapFloats(wasm, dx, 'dx'), info);
  release(wasm, contributions);
  return dx;
}

/** out = inᵀ for a row-major [rows, cols] matrix. */
function transpose2d(input: Float32Array, out: Float32Array, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0, src = r * cols; c < cols; c++, src++) out[c * rows + r] = input[src];
  }
}

/** col2im: adds row (b, oh, ow) of `columns` — one value per filter tap (kh, kw, ci) — onto the input pixels under that tap; `dx` ends up fully written. */
function foldPatches(columns: Float32Array, dx: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, filterHeight, filterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const rowStride = inWidth * inChannels;
  const imageStride = inHeight * rowStride;
  const tapRow = filterWidth * inChannels;
  dx.fill(0);
  let src = 0;
  for (let b = 0; b < batchSize; b++) {
    const image = b * imageStride;
    for (let oh = 0; oh < outHeight; oh++) {
      const ih0 = oh * strideHeight - top;
      for (let ow = 0; ow < outWidth; ow++) {
        const iw0 = ow * strideWidth - left;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = ih0 + kh * dilationHeight;
          if (ih < 0 || ih >= inHeight) {
            src += tapRow;
            continue;
          }
          const row = image + ih * rowStride;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = iw0 + kw * dilationWidth;
            if (iw < 0 || iw >= inWidth) {
              src += inChannels;
              continue;
            }
            let dst = row + iw * inChannels;
            for (let c = 0; c < inChannels; c++) dx[dst++] += columns[src++];
          }
        }
      }
    }
  }
}

/** Registration of the kernel for the wasm backend (replacing the backend's own). */
export const conv2dBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: WASM,
  kernelFunc: conv2dBackpropInput as unknown as tf.KernelFunc,
};
