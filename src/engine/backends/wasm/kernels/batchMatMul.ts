import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { release, runWasmKernel, WASM } from './wasmTensors';

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap };

/**
 * BatchMatMul with its operands' transposes done first, by the backend's Transpose kernel.
 *
 * tfjs-backend-wasm 4.22's BatchMatMul is XNNPACK-fast only when neither operand is
 * transposed; with `transposeA` or `transposeB` it is 10–25 times slower (e.g. 48 ms instead
 * of 1.9 ms for [784, 128]ᵀ·[128, 256]). Every matMul gradient asks for a transposed operand
 * (dA = dy·Bᵀ, dB = Aᵀ·dy), so Dense and recurrent layers trained mostly on this slow path.
 * Transposing explicitly costs one copy and gives the same products.
 */
export function transposingBatchMatMul(stock: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = ({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo => {
    const wasm = backend as BackendWasm;
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    const left = transposeA ? swapLastAxes(wasm, a) : a;
    const right = transposeB ? swapLastAxes(wasm, b) : b;
    try {
      return stock.kernelFunc({ inputs: { a: left, b: right }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } }) as tf.TensorInfo;
    } finally {
      if (left !== a) release(wasm, left);
      if (right !== b) release(wasm, right);
    }
  };
  return { kernelName: tf.BatchMatMul, backendName: WASM, setupFunc: stock.setupFunc, disposeFunc: stock.disposeFunc, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}

/** A copy of `tensor` with its last two axes swapped. */
function swapLastAxes(backend: BackendWasm, tensor: tf.TensorInfo): tf.TensorInfo {
  const rank = tensor.shape.length;
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return runWasmKernel(backend, tf.Transpose, { x: tensor }, { perm });
}
