import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { WASM } from './wasmTensors';

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap };
type Values = Float32Array | Int32Array;

/**
 * Copies `input` (of `shape`, from offset `from`) tiled `reps` times per axis into `out` at
 * offset `to`, axes from `axis` on: each innermost row is written once (a fill where it is one
 * value) and doubled in place with copyWithin, then each block of an outer axis likewise.
 */
function tileInto(input: Values, out: Values, shape: readonly number[], reps: readonly number[], axis: number, from: number, to: number, inStrides: readonly number[], outStrides: readonly number[]): void {
  const last = axis === shape.length - 1;
  const block = last ? shape[axis] : shape[axis] * outStrides[axis];
  if (last) {
    if (shape[axis] === 1) out.fill(input[from], to, to + block * reps[axis]);
    else out.set(input.subarray(from, from + block), to);
  } else {
    for (let i = 0; i < shape[axis]; i++) tileInto(input, out, shape, reps, axis + 1, from + i * inStrides[axis], to + i * outStrides[axis], inStrides, outStrides);
  }
  if (last && shape[axis] === 1) return;
  // The block written once, repeated reps[axis] times by doubling.
  const end = to + block * reps[axis];
  for (let filled = block; to + filled < end; filled *= 2) out.copyWithin(to + filled, to, Math.min(to + 2 * filled, end) - filled);
}

/**
 * Tile by copies of whole rows and blocks. The stock wasm kernel took 1.3 ms to tile a [128, 1]
 * column into [128, 256]: every recurrent layer does that each step to make its initial state.
 * float32 and int32 with at least one axis and no empty tensor; other cases go to the stock kernel.
 */
export function copyingTile(stock: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const reps = (args.attrs as unknown as tf.TileAttrs).reps;
    const size = tf.util.sizeFromShape(x.shape);
    if ((x.dtype !== 'float32' && x.dtype !== 'int32') || x.shape.length === 0 || reps.length !== x.shape.length || size === 0 || reps.some((r) => r < 1)) {
      return stock.kernelFunc(args as never) as tf.TensorInfo;
    }
    const wasm = args.backend as BackendWasm;
    const outShape = x.shape.map((d, i) => d * reps[i]);
    const out = wasm.makeOutput(outShape, x.dtype);
    // Views after makeOutput, which may grow the heap and detach views taken before.
    const input = wasm.typedArrayFromHeap(x) as Values;
    const output = wasm.typedArrayFromHeap(out) as Values;
    tileInto(input, output, x.shape, reps, 0, 0, 0, tf.util.computeStrides(x.shape), tf.util.computeStrides(outShape));
    return out;
  };
  return { ...stock, backendName: WASM, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
