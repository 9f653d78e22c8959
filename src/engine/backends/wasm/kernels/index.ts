import * as tf from '@tensorflow/tfjs';
import { transposingBatchMatMul } from './batchMatMul';
import { conv2dBackpropFilterConfig } from './conv2dBackpropFilter';
import { conv2dBackpropInputConfig } from './conv2dBackpropInput';
import { explicitSamePadding } from './conv2dSamePadding';
import { sliceGather } from './gather';
import { sharingIdentity } from './identity';
import { maxPoolGradConfig } from './maxPoolGrad';
import { leadingAxesSum } from './sum';
import { copyingTile } from './tile';
import { copyingUnpack } from './unpack';
import { replaceWasmKernel, WasmKernelLayer } from './kernelLayer';

/** Kernels that tfjs-backend-wasm 4.22 lacks, or has but wrong or slow for training: ours replace them. */
export const WASM_TRAINING_KERNELS: readonly tf.KernelConfig[] = [conv2dBackpropFilterConfig, conv2dBackpropInputConfig, maxPoolGradConfig];

/**
 * Kernels that wrap the backend's own one (kept here, so registering twice never wraps a
 * wrapper): BatchMatMul, Sum, Identity, GatherV2, Unpack and Tile for speed; Conv2D and FusedConv2D because the stock
 * ones are wrong for 'same' padding with a stride larger than the kernel.
 */
const WRAPPERS: readonly { kernelName: string; wrap: (stock: tf.KernelConfig) => tf.KernelConfig }[] = [
  { kernelName: tf.BatchMatMul, wrap: transposingBatchMatMul },
  { kernelName: tf.Sum, wrap: leadingAxesSum },
  { kernelName: tf.Identity, wrap: sharingIdentity },
  { kernelName: tf.GatherV2, wrap: sliceGather },
  { kernelName: tf.Unpack, wrap: copyingUnpack },
  { kernelName: tf.Tile, wrap: copyingTile },
  { kernelName: tf.Conv2D, wrap: explicitSamePadding },
  { kernelName: tf.FusedConv2D, wrap: explicitSamePadding },
];
const wrappers = new WasmKernelLayer('our training kernels');

/**
 * Registers the training kernels for the 'wasm' backend, replacing any kernel of the same
 * name the backend already has. Idempotent; call it after `await tf.setBackend('wasm')`
 * (the wrapped stock kernels must have been set up by then).
 */
export function registerWasmTrainingKernels(): void {
  for (const { kernelName, wrap } of WRAPPERS) wrappers.register(kernelName, wrap);
  for (const config of WASM_TRAINING_KERNELS) replaceWasmKernel(config);
}
