import * as tf from '@tensorflow/tfjs';
import type { DatasetDescription } from '../../core/data/description';
import type { Preprocessing } from '../../core/data/samples';
import { applyPlan, unscaleTarget, type TablePlan } from '../../core/data/table';
import { argMax } from '../../core/digits/modelInput';
import { imageToSample } from '../image/decode';

import type { OwnPrediction } from '../../core/api/contract';

export type { OwnPrediction };

/** Encoded samples (`count` rows of the model's input values) through the model, read as the task says. */
export function predictEncoded(model: tf.LayersModel, x: Float32Array, count: number, description: DatasetDescription, preprocessing: Preprocessing): OwnPrediction[] {
  const inputShape = model.inputs[0].shape.slice(1) as number[];
  const out = tf.tidy(() => (model.predict(tf.tensor(x, [count, ...inputShape], 'float32')) as tf.Tensor).reshape([count, -1]));
  const values = out.dataSync();
  const width = out.shape[1]!;
  out.dispose();
  const plan = preprocessing.kind === 'table' ? preprocessing.plan : null;
  return Array.from({ length: count }, (_, i) => {
    const row = values.subarray(i * width, (i + 1) * width);
    const bad = row.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new RangeError(`the model's output for sample ${i + 1} is ${row[bad]}: its weights are broken (NaN or infinite)`);
    if (description.task === 'regression') return { value: plan ? unscaleTarget(plan, row[0]) : row[0] };
    const probabilities = description.task === 'binary' ? [1 - row[0], row[0]] : Array.from(row);
    const index = argMax(probabilities);
    // For output only: Object.fromEntries makes own properties (a class named __proto__ included), never looked up.
    const byName = Object.fromEntries(description.classNames.map((name, k) => [name, probabilities[k]]));
    return { class: description.classNames[index], index, probability: probabilities[index], probabilities: byName };
  });
}

/** Table rows (in the plan's column order) as model inputs, through the run's plan. */
export function encodeRows(plan: TablePlan, rows: readonly (readonly string[])[], file: string, fileRows: readonly number[]): Float32Array {
  return applyPlan(plan, rows, { file, fileRows });
}

/** A picture as the run's image preprocessing makes it: resized, grey or RGB, divided by `scale`. */
export async function encodePicture(bytes: Uint8Array, preprocessing: Extract<Preprocessing, { kind: 'image' }>): Promise<Float32Array> {
  const sample = await imageToSample(bytes, { height: preprocessing.height, width: preprocessing.width, channels: preprocessing.channels, resize: preprocessing.resize });
  return Float32Array.from(sample, (v) => v * preprocessing.scale);
}
