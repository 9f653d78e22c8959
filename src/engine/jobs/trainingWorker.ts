/**
 * The entry of a training job's own process (forked by the engine): it receives one
 * `start` message, runs the job, sends its events back and exits. A `stop` message ends
 * training after the batch in progress. Run from source through tsx, or bundled as
 * `training-worker.mjs` beside the CLI.
 */
import type { TrainEvent } from '../../core/api/contract';
import type { FromJob, ToJob } from './protocol';
import { runTrainingJob } from './runJob';
import { messageOf } from '../../core/messageOf';

const send = (message: FromJob) => new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()));

let stopRequested = false;
let started = false;

// The engine that forked this job has gone: nobody is left to receive its events.
process.on('disconnect', () => process.exit(0));

process.on('message', (message: ToJob) => {
  if (message.type === 'stop') stopRequested = true;
  else if (message.type === 'start' && !started) {
    started = true;
    // The engine's watchdog kills a job that stops sending these (stopped, hung, swapped out).
    const beat = () => {
      if (process.connected) process.send!({ type: 'heartbeat' } satisfies FromJob);
    };
    beat();
    setInterval(beat, message.heartbeatMs).unref();
    void run(message.spec);
  }
});

async function run(spec: Extract<ToJob, { type: 'start' }>['spec']): Promise<void> {
  const fault = injectedFault(spec);
  const pending: Promise<void>[] = [];
  const emit = (event: TrainEvent) => {
    pending.push(send({ type: 'event', event }));
    if (fault === 'exit' && event.type === 'started') process.exit(70);
    if (fault === 'throw' && event.type === 'started') {
      setTimeout(() => {
        throw new Error('a fault injected by NETCANVAS_JOB_FAULT');
      });
    }
  };
  try {
    await runTrainingJob(spec, emit, () => stopRequested);
  } catch (error) {
    emit({ type: 'error', jobId: spec.jobId, message: messageOf(error) });
  }
  await Promise.all(pending);
  process.exit(0);
}

/**
 * A crash on purpose, so tests can show that a job's crash ends only that job:
 * `NETCANVAS_JOB_FAULT=exit:NAME` (or `throw:NAME`) makes jobs of the graph named NAME
 * exit (or throw an uncaught error) once training has started.
 */
function injectedFault(spec: Extract<ToJob, { type: 'start' }>['spec']): 'exit' | 'throw' | null {
  const match = /^(exit|throw):(.+)$/.exec(spec.env?.NETCANVAS_JOB_FAULT ?? '');
  const name = (spec.request.document as { name?: unknown }).name;
  return match && match[2] === name ? (match[1] as 'exit' | 'throw') : null;
}
