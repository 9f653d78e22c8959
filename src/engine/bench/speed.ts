import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../core/api/contract';
import type { GraphDocument } from '../../core/graph/document';
import { activateBackend } from '../backends';
import { compileGraph } from '../compile/compile';
import { trainingDevice } from '../training/device';
import { trainLoop } from '../training/loop';
import { useParallelLoop } from '../training/parallel/choose';

export interface SpeedResult {
  readonly backend: BackendName;
  readonly device: string;
  /** The median over the timed epochs. */
  readonly samplesPerSecond: number;
  /** Every timed epoch's figure, in order. */
  readonly runs: readonly number[];
  readonly samples: number;
  readonly batchSize: number;
}

export interface SpeedOptions {
  readonly backend: BackendName;
  /** Samples per timed epoch. */
  readonly samples: number;
  /** Timed epochs, after one untimed warm-up epoch. */
  readonly repeats: number;
  /** Fewer timed epochs (at least one) when the warm-up shows that all of them would take longer than this. */
  readonly budgetSeconds?: number;
  readonly batchSize?: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Training speed of a graph on one backend, as the PyTorch peer measures it: random
 * inputs of the model's shape and random labels, the document's optimizer and loss, one
 * warm-up epoch, then timed epochs through the same training loop jobs use.
 */
export async function measureTrainingSpeed(doc: GraphDocument, o: SpeedOptions): Promise<SpeedResult> {
  const backend = await activateBackend(o.backend);
  const batchSize = o.batchSize ?? doc.training.batchSize;
  const model = await compileGraph(doc);
  const shape = model.inputs[0].shape.slice(1) as number[];
  const x = tf.randomUniform([o.samples, ...shape]);
  const y = tf.tidy(() => tf.oneHot(tf.randomUniform([o.samples], 0, 10, 'int32'), 10));
  const pair = { x, y, count: o.samples };
  try {
    const warmUp = await trainLoop({ model, train: pair, validation: null, epochs: 1, batchSize });
    const repeats = o.budgetSeconds ? Math.max(1, Math.min(o.repeats, Math.floor(o.budgetSeconds / warmUp.seconds))) : o.repeats;
    const runs: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const result = await trainLoop({ model, train: pair, validation: null, epochs: 1, batchSize });
      runs.push(result.history[0].samplesPerSecond);
    }
    return { backend: backend.name, device: trainingDevice(backend.device, useParallelLoop(model, undefined)), samplesPerSecond: median(runs), runs, samples: o.samples, batchSize };
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}
