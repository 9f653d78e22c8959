import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../core/random';

/** Keras's Orthogonal config: a gain and an optional seed. */
export interface OrthogonalConfig {
  gain?: number;
  seed?: number;
}

/**
 * Keras's `Orthogonal` initializer (the default for recurrent kernels), computed in
 * plain Float64Array arithmetic instead of tfjs's tensor QR, which takes seconds for a
 * 256×256 matrix on the CPU. Registered under tfjs's own class name, so `model.json`
 * files keep the standard Keras config and every recurrent layer tfjs builds uses it.
 */
export class FastOrthogonal extends tf.serialization.Serializable {
  static readonly className = 'Orthogonal';
  readonly gain: number;
  readonly seed: number | undefined;

  constructor(config: OrthogonalConfig = {}) {
    super();
    this.gain = config.gain ?? 1;
    this.seed = config.seed ?? undefined;
  }

  /** tfjs asks every initializer this; none of ours needs custom objects. */
  fromConfigUsesCustomObjects(): boolean {
    return false;
  }

  apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
    if (shape.length < 2) throw new Error(`The Orthogonal initializer needs a shape of rank 2 or more, got [${shape.join(', ')}]`);
    if (dtype !== undefined && dtype !== 'float32') throw new Error(`The Orthogonal initializer makes float32 weights, not ${dtype}`);
    const rows = shape.slice(0, -1).reduce((a, d) => a * d, 1);
    const cols = shape[shape.length - 1];
    const values = orthogonalMatrix(rows, cols, randomSource(this.seed));
    if (this.gain !== 1) for (let i = 0; i < values.length; i++) values[i] *= this.gain;
    return tf.tensor(values, shape, 'float32');
  }

  getConfig(): tf.serialization.ConfigDict {
    return { gain: this.gain, seed: this.seed ?? null };
  }
}

let registered = false;

/** Makes tfjs build every `Orthogonal` initializer with FastOrthogonal. Safe to call more than once. */
export function registerFastOrthogonal(): void {
  if (registered) return;
  tf.serialization.registerClass(FastOrthogonal as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
  registered = true;
}

/**
 * A rows×cols matrix, row-major, whose rows (when rows ≤ cols) or columns (otherwise)
 * are orthonormal: the Q of a Gaussian matrix's QR factorisation, as Keras computes it
 * (with R's diagonal positive, so Q is uniformly distributed). Modified Gram-Schmidt:
 * a Gaussian matrix is well conditioned, so QᵀQ stays within about 1e-13 of I.
 */
export function orthogonalMatrix(rows: number, cols: number, random: () => number = Math.random): Float32Array {
  const tall = Math.max(rows, cols);
  const wide = Math.min(rows, cols);
  const columns: Float64Array[] = [];
  const gaussian = gaussianSource(random);
  for (let j = 0; j < wide; j++) {
    const v = new Float64Array(tall);
    for (let i = 0; i < tall; i++) v[i] = gaussian();
    for (const q of columns) {
      let dot = 0;
      for (let i = 0; i < tall; i++) dot += q[i] * v[i];
      for (let i = 0; i < tall; i++) v[i] -= dot * q[i];
    }
    let norm = 0;
    for (let i = 0; i < tall; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    // A Gaussian vector in the span of the previous ones has probability zero; draw again if it happens.
    if (norm < 1e-10) {
      j--;
      continue;
    }
    for (let i = 0; i < tall; i++) v[i] /= norm;
    columns.push(v);
  }
  const out = new Float32Array(rows * cols);
  if (rows >= cols) {
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = columns[c][r];
  } else {
    for (let r = 0; r < rows; r++) out.set(columns[r], r * cols);
  }
  return out;
}

/** Uniform numbers in [0, 1): seeded (mulberry32) when a seed is given. */
export function randomSource(seed?: number): () => number {
  if (seed === undefined || seed === null) return Math.random;
  return mulberry32(seed);
}

function gaussianSource(random: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = random();
    const v = random();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
}
