import * as tf from '@tensorflow/tfjs';
import { WasmKernelLayer } from '../../wasm/kernels/kernelLayer';
import { WASM } from '../../wasm/kernels/wasmTensors';
import type { NativeAddon } from '../addon';
import { nativeConv2D, nativeConv2DBackpropFilter, nativeConv2DBackpropInput, nativeFusedConv2D } from './convolution';
import { NATIVE_ADAM_UPDATE, nativeAdamUpdate } from './adam';
import { registerLazyFusedOps, unregisterLazyFusedOps } from './lazyFused';
import { nativeBatchMatMul, nativeFusedMatMul, nativeTanh } from './matMul';
import { nativeMaxPool, nativeMaxPoolGrad } from './maxPool';
import { nativeSum } from './sum';
import { NATIVE_RELU_BIAS_GRAD, NATIVE_RELU_GRAD, NATIVE_TANH_GRAD, nativeReluBiasGrad, nativeReluGrad, nativeTanhGrad, registerNativeTanhGradient, unregisterNativeTanhGradient } from './activationGrad';

const NATIVE_KERNELS: readonly { kernelName: string; make: (addon: NativeAddon, fallback: tf.KernelConfig) => tf.KernelConfig }[] = [
  { kernelName: tf.Conv2D, make: nativeConv2D },
  { kernelName: tf.FusedConv2D, make: nativeFusedConv2D },
  { kernelName: tf.Conv2DBackpropInput, make: nativeConv2DBackpropInput },
  { kernelName: tf.Conv2DBackpropFilter, make: nativeConv2DBackpropFilter },
  { kernelName: tf.MaxPool, make: nativeMaxPool },
  { kernelName: tf.MaxPoolGrad, make: nativeMaxPoolGrad },
  { kernelName: tf.Sum, make: nativeSum },
  { kernelName: tf.BatchMatMul, make: nativeBatchMatMul },
  { kernelName: tf._FusedMatMul, make: nativeFusedMatMul },
  { kernelName: tf.Tanh, make: nativeTanh },
];

let registered = false;

/** Whether the native kernels are in front of the wasm backend's now. */
export function nativeKernelsRegistered(): boolean {
  return registered;
}

/** The wasm kernels the native ones replaced (the first time), which take the cases they do not. */
const layer = new WasmKernelLayer('the native kernels');

/** Kernels of NetCanvas's own (no tfjs kernel by these names), which our optimizer and gradients run where they are registered. */
const OWN_KERNELS: readonly { kernelName: string; make: (addon: NativeAddon) => tf.KernelConfig }[] = [
  { kernelName: NATIVE_ADAM_UPDATE, make: nativeAdamUpdate },
  { kernelName: NATIVE_TANH_GRAD, make: nativeTanhGrad },
  { kernelName: NATIVE_RELU_GRAD, make: nativeReluGrad },
  { kernelName: NATIVE_RELU_BIAS_GRAD, make: nativeReluBiasGrad },
];

/**
 * Puts the native kernels in front of the wasm backend's (ours included: call it after
 * registerWasmTrainingKernels), registers our own (the fused Adam update, Tanh's and ReLU's
 * gradients), Tanh's gradient through its kernel, and fused ops whose gradients are computed
 * only where needed (lazyFused.ts) in tfjs's place. Idempotent; `unregisterNativeKernels` undoes all of it.
 */
export function registerNativeKernels(addon: NativeAddon): void {
  registered = true;
  for (const { kernelName, make } of NATIVE_KERNELS) layer.register(kernelName, (below) => make(addon, below));
  for (const { kernelName, make } of OWN_KERNELS) {
    if (tf.getKernel(kernelName, WASM) !== undefined) tf.unregisterKernel(kernelName, WASM);
    tf.registerKernel(make(addon));
  }
  registerNativeTanhGradient();
  registerLazyFusedOps();
}

/** Puts back the wasm kernels that registerNativeKernels replaced, removes our own, and puts tfjs's Tanh gradient and fused ops back. */
export function unregisterNativeKernels(): void {
  registered = false;
  layer.restore();
  for (const { kernelName } of OWN_KERNELS) if (tf.getKernel(kernelName, WASM) !== undefined) tf.unregisterKernel(kernelName, WASM);
  unregisterNativeTanhGradient();
  unregisterLazyFusedOps();
}
