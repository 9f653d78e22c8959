import * as tf from '@tensorflow/tfjs';
import { WasmKernelLayer } from '../../wasm/kernels/kernelLayer';
import { WASM } from '../../wasm/kernels/wasmTensors';
import type { NativeAddon } from '../addon';
import { nativeConv2D, nativeConv2DBackpropFilter, nativeConv2DBackpropInput, nativeFusedConv2D } from './convolution';
import { NATIVE_ADAM_UPDATE, nativeAdamUpdate } from './adam';
import { registerLazyFusedMatMul, unregisterLazyFusedMatMul } from './fusedMatMulGrad';
import { nativeBatchMatMul, nativeFusedMatMul, nativeTanh } from './matMul';
import { nativeMaxPool, nativeMaxPoolGrad } from './maxPool';
import { nativeSum } from './sum';
import { NATIVE_TANH_GRAD, nativeTanhGrad, registerNativeTanhGradient, unregisterNativeTanhGradient } from './tanhGrad';

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

/** The wasm kernels the native ones replaced (the first time), which take the cases they do not. */
const layer = new WasmKernelLayer('the native kernels');

/**
 * Puts the native kernels in front of the wasm backend's (ours included: call it after
 * registerWasmTrainingKernels), registers the fused Adam update (NATIVE_ADAM_UPDATE) and Tanh's gradient in one kernel (NATIVE_TANH_GRAD),
 * and puts a fused.matMul whose gradients are computed only where needed in tfjs's place (fusedMatMulGrad.ts).
 * Idempotent; `unregisterNativeKernels` undoes all of it.
 */
export function registerNativeKernels(addon: NativeAddon): void {
  for (const { kernelName, make } of NATIVE_KERNELS) layer.register(kernelName, (below) => make(addon, below));
  if (tf.getKernel(NATIVE_ADAM_UPDATE, WASM) !== undefined) tf.unregisterKernel(NATIVE_ADAM_UPDATE, WASM);
  tf.registerKernel(nativeAdamUpdate(addon));
  if (tf.getKernel(NATIVE_TANH_GRAD, WASM) !== undefined) tf.unregisterKernel(NATIVE_TANH_GRAD, WASM);
  tf.registerKernel(nativeTanhGrad(addon));
  registerNativeTanhGradient();
  registerLazyFusedMatMul();
}

/** Puts back the wasm kernels that registerNativeKernels replaced, removes the Adam update and the Tanh gradient (tfjs's is back), and puts tfjs's fused.matMul back. */
export function unregisterNativeKernels(): void {
  layer.restore();
  if (tf.getKernel(NATIVE_ADAM_UPDATE, WASM) !== undefined) tf.unregisterKernel(NATIVE_ADAM_UPDATE, WASM);
  if (tf.getKernel(NATIVE_TANH_GRAD, WASM) !== undefined) tf.unregisterKernel(NATIVE_TANH_GRAD, WASM);
  unregisterNativeTanhGradient();
  unregisterLazyFusedMatMul();
}
