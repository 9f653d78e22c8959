import * as tf from '@tensorflow/tfjs';
import { allocateFloats, heapFloats, WASM } from '../../wasm/kernels/wasmTensors';
import type { NativeAddon } from '../addon';

/**
 * Tanh's gradient dx = dy · (1 − y²) in one native call: inputs y (tanh's output) and dy, output
 * dx. Not a tfjs kernel: tfjs's gradient for Tanh makes three (Square, Sub, Multiply) and a scalar
 * of it, 28 times in each SimpleRNN step; the gradient below runs this one where it is registered.
 */
export const NATIVE_TANH_GRAD = 'NetCanvasTanhGrad';

/**
 * ReLU's gradient dx = dy · (y > 0) from its output y in one native call (NaN where y is NaN, as
 * tfjs's dy · step(x)): inputs y and dy, output dx. Not a tfjs kernel: the fused convolution's and
 * product's gradients (lazyFused.ts) run it where it is registered, instead of Step, Cast and Multiply.
 */
export const NATIVE_RELU_GRAD = 'NetCanvasReluGrad';

/** A kernel (y, dy) → dx of y's shape, by the addon's `gradient` function of that name. */
function activationGradient(addon: NativeAddon, kernelName: string, gradient: 'tanhGradient' | 'reluGradient'): tf.KernelConfig {
  const kernelFunc = ({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend }): tf.TensorInfo => {
    const wasm = backend as import('@tensorflow/tfjs-backend-wasm').BackendWasm;
    const { y, dy } = inputs as Record<'y' | 'dy', tf.TensorInfo>;
    const dx = allocateFloats(wasm, [...y.shape]);
    addon[gradient](heapFloats(wasm, y, `${kernelName} y`), heapFloats(wasm, dy, `${kernelName} dy`), heapFloats(wasm, dx, `${kernelName} dx`));
    return dx;
  };
  return { kernelName, backendName: WASM, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}

export const nativeTanhGrad = (addon: NativeAddon) => activationGradient(addon, NATIVE_TANH_GRAD, 'tanhGradient');
export const nativeReluGrad = (addon: NativeAddon) => activationGradient(addon, NATIVE_RELU_GRAD, 'reluGradient');

/**
 * NATIVE_RELU_GRAD and, in the same pass, the sum of dx over every axis but the last: outputs dx
 * and that sum (the gradient of a bias added before the ReLU, as a Sum over the leading axes gives it).
 */
export const NATIVE_RELU_BIAS_GRAD = 'NetCanvasReluBiasGrad';

export function nativeReluBiasGrad(addon: NativeAddon): tf.KernelConfig {
  const kernelFunc = ({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend }): tf.TensorInfo[] => {
    const wasm = backend as import('@tensorflow/tfjs-backend-wasm').BackendWasm;
    const { y, dy } = inputs as Record<'y' | 'dy', tf.TensorInfo>;
    const columns = y.shape[y.shape.length - 1];
    const dx = allocateFloats(wasm, [...y.shape]);
    const sums = allocateFloats(wasm, [columns]);
    const name = NATIVE_RELU_BIAS_GRAD;
    addon.reluGradient(heapFloats(wasm, y, `${name} y`), heapFloats(wasm, dy, `${name} dy`), heapFloats(wasm, dx, `${name} dx`), columns, heapFloats(wasm, sums, `${name} sums`));
    return [dx, sums];
  };
  return { kernelName: NATIVE_RELU_BIAS_GRAD, backendName: WASM, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}

/** tfjs's own gradient for Tanh, kept while ours is registered (the gradient registry is global, not per backend). */
let tfjsGradient: tf.GradConfig | undefined;

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Tanh's gradient through NATIVE_TANH_GRAD on a backend that has it (float32, same shapes), else
 * tfjs's own, so other backends and a wasm backend without the addon are untouched.
 */
export function registerNativeTanhGradient(): void {
  tfjsGradient ??= tf.getGradient(tf.Tanh);
  const fallback = tfjsGradient;
  tf.registerGradient({
    kernelName: tf.Tanh,
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [y] = saved;
      const d = dy as tf.Tensor;
      const native = tf.getKernel(NATIVE_TANH_GRAD, tf.getBackend()) !== undefined && y.dtype === 'float32' && d.dtype === 'float32' && y.size > 0 && sameShape(y.shape, d.shape);
      if (!native) return fallback.gradFunc(dy, saved, attrs);
      return { x: () => tf.engine().runKernel(NATIVE_TANH_GRAD, { y, dy: d }) as tf.Tensor };
    },
  });
}

/** Puts tfjs's gradient for Tanh back. */
export function unregisterNativeTanhGradient(): void {
  if (tfjsGradient) tf.registerGradient(tfjsGradient);
}
