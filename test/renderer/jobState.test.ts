import { describe, expect, it } from 'vitest';
import type { TrainEvent } from '../../src/core/api/contract';
import { formatDuration, isActive, reduceJob, startingJob } from '../../src/renderer/features/training/jobState';
import { highlight } from '../../src/renderer/features/export/highlight';

const job = 'job-1';
const summary = { name: 'm', rows: [], totalParams: 0, trainableParams: 0, nonTrainableParams: 0, macs: 0, outputShape: null };
/** A batch event; `step` counts the steps done so far, from 1, as the engine's. */
const batch = (step: number, loss: number): TrainEvent => ({ type: 'batch', jobId: job, epoch: Math.ceil(step / 2), batch: ((step - 1) % 2) + 1, step, loss, accuracy: 1 - loss, samplesPerSecond: 100, elapsed: step, eta: 4 - step, fraction: step / 4 });

describe('training job state from engine events', () => {
  it('follows a run from start to finish', () => {
    const events: TrainEvent[] = [
      { type: 'status', jobId: job, stage: 'loading-data', message: 'Loading MNIST' },
      { type: 'started', jobId: job, backend: 'cpu', device: 'CPU', epochs: 2, stepsPerEpoch: 2, trainSamples: 256, validationSamples: 0, summary },
      batch(1, 0.9),
      batch(2, 0.7),
      { type: 'epoch', jobId: job, epoch: 0, loss: 0.8, accuracy: 0.2, valLoss: null, valAccuracy: null, samplesPerSecond: 100, seconds: 2, elapsed: 2, eta: 2 },
      { type: 'batch', jobId: 'job-other', epoch: 0, batch: 0, step: 0, loss: 9, accuracy: 0, samplesPerSecond: 1, elapsed: 0, eta: 0, fraction: 0 },
      batch(3, 0.5),
      batch(4, 0.4),
      { type: 'epoch', jobId: job, epoch: 1, loss: 0.45, accuracy: 0.55, valLoss: null, valAccuracy: null, samplesPerSecond: 100, seconds: 2, elapsed: 4, eta: 0 },
      { type: 'test', jobId: job, testLoss: 0.5, testAccuracy: 0.851, confusion: [], perClassAccuracy: [], samples: 100 },
      { type: 'done', jobId: job, status: 'completed', runId: 'run-1' },
    ];
    const states = events.reduce((acc, e) => [...acc, reduceJob(acc[acc.length - 1], e)], [startingJob(job)]);
    const end = states[states.length - 1];
    expect(states[2].status).toBe('running');
    expect(end.batches.map((b) => b.x)).toEqual([0.5, 1, 1.5, 2]);
    expect(end.batches.map((b) => b.loss)).toEqual([0.9, 0.7, 0.5, 0.4]);
    expect(end.history.map((h) => h.loss)).toEqual([0.8, 0.45]);
    expect(end.test?.testAccuracy).toBe(0.851);
    expect(end).toMatchObject({ status: 'completed', runId: 'run-1', fraction: 1 });
    expect(isActive(end)).toBe(false);
  });

  it('places throttled batch events at their own step, not at their count', () => {
    const started: TrainEvent = { type: 'started', jobId: job, backend: 'wasm', device: 'CPU', epochs: 3, stepsPerEpoch: 5, trainSamples: 640, validationSamples: 0, summary };
    const reported = [3, 5, 9, 10, 15].map((step) => batch(step, 1 / step));
    const end = [started, ...reported].reduce(reduceJob, startingJob(job));
    expect(end.batches.map((b) => b.x)).toEqual([0.6, 1, 1.8, 2, 3]);
  });

  it('records an error', () => {
    const s = reduceJob(startingJob(job), { type: 'error', jobId: job, message: 'out of memory' });
    expect(s).toMatchObject({ status: 'error', error: 'out of memory' });
  });

  it.each([
    [null, '—'],
    [5.4, '5 s'],
    [65, '1:05'],
    [3720, '1 h 2 min'],
  ])('formats %s seconds as %s', (s, text) => expect(formatDuration(s)).toBe(text));
});

describe('code highlighting', () => {
  const source = "import * as tf from '@tensorflow/tfjs';\n// a comment\nconst EPOCHS = 10;\nconst model = tf.sequential({ name: `m${1}` });\nfunction build(): Model { return model; }\n";
  const tokens = highlight(source);
  it('gives the source back when the tokens are joined', () => {
    expect(tokens.map((t) => t.text).join('')).toBe(source);
  });
  it.each([
    ['keyword', 'import'],
    ['string', "'@tensorflow/tfjs'"],
    ['comment', '// a comment'],
    ['number', '10'],
    ['function', 'sequential'],
    ['string', '`m${1}`'],
    ['type', 'Model'],
    ['keyword', 'return'],
  ])('marks %s %s', (kind, text) => {
    expect(tokens).toContainEqual({ kind, text });
  });
});
