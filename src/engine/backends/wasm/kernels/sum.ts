import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { allocateFloats, heapFloats, WASM } from './wasmTensors';

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap };

/**
 * Sum, with a fast path for float32 sums over leading axes — every bias gradient, e.g. a
 * Conv2D's dy [batch, h, w, filters] summed over [0, 1, 2]. The stock wasm Sum first
 * transposes the reduced axes to the end (a full copy of dy); summing rows in place is one
 * pass. Other sums go to the stock kernel.
 */
export function leadingAxesSum(stock: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
    const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((a, i) => a === i);
    if (x.dtype !== 'float32' || !leading) return stock.kernelFunc(args) as tf.TensorInfo;

    const wasm = args.backend as BackendWasm;
    const kept = x.shape.slice(axes.length);
    const rows = x.shape.slice(0, axes.length).reduce((p, d) => p * d, 1);
    const columns = kept.reduce((p, d) => p * d, 1);
    const out = allocateFloats(wasm, keepDims ? [...axes.map(() => 1), ...kept] : kept);
    sumRows(heapFloats(wasm, x, 'Sum x'), heapFloats(wasm, out, 'Sum output'), rows, columns);
    return out;
  };
  return { kernelName: tf.Sum, backendName: WASM, setupFunc: stock.setupFunc, disposeFunc: stock.disposeFunc, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}

/** out[j] = Σᵢ x[i, j] for a row-major [rows, columns] matrix, accumulated in float64. */
function sumRows(x: Float32Array, out: Float32Array, rows: number, columns: number): void {
  const total = new Float64Array(columns);
  for (let i = 0, at = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++, at++) total[j] += x[at];
  }
  out.set(total);
}
