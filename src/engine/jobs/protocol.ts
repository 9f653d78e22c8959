import type { TrainEvent, TrainRequest } from '../../core/api/contract';

/** Where a job finds its data and saves its run. */
export interface JobSpec {
  readonly jobId: string;
  readonly request: TrainRequest;
  /** The run is saved as `<runsDir>/<runId>/`. */
  readonly runsDir: string;
  readonly dataDir?: string;
  readonly cacheDir?: string;
  readonly env?: Record<string, string | undefined>;
}

/** Messages from the engine to a job's process. */
export type ToJob = { readonly type: 'start'; readonly spec: JobSpec } | { readonly type: 'stop' };

/** Messages from a job's process to the engine: its training events, in order; `done` or `error` is the last. */
export type FromJob = { readonly type: 'event'; readonly event: TrainEvent };
