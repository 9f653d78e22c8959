import type * as tf from '@tensorflow/tfjs';

/** The numbers in a native geometry, in this order (native/src/geometry.h). */
export const GEOMETRY_FIELDS = 17;

/**
 * The native kernels' geometry of a convolution or pooling tfjs has described
 * (computeConv2DInfo / computePool2DInfo), or null when oneDNN could not run it as tfjs
 * means it: channels-first data, or padding whose output size differs from tfjs's (oneDNN
 * derives the output size from the padding; tfjs's 'valid' and 'same' always agree).
 */
export function nativeGeometry(info: tf.backend_util.Conv2DInfo): Int32Array | null {
  if (info.dataFormat !== 'channelsLast') return null;
  const { top, left, bottom, right } = info.padInfo;
  if (![top, left, bottom, right].every((p) => Number.isInteger(p) && p >= 0)) return null;
  const fits = (size: number, effectiveFilter: number, before: number, after: number, stride: number, out: number) =>
    Math.floor((size + before + after - effectiveFilter) / stride) + 1 === out;
  if (!fits(info.inHeight, info.effectiveFilterHeight, top, bottom, info.strideHeight, info.outHeight)) return null;
  if (!fits(info.inWidth, info.effectiveFilterWidth, left, right, info.strideWidth, info.outWidth)) return null;
  return Int32Array.from([
    info.batchSize, info.inHeight, info.inWidth, info.inChannels,
    info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth,
    info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
    top, left, bottom, right,
  ]);
}
