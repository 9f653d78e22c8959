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
export type ToJob = { readonly type: 'start'; readonly spec: JobSpec; /** How often the job says it is alive, in ms. */ readonly heartbeatMs: number } | { readonly type: 'stop' };

/**
 * Messages from a job's process to the engine: its training events, in order (`done` or
 * `error` is the last), and a heartbeat every `heartbeatMs` while it lives.
 */
export type FromJob = { readonly type: 'event'; readonly event: TrainEvent } | { readonly type: 'heartbeat' };
