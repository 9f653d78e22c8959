import { fork, type ChildProcess } from 'node:child_process';
import type { TrainEvent } from '../../core/api/contract';
import type { FromJob, JobSpec, ToJob } from './protocol';
import { trainingWorkerEntry } from './workerEntry';

/** How long a stopped job may take to finish its batch and save before it is killed. */
const STOP_GRACE_MS = 30_000;
/** The last part of a job's stderr kept for the error message when it dies. */
const STDERR_TAIL = 2000;

export interface JobHandle {
  readonly jobId: string;
  /** Asks the job to stop after its current batch; kills it if it has not ended in time. */
  stop(): void;
  /** Settles when the job's process has ended and its last event (`done` or `error`) was delivered. */
  readonly ended: Promise<void>;
}

export interface JobProcessOptions {
  /** Heap limit for the job's process, in MB. */
  readonly maxHeapMb?: number;
  readonly env?: Record<string, string | undefined>;
}

/**
 * Runs a training job in its own Node process, so that a crash or running out of memory
 * ends that job with an `error` event and never the process serving the UI.
 */
export function startJobProcess(spec: JobSpec, onEvent: (event: TrainEvent) => void, options: JobProcessOptions = {}): JobHandle {
  const entry = trainingWorkerEntry(options.env ?? process.env);
  const child: ChildProcess = fork(entry.file, [], {
    execArgv: [...entry.execArgv, ...(options.maxHeapMb ? [`--max-old-space-size=${options.maxHeapMb}`] : [])],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  let finished = false;
  let stderr = '';
  let killTimer: NodeJS.Timeout | undefined;
  const deliver = (event: TrainEvent) => {
    if (finished) return;
    if (event.type === 'done' || event.type === 'error') finished = true;
    onEvent(event);
  };
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL);
  });
  child.on('message', (message: FromJob) => {
    if (message?.type === 'event') deliver(message.event);
  });
  const ended = new Promise<void>((resolve) => {
    child.on('error', (error) => {
      deliver({ type: 'error', jobId: spec.jobId, message: `The training job could not start: ${error.message}` });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(killTimer);
      if (!finished && stopping && signal === 'SIGKILL') deliver({ type: 'done', jobId: spec.jobId, status: 'stopped', runId: null });
      if (!finished) deliver({ type: 'error', jobId: spec.jobId, message: crashMessage(code, signal, stderr) });
      resolve();
    });
  });
  let stopping = false;
  const send = (message: ToJob) => {
    if (child.connected) child.send(message);
  };
  send({ type: 'start', spec });
  return {
    jobId: spec.jobId,
    stop() {
      if (stopping || finished) return;
      stopping = true;
      send({ type: 'stop' });
      killTimer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      killTimer.unref();
    },
    ended,
  };
}

function crashMessage(code: number | null, signal: NodeJS.Signals | null, stderr: string): string {
  const how = signal ? `was killed (${signal})` : `ended unexpectedly (exit code ${code})`;
  const outOfMemory = /heap out of memory|ERR_WORKER_OUT_OF_MEMORY|Allocation failed/i.test(stderr);
  const detail = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^at |^={3,}|Hi, looks like|tfjs-node|^Node\.js v/.test(l))
    .slice(-3)
    .join(' ');
  return `The training job ${how}${outOfMemory ? ': it ran out of memory' : ''}${detail ? ` (${detail})` : ''}`;
}
