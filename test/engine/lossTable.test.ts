import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { emptyDocument } from '../../src/core/graph/document';
import { readKerasTraining } from '../../src/core/keras/kerasTraining';
import { kerasTrainingConfig } from '../../src/core/keras/toKeras';
import { LOSSES, type LossName } from '../../src/core/training/config';
import { LOSS_TABLE } from '../../src/core/training/losses';
import { LOSS_FUNCTIONS, lossFunction } from '../../src/engine/training/lossFunctions';
import { formatPercent } from '../../src/renderer/features/training/jobState';

/** A small batch for each loss: labels, the model's output, and tfjs's own loss on them (tf.losses.*, the oracle). */
const logits = [
  [1.5, -0.3, 0.2],
  [-1, 2, 0.5],
];
const CASES: Record<LossName, { yTrue: number[][]; yPred: () => tf.Tensor; oracle: (y: tf.Tensor) => tf.Tensor }> = {
  categoricalCrossentropy: {
    yTrue: [
      [1, 0, 0],
      [0, 0, 1],
    ],
    yPred: () => tf.softmax(tf.tensor2d(logits)),
    oracle: (y) => tf.losses.softmaxCrossEntropy(y, tf.tensor2d(logits)),
  },
  binaryCrossentropy: {
    yTrue: [[1], [0], [1]],
    yPred: () => tf.sigmoid(tf.tensor2d([[0.7], [-1.2], [-0.4]])),
    oracle: (y) => tf.losses.sigmoidCrossEntropy(y, tf.tensor2d([[0.7], [-1.2], [-0.4]])),
  },
  meanSquaredError: {
    yTrue: [
      [1, 2],
      [3, -1],
    ],
    yPred: () => tf.tensor2d(logits.map((r) => r.slice(0, 2))),
    oracle: (y) => tf.losses.meanSquaredError(y, tf.tensor2d(logits.map((r) => r.slice(0, 2)))),
  },
  meanAbsoluteError: {
    yTrue: [
      [1, 2],
      [3, -1],
    ],
    yPred: () => tf.tensor2d(logits.map((r) => r.slice(0, 2))),
    oracle: (y) => tf.losses.absoluteDifference(y, tf.tensor2d(logits.map((r) => r.slice(0, 2)))),
  },
};

describe('the loss table', () => {
  it('lists every loss the documents allow, once', () => {
    expect(LOSS_TABLE.map((l) => l.id)).toEqual([...LOSSES]);
  });

  describe.each(LOSS_TABLE.map((l) => [l.id, l] as const))('%s', (id, loss) => {
    it.each([loss.keras, id, ...loss.kerasAliases])('Keras import of %j gives the id', (name) => {
      const notes: string[] = [];
      expect(readKerasTraining({ loss: name }, notes).loss).toBe(id);
      expect(notes).toEqual([]);
    });

    it('Keras export writes its Keras name', () => {
      const doc = emptyDocument('t');
      expect(kerasTrainingConfig({ ...doc, training: { ...doc.training, loss: id } }).loss).toBe(loss.keras);
    });

    it("the engine's function averages to tfjs's tf.losses value", () => {
      const c = CASES[id];
      const [ours, oracle] = tf.tidy(() => {
        const y = tf.tensor2d(c.yTrue);
        return [tf.mean(LOSS_FUNCTIONS[id](y, c.yPred())).dataSync()[0], c.oracle(y).dataSync()[0]];
      });
      expect(oracle).toBeGreaterThan(0);
      expect(ours).toBeCloseTo(oracle, 5);
      expect(lossFunction(id)).toBe(LOSS_FUNCTIONS[id]);
    });
  });

  it('a name outside the table has no engine function', () => {
    expect(lossFunction('hinge')).toBeUndefined();
    expect(lossFunction('constructor')).toBeUndefined();
  });
});

describe("the training panel's percent", () => {
  it.each([
    [0.9997, '>99.9%'],
    [0.997, '99.7%'],
    [1, '100%'],
  ])('%f reads %s (one formatter with the core)', (value, text) => {
    expect(formatPercent(value)).toBe(text);
  });
});
