import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { WASM } from './wasmTensors';

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap };

/**
 * GatherV2 as one copy per picked slice. The stock wasm kernel computes strides element by
 * element (2.5 ms for 64 MNIST images: a tenth of a CNN half-step in the data-parallel loop,
 * and most of evaluate's time after the convolutions) and is **wrong with batch dimensions**
 * (batchDims 1 returns other rows, and zeros, where the cpu backend is right). Same checks as
 * the stock kernel (an index outside the axis throws the same message); strings and bools
 * go to the stock kernel.
 */
export function sliceGather(stock: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => {
    const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
    const { axis, batchDims } = args.attrs as unknown as tf.GatherV2Attrs;
    if ((x.dtype !== 'float32' && x.dtype !== 'int32') || indices.dtype !== 'int32') return stock.kernelFunc(args as never) as tf.TensorInfo;
    const wasm = args.backend as BackendWasm;
    const parsedAxis = tf.util.parseAxisParam(axis, x.shape)[0];
    const axisSize = x.shape[parsedAxis];
    for (const index of wasm.typedArrayFromHeap(indices) as Int32Array) {
      if (!(index >= 0 && index <= axisSize - 1)) throw new Error(`GatherV2: the index value ${index} is not in [0, ${axisSize - 1}]`);
    }
    // x as [batch, outer, axis, slice]; the output as [batch, outer, picks per batch, slice].
    const info = tf.backend_util.segment_util.collectGatherOpShapeInfo(x as tf.Tensor, indices as tf.Tensor, parsedAxis, batchDims ?? 0);
    const { batchSize, outerSize, dimSize, sliceSize } = info;
    const picks = tf.util.sizeFromShape(indices.shape) / batchSize;
    const out = wasm.makeOutput(info.outputShape, x.dtype);
    // Views after makeOutput: it may grow the heap, which detaches views taken before.
    const source = wasm.typedArrayFromHeap(x) as Float32Array | Int32Array;
    const target = wasm.typedArrayFromHeap(out) as Float32Array | Int32Array;
    const at = wasm.typedArrayFromHeap(indices) as Int32Array;
    let to = 0;
    for (let b = 0; b < batchSize; b++) {
      for (let o = 0; o < outerSize; o++) {
        const block = (b * outerSize + o) * dimSize;
        for (let p = 0; p < picks; p++, to += sliceSize) {
          const from = (block + at[b * picks + p]) * sliceSize;
          target.set(source.subarray(from, from + sliceSize), to);
        }
      }
    }
    return out;
  };
  return { ...stock, backendName: WASM, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
