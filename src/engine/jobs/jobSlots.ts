import type { JobHandle } from './jobProcess';

/** How many training jobs an engine runs at once, and how many more it keeps waiting. */
export interface JobLimits {
  /** Jobs whose processes run at the same time. Each trains on every core it can get, so few. */
  readonly maxRunning: number;
  /** Jobs waiting for a free slot; one more is refused. */
  readonly maxQueued: number;
}

/** The defaults: two jobs at once (a sweep's trials and one more), sixteen waiting. */
export const DEFAULT_JOB_LIMITS: JobLimits = { maxRunning: 2, maxQueued: 16 };

/** The environment variables that set the limits (`EngineOptions.jobLimits` wins over them). */
export const JOB_LIMIT_VARIABLES = { maxRunning: 'NETCANVAS_MAX_JOBS', maxQueued: 'NETCANVAS_MAX_QUEUED_JOBS' } as const;

const LIMIT_RANGE = { maxRunning: [1, 64], maxQueued: [0, 10_000] } as const;

/** A job refused because every slot is taken and the queue is full; the message names both limits. */
export class JobLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobLimitError';
  }
}

/**
 * The limits from the caller's choice, else the environment, else the defaults; a value
 * that is not a whole number in its range is refused with its name.
 */
export function jobLimits(given: Partial<JobLimits> | undefined, env: Record<string, string | undefined>): JobLimits {
  const pick = (key: keyof JobLimits): number => {
    const [least, most] = LIMIT_RANGE[key];
    const fromEnv = env[JOB_LIMIT_VARIABLES[key]];
    const value = given?.[key] ?? (fromEnv !== undefined && fromEnv.trim() !== '' ? Number(fromEnv) : DEFAULT_JOB_LIMITS[key]);
    if (!Number.isInteger(value) || value < least || value > most) {
      const source = given?.[key] !== undefined ? `jobLimits.${key}` : JOB_LIMIT_VARIABLES[key];
      throw new JobLimitError(`${source} must be a whole number from ${least} to ${most}, got ${given?.[key] ?? JSON.stringify(fromEnv)}`);
    }
    return value;
  };
  return { maxRunning: pick('maxRunning'), maxQueued: pick('maxQueued') };
}

interface Waiting {
  readonly jobId: string;
  readonly start: () => JobHandle;
  /** Called when a waiting job is stopped or the engine closes before it started (no argument), or it could not start (why). */
  readonly cancel: (failure?: string) => void;
}

/**
 * The engine's running and waiting jobs: a job starts when a slot is free, else waits in
 * order of arrival; a slot is freed when its job's process has ended.
 */
export class JobSlots {
  private readonly running = new Map<string, JobHandle>();
  private readonly waiting: Waiting[] = [];
  private closed = false;

  constructor(readonly limits: JobLimits) {}

  get runningCount(): number {
    return this.running.size;
  }

  get queuedCount(): number {
    return this.waiting.length;
  }

  has(jobId: string): boolean {
    return this.running.has(jobId) || this.waiting.some((w) => w.jobId === jobId);
  }

  /**
   * Starts the job now when a slot is free (`'started'`), else queues it (`'queued'`, with
   * its place from 1). Throws JobLimitError when the queue is full too.
   */
  submit(jobId: string, start: () => JobHandle, cancel: (failure?: string) => void): { readonly state: 'started' } | { readonly state: 'queued'; readonly place: number } {
    if (this.closed) throw new JobLimitError('The engine is closed');
    if (this.running.size < this.limits.maxRunning) {
      this.launch(jobId, start);
      return { state: 'started' };
    }
    if (this.waiting.length >= this.limits.maxQueued) {
      throw new JobLimitError(
        `${this.running.size} training job${this.running.size === 1 ? ' is' : 's are'} running and ${this.waiting.length} waiting, the most this engine takes ` +
          `(at most ${this.limits.maxRunning} at once, set by ${JOB_LIMIT_VARIABLES.maxRunning}, and ${this.limits.maxQueued} waiting, set by ${JOB_LIMIT_VARIABLES.maxQueued}); ` +
          'stop a job or wait for one to end',
      );
    }
    this.waiting.push({ jobId, start, cancel });
    return { state: 'queued', place: this.waiting.length };
  }

  /** Stops a running job, or takes a waiting one out of the queue; false when there is no such job. */
  stop(jobId: string): boolean {
    const handle = this.running.get(jobId);
    if (handle) {
      handle.stop();
      return true;
    }
    const index = this.waiting.findIndex((w) => w.jobId === jobId);
    if (index < 0) return false;
    const [removed] = this.waiting.splice(index, 1);
    removed.cancel();
    return true;
  }

  /** Cancels every waiting job, stops every running one and waits until their processes have ended. */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.cancel();
    const handles = [...this.running.values()];
    for (const h of handles) h.stop();
    await Promise.all(handles.map((h) => h.ended));
  }

  private launch(jobId: string, start: () => JobHandle): void {
    let handle: JobHandle;
    try {
      handle = start();
    } catch (error) {
      // A job that cannot even be forked frees its slot at once; the next one may fare better.
      queueMicrotask(() => this.next());
      throw error;
    }
    this.running.set(jobId, handle);
    void handle.ended.then(() => {
      if (this.running.get(jobId) === handle) this.running.delete(jobId);
      this.next();
    });
  }

  private next(): void {
    while (!this.closed && this.running.size < this.limits.maxRunning && this.waiting.length > 0) {
      const w = this.waiting.shift()!;
      try {
        this.launch(w.jobId, w.start);
      } catch (error) {
        w.cancel(error instanceof Error ? error.message : String(error));
      }
    }
  }
}
