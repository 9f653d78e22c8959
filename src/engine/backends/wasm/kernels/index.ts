import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterConfig } from './conv2dBackpropFilter';
import { conv2dBackpropInputConfig } from './conv2dBackpropInput';
import { maxPoolGradConfig } from './maxPoolGrad';
import { WASM } from './wasmTensors';

/** The kernels this folder adds to (or corrects in) tfjs-backend-wasm 4.22 so that models train on it. */
export const WASM_TRAINING_KERNELS: readonly tf.KernelConfig[] = [conv2dBackpropFilterConfig, conv2dBackpropInputConfig, maxPoolGradConfig];

/**
 * Registers the training kernels for the 'wasm' backend, replacing any kernel of the same
 * name the backend already has. Idempotent; call it after `await tf.setBackend('wasm')`.
 */
export function registerWasmTrainingKernels(): void {
  for (const config of WASM_TRAINING_KERNELS) {
    if (tf.getKernel(config.kernelName, WASM) !== undefined) tf.unregisterKernel(config.kernelName, WASM);
    tf.registerKernel(config);
  }
}
