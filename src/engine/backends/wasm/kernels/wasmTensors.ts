import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** The name tfjs registers the WebAssembly backend under. */
export const WASM = 'wasm';

/**
 * A float32 view of a tensor that lives in the wasm backend's heap. The view is only valid
 * until the heap next grows, which any allocation may cause: take views after the last
 * `makeOutput`/kernel call of a kernel, never keep them across one.
 */
export function heapFloats(backend: BackendWasm, tensor: tf.TensorInfo, what: string): Float32Array {
  if (tensor.dtype !== 'float32') throw new Error(`${what} must be a float32 tensor, got ${tensor.dtype}`);
  return backend.typedArrayFromHeap(tensor) as Float32Array;
}

/** A new float32 tensor in the wasm heap, to be filled through `heapFloats` and returned by a kernel. */
export function allocateFloats(backend: BackendWasm, shape: number[]): tf.TensorInfo {
  return backend.makeOutput(shape, 'float32');
}

/**
 * Runs a kernel that the wasm backend already registers (e.g. XNNPACK's BatchMatMul) on
 * tensors in its heap, as tfjs's own kernels compose each other: directly, without the
 * engine, so nothing is taped. The caller disposes what it does not return.
 */
export function runWasmKernel(backend: BackendWasm, kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}): tf.TensorInfo {
  const kernel = tf.getKernel(kernelName, WASM);
  if (kernel === undefined) throw new Error(`The wasm backend has no '${kernelName}' kernel to build on`);
  const result = kernel.kernelFunc({ inputs, attrs, backend });
  if (Array.isArray(result)) throw new Error(`Kernel '${kernelName}' returned several tensors where one was expected`);
  return result;
}

/** Frees an intermediate tensor made inside a kernel. */
export function release(backend: BackendWasm, tensor: tf.TensorInfo): void {
  backend.disposeData(tensor.dataId);
}

/** Hands `tensor`'s data to a tensor info of another shape (same size) without copying. */
export function reshaped(tensor: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { dataId: tensor.dataId, shape, dtype: tensor.dtype };
}
