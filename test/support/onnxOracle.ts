import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import * as ort from 'onnxruntime-node';
import { random } from '../engine/fixtures';

/**
 * The oracles for exported ONNX files: ONNX Runtime runs them, and ONNX's own checker
 * (Debian's python3-onnx) validates them.
 */

/** Runs an ONNX model on float32 inputs; resolves with the one output's values and dims. */
export async function runOnnx(bytes: Uint8Array, feeds: Record<string, { data: Float32Array; dims: number[] }>): Promise<{ data: Float32Array; dims: number[] }> {
  const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'all' });
  try {
    const tensors = Object.fromEntries(Object.entries(feeds).map(([name, f]) => [name, new ort.Tensor('float32', f.data, f.dims)]));
    const results = await session.run(tensors);
    if (session.outputNames.length !== 1) throw new Error(`the model has ${session.outputNames.length} outputs`);
    const out = results[session.outputNames[0]];
    return { data: out.data as Float32Array, dims: [...out.dims] };
  } finally {
    await session.release();
  }
}

/** ONNX's checker on each file (full check, with shape inference); throws with its message for the first it refuses. */
export function checkOnnxFiles(files: readonly string[]): void {
  const script = [
    'import sys, onnx',
    'for path in sys.argv[1:]:',
    '    try:',
    '        onnx.checker.check_model(onnx.load(path), full_check=True)',
    '    except Exception as e:',
    '        sys.exit(f"{path}: {e}")',
  ].join('\n');
  execFileSync('/usr/bin/python3', ['-c', script, ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Gives every bias, gamma, beta and moving statistic seeded random values (variances
 * positive), so each takes part: freshly built ones are zeros and ones. Kernels keep
 * tfjs's random initial values, which are already asymmetric and keep deep or recurrent
 * graphs out of the chaotic range where any two float implementations drift apart.
 */
export function randomiseWeights(model: tf.LayersModel, seed: number): void {
  const r = random(seed);
  for (const layer of model.layers) {
    const values = layer.getWeights().map((current, i) => {
      const w = layer.weights[i];
      if (w.shape.length > 1) return current.clone();
      const variance = w.originalName.endsWith('moving_variance');
      const data = Float32Array.from({ length: current.size }, () => (variance ? 0.5 + r.next() : (r.next() - 0.5) * 1.2));
      return tf.tensor(data, w.shape as number[]);
    });
    if (values.length > 0) layer.setWeights(values);
    tf.dispose(values);
  }
}

/** Seeded uniform values in [-1, 1). */
export function randomInput(seed: number, count: number): Float32Array {
  const r = random(seed);
  return Float32Array.from({ length: count }, () => r.next() * 2 - 1);
}

/** The largest difference between two arrays, relative to the size of the expected values where those exceed 1. */
export function largestDifference(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i])));
  return Number.isNaN(worst) ? Infinity : worst;
}
