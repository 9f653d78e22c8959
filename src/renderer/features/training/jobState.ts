import type { BackendName, EpochMetrics, TestResult, TrainEvent } from '../../../core/api/contract';
import { formatPercent } from '../../../core/digits/percent';

/** One point of the per-batch curves: x counts epochs (1.5 = half-way through the second). */
export interface BatchPoint {
  readonly x: number;
  readonly loss: number;
  readonly accuracy: number;
}

/** A training job as the dashboard shows it, built from the engine's events. */
export interface JobState {
  readonly jobId: string;
  readonly status: 'starting' | 'running' | 'completed' | 'stopped' | 'error';
  readonly stage: string;
  readonly message: string;
  readonly backend: BackendName | null;
  readonly device: string | null;
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  readonly trainSamples: number;
  readonly fraction: number;
  readonly eta: number | null;
  readonly elapsed: number;
  readonly samplesPerSecond: number | null;
  readonly batches: readonly BatchPoint[];
  readonly history: readonly EpochMetrics[];
  readonly test: TestResult | null;
  readonly runId: string | null;
  readonly error: string | null;
}

export function startingJob(jobId: string): JobState {
  return {
    jobId,
    status: 'starting',
    stage: 'starting',
    message: 'Starting…',
    backend: null,
    device: null,
    epochs: 0,
    stepsPerEpoch: 0,
    trainSamples: 0,
    fraction: 0,
    eta: null,
    elapsed: 0,
    samplesPerSecond: null,
    batches: [],
    history: [],
    test: null,
    runId: null,
    error: null,
  };
}

/** Keeps the per-batch series to this many points by dropping every other old one. */
export const MAX_BATCH_POINTS = 3000;

function thin(points: readonly BatchPoint[]): readonly BatchPoint[] {
  return points.length <= MAX_BATCH_POINTS ? points : points.filter((_, i) => i % 2 === 1 || i === points.length - 1);
}

/** Applies one engine event to the job it belongs to; events of other jobs leave it unchanged. */
export function reduceJob(job: JobState, event: TrainEvent): JobState {
  if (event.jobId !== job.jobId) return job;
  switch (event.type) {
    case 'status':
      return { ...job, status: job.status === 'starting' ? 'starting' : job.status, stage: event.stage, message: event.message, fraction: event.stage === 'training' ? job.fraction : (event.fraction ?? job.fraction) };
    case 'started':
      return {
        ...job,
        status: 'running',
        stage: 'training',
        message: `Training on ${event.trainSamples.toLocaleString('en-US')} samples (${event.validationSamples.toLocaleString('en-US')} for validation)`,
        backend: event.backend,
        device: event.device,
        epochs: event.epochs,
        stepsPerEpoch: event.stepsPerEpoch,
        trainSamples: event.trainSamples,
      };
    case 'batch': {
      // The engine reports batches throttled (not every one), so the x is the event's own step.
      const x = event.step / Math.max(1, job.stepsPerEpoch);
      return {
        ...job,
        status: 'running',
        fraction: event.fraction,
        eta: event.eta,
        elapsed: event.elapsed,
        samplesPerSecond: event.samplesPerSecond,
        batches: thin([...job.batches, { x, loss: event.loss, accuracy: event.accuracy }]),
      };
    }
    case 'epoch': {
      const { type: _t, jobId: _j, elapsed, eta, ...metrics } = event;
      return { ...job, elapsed, eta, samplesPerSecond: metrics.samplesPerSecond, history: [...job.history, metrics] };
    }
    case 'test': {
      const { type: _t, jobId: _j, ...test } = event;
      return { ...job, test, stage: 'testing', message: `Test accuracy ${formatPercent(test.testAccuracy)} on ${test.samples.toLocaleString('en-US')} samples` };
    }
    case 'done':
      return { ...job, status: event.status, runId: event.runId, fraction: event.status === 'completed' ? 1 : job.fraction, eta: 0, stage: event.status, message: event.status === 'completed' ? 'Finished' : 'Stopped' };
    case 'error':
      return { ...job, status: 'error', error: event.message, stage: 'error', message: event.message };
  }
}

export const isActive = (job: JobState | null): boolean => job !== null && (job.status === 'starting' || job.status === 'running');

/** `1:05`, `12 s`: a duration for the progress line. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}:${String(s % 60).padStart(2, '0')}`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The core's one percent formatter (0.9997 reads ">99.9%", never "100.0%"). */
export { formatPercent };
