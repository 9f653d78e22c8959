/** Messages between the training loop (the job's main thread) and its helper worker_thread. */

/** A tensor's values and shape, as they travel through postMessage (the buffer is transferred). */
export interface WireTensor {
  readonly values: Float32Array;
  readonly shape: number[];
}

export type ToHelper =
  /**
   * Build the replica from the model's Keras topology (sent once, right after the worker
   * starts), then run a few steps on zeros of `warmUpBatch` samples, so that the first real
   * steps do not pay for compiling and caching the kernels. The seed seeds the helper's own
   * random draws (its dropout masks), drawn from the job's own generator.
   */
  | { readonly type: 'init'; readonly topology: unknown; readonly loss: unknown; readonly warmUpBatch: number; readonly seed: number }
  /** Set the trainable weights (in the model's order), then return the gradients on this half batch. */
  | { readonly type: 'step'; readonly weights: Float32Array[]; readonly x: WireTensor; readonly y: WireTensor };

export type FromHelper =
  | { readonly type: 'ready' }
  | { readonly type: 'grads'; readonly grads: Float32Array[]; readonly loss: number; readonly correct: number }
  | { readonly type: 'error'; readonly message: string };
