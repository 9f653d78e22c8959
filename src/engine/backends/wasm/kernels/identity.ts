import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { WASM } from './wasmTensors';

/**
 * Identity without a copy: the output shares the input's data, counted once more, as the
 * cpu and WebGL backends do and as the wasm backend's own Reshape does. The stock wasm
 * Identity copies the whole tensor, and a training step runs dozens of them through the
 * gradient tape (46 in a CNN step: about 12% of it with native convolutions). Tensors are
 * never written in place, so sharing is safe; strings keep the stock kernel's path.
 */
export function sharingIdentity(stock: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): tf.TensorInfo => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    if (x.dtype === 'string') return stock.kernelFunc(args as never) as tf.TensorInfo;
    (args.backend as BackendWasm).incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
  return { ...stock, backendName: WASM, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
