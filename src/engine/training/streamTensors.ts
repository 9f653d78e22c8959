import * as tf from '@tensorflow/tfjs';
import type { DatasetDescription } from '../../core/data/description';
import { ImageBatchReader, type DecodedBatch } from '../data/own/imageStream';
import type { ImageFileSplit } from '../data/own/images';
import type { BatchDataset } from './loop';
import { labelTensor } from './tensors';

/**
 * A streamed image split as a tf.data dataset of batches for `model.fitDataset`: each pass is a
 * fresh epoch, shuffled with `seed + epoch` when `seed` is given (else in file order, for
 * validation). Tensors are made only as a batch is handed over, so a batch decoded ahead holds
 * plain arrays and fitDataset disposes every tensor it is given.
 */
export function streamedDataset(reader: ImageBatchReader, split: ImageFileSplit, o: { readonly description: DatasetDescription; readonly inputShape: readonly number[]; readonly batchSize: number; readonly seed: number | null; readonly name: string }): BatchDataset {
  let pass = 0;
  const dataset = tf.data.generator(async function* () {
    const order = ImageBatchReader.order(split.count, o.seed === null ? null : o.seed + pass++);
    for await (const batch of reader.batches(split, o.batchSize, order, o.name)) yield batchTensors(batch, o.description, o.inputShape);
  } as unknown as () => AsyncIterator<{ xs: tf.Tensor; ys: tf.Tensor }>);
  return { count: split.count, dataset };
}

/** A decoded batch as the model's input and label tensors. */
export function batchTensors(batch: DecodedBatch, description: DatasetDescription, inputShape: readonly number[]): { xs: tf.Tensor; ys: tf.Tensor } {
  return { xs: tf.tensor(batch.x, [batch.count, ...inputShape], 'float32'), ys: labelTensor(batch.y, 0, batch.count, description) };
}
