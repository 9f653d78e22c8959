import * as tf from '@tensorflow/tfjs';
import { nativeKernelsRegistered } from '../../backends/native/kernels';
import { helperAvailable } from './helperThread';

/**
 * The layer classes that make the wasm backend train on two cores by default when the native
 * kernels are not there: a model with one of them has steps heavy enough for the second core to
 * pay for what stays serial (the weights sent to the helper, the optimizer's update, both halves
 * waiting for each other). From `netcanvas bench` on two shared cores (docs/performance.md,
 * issue #7): the CNN template 1.5–1.9× faster in four rounds of six on our wasm kernels; the
 * SimpleRNN 0.7–1.8× (median 1.0) and the MLP 0.3–1.2× (median 0.9), so those stay on fit.
 * With the native kernels every model stays on fit: oneDNN runs each convolution on both cores
 * and our pooling and ReLU kernels split their rows, and the CNN trained at 3,363–3,692
 * samples/s through fit against 3,012–3,145 through the two-core loop (issue #16, 4 December).
 */
export const PARALLEL_WHEN_MODEL_HAS: ReadonlySet<string> = new Set(['Conv2D']);

/**
 * Whether `trainLoop` uses the data-parallel loop: only on the wasm backend (the helper
 * runs wasm; mixing backends would change the numbers), only for models whose every weight
 * is trainable (BatchNormalization's moving statistics would update on one half only),
 * and when the helper's code is installed. Then the caller's `parallel` option, else
 * `NETCANVAS_PARALLEL=0/1`, else whether the model has a layer of PARALLEL_WHEN_MODEL_HAS and the
 * native kernels are not registered.
 */
export function useParallelLoop(model: tf.LayersModel, requested: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (tf.getBackend() !== 'wasm' || model.nonTrainableWeights.length > 0 || typeof model.loss !== 'string' || !helperAvailable()) return false;
  const setting = env.NETCANVAS_PARALLEL;
  if (setting !== undefined && setting !== '' && setting !== '0' && setting !== '1') {
    throw new Error(`NETCANVAS_PARALLEL is '${setting}': set it to 1 (two cores for every model on wasm), 0 (never), or leave it unset (the benchmarked choice)`);
  }
  const fromEnv = setting === '1' ? true : setting === '0' ? false : undefined;
  return requested ?? fromEnv ?? (!nativeKernelsRegistered() && model.layers.some((layer) => PARALLEL_WHEN_MODEL_HAS.has(layer.getClassName())));
}
