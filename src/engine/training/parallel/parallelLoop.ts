import * as tf from '@tensorflow/tfjs';
import type { EpochProgress, TrainLoopOptions, TrainLoopResult } from '../loop';
import { useOneNativeThread } from '../../backends/native/threads';
import { TrainingProgress, yieldToEventLoop } from '../progress';
import { averageGradients, halfStepGradients } from './gradients';
import { HelperThread } from './helperThread';
import type { WireTensor } from './protocol';

/** Rows `indices` of a tensor, as values for postMessage. */
function rowsForWire(t: tf.Tensor, indices: tf.Tensor1D): WireTensor {
  const rows = tf.gather(t, indices);
  const wire = { values: new Float32Array(rows.dataSync()), shape: rows.shape };
  rows.dispose();
  return wire;
}

/**
 * Data-parallel training on two cores: `fit`'s epochs, shuffling and validation, but each
 * batch is split in two halves, one trained here and one in a helper worker_thread with its
 * own wasm backend; the two gradient sets are averaged (weighted by the halves' sizes), the
 * model's optimizer applies them here, and the new weights go to the helper with the next
 * half batch. Null when the helper's code is not installed (the caller then uses fit).
 */
export async function parallelTrainLoop(o: TrainLoopOptions): Promise<TrainLoopResult | null> {
  // The helper's random draws (its dropout masks) come from a generator seeded by this thread's
  // Math.random: a seeded job (seedJobRandomness) repeats on both threads, an unseeded one does not.
  const helperSeed = Math.floor(Math.random() * 2 ** 31);
  const helper = await HelperThread.start(o.model, Math.max(1, Math.floor(Math.min(o.batchSize, o.train.count) / 2)), helperSeed);
  if (!helper) return null;
  // Each core runs one half: the native kernels here (and in the helper) keep to one thread.
  const restoreNativeThreads = useOneNativeThread();
  try {
    return await run(o, helper);
  } finally {
    restoreNativeThreads();
    await helper.close();
  }
}

async function run(o: TrainLoopOptions, helper: HelperThread): Promise<TrainLoopResult> {
  const { model } = o;
  const optimizer = model.optimizer;
  const weights = model.trainableWeights;
  const progress = new TrainingProgress(o.train.count, o.batchSize, o.epochs, o.batchReportsPerSecond);
  const { stepsPerEpoch } = progress;
  const history: EpochProgress[] = [];
  let stopped = false;

  for (let epoch = 0; epoch < o.epochs && !stopped; epoch++) {
    progress.beginEpoch();
    const order = Int32Array.from({ length: o.train.count }, (_, i) => i);
    tf.util.shuffle(order);
    // The epoch's running sums of loss × samples and right answers, kept on the device.
    let lossSum: tf.Scalar = tf.scalar(0);
    let correctSum: tf.Scalar = tf.scalar(0);
    let samples = 0;
    for (let batch = 0; batch < stepsPerEpoch; batch++) {
      const start = batch * o.batchSize;
      const size = Math.min(o.batchSize, o.train.count - start);
      const mine = Math.ceil(size / 2);
      const theirs = size - mine;
      const mineIdx = tf.tensor1d(order.subarray(start, start + mine), 'int32');
      let pending = null;
      if (theirs > 0) {
        const theirIdx = tf.tensor1d(order.subarray(start + mine, start + size), 'int32');
        const current = weights.map((w) => new Float32Array(w.read().dataSync()));
        pending = helper.gradients(current, rowsForWire(o.train.x, theirIdx), rowsForWire(o.train.y, theirIdx));
        theirIdx.dispose();
      }
      const x = tf.gather(o.train.x, mineIdx);
      const y = tf.gather(o.train.y, mineIdx);
      const half = halfStepGradients(model, x, y);
      tf.dispose([mineIdx, x, y]);
      const other = pending ? await pending : null;
      tf.tidy(() => {
        const theirGrads = other ? other.grads.map((g, i) => tf.tensor(g, weights[i].shape as number[])) : [];
        const averaged = averageGradients(half.grads, mine, theirGrads, theirs);
        optimizer.applyGradients(Object.fromEntries(weights.map((w, i) => [(w.read() as tf.Variable).name, averaged[i]])));
        const nextLoss = tf.add(lossSum, tf.add(tf.mul(half.loss, mine), (other?.loss ?? 0) * theirs)) as tf.Scalar;
        const nextCorrect = tf.add(correctSum, tf.add(half.correct, other?.correct ?? 0)) as tf.Scalar;
        tf.dispose([lossSum, correctSum]);
        lossSum = tf.keep(nextLoss);
        correctSum = tf.keep(nextCorrect);
      });
      tf.dispose([half.grads, half.loss, half.correct]);
      samples += size;
      const report = progress.batchDone(epoch, batch, samples, () => lossSum.dataSync()[0] / samples, () => correctSum.dataSync()[0] / samples);
      if (report && o.onBatch) {
        o.onBatch(report);
        await yieldToEventLoop();
      }
      if (o.shouldStop?.()) {
        stopped = true;
        break;
      }
    }
    const loss = (await lossSum.data())[0] / samples;
    const accuracy = (await correctSum.data())[0] / samples;
    tf.dispose([lossSum, correctSum]);
    // An epoch cut short by a stop has no validation and no full average: it is not reported.
    if (stopped) break;
    let valLoss: number | null = null;
    let valAccuracy: number | null = null;
    if (o.validation) {
      const scores = model.evaluate(o.validation.x, o.validation.y, { batchSize: o.batchSize }) as tf.Scalar[];
      valLoss = (await scores[0].data())[0];
      valAccuracy = scores[1] ? (await scores[1].data())[0] : null;
      tf.dispose(scores);
    }
    const report = progress.epochDone(epoch, { loss, accuracy, valLoss, valAccuracy });
    history.push(report);
    o.onEpoch?.(report);
  }
  return { history, stopped, seconds: progress.seconds() };
}
