import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { TrainEvent } from '../../core/api/contract';
import type { FromJob, JobSpec, ToJob } from './protocol';
import { trainingWorkerEntry } from './workerEntry';

/** How long a stopped job may take to finish its batch and save before it is killed. */
const STOP_GRACE_MS = 30_000;
/** The last part of a job's stderr kept for the error message when it dies. */
const STDERR_TAIL = 2000;
/**
 * How long a job's process may send nothing (no event, no heartbeat) before the watchdog
 * kills it. Generous: the heartbeat comes from the job's main thread, which a long
 * synchronous step (a large evaluation) can hold for a while.
 */
export const DEFAULT_HEARTBEAT_TIMEOUT_MS = 120_000;
/** A starting job (loading tfjs) may take this long to its first message, or the timeout if that is longer. */
const STARTUP_ALLOWANCE_MS = 120_000;

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
  /** See DEFAULT_HEARTBEAT_TIMEOUT_MS; the job sends a heartbeat eight times in this span. */
  readonly heartbeatTimeoutMs?: number;
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
  const heartbeatTimeout = options.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS;
  // The watchdog: re-armed by every message; when it fires, the job has stopped answering.
  let watchdog: NodeJS.Timeout | undefined;
  const arm = (ms: number) => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      deliver({ type: 'error', jobId: spec.jobId, message: silentMessage(child.pid, heartbeatTimeout) });
      child.kill('SIGKILL');
    }, ms);
    watchdog.unref();
  };
  arm(Math.max(heartbeatTimeout, STARTUP_ALLOWANCE_MS));
  const deliver = (event: TrainEvent) => {
    if (finished) return;
    if (event.type === 'done' || event.type === 'error') finished = true;
    onEvent(event);
  };
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL);
  });
  child.on('message', (message: FromJob) => {
    if (!finished) arm(heartbeatTimeout);
    if (message?.type === 'event') deliver(message.event);
  });
  const ended = new Promise<void>((resolve) => {
    child.on('error', (error) => {
      deliver({ type: 'error', jobId: spec.jobId, message: `The training job could not start: ${error.message}` });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(killTimer);
      clearTimeout(watchdog);
      if (!finished && stopping && signal === 'SIGKILL') deliver({ type: 'done', jobId: spec.jobId, status: 'stopped', runId: null });
      if (!finished) deliver({ type: 'error', jobId: spec.jobId, message: crashMessage(code, signal, stderr) });
      resolve();
    });
  });
  let stopping = false;
  const send = (message: ToJob) => {
    if (child.connected) child.send(message);
  };
  send({ type: 'start', spec, heartbeatMs: Math.max(10, Math.floor(heartbeatTimeout / 8)) });
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

/** Why the watchdog killed a job: nothing came for the timeout, and whether the system saw the process stopped. */
function silentMessage(pid: number | undefined, timeoutMs: number): string {
  const seconds = timeoutMs >= 10_000 ? `${Math.round(timeoutMs / 1000)} s` : `${(timeoutMs / 1000).toFixed(1)} s`;
  const state = pid === undefined ? null : processState(pid);
  const why = state === 'T' || state === 't' ? 'it was stopped (SIGSTOP or a debugger)' : 'it is stuck or stopped';
  return `The training job stopped answering: its process (pid ${pid ?? '?'}) sent no heartbeat for ${seconds}, the heartbeat timeout, so ${why}; it was killed and its run not saved`;
}

/** The process's state letter from /proc (Linux), or null where it cannot be read. */
function processState(pid: number): string | null {
  try {
    return /^\d+ \(.*\) (\S)/s.exec(readFileSync(`/proc/${pid}/stat`, 'latin1'))?.[1] ?? null;
  } catch {
    return null;
  }
}

function crashMessage(code: number | null, signal: NodeJS.Signals | null, stderr: string): string {
  const how = signal ? `was killed (${signal})` : `ended unexpectedly (exit code ${code})`;
  const outOfMemory = /heap out of memory|ERR_WORKER_OUT_OF_MEMORY|Allocation failed/i.test(stderr);
  const detail = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^at |^={3,}|Hi, looks like|tfjs-node|^Node\.js v|[Vv]ulkan/.test(l))
    .slice(-3)
    .join(' ');
  return `The training job ${how}${outOfMemory ? ': it ran out of memory' : ''}${detail ? ` (${detail})` : ''}`;
}
