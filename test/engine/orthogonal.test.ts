import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FastOrthogonal, orthogonalMatrix, randomSource, registerFastOrthogonal } from '../../src/engine/compile/orthogonal';

/** The largest |(QᵀQ or QQᵀ) − I| over the orthonormal side of a rows×cols matrix. */
function orthogonalityError(q: Float32Array, rows: number, cols: number): number {
  const [n, len, at] = rows >= cols ? [cols, rows, (v: number, i: number) => q[i * cols + v]] : [rows, cols, (v: number, i: number) => q[v * cols + i]];
  let worst = 0;
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      let dot = 0;
      for (let i = 0; i < len; i++) dot += at(a, i) * at(b, i);
      worst = Math.max(worst, Math.abs(dot - (a === b ? 1 : 0)));
    }
  }
  return worst;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerFastOrthogonal();
});

describe('the fast orthogonal initializer', () => {
  const SHAPES: [number, number][] = [[1, 1], [3, 3], [64, 64], [256, 256], [28, 256], [64, 512], [512, 64], [7, 2]];
  it.each(SHAPES)('%i×%i has orthonormal rows or columns', (rows, cols) => {
    expect(orthogonalityError(orthogonalMatrix(rows, cols, randomSource(rows * 31 + cols)), rows, cols)).toBeLessThan(1e-5);
  });

  it('is seeded: the same seed gives the same matrix, another seed another', () => {
    const a = new FastOrthogonal({ seed: 5 }).apply([16, 16]);
    const b = new FastOrthogonal({ seed: 5 }).apply([16, 16]);
    const c = new FastOrthogonal({ seed: 6 }).apply([16, 16]);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(c.dataSync()));
    tf.dispose([a, b, c]);
  });

  it('scales by the gain and flattens all but the last axis, as Keras does', () => {
    const t = new FastOrthogonal({ gain: 2, seed: 1 }).apply([2, 3, 6]);
    expect(t.shape).toEqual([2, 3, 6]);
    const q = Float32Array.from(t.dataSync(), (v) => v / 2);
    expect(orthogonalityError(q, 6, 6)).toBeLessThan(1e-5);
    t.dispose();
  });

  it('keeps Keras’s config and is what tfjs builds for a recurrent kernel', () => {
    expect(new FastOrthogonal({ gain: 1.5, seed: 3 }).getConfig()).toEqual({ gain: 1.5, seed: 3 });
    const layer = tf.layers.lstm({ units: 64, inputShape: [28, 28] });
    const model = tf.sequential({ layers: [layer] });
    const recurrent = layer.getWeights()[1];
    expect(recurrent.shape).toEqual([64, 256]);
    expect(orthogonalityError(recurrent.dataSync() as Float32Array, 64, 256)).toBeLessThan(1e-5);
    expect((tf.serialization.SerializationMap.getMap().classNameMap.Orthogonal[0] as unknown)).toBe(FastOrthogonal);
    model.dispose();
  });
});
