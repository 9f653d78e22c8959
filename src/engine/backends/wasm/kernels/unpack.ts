import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { WASM } from './wasmTensors';

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap };

/**
 * Unpack (unstack) as row copies. The stock wasm kernel runs one Slice per output, each
 * strided element by element: every recurrent layer unstacks its input into time steps, and
 * for the SimpleRNN template ([128, 28, 28] into 28 steps) that took 5.8 ms of a 100 ms step.
 * float32 and int32; other dtypes go to the stock kernel.
 */
export function copyingUnpack(stock: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo[] => {
    const { value } = args.inputs as { value: tf.TensorInfo };
    if (value.dtype !== 'float32' && value.dtype !== 'int32') return stock.kernelFunc(args as never) as tf.TensorInfo[];
    const wasm = args.backend as BackendWasm;
    const axis = tf.util.parseAxisParam((args.attrs as unknown as tf.UnpackAttrs).axis, value.shape)[0];
    const count = value.shape[axis];
    const shape = value.shape.filter((_, i) => i !== axis);
    const outer = tf.util.sizeFromShape(value.shape.slice(0, axis));
    const inner = tf.util.sizeFromShape(value.shape.slice(axis + 1));
    const outputs = Array.from({ length: count }, () => wasm.makeOutput(shape, value.dtype));
    // Views after every makeOutput: each may grow the heap, which detaches views taken before.
    const source = wasm.typedArrayFromHeap(value) as Float32Array | Int32Array;
    outputs.forEach((out, i) => {
      const target = wasm.typedArrayFromHeap(out) as Float32Array | Int32Array;
      for (let o = 0; o < outer; o++) {
        const from = (o * count + i) * inner;
        if (inner >= 16) target.set(source.subarray(from, from + inner), o * inner);
        else for (let j = 0; j < inner; j++) target[o * inner + j] = source[from + j];
      }
    });
    return outputs;
  };
  return { ...stock, backendName: WASM, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
