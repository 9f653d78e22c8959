import * as tf from '@tensorflow/tfjs';
import { allocateFloats, heapFloats, WASM } from '../../wasm/kernels/wasmTensors';
import type { NativeAddon } from '../addon';

/**
 * One Adam step of one variable in one native call (native/src/optimizer.h): inputs value,
 * gradient, m and v; attribute `settings`, the eight float32 constants the addon takes; outputs
 * the new value, m and v. Not a tfjs kernel: FusedAdamOptimizer runs it where it is registered.
 */
export const NATIVE_ADAM_UPDATE = 'NetCanvasAdamUpdate';

export interface AdamUpdateAttrs {
  /** β₁, 1 − β₁, β₂, 1 − β₂, 1 − β₁ᵗ, 1 − β₂ᵗ, ε, −learning rate (rounded to float32 by the kernel). */
  settings: number[];
}

export function nativeAdamUpdate(addon: NativeAddon): tf.KernelConfig {
  const kernelFunc = ({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): tf.TensorInfo[] => {
    const wasm = backend as import('@tensorflow/tfjs-backend-wasm').BackendWasm;
    const { value, gradient, m, v } = inputs as Record<'value' | 'gradient' | 'm' | 'v', tf.TensorInfo>;
    const shape = [...value.shape];
    const outputs = [allocateFloats(wasm, shape), allocateFloats(wasm, shape), allocateFloats(wasm, shape)];
    const [newValue, newM, newV] = outputs.map((t, i) => heapFloats(wasm, t, ['new value', 'new m', 'new v'][i]));
    addon.adamUpdate(Float32Array.from((attrs as unknown as AdamUpdateAttrs).settings), heapFloats(wasm, value, 'Adam value'), heapFloats(wasm, gradient, 'Adam gradient'), heapFloats(wasm, m, 'Adam m'), heapFloats(wasm, v, 'Adam v'), newValue, newM, newV);
    return outputs;
  };
  return { kernelName: NATIVE_ADAM_UPDATE, backendName: WASM, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
