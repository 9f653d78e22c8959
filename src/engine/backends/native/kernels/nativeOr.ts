import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap };

/**
 * A kernel config that runs `native` and, where it answers null (a case the native kernels do
 * not take: channels-first data, another dtype, an activation they lack), the kernel it
 * replaces. Setup and dispose stay the fallback's.
 */
export function nativeOr(fallback: tf.KernelConfig, native: (args: KernelArgs, wasm: BackendWasm) => tf.TensorInfo | null): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => native(args, args.backend as BackendWasm) ?? (fallback.kernelFunc(args as never) as tf.TensorInfo);
  return { ...fallback, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
