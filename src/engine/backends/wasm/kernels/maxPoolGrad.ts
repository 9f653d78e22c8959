import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { allocateFloats, heapFloats, WASM } from './wasmTensors';

/**
 * The gradient of 2-D max pooling: each output's dy goes to the input pixel that was the
 * maximum of its window (the first one in row-major window order on ties, as the cpu backend
 * does), summed where windows overlap; padding never wins.
 *
 * tfjs-backend-wasm 4.22's own MaxPoolGrad is wrong when a window holds only negative values
 * (it routes the gradient to the window's first pixel, not its maximum), so this replaces it.
 */
function maxPoolGrad({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const wasm = backend as BackendWasm;
  const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  const { batchSize, outHeight, outWidth, inChannels } = info;
  if (dy.shape.join() !== [batchSize, outHeight, outWidth, inChannels].join()) {
    throw new Error(`MaxPoolGrad: dy has shape [${dy.shape}] but the pooling's output is [${[batchSize, outHeight, outWidth, inChannels]}]`);
  }
  const dx = allocateFloats(wasm, [...input.shape]);
  routeToMaxima(heapFloats(wasm, input, 'MaxPoolGrad input'), heapFloats(wasm, dy, 'MaxPoolGrad dy'), heapFloats(wasm, dx, 'dx'), info);
  return dx;
}

/**
 * For every window and channel, finds the maximum's position (strictly greater wins, so the
 * first on ties; a window of only −∞ or NaN passes nothing, as on the cpu backend) and adds
 * dy there. The window is clipped to the image once per output pixel, so padding is never read.
 */
function routeToMaxima(x: Float32Array, dy: Float32Array, dx: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, effectiveFilterHeight, effectiveFilterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const rowStride = inWidth * inChannels;
  const imageStride = inHeight * rowStride;
  dx.fill(0);
  let out = 0;
  for (let b = 0; b < batchSize; b++) {
    const image = b * imageStride;
    for (let oh = 0; oh < outHeight; oh++) {
      const ih0 = oh * strideHeight - top;
      const khStart = firstInside(ih0, dilationHeight);
      const khEnd = Math.min(effectiveFilterHeight, inHeight - ih0);
      for (let ow = 0; ow < outWidth; ow++, out += inChannels) {
        const iw0 = ow * strideWidth - left;
        const kwStart = firstInside(iw0, dilationWidth);
        const kwEnd = Math.min(effectiveFilterWidth, inWidth - iw0);
        const corner = image + ih0 * rowStride + iw0 * inChannels;
        for (let c = 0; c < inChannels; c++) {
          let best = -Infinity;
          let where = -1;
          for (let kh = khStart; kh < khEnd; kh += dilationHeight) {
            const row = corner + kh * rowStride + c;
            for (let kw = kwStart; kw < kwEnd; kw += dilationWidth) {
              const at = row + kw * inChannels;
              if (x[at] > best) {
                best = x[at];
                where = at;
              }
            }
          }
          if (where >= 0) dx[where] += dy[out + c];
        }
      }
    }
  }
}

/** The first window offset k (a multiple of `step`) with `origin + k >= 0`. */
function firstInside(origin: number, step: number): number {
  return origin >= 0 ? 0 : Math.ceil(-origin / step) * step;
}

/** Registration of the kernel for the wasm backend (replacing the backend's own). */
export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: WASM,
  kernelFunc: maxPoolGrad as unknown as tf.KernelFunc,
};
