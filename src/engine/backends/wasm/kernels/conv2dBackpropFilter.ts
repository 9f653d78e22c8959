import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { allocateFloats, heapFloats, release, reshaped, runWasmKernel, WASM } from './wasmTensors';

/**
 * The gradient of a 2-D convolution with respect to its filter, which tfjs-backend-wasm 4.22
 * lacks (so Conv2D cannot train on wasm without it).
 *
 * dW[kh, kw, ci, co] = Σ over (b, oh, ow) of x[b, oh·sh + kh·dh − top, ow·sw + kw·dw − left, ci] · dy[b, oh, ow, co].
 *
 * The input's receptive fields are unrolled (im2col, plain copies in JS straight into the
 * wasm heap) into a patch matrix P of N = batch·outH·outW pixels by K = kH·kW·inC taps, and
 * dW = Pᵀ·dy is one product by the backend's XNNPACK BatchMatMul. XNNPACK packs its right
 * operand anew for every call, which costs as much as the product when that operand is a long
 * N-row matrix with many columns; so the smaller of P and dy goes on the right:
 * - K ≥ outC (most layers): Pᵀ·dy, with Pᵀ built directly as [K, N]; the [K, outC] result is
 *   already the filter's [kH, kW, inC, outC] layout.
 * - K < outC (e.g. a first layer on one channel, K = 9): (dyᵀ·P)ᵀ, with P built as [N, K].
 */
function conv2dBackpropFilter({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const wasm = backend as BackendWasm;
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter on wasm supports only channels-last (NHWC) data');
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const { batchSize, outHeight, outWidth, outChannels, filterHeight, filterWidth, inChannels } = info;
  if (dy.shape.join() !== [batchSize, outHeight, outWidth, outChannels].join()) {
    throw new Error(`Conv2DBackpropFilter: dy has shape [${dy.shape}] but the convolution's output is [${[batchSize, outHeight, outWidth, outChannels]}]`);
  }
  const pixels = batchSize * outHeight * outWidth;
  const taps = filterHeight * filterWidth * inChannels;
  const matMul = (a: tf.TensorInfo, b: tf.TensorInfo) => runWasmKernel(wasm, tf.BatchMatMul, { a, b }, { transposeA: false, transposeB: false });

  if (taps >= outChannels) {
    const patchesT = allocateFloats(wasm, [taps, pixels]);
    unrollPatchesTransposed(heapFloats(wasm, x, 'Conv2DBackpropFilter x'), heapFloats(wasm, patchesT, 'patches'), info);
    const dW = matMul(reshaped(patchesT, [1, taps, pixels]), reshaped(dy, [1, pixels, outChannels]));
    release(wasm, patchesT);
    return reshaped(dW, [...filterShape]);
  }
  const patches = allocateFloats(wasm, [pixels, taps]);
  unrollPatches(heapFloats(wasm, x, 'Conv2DBackpropFilter x'), heapFloats(wasm, patches, 'patches'), info);
  const dyT = runWasmKernel(wasm, tf.Transpose, { x: reshaped(dy, [pixels, outChannels]) }, { perm: [1, 0] });
  const dWT = matMul(reshaped(dyT, [1, outChannels, pixels]), reshaped(patches, [1, pixels, taps]));
  release(wasm, dyT);
  release(wasm, patches);
  const dW = runWasmKernel(wasm, tf.Transpose, { x: reshaped(dWT, [outChannels, taps]) }, { perm: [1, 0] });
  release(wasm, dWT);
  return reshaped(dW, [...filterShape]);
}

/** im2col: row (b, oh, ow) of `patches` holds the input window under output pixel (oh, ow), tap by tap (kh, kw, ci); zero in the padding. */
function unrollPatches(x: Float32Array, patches: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, filterHeight, filterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const rowStride = inWidth * inChannels;
  const imageStride = inHeight * rowStride;
  let dst = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * strideHeight + kh * dilationHeight - top;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = ow * strideWidth + kw * dilationWidth - left;
            if (ih < 0 || ih >= inHeight || iw < 0 || iw >= inWidth) {
              for (let c = 0; c < inChannels; c++) patches[dst++] = 0;
            } else {
              let src = b * imageStride + ih * rowStride + iw * inChannels;
              for (let c = 0; c < inChannels; c++) patches[dst++] = x[src++];
            }
          }
        }
      }
    }
  }
}

/**
 * im2col, transposed: row (kh, kw, ci) of `patches` holds, for every output pixel (b, oh, ow)
 * in order, the input value under filter tap (kh, kw) in channel ci; zero in the padding.
 */
function unrollPatchesTransposed(x: Float32Array, patches: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, filterHeight, filterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const rowStride = inWidth * inChannels;
  const imageStride = inHeight * rowStride;
  const pixelStep = strideWidth * inChannels;
  let dst = 0;
  for (let kh = 0; kh < filterHeight; kh++) {
    for (let kw = 0; kw < filterWidth; kw++) {
      const offsetW = kw * dilationWidth - left;
      // Output columns whose input column falls inside the image: [owStart, owEnd).
      const owStart = Math.max(0, Math.ceil(-offsetW / strideWidth));
      const owEnd = Math.min(outWidth, Math.max(owStart, Math.ceil((inWidth - offsetW) / strideWidth)));
      for (let ci = 0; ci < inChannels; ci++) {
        for (let b = 0; b < batchSize; b++) {
          for (let oh = 0; oh < outHeight; oh++) {
            const ih = oh * strideHeight + kh * dilationHeight - top;
            if (ih < 0 || ih >= inHeight) {
              patches.fill(0, dst, dst + outWidth);
              dst += outWidth;
              continue;
            }
            let ow = 0;
            for (; ow < owStart; ow++) patches[dst++] = 0;
            let src = b * imageStride + ih * rowStride + (owStart * strideWidth + offsetW) * inChannels + ci;
            for (; ow < owEnd; ow++, src += pixelStep) patches[dst++] = x[src];
            for (; ow < outWidth; ow++) patches[dst++] = 0;
          }
        }
      }
    }
  }
}

/** Registration of the kernel for the wasm backend. */
export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: WASM,
  kernelFunc: conv2dBackpropFilter as unknown as tf.KernelFunc,
};
